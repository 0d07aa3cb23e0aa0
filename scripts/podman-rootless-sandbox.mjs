// A private *rootless* Podman service for the tests: the same sandbox layout as
// podman-sandbox.mjs, served by a dedicated unprivileged user (created on first use, with
// subordinate uid/gid ranges), so the rootless code paths run against a real rootless Podman.
// Needs root to create the user and to switch to it (runuser); argument arrays only.
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { BUSYBOX_IMAGE, ensureBusyboxImage, podmanArgs, writeConfig } from './podman-sandbox.mjs';

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

export async function startRootlessSandbox(opts = {}) {
  const user = await ensureRootlessUser();
  const dir = mkdtempSync(join(tmpdir(), 'pw-rootless-'));
  writeConfig(dir);
  for (const d of ['', 'root', 'run', 'tmp', 'xdg', 'networks', 'containers.conf'])
    chownSync(join(dir, d), user.uid, user.gid);
  chmodSync(dir, 0o711);
  const socketPath = join(dir, 'podman.sock');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: user.home,
    USER: ROOTLESS_USER,
    CONTAINERS_CONF: join(dir, 'containers.conf'),
    XDG_RUNTIME_DIR: join(dir, 'xdg'),
  };
  const asUser = (args) => [
    '-u',
    ROOTLESS_USER,
    '--',
    'env',
    '-i',
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    'podman',
    ...podmanArgs(dir),
    ...args,
  ];
  const podman = async (args, o = {}) =>
    (await execFileP('runuser', asUser(args), { maxBuffer: 256 << 20, timeout: o.timeoutMs ?? 120_000 })).stdout;
  const child = spawn('runuser', asUser(['system', 'service', '--time=0', `unix://${socketPath}`]), {
    stdio: ['ignore', 'ignore', opts.verbose ? 'inherit' : 'ignore'],
    detached: true,
  });
  child.unref();
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the rootless Podman service exited with code ${child.exitCode}`);
    const ok =
      existsSync(socketPath) &&
      (await new Promise((r) => {
        const c = net.connect(socketPath, () => {
          c.end();
          r(true);
        });
        c.on('error', () => r(false));
      }));
    if (ok) break;
    if (Date.now() - t0 > 30_000) throw new Error(`the rootless Podman socket ${socketPath} did not appear`);
    await new Promise((r) => setTimeout(r, 50));
  }
  if (opts.images !== false) await ensureBusyboxImage(dir, BUSYBOX_IMAGE, { podman, workDir: dir });
  let stopped = false;
  return {
    dir,
    socketPath,
    pid: child.pid,
    podman,
    async stop(o = {}) {
      if (stopped) return;
      stopped = true;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      await new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), setTimeout(r, 5000))));
      if (o.cleanup) {
        await podman(['rm', '--all', '--force', '--time', '0']).catch(() => {});
        // The user exists only for this sandbox: end what it still runs (the rootless pause
        // process, exec monitors that linger for 300 s).
        await podman(['system', 'reset', '--force']).catch(() => {});
        // Rootless storage holds files of subordinate ids: remove it from inside the user namespace
        // (with the sandbox's own store options: the user's default store would record this
        // folder's runtime directory and recreate it on its next use).
        await execFileP('runuser', asUser(['unshare', 'rm', '-rf', join(dir, 'root'), join(dir, 'run')])).catch(
          () => {},
        );
        await execFileP('pkill', ['-KILL', '-u', ROOTLESS_USER]).catch(() => {});
        rmSync(dir, { recursive: true, force: true });
        // Earlier versions of this clean-up used the user's default store: it goes too.
        rmSync(join(user.home, '.local', 'share', 'containers'), { recursive: true, force: true });
      }
    },
  };
}
