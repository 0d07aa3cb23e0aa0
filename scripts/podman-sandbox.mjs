// A private Podman service: its own root, runroot, tmpdir, containers.conf and API socket,
// touching nothing of the machine's own Podman. Used by the tests, the benchmarks and
// `npm start` (where the user has no Podman socket of their own).
//
//   node scripts/podman-sandbox.mjs start [DIR]   serve until Ctrl-C
//
// Test images are made from local files (no registry is reachable): busybox-static
// in a tar, imported with `podman import`. Only this harness calls the podman CLI,
// always with argument arrays; the extension itself talks to the socket only.
import { spawn, execFile, execFileSync } from 'node:child_process';
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
import { join, resolve } from 'node:path';
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

/** Runs the podman CLI inside the sandbox (argument array, no shell). */
export async function podman(dir, args, opts = {}) {
  const { stdout } = await execFileP('podman', [...podmanArgs(dir), ...args], {
    env: podmanEnv(dir),
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeoutMs ?? 120_000,
  });
  return stdout;
}

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
 * Makes the busybox test image from busybox-static, unless the store has it already.
 * `o.podman` runs the CLI (default: this sandbox's), `o.busybox` is the binary to pack and
 * `o.workDir` where the tar is made (it must be visible to that podman).
 */
export async function ensureBusyboxImage(dir, name = BUSYBOX_IMAGE, o = {}) {
  const run = o.podman ?? ((args) => podman(dir, args));
  const have = await run(['images', '--format', '{{.Repository}}:{{.Tag}}']).catch(() => '');
  if (have.split('\n').includes(name)) return name;
  const rootfs = mkdtempSync(join(o.workDir ?? tmpdir(), 'pw-rootfs-'));
  try {
    mkdirSync(join(rootfs, 'bin'), { recursive: true });
    for (const d of ['etc', 'tmp', 'root', 'proc', 'sys', 'dev', 'usr/bin', 'var'])
      mkdirSync(join(rootfs, d), { recursive: true });
    copyFileSync(o.busybox ?? '/bin/busybox', join(rootfs, 'bin/busybox'));
    chmodSync(join(rootfs, 'bin/busybox'), 0o755);
    const applets = [
      'sh',
      'ls',
      'cat',
      'echo',
      'sleep',
      'env',
      'ps',
      'top',
      'nc',
      'netstat',
      'head',
      'tail',
      'yes',
      'dd',
      'printf',
      'true',
      'false',
      'id',
      'hostname',
      'wc',
      'seq',
      'grep',
      'mkdir',
      'rm',
      'cp',
      'mv',
      'chmod',
      'date',
      'kill',
      'httpd',
      'stat',
      'find',
      'tr',
      'sed',
      'awk',
      'uname',
      'touch',
      'stty',
      'tty',
      'sync',
      'vi',
      'less',
      'more',
      'pwd',
    ];
    for (const a of applets) symlinkSync('busybox', join(rootfs, 'bin', a));
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

/**
 * Starts a private Podman API service. Returns { dir, socketPath, stop(), podman(args) }.
 * `dir` defaults to a fresh temporary directory (kept short: unix socket paths are limited).
 */
export async function startSandbox(opts = {}) {
  const dir = resolve(opts.dir ?? mkdtempSync(join(tmpdir(), 'pw-podman-')));
  writeConfig(dir);
  const socketPath = join(dir, 'podman.sock');
  rmSync(socketPath, { force: true });
  const child = spawn('podman', [...podmanArgs(dir), 'system', 'service', '--time=0', `unix://${socketPath}`], {
    env: podmanEnv(dir),
    stdio: ['ignore', 'ignore', opts.verbose ? 'inherit' : 'ignore'],
    detached: true,
  });
  child.unref(); // a test process may exit while the service runs; its exit handler kills it
  await waitForSocket(socketPath, child);
  if (opts.images !== false) await ensureBusyboxImage(dir);
  let stopped = false;
  const stop = async (stopOpts = {}) => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise((r) => {
      if (child.exitCode !== null) return r();
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        r();
      }, 5000);
      child.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
    if (stopOpts.cleanup) {
      // Containers keep conmon processes; remove everything, then the directory.
      await podman(dir, ['rm', '--all', '--force', '--time', '0']).catch(() => {});
      await podman(dir, ['pod', 'rm', '--all', '--force']).catch(() => {});
      await podman(dir, ['system', 'reset', '--force']).catch(() => {});
      killLeftovers(dir);
      unmountStore(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return { dir, socketPath, pid: child.pid, stop, podman: (args, o) => podman(dir, args, o) };
}

/**
 * Kills what Podman leaves running for a sandbox after its containers are gone: every exec session
 * keeps its conmon for 300 s (--exit-delay). Found by the sandbox directory in their command line.
 */
export function killLeftovers(dir) {
  const mark = `${dir}/`;
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    if (Number(pid) === process.pid) continue;
    let cmd;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.startsWith('/usr/bin/conmon') && !cmd.startsWith('conmon')) continue;
    if (!cmd.includes(mark)) continue;
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
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
 * Synchronous clean-up for a process that is exiting (its service already killed): removes the
 * containers and pods, their monitors, the store's mount and the directory.
 */
export function cleanupSync(dir) {
  const run = (args) => {
    try {
      execFileSync('podman', [...podmanArgs(dir), ...args], { env: podmanEnv(dir), stdio: 'ignore', timeout: 60_000 });
    } catch {
      /* best effort */
    }
  };
  run(['rm', '--all', '--force', '--time', '0']);
  run(['pod', 'rm', '--all', '--force']);
  killLeftovers(dir);
  unmountStore(dir);
  rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, dirArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (cmd !== 'start') {
    console.error('usage: node scripts/podman-sandbox.mjs start [DIR]');
    process.exit(2);
  }
  const sb = await startSandbox({ dir: dirArg, verbose: process.argv.includes('--verbose') });
  console.log(`PODMAN_SOCKET=${sb.socketPath}`);
  const end = async () => {
    await sb.stop();
    process.exit(0);
  };
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
  setInterval(() => {}, 1 << 30);
}
