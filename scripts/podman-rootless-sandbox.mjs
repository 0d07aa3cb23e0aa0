// A private *rootless* Podman service for the tests: the same sandbox layout as
// podman-sandbox.mjs, served by a dedicated unprivileged user (created on first use, with
// subordinate uid/gid ranges), so the rootless code paths run against a real rootless Podman.
// It is the machine's own podman (4.3 on Debian 12, 5.4 on Debian 13). Needs root to create the
// user and to switch to it (runuser); argument arrays only. The shape: podman-sandbox.d.mts.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BUSYBOX_IMAGE,
  cliRunner,
  ensureBusyboxImage,
  machineVersion,
  podmanArgs,
  serviceControl,
  writeConfig,
  writeRegistriesConf,
  writeDescriptor,
} from './podman-sandbox-core.mjs';

const execFileP = promisify(execFile);
export const ROOTLESS_USER = 'pwrootless';

/** Creates the unprivileged user with subordinate id ranges, once. Returns {uid, gid, home}. */
export async function ensureRootlessUser() {
  if (process.getuid?.() !== 0) throw new Error('the rootless sandbox needs root to create and switch to its user');
  const passwd = readFileSync('/etc/passwd', 'utf8');
  if (!passwd.split('\n').some((l) => l.startsWith(`${ROOTLESS_USER}:`))) {
    await execFileP('useradd', ['--create-home', '--shell', '/bin/sh', ROOTLESS_USER]);
  }
  const has = (f) =>
    existsSync(f) &&
    readFileSync(f, 'utf8')
      .split('\n')
      .some((l) => l.startsWith(`${ROOTLESS_USER}:`));
  if (!has('/etc/subuid') || !has('/etc/subgid')) {
    await execFileP('usermod', ['--add-subuids', '300000-365535', '--add-subgids', '300000-365535', ROOTLESS_USER]);
  }
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${ROOTLESS_USER}:`))
    .split(':');
  return { uid: Number(line[2]), gid: Number(line[3]), home: line[5] };
}

/**
 * Starts the rootless Podman API service as ROOTLESS_USER. Returns the shape of
 * podman-sandbox.d.mts (PodmanSandbox); stop() escalates to SIGKILL after 5 s like the others.
 */
export async function startRootlessSandbox(opts = {}) {
  const user = await ensureRootlessUser();
  const dir = mkdtempSync(join(tmpdir(), 'pw-rootless-'));
  writeConfig(dir);
  const registriesConf = writeRegistriesConf(dir);
  for (const d of ['', 'root', 'run', 'tmp', 'xdg', 'networks', 'containers.conf', 'registries.conf'])
    chownSync(join(dir, d), user.uid, user.gid);
  chmodSync(dir, 0o711);
  const socketPath = join(dir, 'podman.sock');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: user.home,
    USER: ROOTLESS_USER,
    CONTAINERS_CONF: join(dir, 'containers.conf'),
    XDG_RUNTIME_DIR: join(dir, 'xdg'),
    CONTAINERS_REGISTRIES_CONF: registriesConf,
  };
  // runuser starts podman as the user with exactly `env` (env -i): nothing of root's leaks in.
  const command = [
    'runuser',
    '-u',
    ROOTLESS_USER,
    '--',
    'env',
    '-i',
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    'podman',
  ];
  writeDescriptor(dir, { version: machineVersion(), placement: 'rootless', command, vars: {} });
  const podman = cliRunner(command, dir, process.env);
  const service = serviceControl({ command, dir, env: process.env, socketPath, verbose: opts.verbose });
  let stopped = false;
  const stop = async (o = {}) => {
    if (stopped) return;
    stopped = true;
    await service.stop();
    if (o.cleanup) await removeRootless(dir, user, podman, command);
  };
  try {
    await service.start();
    if (opts.images !== false) await ensureBusyboxImage(dir, BUSYBOX_IMAGE, { podman, workDir: dir });
  } catch (e) {
    await stop({ cleanup: true });
    throw e;
  }
  return {
    dir,
    socketPath,
    version: machineVersion(),
    placement: 'rootless',
    get pid() {
      return service.pid;
    },
    env,
    podmanArgs: podmanArgs(dir),
    command,
    pids: () => [service.pid].filter(Boolean),
    podman,
    stop,
  };
}

/** Removes everything of a rootless sandbox: containers, what the user still runs, its store. */
async function removeRootless(dir, user, podman, command) {
  await podman(['rm', '--all', '--force', '--time', '0']).catch(() => {});
  // The user exists only for this sandbox: end what it still runs (the rootless pause
  // process, exec monitors that linger for 300 s).
  await podman(['system', 'reset', '--force']).catch(() => {});
  // Rootless storage holds files of subordinate ids: remove it from inside the user namespace
  // (with the sandbox's own store options: the user's default store would record this
  // folder's runtime directory and recreate it on its next use).
  const [file, ...prefix] = command;
  await execFileP(file, [
    ...prefix,
    ...podmanArgs(dir),
    'unshare',
    'rm',
    '-rf',
    join(dir, 'root'),
    join(dir, 'run'),
  ]).catch(() => {});
  await execFileP('pkill', ['-KILL', '-u', ROOTLESS_USER]).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
  // Earlier versions of this clean-up used the user's default store: it goes too.
  rmSync(join(user.home, '.local', 'share', 'containers'), { recursive: true, force: true });
}
