// A private Podman 5 service for the tests: Debian 13's podman (5.4.x) does not run on Debian 12
// directly (it needs glibc 2.38), so it runs with its root in the root filesystem that
// scripts/podman5-rootfs.sh builds, inside a private mount namespace. Same settings as the 4.3
// sandbox (scripts/podman-sandbox.mjs): own root, runroot, tmpdir, containers.conf and socket.
//
//   node scripts/podman5-sandbox.mjs start [DIR]     serve until Ctrl-C
//
// Layout: a holder process (`sleep`) keeps the mount namespace alive. In it the rootfs R is
// bind-mounted on itself, /proc, /dev and /sys are bind-mounted in, R/run is a fresh tmpfs
// (network namespaces), and the sandbox directory D (on the host) is bind-mounted at R/D: every
// path of the sandbox, the socket included, is the same inside and outside. The holder then
// pivots the namespace's root to R (a chroot is not enough: runc's pivot_root from a chroot
// leaves the namespace's root at the machine's /, and `exec` sessions, which enter a container's
// mount namespace at its root, would land in the machine's file system). The service and every
// CLI call enter that one namespace with nsenter, so containers made by the CLI and by the
// service share their mounts. The namespace, and every mount in it, goes away with its last process.
// Only this harness calls the podman CLI, always with argument arrays; the extension talks to
// the socket only.
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BUSYBOX_IMAGE,
  ensureBusyboxImage,
  podmanArgs,
  podmanEnv,
  waitForSocket,
  writeConfig,
} from './podman-sandbox.mjs';

const execFileP = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

export { BUSYBOX_IMAGE };

/**
 * The root filesystem with Podman 5, built (or checked: the script is idempotent) by
 * scripts/podman5-rootfs.sh. Throws with the script's own explanation when it cannot be built.
 */
export async function podman5Rootfs() {
  try {
    const { stdout } = await execFileP('bash', [join(here, 'podman5-rootfs.sh')], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 30 * 60_000,
    });
    const path = stdout.trim().split('\n').pop();
    if (!path || !existsSync(join(path, 'usr/bin/podman')))
      throw new Error(`the script printed no root filesystem path: ${stdout}`);
    return path;
  } catch (e) {
    const err = /** @type {{ stderr?: string, message?: string }} */ (e);
    const detail = (err.stderr ?? '').trim().split('\n').slice(-15).join('\n');
    throw new Error(
      `Podman 5 is not available: scripts/podman5-rootfs.sh could not build its Debian 13 root filesystem ` +
        `(it needs root and Debian's package mirror).\n${detail || err.message}`,
      { cause: e },
    );
  }
}

// Run by `sh -c` in the new mount namespace; every name comes in as a positional argument.
const HOLDER_SCRIPT = `
set -e
r=$1; d=$2
mount --make-rprivate /
mount --bind "$r" "$r"
mount --rbind /proc "$r/proc"
mount --rbind /dev "$r/dev"
mount --rbind /sys "$r/sys"
mount -t tmpfs -o mode=0755 tmpfs "$r/run"
mkdir -p "$r$d" "$r/.pw-oldroot"
mount --bind "$d" "$r$d"
cd "$r"
pivot_root . .pw-oldroot
umount -l /.pw-oldroot
echo ready > "$d/ns.ready"
exec sleep 2147483647
`;

/**
 * The default network "podman" of this sandbox, written where Podman looks for networks (a file
 * named podman.json replaces the built-in default): its own bridge and a random /24, so that it
 * does not share podman0 and 10.88.0.0/16 with other Podman instances of the machine (the 4.3
 * sandboxes use those), whose IP allocation it cannot see.
 */
function writeDefaultNetwork(dir) {
  const file = join(dir, 'networks', 'podman.json');
  if (existsSync(file)) return;
  const rnd = Math.floor(Math.random() * 0xffffff);
  const b = 200 + ((rnd >> 8) % 50);
  const c = rnd & 0xff;
  const net = {
    name: 'podman',
    id: '2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9',
    driver: 'bridge',
    network_interface: `pw5-${rnd.toString(16).padStart(6, '0')}`,
    created: new Date().toISOString(),
    subnets: [{ subnet: `10.${b}.${c}.0/24`, gateway: `10.${b}.${c}.1` }],
    ipv6_enabled: false,
    internal: false,
    dns_enabled: false,
    ipam_options: { driver: 'host-local' },
  };
  writeFileSync(file, `${JSON.stringify(net, null, 2)}\n`);
}

/**
 * Podman 5's builder (Buildah 1.39) raises RLIMIT_NOFILE to 1048576 and RLIMIT_NPROC for RUN
 * steps when no default says otherwise, which this kind of VM refuses ("error setting rlimit
 * type 7 / 6: operation not permitted"); 4.3's builder did not. Pin both to the limits this
 * process already has (keeping a limit is always allowed), for containers and build steps alike.
 */
function pinUlimits(dir) {
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

function env(dir) {
  // TMPDIR: the service unpacks build contexts there; keep them in the sandbox.
  return { ...podmanEnv(dir), TMPDIR: join(dir, 'tmpfiles') };
}

/** Arguments of nsenter that run `cmd` in the holder's mount namespace, whose root is R. */
function inNamespace(holderPid, cmd) {
  return ['--target', String(holderPid), '--mount', '--', ...cmd];
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Processes whose mount namespace is `pid`'s: what is still running inside the sandbox (conmon
 * of containers and of exec sessions, which Podman keeps 300 s after an exec ended).
 */
function processesInNamespaceOf(pid) {
  let ns;
  try {
    ns = readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch {
    return [];
  }
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === pid) continue;
    try {
      if (readlinkSync(`/proc/${d}/ns/mnt`) === ns) out.push(Number(d));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

async function waitExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((r) => {
    const t = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
      r();
    }, ms);
    child.once('exit', () => {
      clearTimeout(t);
      r();
    });
  });
}

