// A `.container` unit from a pasted `podman run` (or `podman create`) command line: flags with
// a Quadlet key become that key, other Podman flags go to PodmanArgs=, flags Quadlet manages
// itself and unknown ones are listed as comments. Pure functions returning the file text.
import { quoteWord } from './generator/words';
import { esc, kv, UnitWriter } from './unitWriter';

/** POSIX shell word splitting: quotes, backslash escapes, line continuations; no expansion. */
export function shellWords(line: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  const s = line;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      if (s[i + 1] === '\n') {
        i++;
        continue;
      }
      if (s[i + 1] === '\r' && s[i + 2] === '\n') {
        i += 2;
        continue;
      }
      word = (word ?? '') + (s[i + 1] ?? '');
      i++;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      word = (word ?? '') + s.slice(i + 1, end < 0 ? s.length : end);
      i = end < 0 ? s.length : end;
    } else if (c === '"') {
      word = word ?? '';
      for (i++; i < s.length && s[i] !== '"'; i++) {
        if (s[i] === '\\' && '$`"\\\n'.includes(s[i + 1] ?? '')) {
          if (s[i + 1] !== '\n') word += s[i + 1];
          i++;
        } else word += s[i];
      }
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      break; // a comment
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) out.push(word);
  return out;
}

type Handler = (unit: UnitWriter, value: string) => void;
const key =
  (name: string, section = 'Container'): Handler =>
  (w, v) =>
    w.add(section, name, esc(v));
const kvKey =
  (name: string): Handler =>
  (w, v) => {
    const eq = v.indexOf('=');
    w.add('Container', name, eq < 0 ? quoteWord(esc(v)) : kv(v.slice(0, eq), v.slice(eq + 1)));
  };

/** Flags that take a value and map to a key. */
const VALUE_FLAGS: Record<string, Handler> = {
  '--add-host': key('AddHost'),
  '--annotation': kvKey('Annotation'),
  '--cap-add': key('AddCapability'),
  '--cap-drop': key('DropCapability'),
  '--cgroups': key('CgroupsMode'),
  '--device': key('AddDevice'),
  '--dns': key('DNS'),
  '--dns-option': key('DNSOption'),
  '--dns-search': key('DNSSearch'),
  '--entrypoint': key('Entrypoint'),
  '--env': kvKey('Environment'),
  '--env-file': key('EnvironmentFile'),
  '--expose': key('ExposeHostPort'),
  '--gidmap': key('GIDMap'),
  '--group-add': key('GroupAdd'),
  '--health-cmd': key('HealthCmd'),
  '--health-interval': key('HealthInterval'),
  '--health-on-failure': key('HealthOnFailure'),
  '--health-retries': key('HealthRetries'),
  '--health-start-period': key('HealthStartPeriod'),
  '--health-timeout': key('HealthTimeout'),
  '--health-startup-cmd': key('HealthStartupCmd'),
  '--health-startup-interval': key('HealthStartupInterval'),
  '--health-startup-retries': key('HealthStartupRetries'),
  '--health-startup-success': key('HealthStartupSuccess'),
  '--health-startup-timeout': key('HealthStartupTimeout'),
  '--hostname': key('HostName'),
  '--ip': key('IP'),
  '--ip6': key('IP6'),
  '--label': (w, v) =>
    v.startsWith('io.containers.autoupdate=')
      ? w.add('Container', 'AutoUpdate', esc(v.split('=')[1]))
      : kvKey('Label')(w, v),
  '--log-driver': key('LogDriver'),
  '--log-opt': key('LogOpt'),
  '--mount': key('Mount'),
  '--name': key('ContainerName'),
  '--network': key('Network'),
  '--network-alias': key('NetworkAlias'),
  '--pids-limit': key('PidsLimit'),
  '--pod': key('Pod'),
  '--publish': key('PublishPort'),
  '--pull': key('Pull'),
  '--rootfs': key('Rootfs'),
  '--secret': key('Secret'),
  '--shm-size': key('ShmSize'),
  '--stop-signal': key('StopSignal'),
  '--stop-timeout': key('StopTimeout'),
  '--subgidname': key('SubGIDMap'),
  '--subuidname': key('SubUIDMap'),
  '--sysctl': key('Sysctl'),
  '--tmpfs': key('Tmpfs'),
  '--tz': key('Timezone'),
  '--uidmap': key('UIDMap'),
  '--ulimit': key('Ulimit'),
  '--user': (w, v) => {
    const [u, g] = v.split(':');
    w.add('Container', 'User', esc(u));
    if (g) w.add('Container', 'Group', esc(g));
  },
  '--userns': key('UserNS'),
  '--volume': key('Volume'),
  '--workdir': key('WorkingDir'),
  '--sdnotify': (w, v) =>
    v === 'container'
      ? w.add('Container', 'Notify', 'true')
      : v === 'healthy'
        ? w.add('Container', 'Notify', 'healthy')
        : undefined,
  '--restart': (w, v) =>
    w.add('Service', 'Restart', v.startsWith('on-failure') ? 'on-failure' : v === 'unless-stopped' ? 'always' : v),
  '--security-opt': (w, v) => {
    if (v === 'no-new-privileges' || v === 'no-new-privileges=true') w.add('Container', 'NoNewPrivileges', 'true');
    else if (v === 'label=disable') w.add('Container', 'SecurityLabelDisable', 'true');
    else if (v === 'label=nested') w.add('Container', 'SecurityLabelNested', 'true');
    else if (v.startsWith('label=type:')) w.add('Container', 'SecurityLabelType', esc(v.slice(11)));
    else if (v.startsWith('label=filetype:')) w.add('Container', 'SecurityLabelFileType', esc(v.slice(15)));
    else if (v.startsWith('label=level:')) w.add('Container', 'SecurityLabelLevel', esc(v.slice(12)));
    else if (v.startsWith('seccomp=')) w.add('Container', 'SeccompProfile', esc(v.slice(8)));
    else if (v.startsWith('mask=')) w.add('Container', 'Mask', esc(v.slice(5)));
    else if (v.startsWith('unmask=')) w.add('Container', 'Unmask', esc(v.slice(7)));
    else w.add('Container', 'PodmanArgs', quoteWord(esc(`--security-opt=${v}`)));
  },
};

