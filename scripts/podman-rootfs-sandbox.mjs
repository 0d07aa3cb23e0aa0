// A private Podman service run from a Debian root filesystem (scripts/podman-rootfs.sh) inside a
// private mount namespace: Podman 5 from trixie on Debian 12, Podman 4.3 from bookworm on
// Debian 13. Same settings as a sandbox on the machine. How the namespace is laid out and why:
// docs/architecture.md, "Test sandboxes".
//
//   node scripts/podman-rootfs-sandbox.mjs start bookworm|trixie [DIR]   serve until Ctrl-C
//   node scripts/podman-rootfs-sandbox.mjs rootfs     builds the trees this machine's tests need
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BUSYBOX_IMAGE,
  ROOTFS_SUITES,
  cliRunner,
  ensureBusyboxImage,
  killGroup,
  monitorsOf,
  podmanArgs,
  podmanPlacement,
  prepareDir,
  readDescriptor,
  serviceControl,
  waitExit,
  writeDescriptor,
} from './podman-sandbox-core.mjs';

const execFileP = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const VERSIONS = { bookworm: '4.3', trixie: '5' };

/**
 * The root filesystem of `suite` (bookworm: Podman 4.3, trixie: Podman 5), built (or checked:
 * the script is idempotent) by scripts/podman-rootfs.sh. Throws with the script's own
 * explanation when it cannot be built.
 */
