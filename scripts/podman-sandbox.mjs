// A private Podman 4.3 service for the tests, the benchmarks and `npm start` (where the user has
// no Podman socket of their own): its own root, runroot, tmpdir, containers.conf and API socket,
// touching nothing of the machine's own Podman. On Debian 12 it is the machine's podman; on
// Debian 13 (podman 5.4) it runs from a Debian 12 root filesystem (podman-rootfs-sandbox.mjs);
// PODMAN_WORKBENCH_PODMAN43=machine|rootfs overrides the choice. The shape of every sandbox:
// podman-sandbox.d.mts; how they work: docs/architecture.md, "Test sandboxes".
//
//   node scripts/podman-sandbox.mjs start [DIR] [--cleanup]   serve until SIGINT/SIGTERM
//   node scripts/podman-sandbox.mjs cleanup DIR      removes what a sandbox whose server died left
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  BUSYBOX_IMAGE,
  cliRunner,
  descriptorEnv,
  ensureBusyboxImage,
  killLeftovers,
  podmanArgs,
  podmanEnv,
  podmanPlacement,
  prepareDir,
  readDescriptor,
  serviceControl,
  waitForSocket,
  writeConfig,
  writeDescriptor,
} from './podman-sandbox-core.mjs';
import { endNamespace, liveCommand, removeMountPoint, startRootfsSandbox } from './podman-rootfs-sandbox.mjs';

export { BUSYBOX_IMAGE, ensureBusyboxImage, killLeftovers, podmanArgs, podmanEnv, waitForSocket, writeConfig };

/** Runs the podman CLI of the sandbox in `dir`, wherever it runs (argument array, no shell). */
export async function podman(dir, args, opts = {}) {
  const descriptor = readDescriptor(dir);
  return cliRunner(descriptor.command, dir, descriptorEnv(descriptor))(args, opts);
}

/**
 * Starts the private Podman 4.3 API service, on the machine or from its root filesystem (see the
 * header). `dir` defaults to a fresh temporary directory (kept short: unix socket paths are limited).
 * Returns the shape of podman-sandbox.d.mts (ServiceSandbox).
 */
export async function startSandbox(opts = {}) {
  if (podmanPlacement('4.3') === 'rootfs') return startRootfsSandbox({ ...opts, suite: 'bookworm' });
  return startMachineSandbox(opts, '4.3');
}

/**
 * Starts a private API service of the machine's own podman, with the settings of Podman `version`
 * ('4.3' on Debian 12, '5' on Debian 13). stop() stops the service (its containers and the CLI
 * stay, and a later start in the same `dir` finds them); stop({ cleanup: true }) removes everything.
 */
export async function startMachineSandbox(opts = {}, version = '4.3') {
  const dir = resolve(opts.dir ?? mkdtempSync(join(tmpdir(), version === '5' ? 'pw-p5-' : 'pw-podman-')));
  const vars = prepareDir(dir, version, 'machine');
  const command = ['podman'];
  writeDescriptor(dir, { version, placement: 'machine', command, vars });
  const env = { ...process.env, ...vars };
  const run = cliRunner(command, dir, env);
  const socketPath = join(dir, 'podman.sock');
  const service = serviceControl({ command, dir, env, socketPath, verbose: opts.verbose });
  let stopped = false;
  const stop = async (stopOpts = {}) => {
    if (stopped) return;
    stopped = true;
    await service.stop();
    if (!stopOpts.cleanup) return;
    // Containers keep conmon processes; remove everything, then the directory.
    await run(['rm', '--all', '--force', '--time', '0']).catch(() => {});
    await run(['pod', 'rm', '--all', '--force']).catch(() => {});
    await run(['system', 'reset', '--force']).catch(() => {});
    killLeftovers(dir);
    unmountStore(dir);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await service.start();
    if (opts.images !== false) await ensureBusyboxImage(dir, BUSYBOX_IMAGE, { podman: run, workDir: dir });
  } catch (e) {
    await stop({ cleanup: opts.dir === undefined });
    throw e;
  }
  return {
    dir,
    socketPath,
    rootfs: '/',
    version,
    placement: 'machine',
    get pid() {
      return service.pid;
    },
    env,
    podmanArgs: podmanArgs(dir),
    command,
    pids: () => [service.pid].filter(Boolean),
    podman: run,
    startService: () => service.start(),
    stopService: () => service.stop(),
    stop,
  };
}

/** Podman mounts its overlay store on itself; a store whose service was killed keeps that mount. */
function unmountStore(dir) {
  const mount = join(dir, 'root', 'overlay');
  if (
    !readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .some((l) => l.split(' ')[1] === mount)
  )
    return;
  try {
    execFileSync('umount', ['-l', mount], { stdio: 'ignore' });
  } catch {
    /* leave it: rmSync reports nothing for a busy mount point */
  }
}

/**
 * Synchronous clean-up for a process that is exiting (its service already killed), or of a
 * sandbox whose server died: removes the containers and pods, their monitors, the namespace of a
 * root filesystem sandbox, the store's mount and the directory. Works for every kind of sandbox
 * (it reads how to run its podman from the directory).
 */
export function cleanupSync(dir) {
  if (!existsSync(dir)) return;
  const descriptor = readDescriptor(dir);
  const rootfs = descriptor.placement === 'rootfs';
  const command = rootfs ? liveCommand(descriptor, dir) : descriptor.command;
  const run = (args) => {
    try {
      execFileSync(command[0], [...command.slice(1), ...podmanArgs(dir), ...args], {
        env: descriptorEnv(descriptor),
        stdio: 'ignore',
        timeout: 60_000,
      });
    } catch {
      /* best effort */
    }
  };
  if (command) {
    run(['rm', '--all', '--force', '--time', '0']);
    run(['pod', 'rm', '--all', '--force']);
  }
  killLeftovers(dir);
  if (rootfs) {
    endNamespace(descriptor);
    removeMountPoint(descriptor.rootfs, dir);
  } else {
    unmountStore(dir);
  }
  rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, dirArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (cmd === 'cleanup' && dirArg) {
    cleanupSync(resolve(dirArg));
    process.exit(0);
  }
  if (cmd !== 'start') {
    console.error('usage: node scripts/podman-sandbox.mjs start [DIR] [--cleanup] | cleanup DIR');
    process.exit(2);
  }
  const sb = await startSandbox({ dir: dirArg, verbose: process.argv.includes('--verbose') });
  console.log(`PODMAN_SOCKET=${sb.socketPath}`);
  const end = async () => {
    await sb.stop({ cleanup: process.argv.includes('--cleanup') });
    process.exit(0);
  };
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
  setInterval(() => {}, 1 << 30);
}