const BOOL_FLAGS: Record<string, Handler> = {
  '--read-only': (w, v) => w.add('Container', 'ReadOnly', v || 'true'),
  '--read-only-tmpfs': (w, v) => w.add('Container', 'ReadOnlyTmpfs', v || 'true'),
  '--init': (w, v) => w.add('Container', 'RunInit', v || 'true'),
  '--env-host': (w, v) => w.add('Container', 'EnvironmentHost', v || 'true'),
  '--http-proxy': (w, v) => w.add('Container', 'HttpProxy', v || 'true'),
};

/** Flags Quadlet sets itself or that make no sense in a service. */
const DROPPED: Record<string, string> = {
  '--detach': 'Quadlet always runs the container detached',
  '--rm': 'Quadlet always removes the container when the service stops',
  '--replace': 'Quadlet always replaces an existing container',
  '--interactive': 'a service has no terminal to attach to',
  '--tty': 'a service has no terminal to attach to',
  '--cidfile': 'Quadlet manages the container id file',
  '--detach-keys': 'a service has no terminal to attach to',
  '--attach': 'a service has no terminal to attach to',
};
/** Other Podman flags that take a value: kept through PodmanArgs=. */
const PASS_VALUE = new Set([
  '--arch',
  '--authfile',
  '--blkio-weight',
  '--cgroup-parent',
  '--cgroupns',
  '--chrootdirs',
  '--conmon-pidfile',
  '--cpu-period',
  '--cpu-quota',
  '--cpu-rt-period',
  '--cpu-rt-runtime',
  '--cpu-shares',
  '--cpus',
  '--cpuset-cpus',
  '--cpuset-mems',
  '--device-cgroup-rule',
  '--gpus',
  '--hostuser',
  '--image-volume',
  '--ipc',
  '--label-file',
  '--mac-address',
  '--memory',
  '--memory-reservation',
  '--memory-swap',
  '--memory-swappiness',
  '--oom-score-adj',
  '--os',
  '--personality',
  '--pid',
  '--platform',
  '--preserve-fd',
  '--requires',
  '--retry',
  '--retry-delay',
  '--systemd',
  '--timeout',
  '--uts',
  '--variant',
  '--volumes-from',
  '--passwd-entry',
  '--group-entry',
  '--shm-size-systemd',
  '--umask',
  '--unsetenv',
  '--decryption-key',
  '--creds',
  '--cert-dir',
  '--log-level',
]);
const SHORT: Record<string, string> = {
  '-e': '--env',
  '-p': '--publish',
  '-v': '--volume',
  '-l': '--label',
  '-u': '--user',
  '-w': '--workdir',
  '-h': '--hostname',
  '-d': '--detach',
  '-i': '--interactive',
  '-t': '--tty',
  '-m': '--memory',
  '-c': '--cpu-shares',
  '-a': '--attach',
  '-q': '--quiet',
  '-P': '--publish-all',
};
const ALIASES: Record<string, string> = {
  '--net': '--network',
  '--health-on-failure': '--health-on-failure',
  '--timezone': '--tz',
};

export interface FromRunResult {
  text: string;
  unsupported: string[];
}

