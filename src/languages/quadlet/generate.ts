// Generation helpers: a Quadlet file from `podman inspect` JSON, or from a pasted `podman run`
// command line. Pure functions returning the file text.
import { quoteWord } from './generator/words';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Escapes systemd specifiers in a value coming from outside (a literal % becomes %%). */
const esc = (v: string) => v.replace(/%/g, '%%');

class UnitWriter {
  private sections = new Map<string, string[]>();
  private header: string[] = [];
  comment(text: string) {
    this.header.push(`# ${text}`);
  }
  add(section: string, key: string, value: string) {
    if (!this.sections.has(section)) this.sections.set(section, []);
    this.sections.get(section)!.push(`${key}=${value}`);
  }
  text(): string {
    const order = ['Unit', 'Container', 'Pod', 'Volume', 'Network', 'Image', 'Service', 'Install'];
    const names = [...this.sections.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const body = names.map((n) => `[${n}]\n${this.sections.get(n)!.join('\n')}\n`).join('\n');
    return (this.header.length ? this.header.join('\n') + '\n' : '') + body;
  }
}

/** `KEY=VALUE` for key-value keys, quoted when it holds blanks or quotes. */
const kv = (k: string, v: string) => quoteWord(esc(`${k}=${v}`));

export type InspectKind = 'container' | 'pod' | 'volume' | 'network' | 'image';

/** Labels Podman adds by itself, left out of generated units. */
const INTERNAL_LABELS = /^(io\.podman\.|io\.containers\.autoupdate|PODMAN_SYSTEMD_UNIT)/;
/** Environment Podman or the image sets by default. */
const DEFAULT_ENV = /^(PATH|container|HOME|HOSTNAME|TERM)=/;

function shortName(n: string): string {
  return n.replace(/^\//, '');
}

/** Builds a Quadlet unit from `podman <kind> inspect` output (an object or a one-element array). */
export function quadletFromInspect(kind: InspectKind, inspectJson: unknown): string {
  const input = Array.isArray(inspectJson) ? inspectJson[0] : inspectJson;
  const j = obj(typeof input === 'string' ? JSON.parse(input) : input);
  const w = new UnitWriter();
  switch (kind) {
    case 'container': {
      const cfg = obj(j.Config);
      const host = obj(j.HostConfig);
      const name = shortName(str(j.Name));
      w.comment(`Generated from podman inspect of container ${name || str(j.Id).slice(0, 12)}`);
      w.add('Unit', 'Description', esc(`Container ${name || 'from inspect'}`));
      w.add('Container', 'Image', esc(str(cfg.Image) || str(j.ImageName)));
      if (name) w.add('Container', 'ContainerName', esc(name));
      for (const e of arr(cfg.Env).map(str)) {
        if (e && !DEFAULT_ENV.test(e)) {
          w.add('Container', 'Environment', kv(e.split('=')[0], e.slice(e.indexOf('=') + 1)));
        }
      }
      for (const [k, v] of Object.entries(obj(cfg.Labels))) {
        if (!INTERNAL_LABELS.test(k)) w.add('Container', 'Label', kv(k, str(v)));
      }
      const auto = str(obj(cfg.Labels)['io.containers.autoupdate']);
      if (auto) w.add('Container', 'AutoUpdate', auto);
      for (const [port, binds] of Object.entries(obj(host.PortBindings))) {
        for (const b of arr(binds).map(obj)) {
          const [cport, proto] = port.split('/');
          const ip = str(b.HostIp);
          const hp = str(b.HostPort);
          w.add(
            'Container',
            'PublishPort',
            `${ip ? `${ip}:` : ''}${hp ? `${hp}:` : ip ? ':' : ''}${cport}${proto && proto !== 'tcp' ? `/${proto}` : ''}`,
          );
        }
      }
      for (const m of arr(j.Mounts).map(obj)) {
        const dest = str(m.Destination);
        const opts = m.RW === false ? ':ro' : '';
        if (str(m.Type) === 'volume') w.add('Container', 'Volume', esc(`${str(m.Name)}:${dest}${opts}`));
        else if (str(m.Type) === 'bind') w.add('Container', 'Volume', esc(`${str(m.Source)}:${dest}${opts}`));
        else if (str(m.Type) === 'tmpfs') w.add('Container', 'Tmpfs', esc(dest));
      }
      const netMode = str(host.NetworkMode);
      const nets = Object.keys(obj(obj(j.NetworkSettings).Networks));
      if (netMode && !['bridge', 'default', ''].includes(netMode) && !nets.includes(netMode)) {
        w.add('Container', 'Network', esc(netMode));
      }
      for (const n of nets) if (n !== 'podman') w.add('Container', 'Network', esc(n));
      for (const c of arr(host.CapAdd).map(str)) w.add('Container', 'AddCapability', c);
      for (const c of arr(host.CapDrop).map(str)) if (c) w.add('Container', 'DropCapability', c);
      if (str(cfg.User)) w.add('Container', 'User', esc(str(cfg.User)));
      if (str(cfg.WorkingDir) && str(cfg.WorkingDir) !== '/') {
        w.add('Container', 'WorkingDir', esc(str(cfg.WorkingDir)));
      }
      if (host.ReadonlyRootfs === true) w.add('Container', 'ReadOnly', 'true');
      if (host.Init === true) w.add('Container', 'RunInit', 'true');
      for (const d of arr(host.Devices).map(obj)) {
        w.add(
          'Container',
          'AddDevice',
          esc(
            `${str(d.PathOnHost)}${d.PathInContainer && d.PathInContainer !== d.PathOnHost ? `:${str(d.PathInContainer)}` : ''}`,
          ),
        );
      }
      const cmd = arr(cfg.Cmd).map(str);
      if (cmd.length) {
        w.comment('Exec= repeats the command the container was created with; drop it to use the image default.');
        w.add('Container', 'Exec', esc(cmd.map(quoteWord).join(' ')));
      }
      const restart = str(obj(host.RestartPolicy).Name);
      if (restart && restart !== 'no') w.add('Service', 'Restart', restart === 'unless-stopped' ? 'always' : restart);
      w.add('Install', 'WantedBy', 'default.target');
      break;
    }
    case 'pod': {
      const name = str(j.Name);
      w.comment(`Generated from podman pod inspect of ${name}`);
      w.add('Pod', 'PodName', esc(name));
      for (const [k, v] of Object.entries(obj(j.Labels))) w.add('Pod', 'Label', kv(k, str(v)));
      const infra = obj(j.InfraConfig);
      for (const [port, binds] of Object.entries(obj(infra.PortBindings))) {
        for (const b of arr(binds).map(obj)) {
          w.add(
            'Pod',
            'PublishPort',
            `${str(b.HostIp) ? `${str(b.HostIp)}:` : ''}${str(b.HostPort) ? `${str(b.HostPort)}:` : ''}${port.split('/')[0]}`,
          );
        }
      }
      for (const n of arr(infra.Networks).map(str)) if (n && n !== 'podman') w.add('Pod', 'Network', esc(n));
      w.add('Install', 'WantedBy', 'default.target');
      break;
    }
    case 'volume': {
      const name = str(j.Name);
      w.comment(`Generated from podman volume inspect of ${name}`);
      w.add('Volume', 'VolumeName', esc(name));
      if (str(j.Driver) && str(j.Driver) !== 'local') w.add('Volume', 'Driver', esc(str(j.Driver)));
      const o = obj(j.Options);
      if (str(o.device)) w.add('Volume', 'Device', esc(str(o.device)));
      if (str(o.type)) w.add('Volume', 'Type', esc(str(o.type)));
      if (str(o.o)) w.add('Volume', 'Options', esc(str(o.o)));
      for (const [k, v] of Object.entries(obj(j.Labels))) w.add('Volume', 'Label', kv(k, str(v)));
      break;
    }
    case 'network': {
      const name = str(j.name ?? j.Name);
      w.comment(`Generated from podman network inspect of ${name}`);
      w.add('Network', 'NetworkName', esc(name));
      const driver = str(j.driver ?? j.Driver);
      if (driver && driver !== 'bridge') w.add('Network', 'Driver', esc(driver));
      for (const s of arr(j.subnets).map(obj)) {
        w.add('Network', 'Subnet', str(s.subnet));
        if (str(s.gateway)) w.add('Network', 'Gateway', str(s.gateway));
        const lr = obj(s.lease_range);
        if (str(lr.start_ip) && str(lr.end_ip)) w.add('Network', 'IPRange', `${str(lr.start_ip)}-${str(lr.end_ip)}`);
      }
      if (j.ipv6_enabled === true) w.add('Network', 'IPv6', 'true');
      if (j.internal === true) w.add('Network', 'Internal', 'true');
      if (j.dns_enabled === false) w.add('Network', 'DisableDNS', 'true');
      const ipam = str(obj(j.ipam_options).driver);
      if (ipam && ipam !== 'host-local') w.add('Network', 'IPAMDriver', ipam);
      for (const [k, v] of Object.entries(obj(j.labels))) w.add('Network', 'Label', kv(k, str(v)));
      for (const [k, v] of Object.entries(obj(j.options))) w.add('Network', 'Options', esc(`${k}=${str(v)}`));
      break;
    }
    case 'image': {
      const tag = arr(j.RepoTags).map(str)[0] ?? arr(j.RepoDigests).map(str)[0] ?? str(j.Id);
      w.comment(`Generated from podman image inspect of ${tag}`);
      w.add('Image', 'Image', esc(tag));
      if (str(j.Architecture)) w.add('Image', 'Arch', str(j.Architecture));
      if (str(j.Os)) w.add('Image', 'OS', str(j.Os));
      break;
    }
  }
  return w.text();
}

// ---- podman run ----

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

type Handler = (w: UnitWriter, v: string) => void;
const key =
  (k: string, section = 'Container'): Handler =>
  (w, v) =>
    w.add(section, k, esc(v));
const kvKey =
  (k: string): Handler =>
  (w, v) => {
    const eq = v.indexOf('=');
    w.add('Container', k, eq < 0 ? quoteWord(esc(v)) : kv(v.slice(0, eq), v.slice(eq + 1)));
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

export function convertRun(commandLine: string): FromRunResult {
  const words = shellWords(commandLine.trim().replace(/^\$\s*/, ''));
  const w = new UnitWriter();
  const notes: string[] = [];
  const unsupported: string[] = [];
  let i = 0;
  if (words[i] && /(^|\/)(sudo)$/.test(words[i])) i++;
  if (words[i] && /(^|\/)podman(-remote)?$/.test(words[i])) i++;
  const globals: string[] = [];
  while (i < words.length && words[i].startsWith('-')) globals.push(words[i++]);
  if (words[i] === 'container') i++;
  if (words[i] === 'run' || words[i] === 'create') i++;
  else throw new Error('expected a `podman run` (or `podman create`) command line');
  for (const g of globals) w.add('Container', 'GlobalArgs', quoteWord(esc(g)));

  // Expand clustered short flags (-it, -dit) and split --flag=value.
  let image: string | undefined;
  const rest: string[] = [];
  while (i < words.length) {
    let word = words[i++];
    if (image !== undefined) {
      rest.push(word);
      continue;
    }
    if (word === '--') {
      image = words[i++];
      continue;
    }
    if (!word.startsWith('-') || word === '-') {
      image = word;
      continue;
    }
    let val: string | undefined;
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      if (eq > 0) {
        val = word.slice(eq + 1);
        word = word.slice(0, eq);
      }
      word = ALIASES[word] ?? word;
    } else if (word.length > 2 && !SHORT[word]) {
      // -it, -dit, -p8080:80
      const first = SHORT[word.slice(0, 2)];
      if (first && (VALUE_FLAGS[first] || PASS_VALUE.has(first))) {
        val = word.slice(2);
        word = first;
      } else {
        const letters = word
          .slice(1)
          .split('')
          .map((c) => `-${c}`);
        words.splice(i, 0, ...letters.slice(1));
        word = SHORT[letters[0]] ?? letters[0];
      }
    } else word = SHORT[word] ?? word;
    const takeValue = () => val ?? words[i++] ?? '';
    if (VALUE_FLAGS[word]) VALUE_FLAGS[word](w, takeValue());
    else if (BOOL_FLAGS[word]) BOOL_FLAGS[word](w, val ?? '');
    else if (DROPPED[word]) {
      if (['--cidfile', '--detach-keys', '--attach'].includes(word)) takeValue();
      notes.push(`${word}: ${DROPPED[word]}`);
    } else if (PASS_VALUE.has(word)) w.add('Container', 'PodmanArgs', quoteWord(esc(`${word}=${takeValue()}`)));
    else if (
      [
        '--privileged',
        '--publish-all',
        '--no-hosts',
        '--oom-kill-disable',
        '--quiet',
        '--rmi',
        '--no-healthcheck',
        '--sig-proxy',
      ].includes(word)
    ) {
      w.add('Container', 'PodmanArgs', quoteWord(esc(val !== undefined ? `${word}=${val}` : word)));
    } else {
      unsupported.push(val !== undefined ? `${word}=${val}` : word);
      notes.push(
        `${val !== undefined ? `${word}=${val}` : word}: not recognised; add it with PodmanArgs= if Podman accepts it`,
      );
    }
  }
  if (image === undefined) throw new Error('no image found in the command line');
  w.add('Container', 'Image', esc(image));
  if (rest.length) w.add('Container', 'Exec', esc(rest.map(quoteWord).join(' ')));
  w.comment(
    `Converted from: ${commandLine
      .trim()
      .replace(/\s*\\\r?\n\s*/g, ' ')
      .replace(/\n/g, ' ')}`,
  );
  for (const n of notes) w.comment(`Not carried over: ${n}`);
  w.add('Unit', 'Description', esc(`Container from ${image}`));
  w.add('Install', 'WantedBy', 'default.target');
  return { text: w.text(), unsupported };
}
