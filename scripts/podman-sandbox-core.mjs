// What the three test sandboxes (podman-sandbox.mjs, podman5-sandbox.mjs, podman-rootless-sandbox.mjs)
// share: the sandbox directory's settings, the busybox test image, the API service process, the
// CLI runner, the descriptor file that tells any process how to run a sandbox's podman, and the
// choice of where each Podman version runs on this Debian release. See docs/architecture.md,
// "Test sandboxes". Only the sandboxes call the podman CLI, always with argument arrays.
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  mkdirSync,
  writeFileSync,
  existsSync,
  mkdtempSync,
  symlinkSync,
  copyFileSync,
  rmSync,
  chmodSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

const execFileP = promisify(execFile);

export const BUSYBOX_IMAGE = 'localhost/pw-busybox:latest';

/** Podman's global flags that keep every call inside the sandbox directory. */
export function podmanArgs(dir) {
  return ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--tmpdir', join(dir, 'tmp')];
}

export function podmanEnv(dir) {
  return { ...process.env, CONTAINERS_CONF: join(dir, 'containers.conf'), XDG_RUNTIME_DIR: join(dir, 'xdg') };
}

// ---- Where each Podman runs -------------------------------------------------------------------

/** The Debian release of this machine: 12, 13, or undefined for anything else. */
export function debianRelease() {
  let version = '';
  try {
    version = readFileSync('/etc/debian_version', 'utf8').trim();
  } catch {
    return undefined;
  }
  if (/^(12\b|bookworm)/.test(version)) return 12;
  if (/^(13\b|trixie)/.test(version)) return 13;
  return undefined;
}

/** The Debian suite whose root filesystem holds each Podman the tests use. */
export const ROOTFS_SUITES = { 4.3: 'bookworm', 5: 'trixie' };
const OVERRIDES = { 4.3: 'PODMAN_WORKBENCH_PODMAN43', 5: 'PODMAN_WORKBENCH_PODMAN5' };

/**
 * Where the tests' Podman `version` ('4.3' or '5') runs: 'machine' (the machine's own podman:
 * 4.3 on Debian 12, 5.4 on Debian 13) or 'rootfs' (the other release's root filesystem).
 * PODMAN_WORKBENCH_PODMAN43 / PODMAN_WORKBENCH_PODMAN5 = machine|rootfs override the choice.
 */
export function podmanPlacement(version) {
  const name = OVERRIDES[version];
  if (!name) throw new Error(`unknown Podman version ${version}: 4.3 or 5`);
  const override = process.env[name];
  if (override === 'machine' || override === 'rootfs') return override;
  if (override) throw new Error(`${name} must be "machine" or "rootfs", not "${override}"`);
  return version === machineVersion() ? 'machine' : 'rootfs';
}

/** The version of the machine's own podman: '5' on Debian 13, '4.3' on Debian 12. */
export function machineVersion() {
  return debianRelease() === 13 ? '5' : '4.3';
}

// ---- The sandbox directory --------------------------------------------------------------------

export function writeConfig(dir) {
  for (const d of ['root', 'run', 'tmp', 'xdg', 'networks']) mkdirSync(join(dir, d), { recursive: true });
  chmodSync(join(dir, 'xdg'), 0o700);
  writeFileSync(
    join(dir, 'containers.conf'),
    [
      '[containers]',
      'default_ulimits = []',
      '',
      '[engine]',
      'runtime = "runc"',
      'events_logger = "file"',
      `events_logfile_path = "${join(dir, 'events.log')}"`,
      'cgroup_manager = "cgroupfs"',
      '',
      '[network]',
      // Networks are files: keep them in the sandbox, not in /etc/containers/networks.
      `network_config_dir = "${join(dir, 'networks')}"`,
      '',
    ].join('\n'),
  );
}

/** A random private /24 and an interface name of at most 15 bytes for a sandbox's own bridge. */
function privateBridge(prefix) {
  const rnd = Math.floor(Math.random() * 0xffffff);
  const b = 200 + ((rnd >> 8) % 50);
  const c = rnd & 0xff;
  return {
    iface: `${prefix}-${rnd.toString(16).padStart(6, '0')}`,
    subnet: `10.${b}.${c}.0/24`,
    gateway: `10.${b}.${c}.1`,
  };
}

/**
 * The default network "podman" of a Podman 5 sandbox (netavark), written where Podman looks for
 * networks (a file named podman.json replaces the built-in default): its own bridge and a random
 * /24, so that it does not share podman0 and 10.88.0.0/16 with other Podman instances of the
 * machine, whose IP allocation it cannot see.
 */
export function writeNetavarkDefault(dir) {
  const file = join(dir, 'networks', 'podman.json');
  if (existsSync(file)) return;
  const bridge = privateBridge('pw5');
  const net = {
    name: 'podman',
    id: '2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9',
    driver: 'bridge',
    network_interface: bridge.iface,
    created: new Date().toISOString(),
    subnets: [{ subnet: bridge.subnet, gateway: bridge.gateway }],
    ipv6_enabled: false,
    internal: false,
    dns_enabled: false,
    ipam_options: { driver: 'host-local' },
  };
  writeFileSync(file, `${JSON.stringify(net, null, 2)}\n`);
}