/**
 * Converts `podman run ...` (or `podman create`, `podman container run`) into a `.container`
 * file. Flags without a key go to PodmanArgs= when Podman knows them, flags Quadlet manages
 * itself and flags not recognised are listed as comments.
 */
export function quadletFromPodmanRun(commandLine: string): string {
  return convertRun(commandLine).text;
}

/** Flags without a key that Podman takes without a value: kept through PodmanArgs=. */
const PASS_SWITCHES = [
  '--privileged',
  '--publish-all',
  '--no-hosts',
  '--oom-kill-disable',
  '--quiet',
  '--rmi',
  '--no-healthcheck',
  '--sig-proxy',
];

/** Skips `sudo podman [global flags] [container] run|create`; returns where the run flags start. */
function skipCommand(words: string[], unit: UnitWriter): number {
  let index = 0;
  if (words[index] && /(^|\/)(sudo)$/.test(words[index])) index++;
  if (words[index] && /(^|\/)podman(-remote)?$/.test(words[index])) index++;
  const globals: string[] = [];
  while (index < words.length && words[index].startsWith('-')) globals.push(words[index++]);
  if (words[index] === 'container') index++;
  if (words[index] === 'run' || words[index] === 'create') index++;
  else throw new Error('expected a `podman run` (or `podman create`) command line');
  for (const global of globals) unit.add('Container', 'GlobalArgs', quoteWord(esc(global)));
  return index;
}

/** A flag as written: `--flag=value` split, aliases and short flags resolved, clusters (-it) expanded in `words`. */
function normaliseFlag(words: string[], index: number, written: string): { flag: string; value?: string } {
  if (written.startsWith('--')) {
    const eq = written.indexOf('=');
    const flag = eq > 0 ? written.slice(0, eq) : written;
    return { flag: ALIASES[flag] ?? flag, value: eq > 0 ? written.slice(eq + 1) : undefined };
  }
  if (written.length <= 2 || SHORT[written]) return { flag: SHORT[written] ?? written };
  // -it, -dit, -p8080:80
  const first = SHORT[written.slice(0, 2)];
  if (first && (VALUE_FLAGS[first] || PASS_VALUE.has(first))) return { flag: first, value: written.slice(2) };
  const letters = written
    .slice(1)
    .split('')
    .map((letter) => `-${letter}`);
  words.splice(index, 0, ...letters.slice(1));
  return { flag: SHORT[letters[0]] ?? letters[0] };
}

export function convertRun(commandLine: string): FromRunResult {
  const words = shellWords(commandLine.trim().replace(/^\$\s*/, ''));
  const unit = new UnitWriter();
  const notes: string[] = [];
  const unsupported: string[] = [];
  let index = skipCommand(words, unit);
  let image: string | undefined;
  const rest: string[] = [];
  while (index < words.length) {
    const word = words[index++];
    if (image !== undefined) {
      rest.push(word);
      continue;
    }
    if (word === '--') {
      image = words[index++];
      continue;
    }
    if (!word.startsWith('-') || word === '-') {
      image = word;
      continue;
    }
    const { flag, value } = normaliseFlag(words, index, word);
    const takeValue = () => value ?? words[index++] ?? '';
    const written = value !== undefined ? `${flag}=${value}` : flag;
    if (VALUE_FLAGS[flag]) VALUE_FLAGS[flag](unit, takeValue());
    else if (BOOL_FLAGS[flag]) BOOL_FLAGS[flag](unit, value ?? '');
    else if (DROPPED[flag]) {
      if (['--cidfile', '--detach-keys', '--attach'].includes(flag)) takeValue();
      notes.push(`${flag}: ${DROPPED[flag]}`);
    } else if (PASS_VALUE.has(flag)) unit.add('Container', 'PodmanArgs', quoteWord(esc(`${flag}=${takeValue()}`)));
    else if (PASS_SWITCHES.includes(flag)) unit.add('Container', 'PodmanArgs', quoteWord(esc(written)));
    else {
      unsupported.push(written);
      notes.push(`${written}: not recognised; add it with PodmanArgs= if Podman accepts it`);
    }
  }
  if (image === undefined) throw new Error('no image found in the command line');
  unit.add('Container', 'Image', esc(image));
  if (rest.length) unit.add('Container', 'Exec', esc(rest.map(quoteWord).join(' ')));
  const oneLine = commandLine
    .trim()
    .replace(/\s*\\\r?\n\s*/g, ' ')
    .replace(/\n/g, ' ');
  unit.comment(`Converted from: ${oneLine}`);
  for (const note of notes) unit.comment(`Not carried over: ${note}`);
  unit.add('Unit', 'Description', esc(`Container from ${image}`));
  unit.add('Install', 'WantedBy', 'default.target');
  return { text: unit.text(), unsupported };
}