export async function rootfsFor(suite) {
  if (!VERSIONS[suite]) throw new Error(`unknown root filesystem ${suite}: bookworm or trixie`);
  try {
    const { stdout } = await execFileP('bash', [join(here, 'podman-rootfs.sh'), suite], {
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
      `Podman ${VERSIONS[suite]} is not available: scripts/podman-rootfs.sh could not build its Debian ${suite} ` +
        `root filesystem (it needs root and Debian's package mirror).\n${detail || err.message}`,
      { cause: e },
    );
  }
}

// Run by `sh -c` in the new mount namespace; every name comes in as a positional argument. The
// last loop keeps the namespace while the process that started it ($3) lives.
const HOLDER_SCRIPT = `
set -e
r=$1; d=$2; w=$3
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
set +e
while kill -0 "$w" 2>/dev/null; do sleep 2; done
`;

/** Processes whose mount namespace is `pid`'s (conmon of containers and of exec sessions). */
export function processesInNamespaceOf(pid) {
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

/**
 * Whether `pid` is a live namespace holder of `rootfs` for `dir` (its root, in its own namespace,
 * reads as "/", so it is known by its command line: sh -c HOLDER_SCRIPT pw-holder ROOTFS DIR PID).
 */
function holdsNamespace(pid, rootfs, dir) {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = argv.indexOf('pw-holder');
    return at > 0 && argv[at + 1] === rootfs && argv[at + 2] === dir;
  } catch {
    return false;
  }
}

/** The namespace recorded in `dir` by an earlier start, if it still lives in `rootfs`. */
function readPrevious(dir, rootfs) {
  const previous = readDescriptor(dir);
  if (previous.placement !== 'rootfs' || previous.rootfs !== rootfs || !holdsNamespace(previous.nsPid, rootfs, dir))
    return undefined;
  return { nsPid: previous.nsPid, holderPid: previous.holderPid };
}

/** Makes the namespace for `dir` and returns { holder, holderPid, nsPid } (nsPid: the process whose namespace it is). */
async function makeNamespace(rootfs, dir) {
  rmSync(join(dir, 'ns.ready'), { force: true });
  const holder = spawn(
    'unshare',
    ['--mount', '--fork', 'sh', '-c', HOLDER_SCRIPT, 'pw-holder', rootfs, dir, `${process.pid}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    },
  );
  holder.unref();
  let holderErr = '';
  holder.stderr.on('data', (d) => (holderErr += d));
  holder.stderr.unref?.();
  const t0 = Date.now();
  while (!existsSync(join(dir, 'ns.ready'))) {
    if (holder.exitCode !== null || Date.now() - t0 > 10_000) {
      killGroup(holder.pid, 'SIGKILL');
      throw new Error(
        `could not set up the root filesystem's mount namespace: ${holderErr.trim() || `exit ${holder.exitCode}`}`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  // unshare forks: the namespace is its child's (the shell that holds it).
  const nsPid = Number(readFileSync(`/proc/${holder.pid}/task/${holder.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
  if (!nsPid) throw new Error('could not find the namespace holder process');
  return { holderPid: holder.pid, nsPid, holder };
}

/**
 * Ends the namespace of a root filesystem sandbox: kills what still runs in it (exec sessions'
 * conmon linger 300 s), then the holder: with its last process the namespace and its mounts go.
 * Synchronous, so an exiting process can call it.
 */
export function endNamespace({ nsPid, holderPid }) {
  for (const pid of processesInNamespaceOf(nsPid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  killGroup(holderPid, 'SIGKILL');
  try {
    process.kill(nsPid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

/**
 * The command that runs the podman of the root filesystem sandbox in `dir` now: through its
 * holder, or, when the holder has gone with the process that started it, through a container
 * monitor still running in the namespace. Undefined when nothing of the namespace is left.
 */
export function liveCommand(descriptor, dir) {
  const target = holdsNamespace(descriptor.nsPid, descriptor.rootfs, dir)
    ? descriptor.nsPid
    : monitorsOf(dir).find(isInOtherNamespace);
  return target ? ['nsenter', '--target', String(target), '--mount', '--', 'podman'] : undefined;
}

function isInOtherNamespace(pid) {
  try {
    return readlinkSync(`/proc/${pid}/ns/mnt`) !== readlinkSync('/proc/self/ns/mnt');
  } catch {
    return false;
  }
}

/** Removes the (empty) mount point made for `dir` inside the tree, once the namespace is gone. */
export function removeMountPoint(rootfs, dir) {
  try {
    rmdirSync(join(rootfs, dir));
  } catch {
    /* in use or not empty: leave it */
  }
}

/**
 * Starts a private Podman API service from the root filesystem of `opts.suite` (bookworm or
 * trixie). A `dir` whose namespace still lives (a sandbox stopped without clean-up by this
 * process) is joined, as the machine's podman would find its containers again.
 * Returns the shape of scripts/podman-sandbox.d.mts (ServiceSandbox).
 */
export async function startRootfsSandbox(opts = {}) {
  const suite = opts.suite ?? 'trixie';
  const version = VERSIONS[suite];
  const rootfs = opts.rootfs ?? (await rootfsFor(suite));
  // Short: unix socket paths are limited to 108 bytes.
  const dir = resolve(opts.dir ?? mkdtempSync(join(tmpdir(), version === '5' ? 'pw-p5-' : 'pw-p43-')));
  let vars;
  try {
    vars = prepareDir(dir, version, 'rootfs');
  } catch (e) {
    if (opts.dir === undefined) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const previous = opts.dir === undefined ? undefined : readPrevious(dir, rootfs);
  const ns = previous ?? (await makeNamespace(rootfs, dir));
  const command = ['nsenter', '--target', String(ns.nsPid), '--mount', '--', 'podman'];
  writeDescriptor(dir, {
    version,
    placement: 'rootfs',
    suite,
    rootfs,
    command,
    vars,
    nsPid: ns.nsPid,
    holderPid: ns.holderPid,
  });
  const env = { ...process.env, ...vars };
  const podman = cliRunner(command, dir, env);
  const socketPath = join(dir, 'podman.sock');
  const service = serviceControl({ command, dir, env, socketPath, verbose: opts.verbose });

  let stopped = false;
  const stop = async (stopOpts = {}) => {
    if (stopped) return;
    stopped = true;
    await service.stop();
    if (!stopOpts.cleanup) return; // the namespace, its containers and the CLI stay
    // Containers keep conmon processes, and they keep the namespace (and its mounts) alive.
    await podman(['rm', '--all', '--force', '--time', '0']).catch(() => {});
    await podman(['pod', 'rm', '--all', '--force', '--time', '0']).catch(() => {});
    await podman(['system', 'reset', '--force']).catch(() => {});
    endNamespace(ns);
    if (ns.holder) await waitExit(ns.holder, 5000);
    for (let i = 0; i < 100 && existsSync(`/proc/${ns.nsPid}`); i++) await new Promise((r) => setTimeout(r, 50));
    removeMountPoint(rootfs, dir);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await service.start();
    if (opts.images !== false)
      await ensureBusyboxImage(dir, BUSYBOX_IMAGE, { podman, busybox: join(rootfs, 'bin/busybox'), workDir: dir });
  } catch (e) {
    await stop({ cleanup: opts.dir === undefined });
    throw e;
  }
  return {
    dir,
    socketPath,
    rootfs,
    version,
    placement: 'rootfs',
    get pid() {
      return service.pid;
    },
    env,
    podmanArgs: podmanArgs(dir),
    command,
    /** Process groups to kill if the caller dies without stop(). */
    pids: () => [service.pid, ns.holderPid].filter(Boolean),
    podman,
    startService: () => service.start(),
    stopService: () => service.stop(),
    stop,
  };
}

/** Builds (or checks) the root filesystems that this machine's tests need; returns their paths. */
export async function neededRootfs() {
  const paths = [];
  for (const [version, suite] of Object.entries(ROOTFS_SUITES))
    if (podmanPlacement(version) === 'rootfs') paths.push(await rootfsFor(suite));
  return paths;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, suite, dirArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (cmd === 'rootfs') {
    for (const path of await neededRootfs()) console.log(path);
  } else if (cmd === 'start' && VERSIONS[suite]) {
    const sb = await startRootfsSandbox({ suite, dir: dirArg, verbose: process.argv.includes('--verbose') });
    console.log(`PODMAN_SOCKET=${sb.socketPath}`);
    const end = async () => {
      await sb.stop({ cleanup: dirArg === undefined || process.argv.includes('--cleanup') });
      process.exit(0);
    };
    process.on('SIGINT', end);
    process.on('SIGTERM', end);
    setInterval(() => {}, 1 << 30);
  } else {
    console.error('usage: node scripts/podman-rootfs-sandbox.mjs rootfs | start bookworm|trixie [DIR] [--cleanup]');
    process.exit(2);
  }
}