/**
 * The same for Podman 4.3 (CNI) in a root filesystem: its address leases live in that tree, not
 * in the machine's /var/lib/cni, so sharing cni-podman0 and 10.88.0.0/16 with the machine's 4.3
 * sandboxes would hand out addresses twice. A conflist named "podman" replaces the built-in default.
 */
export function writeCniDefault(dir) {
  const file = join(dir, 'networks', 'podman.conflist');
  if (existsSync(file)) return;
  const bridge = privateBridge('pw43');
  const conf = {
    cniVersion: '0.4.0',
    name: 'podman',
    plugins: [
      {
        type: 'bridge',
        bridge: bridge.iface,
        isGateway: true,
        ipMasq: true,
        hairpinMode: true,
        ipam: {
          type: 'host-local',
          routes: [{ dst: '0.0.0.0/0' }],
          ranges: [[{ subnet: bridge.subnet, gateway: bridge.gateway }]],
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
      { type: 'firewall' },
      { type: 'tuning' },
    ],
  };
  writeFileSync(file, `${JSON.stringify(conf, null, 2)}\n`);
}

/**
 * Podman 5's builder (Buildah 1.39) raises RLIMIT_NOFILE to 1048576 and RLIMIT_NPROC for RUN
 * steps when no default says otherwise, which this kind of VM refuses ("error setting rlimit
 * type 7 / 6: operation not permitted"); 4.3's builder did not. Pin both to the limits this
 * process already has (keeping a limit is always allowed), for containers and build steps alike.
 */
export function pinUlimits(dir) {
  const file = join(dir, 'containers.conf');
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const hard = (label, fallback) => new RegExp(`^${label}\\s+\\S+\\s+(\\d+)`, 'm').exec(limits)?.[1] ?? fallback;
  const nofile = hard('Max open files', '1024');
  const nproc = hard('Max processes', '4096');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(
      'default_ulimits = []',
      `default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]`,
    ),
  );
}

/**
 * The sandbox's own registries.conf (CONTAINERS_REGISTRIES_CONF), a copy of the machine's, so that a
 * test can mark its loopback registry insecure (scripts/registry-sandbox.mjs) without touching /etc.
 */
export function writeRegistriesConf(dir) {
  const file = join(dir, 'registries.conf');
  if (!existsSync(file)) {
    let machine = '';
    try {
      machine = readFileSync('/etc/containers/registries.conf', 'utf8');
    } catch {
      /* none: Podman's defaults */
    }
    // The tests' plain-HTTP registries listen on 127.0.0.2 (registry-sandbox.mjs): Podman matches
    // "127.0.0.2:PORT" by this location, and reads the file once per service, so it is here from the start.
    writeFileSync(file, `${machine}\n[[registry]]\nlocation = "127.0.0.2"\ninsecure = true\n`);
  }
  return file;
}

/**
 * Writes the settings of a sandbox of Podman `version` placed on the 'machine' or in a 'rootfs'.
 * Returns the variables its podman runs with (on top of this process's environment).
 */
export function prepareDir(dir, version, placement) {
  writeConfig(dir);
  const vars = { CONTAINERS_CONF: join(dir, 'containers.conf'), XDG_RUNTIME_DIR: join(dir, 'xdg') };
  vars.CONTAINERS_REGISTRIES_CONF = writeRegistriesConf(dir);
  if (version === '5') {
    pinUlimits(dir);
    writeNetavarkDefault(dir);
  } else if (placement === 'rootfs') {
    writeCniDefault(dir);
  }
  if (version === '5' || placement === 'rootfs') {
    // The service unpacks build contexts in TMPDIR: keep them in the sandbox.
    mkdirSync(join(dir, 'tmpfiles'), { recursive: true });
    vars.TMPDIR = join(dir, 'tmpfiles');
  }
  return vars;
}

// ---- The descriptor: how any process runs this sandbox's podman --------------------------------

const DESCRIPTOR = 'sandbox.json';

/**
 * Records in the sandbox directory the command that runs its podman (`command`, an argument
 * array ending in "podman"), the variables it needs (`vars`) and anything the clean-up needs
 * (the namespace of a root filesystem sandbox), so that `podman(dir, args)` and
 * `cleanupSync(dir)` work from any process, as scripts/test.sh and the tests' runner need.
 */
export function writeDescriptor(dir, descriptor) {
  writeFileSync(join(dir, DESCRIPTOR), `${JSON.stringify(descriptor, null, 2)}\n`);
}

/** The descriptor of `dir`; a directory without one is a machine sandbox of an older start. */
export function readDescriptor(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, DESCRIPTOR), 'utf8'));
  } catch {
    const vars = { CONTAINERS_CONF: join(dir, 'containers.conf'), XDG_RUNTIME_DIR: join(dir, 'xdg') };
    return { version: '4.3', placement: 'machine', command: ['podman'], vars };
  }
}