/**
 * Starts a private Podman 5 API service. Returns
 * { dir, socketPath, rootfs, pid, pids(), podman(args), stopService(), startService(), stop({cleanup}) }.
 * stopService/startService stop and start only the API service (the namespace, its containers
 * and the CLI stay); stop() stops the containers, the service and the namespace.
 */
export async function startPodman5Sandbox(opts = {}) {
  const rootfs = opts.rootfs ?? (await podman5Rootfs());
  // Short: unix socket paths are limited to 108 bytes.
  const dir = resolve(opts.dir ?? mkdtempSync(join(tmpdir(), 'pw-p5-')));
  try {
    writeConfig(dir);
    pinUlimits(dir);
    writeDefaultNetwork(dir);
    mkdirSync(join(dir, 'tmpfiles'), { recursive: true });
  } catch (e) {
    if (opts.dir === undefined) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  rmSync(join(dir, 'ns.ready'), { force: true });
  const socketPath = join(dir, 'podman.sock');

  const holder = spawn('unshare', ['--mount', '--fork', 'sh', '-c', HOLDER_SCRIPT, 'podman5-holder', rootfs, dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  holder.unref();
  let holderErr = '';
  holder.stderr.on('data', (d) => (holderErr += d));
  holder.stderr.unref?.();
  const t0 = Date.now();
  while (!existsSync(join(dir, 'ns.ready'))) {
    if (holder.exitCode !== null || Date.now() - t0 > 10_000) {
      killGroup(holder.pid, 'SIGKILL');
      throw new Error(
        `could not set up the Podman 5 mount namespace: ${holderErr.trim() || `exit ${holder.exitCode}`}`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  // unshare forks: the holder's namespace is its child's (the shell that exec'ed sleep).
  const nsPid = Number(readFileSync(`/proc/${holder.pid}/task/${holder.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
  if (!nsPid) throw new Error('could not find the Podman 5 namespace holder process');

  const cli = async (args, o = {}) => {
    const { stdout } = await execFileP('nsenter', inNamespace(nsPid, ['podman', ...podmanArgs(dir), ...args]), {
      env: env(dir),
      maxBuffer: 256 * 1024 * 1024,
      timeout: o.timeoutMs ?? 120_000,
    });
    return stdout;
  };

  let service;
  const startService = async () => {
    if (service && service.exitCode === null && service.signalCode === null) return;
    rmSync(socketPath, { force: true });
    service = spawn(
      'nsenter',
      inNamespace(nsPid, ['podman', ...podmanArgs(dir), 'system', 'service', '--time=0', `unix://${socketPath}`]),
      {
        env: env(dir),
        stdio: ['ignore', 'ignore', opts.verbose ? 'inherit' : 'ignore'],
        detached: true,
      },
    );
    service.unref();
    await waitForSocket(socketPath, service);
  };
  const stopService = async () => {
    if (!service) return;
    const s = service;
    service = undefined;
    killGroup(s.pid, 'SIGTERM');
    await waitExit(s, 5000);
  };

  let stopped = false;
  const stop = async (stopOpts = {}) => {
    if (stopped) return;
    stopped = true;
    await stopService();
    // Containers keep conmon processes, and they keep the namespace (and its mounts) alive.
    if (stopOpts.cleanup) {
      await cli(['rm', '--all', '--force', '--time', '0']).catch(() => {});
      await cli(['pod', 'rm', '--all', '--force', '--time', '0']).catch(() => {});
      await cli(['system', 'reset', '--force']).catch(() => {});
    } else {
      await cli(['pod', 'stop', '--all', '--time', '0']).catch(() => {});
      await cli(['stop', '--all', '--time', '0']).catch(() => {});
    }
    // What is left in the namespace (exec sessions' conmon linger 300 s) goes, then the holder:
    // with its last process the namespace and every mount in it are gone.
    for (const pid of processesInNamespaceOf(nsPid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    killGroup(holder.pid, 'SIGTERM');
    await waitExit(holder, 5000);
    // The mount point made for D inside R (an empty folder once the namespace is gone).
    try {
      rmdirSync(join(rootfs, dir));
    } catch {
      /* in use or not empty: leave it */
    }
    if (stopOpts.cleanup) rmSync(dir, { recursive: true, force: true });
  };

  try {
    await startService();
    if (opts.images !== false)
      await ensureBusyboxImage(dir, BUSYBOX_IMAGE, { podman: cli, busybox: join(rootfs, 'bin/busybox'), workDir: dir });
  } catch (e) {
    await stop({ cleanup: opts.dir === undefined });
    throw e;
  }
  return {
    dir,
    socketPath,
    rootfs,
    get pid() {
      return service?.pid ?? 0;
    },
    /** Process groups to kill if the caller dies without stop(). */
    pids: () => [service?.pid, holder.pid].filter(Boolean),
    podman: cli,
    startService,
    stopService,
    stop,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, dirArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (cmd !== 'start') {
    console.error('usage: node scripts/podman5-sandbox.mjs start [DIR]');
    process.exit(2);
  }
  const sb = await startPodman5Sandbox({ dir: dirArg, verbose: process.argv.includes('--verbose') });
  console.log(`PODMAN_SOCKET=${sb.socketPath}`);
  const end = async () => {
    await sb.stop({ cleanup: dirArg === undefined });
    process.exit(0);
  };
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
  setInterval(() => {}, 1 << 30);
}