/** The full environment a sandbox's podman runs with. */
export function descriptorEnv(descriptor) {
  return { ...process.env, ...descriptor.vars };
}

// ---- Processes --------------------------------------------------------------------------------

/** Runs the sandbox's podman CLI: `command` (argument array ending in podman), no shell. */
export function cliRunner(command, dir, env) {
  return async (args, opts = {}) => {
    const { stdout } = await execFileP(command[0], [...command.slice(1), ...podmanArgs(dir), ...args], {
      env,
      maxBuffer: 256 * 1024 * 1024,
      timeout: opts.timeoutMs ?? 120_000,
    });
    return stdout;
  };
}

export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Waits up to `ms` for `child` to exit, then kills its process group with SIGKILL. */
export async function waitExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolveWait) => {
    const timer = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
      resolveWait();
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveWait();
    });
  });
}

export async function waitForSocket(sock, child, timeoutMs = 30_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`podman system service exited with code ${child.exitCode}`);
    if (existsSync(sock)) {
      const ok = await new Promise((res) => {
        const c = net.connect(sock, () => {
          c.end();
          res(true);
        });
        c.on('error', () => res(false));
      });
      if (ok) return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Podman socket ${sock} did not appear within ${timeoutMs} ms`);
}

/**
 * The API service of a sandbox, `podman system service` run through `command` in its own process
 * group. start() is a no-op while it runs; stop() sends SIGTERM and SIGKILL after 5 s.
 */
export function serviceControl({ command, dir, env, socketPath, verbose }) {
  let child;
  return {
    get pid() {
      return child?.pid ?? 0;
    },
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) return;
      rmSync(socketPath, { force: true });
      const args = [...command.slice(1), ...podmanArgs(dir), 'system', 'service', '--time=0', `unix://${socketPath}`];
      child = spawn(command[0], args, {
        env,
        stdio: ['ignore', 'ignore', verbose ? 'inherit' : 'ignore'],
        detached: true,
      });
      child.unref(); // a test process may exit while the service runs; its exit handler kills it
      await waitForSocket(socketPath, child);
    },
    async stop() {
      if (!child) return;
      const stopping = child;
      child = undefined;
      killGroup(stopping.pid, 'SIGTERM');
      await waitExit(stopping, 5000);
    },
  };
}

/** The conmon processes (container and exec monitors) of the sandbox in `dir`, by their command line. */
export function monitorsOf(dir) {
  const mark = `${dir}/`;
  const pids = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    if (Number(pid) === process.pid) continue;
    let cmd;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if ((cmd.startsWith('/usr/bin/conmon') || cmd.startsWith('conmon')) && cmd.includes(mark)) pids.push(Number(pid));
  }
  return pids;
}

/**
 * Kills what Podman leaves running for a sandbox after its containers are gone: every exec session
 * keeps its conmon for 300 s (--exit-delay).
 */
export function killLeftovers(dir) {
  for (const pid of monitorsOf(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

// ---- The test image ---------------------------------------------------------------------------

const APPLETS = (
  'sh ls cat echo sleep env ps top nc netstat head tail yes dd printf true false id hostname wc seq grep ' +
  'mkdir rm cp mv chmod date kill httpd stat find tr sed awk uname touch stty tty sync vi less more pwd'
).split(' ');

/**
 * Makes the busybox test image from busybox-static, unless the store has it already.
 * `o.podman` runs the CLI (default: the machine's podman in `dir`), `o.busybox` is the binary to
 * pack and `o.workDir` where the tar is made (it must be visible to that podman).
 */
export async function ensureBusyboxImage(dir, name = BUSYBOX_IMAGE, o = {}) {
  const run = o.podman ?? cliRunner(['podman'], dir, podmanEnv(dir));
  const have = await run(['images', '--format', '{{.Repository}}:{{.Tag}}']).catch(() => '');
  if (have.split('\n').includes(name)) return name;
  const rootfs = mkdtempSync(join(o.workDir ?? tmpdir(), 'pw-rootfs-'));
  try {
    for (const d of ['bin', 'etc', 'tmp', 'root', 'proc', 'sys', 'dev', 'usr/bin', 'var'])
      mkdirSync(join(rootfs, d), { recursive: true });
    copyFileSync(o.busybox ?? '/bin/busybox', join(rootfs, 'bin/busybox'));
    chmodSync(join(rootfs, 'bin/busybox'), 0o755);
    for (const a of APPLETS) symlinkSync('busybox', join(rootfs, 'bin', a));
    writeFileSync(
      join(rootfs, 'etc/passwd'),
      'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n',
    );
    writeFileSync(join(rootfs, 'etc/group'), 'root:x:0:\nnobody:x:65534:\n');
    const tar = join(rootfs, '..', `${rootfs.split('/').pop()}.tar`);
    await execFileP('tar', ['-C', rootfs, '-cf', tar, '.']);
    await run(['import', '--change', 'ENV PATH=/bin:/usr/bin', '--change', 'CMD ["/bin/sh"]', tar, name]);
    rmSync(tar, { force: true });
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
  return name;
}
