// A remote Podman host of the project's own for the SSH tests and benchmarks: a network
// namespace (ip netns + veth) with its own address, a private sshd, and a private Podman 4.3
// whose API socket (/run/podman/podman.sock) lives only in that host's mount namespace (a tmpfs
// on /run), so nothing reaches it except through SSH. A rootless user (no service: its socket is
// "missing"), and a second host (a bare sshd on port 2222, no Podman on its PATH) that is the only
// way in for ProxyJump tests (it also reaches the target over a link of their own). The target has
// no systemd: a recording `systemctl` and private Quadlet folders (see startAnchor). Needs root.
// Argument arrays only. stop() leaves nothing behind: processes, namespaces, links, the directory,
// the mount point it made. Types: .d.mts.
//
//   node scripts/ssh-host-sandbox.mjs start    serve until SIGINT/SIGTERM (prints the addresses)
import { execFile, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  BUSYBOX_IMAGE,
  ensureBusyboxImage,
  killLeftovers,
  waitForSocket,
  writeConfig,
  writeRegistriesConf,
} from './podman-sandbox-core.mjs';
import { ensureRootlessUser, ROOTLESS_USER } from './podman-rootless-sandbox.mjs';

const execFileP = promisify(execFile);
export const REMOTE_SOCKET = '/run/podman/podman.sock';
export const KEY_PASSPHRASE = 'correct horse battery staple';
const SYSTEM_QUADLET_DIR = '/etc/containers/systemd';

const ip = (args) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Names and addresses of one run: a random /24 in 10.150-199.x, names of at most 15 bytes. */
function plan() {
  const rnd = Math.floor(Math.random() * 0xfffff);
  const id = rnd.toString(16).padStart(5, '0');
  const net = `10.${150 + ((rnd >> 8) % 50)}.${rnd & 0xff}`;
  return {
    id,
    target: { ns: `pwsshT${id}`, outer: `pwsT${id}`, inner: `pwsT${id}i`, hostAddr: `${net}.1`, address: `${net}.2` },
    // A second address of this machine for the target: its plain-HTTP registries (marked insecure).
    insecureGateway: `${net}.13`,
    jump: { ns: `pwsshJ${id}`, outer: `pwsJ${id}`, inner: `pwsJ${id}i`, hostAddr: `${net}.5`, address: `${net}.6` },
    // The jump host's own way to the target (the target answers there too).
    between: { jumpSide: `pwsX${id}j`, targetSide: `pwsX${id}t`, jumpAddr: `${net}.9`, targetAddr: `${net}.10` },
  };
}

/** A namespace with a veth to this one; addresses /30. */
function makeNamespace(h) {
  ip(['netns', 'add', h.ns]);
  ip(['link', 'add', h.outer, 'type', 'veth', 'peer', 'name', h.inner]);
  ip(['link', 'set', h.inner, 'netns', h.ns]);
  ip(['addr', 'add', `${h.hostAddr}/30`, 'dev', h.outer]);
  ip(['link', 'set', h.outer, 'up']);
  ip(['-n', h.ns, 'addr', 'add', `${h.address}/30`, 'dev', h.inner]);
  ip(['-n', h.ns, 'link', 'set', h.inner, 'up']);
  ip(['-n', h.ns, 'link', 'set', 'lo', 'up']);
}

function keygen(file, type, passphrase = '') {
  const bits = type === 'rsa' ? ['-b', '3072'] : [];
  execFileSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', passphrase, '-C', `pw-${type}`, '-f', file], {
    stdio: 'ignore',
  });
  return file;
}

/** Client keys of every kind the tests use, and the authorized_keys of root and the rootless user. */
function makeKeys(dir, rootlessUser) {
  const k = join(dir, 'keys');
  mkdirSync(k, { mode: 0o700 });
  const keys = {
    ed25519: keygen(join(k, 'id_ed25519'), 'ed25519'),
    ecdsa: keygen(join(k, 'id_ecdsa'), 'ecdsa'),
    rsa: keygen(join(k, 'id_rsa'), 'rsa'),
    encrypted: keygen(join(k, 'id_encrypted'), 'ed25519', KEY_PASSPHRASE),
    wrong: keygen(join(k, 'id_wrong'), 'ed25519'),
  };
  const pub = (f) => readFileSync(`${f}.pub`, 'utf8');
  const auth = join(dir, 'authorized_keys');
  mkdirSync(auth, { mode: 0o755 });
  writeFileSync(join(auth, 'root'), [keys.ed25519, keys.ecdsa, keys.rsa, keys.encrypted].map(pub).join(''));
  writeFileSync(join(auth, rootlessUser.name), pub(keys.ed25519));
  for (const f of ['root', rootlessUser.name]) chmodSync(join(auth, f), 0o644);
  return keys;
}

/**
 * The private containers.conf + storage.conf + registries.conf of the remote Podman: no flags
 * needed, over SSH too. The tests' plain-HTTP registries listen for it on `insecureGateway` (this
 * machine as the target sees it), marked insecure from the start (the service reads
 * registries.conf once); TLS ones on the other gateway address, whose CA is checked.
 */
function remoteConfig(dir, insecureGateway) {
  writeConfig(dir);
  const conf = join(dir, 'containers.conf');
  writeFileSync(conf, readFileSync(conf, 'utf8').replace('[engine]\n', `[engine]\ntmp_dir = "${join(dir, 'tmp')}"\n`));
  const storage = join(dir, 'storage.conf');
  writeFileSync(
    storage,
    `[storage]\ndriver = "overlay"\ngraphroot = "${join(dir, 'root')}"\nrunroot = "${join(dir, 'run')}"\n`,
  );
  const registries = writeRegistriesConf(dir);
  writeFileSync(
    registries,
    `${readFileSync(registries, 'utf8')}\n[[registry]]\nlocation = "${insecureGateway}"\ninsecure = true\n`,
  );
  return {
    CONTAINERS_CONF: conf,
    CONTAINERS_STORAGE_CONF: storage,
    CONTAINERS_REGISTRIES_CONF: registries,
    XDG_RUNTIME_DIR: join(dir, 'xdg'),
  };
}

function sshdConfig(dir, name, { listen, port, hostKey, env }) {
  const file = join(dir, `sshd-${name}.conf`);
  const lines = [
    `Port ${port}`,
    ...listen.map((a) => `ListenAddress ${a}`),
    `HostKey ${hostKey}`,
    `PidFile ${join(dir, `sshd-${name}.pid`)}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}/%u`,
    'UsePAM no',
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'AllowStreamLocalForwarding yes',
    'AllowTcpForwarding yes',
    'AllowAgentForwarding no',
    'Subsystem sftp internal-sftp',
    'LogLevel ERROR',
  ];
  for (const [user, vars] of Object.entries(env ?? {})) {
    lines.push(
      `Match User ${user}`,
      `  SetEnv ${Object.entries(vars)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Waits until `address:port` accepts TCP from inside namespace `ns` is not needed: we are routed. */
async function waitForPort(address, port, child, ms = 10_000) {
  const net = await import('node:net');
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (child.exitCode !== null) throw new Error(`sshd exited with code ${child.exitCode}`);
    const ok = await new Promise((res) => {
      const c = net.connect({ host: address, port }, () => (c.end(), res(true)));
      c.on('error', () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd on ${address}:${port} did not listen within ${ms} ms`);
}

function killGroup(child, signal = 'SIGKILL') {
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* gone */
  }
}

const exited = (child, ms) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => {
        const t = setTimeout(r, ms);
        child.once('exit', () => (clearTimeout(t), r()));
      });

/**
 * The mount-namespace anchor of the target: a tmpfs on /run (its own /run/podman, /run/user), one
 * on /etc/containers/systemd (the system Quadlet folder: what the tests install there stays in
 * the target), and DIR/bin over /usr/local/sbin (first on the SSH sessions' PATH: the recording
 * `systemctl`, see recordingSystemctl).
 */
async function startAnchor(ns, user, dir) {
  const script =
    'mount -t tmpfs -o mode=755 pw-ssh-run /run && mkdir -p /run/sshd /run/podman "/run/user/$1" && ' +
    'chown "$1:$2" "/run/user/$1" && chmod 700 "/run/user/$1" && ' +
    'mount -t tmpfs -o mode=755 pw-ssh-quadlet /etc/containers/systemd && mount --bind "$3/bin" /usr/local/sbin && ' +
    'exec sleep infinity';
  const child = spawn(
    'unshare',
    // Not `ip netns exec`: it mounts a fresh /sys without the cgroup mounts runc needs.
    [
      '--mount',
      '--propagation',
      'private',
      'nsenter',
      `--net=/run/netns/${ns}`,
      'sh',
      '-c',
      script,
      'sh',
      String(user.uid),
      String(user.gid),
      dir,
    ],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`the target's namespace did not start (exit ${child.exitCode})`);
    try {
      if (readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim() === 'sleep') return child;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the target's namespace did not start in 5 s");
}

/**
 * The target has no systemd (nor has this machine): its `systemctl` records each call instead
 * (the user id, then every argument, NUL-terminated, in DIR/systemctl.calls) and succeeds, so a
 * test sees exactly the argv that the remote shell parsed out of an SSH exec's command line.
 */
function recordingSystemctl(dir) {
  mkdirSync(join(dir, 'bin'), { mode: 0o755 });
  const calls = join(dir, 'systemctl.calls');
  writeFileSync(calls, '');
  chmodSync(calls, 0o666);
  const script = `#!/bin/sh\n{ printf '%s\\0' "$(id -u)" "$#"; for a in "$@"; do printf '%s\\0' "$a"; done; } >> '${calls}'\n`;
  writeFileSync(join(dir, 'bin', 'systemctl'), script, { mode: 0o755 });
  return calls;
}

/** The calls recorded by recordingSystemctl: { uid, argv } each. */
function readSystemctlCalls(file) {
  const fields = readFileSync(file, 'utf8').split('\0');
  const calls = [];
  for (let i = 0; i + 1 < fields.length;) {
    const uid = Number(fields[i]);
    const n = Number(fields[i + 1]);
    calls.push({ uid, argv: fields.slice(i + 2, i + 2 + n) });
    i += 2 + n;
  }
  return calls;
}

/** A command run inside the target (its network and mount namespaces). */
const inTarget = (anchor, argv) => ['nsenter', '-t', String(anchor.pid), '-m', '-n', '--', ...argv];

function daemon(argv, env) {
  const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: 'ignore', env });
  child.unref();
  return child;
}

/** An ssh-agent of the test's own holding `keys` (encrypted ones are added with their passphrase by the caller). */
export async function startAgent(dir, keys) {
  const socket = join(mkdtempSync(join(dir, 'agent-')), 'agent.sock');
  const child = daemon(['ssh-agent', '-D', '-a', socket], process.env);
  await waitForSocket(socket, child, 5000);
  for (const key of keys) await execFileP('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
  return {
    socket,
    stop: async () => {
      killGroup(child, 'SIGTERM');
      await exited(child, 2000);
    },
  };
}

/** Starts both hosts; see the header and ssh-host-sandbox.d.mts. */
export async function startSshHosts(opts = {}) {
  if (process.getuid?.() !== 0) throw new Error('the SSH host sandbox needs root (ip netns, sshd)');
  const rootless = await ensureRootlessUser();
  // sshd without PAM refuses a locked account ("!" password): make it "no password" instead.
  if (
    readFileSync('/etc/shadow', 'utf8')
      .split('\n')
      .some((l) => l.startsWith(`${ROOTLESS_USER}:!`))
  ) {
    await execFileP('usermod', ['-p', '*', ROOTLESS_USER]);
  }
  const user = { name: ROOTLESS_USER, uid: rootless.uid, gid: rootless.gid };
  const dir = mkdtempSync(join(tmpdir(), 'pw-ssh-'));
  chmodSync(dir, 0o711);
  const p = plan();
  const state = { dir, p, procs: [], anchor: undefined };
  const cleanup = () => cleanupSync(state);
  process.once('exit', cleanup);
  try {
    await setUp(state, user, opts);
  } catch (e) {
    await stopAll(state);
    process.off('exit', cleanup);
    throw e;
  }
  return handle(state, user, () => process.off('exit', cleanup));
}

async function setUp(state, user, opts) {
  const { dir, p } = state;
  makeNamespace(p.target);
  makeNamespace(p.jump);
  ip(['addr', 'add', `${p.insecureGateway}/32`, 'dev', p.target.outer]);
  ip(['-n', p.target.ns, 'route', 'add', `${p.insecureGateway}/32`, 'dev', p.target.inner]);
  ip(['link', 'add', p.between.jumpSide, 'type', 'veth', 'peer', 'name', p.between.targetSide]);
  ip(['link', 'set', p.between.jumpSide, 'netns', p.jump.ns]);
  ip(['link', 'set', p.between.targetSide, 'netns', p.target.ns]);
  ip(['-n', p.jump.ns, 'addr', 'add', `${p.between.jumpAddr}/30`, 'dev', p.between.jumpSide]);
  ip(['-n', p.target.ns, 'addr', 'add', `${p.between.targetAddr}/30`, 'dev', p.between.targetSide]);
  ip(['-n', p.jump.ns, 'link', 'set', p.between.jumpSide, 'up']);
  ip(['-n', p.target.ns, 'link', 'set', p.between.targetSide, 'up']);
  mkdirSync('/run/sshd', { recursive: true });
  state.keys = makeKeys(dir, user);
  state.vars = remoteConfig(dir, p.insecureGateway);
  const rl = join(dir, 'rootless');
  mkdirSync(join(rl, 'root'), { recursive: true });
  writeFileSync(join(rl, 'storage.conf'), `[storage]\ndriver = "overlay"\ngraphroot = "${join(rl, 'root')}"\n`);
  for (const d of ['', 'root']) chownSync(join(rl, d), user.uid, user.gid);
  state.hostKeys = {
    target: keygen(join(dir, 'host_target'), 'ed25519'),
    jump: keygen(join(dir, 'host_jump'), 'ed25519'),
  };
  state.sshdConf = {
    target: sshdConfig(dir, 'target', {
      listen: [p.target.address, p.between.targetAddr],
      port: 22,
      hostKey: state.hostKeys.target,
      // XDG_CONFIG_HOME in the target's /run: the user Quadlet folders stay in the target.
      env: {
        root: { ...state.vars, XDG_CONFIG_HOME: '/run/root-config' },
        [user.name]: {
          XDG_RUNTIME_DIR: `/run/user/${user.uid}`,
          XDG_CONFIG_HOME: `/run/user/${user.uid}/config`,
          // root's default PATH has /usr/local/sbin (the recording systemctl); a user's has not.
          PATH: '/usr/local/sbin:/usr/local/bin:/usr/bin:/bin',
          CONTAINERS_STORAGE_CONF: join(rl, 'storage.conf'),
        },
      },
    }),
    // The jump host has no Podman: its sessions' PATH holds none (a "remote with no Podman").
    jump: sshdConfig(dir, 'jump', {
      listen: [p.jump.address],
      port: 2222,
      hostKey: state.hostKeys.jump,
      env: { root: { PATH: '/usr/local/sbin' } },
    }),
  };
  state.systemctlCalls = recordingSystemctl(dir);
  // The mount point of the target's private system Quadlet folder (removed at the end if made here).
  if (!existsSync(SYSTEM_QUADLET_DIR)) {
    mkdirSync(SYSTEM_QUADLET_DIR, { recursive: true });
    state.madeQuadletDir = true;
  }
  state.anchor = await startAnchor(p.target.ns, user, dir);
  state.env = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', ...state.vars };
  await startService(state, opts);
  await startTargetSshd(state);
  state.jumpSshd = daemon(['ip', 'netns', 'exec', p.jump.ns, '/usr/sbin/sshd', '-D', '-e', '-f', state.sshdConf.jump]);
  state.procs.push(state.jumpSshd);
  await waitForPort(p.jump.address, 2222, state.jumpSshd);
  if (opts.images !== false) await ensureBusyboxImage(dir, BUSYBOX_IMAGE, { podman: runner(state), workDir: dir });
}

async function startService(state) {
  const argv = inTarget(state.anchor, ['podman', 'system', 'service', '--time=0', `unix://${REMOTE_SOCKET}`]);
  state.service = daemon(argv, state.env);
  state.procs.push(state.service);
  // The socket is visible only inside the namespace: wait for it there.
  for (let i = 0; i < 400; i++) {
    if (state.service.exitCode !== null)
      throw new Error(`the remote podman service exited (${state.service.exitCode})`);
    try {
      execFileSync('nsenter', ['-t', String(state.anchor.pid), '-m', '--', 'test', '-S', REMOTE_SOCKET]);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('the remote podman socket did not appear in 20 s');
}

async function startTargetSshd(state) {
  state.sshd = daemon(inTarget(state.anchor, ['/usr/sbin/sshd', '-D', '-e', '-f', state.sshdConf.target]));
  state.procs.push(state.sshd);
  await waitForPort(state.p.target.address, 22, state.sshd);
}

/** The remote podman CLI (inside the target's namespaces; argument array, no shell). */
function runner(state) {
  return async (args, o = {}) => {
    const argv = inTarget(state.anchor, ['podman', ...args]);
    const { stdout } = await execFileP(argv[0], argv.slice(1), {
      env: state.env,
      maxBuffer: 256 * 1024 * 1024,
      timeout: o.timeoutMs ?? 120_000,
    });
    return stdout;
  };
}

/** The processes below `pid` (from /proc's parent links). */
function descendants(pid) {
  const parents = new Map();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const found = [];
  const walk = (p) => {
    for (const [child, parent] of parents) {
      if (parent !== p) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

const pubLine = (file) => readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');

function handle(state, user, release) {
  const { p, dir } = state;
  return {
    dir,
    target: {
      address: p.target.address,
      port: 22,
      viaJump: p.between.targetAddr,
      gateway: p.target.hostAddr,
      insecureGateway: p.insecureGateway,
      hostKeyLine: pubLine(state.hostKeys.target),
    },
    jump: { address: p.jump.address, port: 2222, hostKeyLine: pubLine(state.hostKeys.jump) },
    socketPath: REMOTE_SOCKET,
    rootlessUser: user,
    keys: state.keys,
    passphrase: KEY_PASSPHRASE,
    /** known_hosts lines for both hosts (the target under both its addresses). */
    knownHosts: () =>
      [
        `${p.target.address} ${pubLine(state.hostKeys.target)}`,
        `${p.between.targetAddr} ${pubLine(state.hostKeys.target)}`,
        `[${p.jump.address}]:2222 ${pubLine(state.hostKeys.jump)}`,
      ].join('\n') + '\n',
    podman: runner(state),
    /** The pid of the target's `podman system service` (its CPU time is in /proc/PID/stat). */
    servicePid: () => {
      const pids = [state.service.pid, ...descendants(state.service.pid)];
      const pid = pids.find((p) => {
        try {
          return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'podman';
        } catch {
          return false;
        }
      });
      if (!pid) throw new Error('the remote podman service has no process');
      return pid;
    },
    /** Whether the remote socket is visible from here (it must not be). */
    socketVisibleHere: () => {
      try {
        return execFileSync('test', ['-S', REMOTE_SOCKET]) !== undefined;
      } catch {
        return false;
      }
    },
    /** Kills the target's sshd and every session it forked (the open connections drop). */
    killSshd: async () => {
      const sessions = descendants(state.sshd.pid);
      killGroup(state.sshd);
      for (const pid of sessions) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      await exited(state.sshd, 5000);
    },
    startSshd: () => startTargetSshd(state),
    /** The calls of the target's recording systemctl so far. */
    systemctlCalls: () => readSystemctlCalls(state.systemctlCalls),
    /** A file of the target's own mount namespace (its /run, /etc/containers/systemd), or undefined. */
    readTargetFile: (file) => {
      try {
        return execFileSync('nsenter', ['-t', String(state.anchor.pid), '-m', '--', 'cat', '--', file], {
          stdio: ['ignore', 'pipe', 'ignore'],
        });
      } catch {
        return undefined;
      }
    },
    /** Stops only the remote API service (the store, its containers and sshd stay). */
    stopService: async () => {
      state.procs = state.procs.filter((c) => c !== state.service);
      killGroup(state.service, 'SIGTERM');
      await exited(state.service, 5000);
      killGroup(state.service);
      execFileSync('nsenter', ['-t', String(state.anchor.pid), '-m', '--', 'rm', '-f', REMOTE_SOCKET]);
    },
    /** Starts the remote API service again on the same store and socket. */
    startService: () => startService(state),
    /** Cuts and restores the target's link (the veth's end on this side). */
    linkDown: () => ip(['link', 'set', p.target.outer, 'down']),
    linkUp: () => ip(['link', 'set', p.target.outer, 'up']),
    stop: async () => {
      release();
      await stopAll(state);
    },
  };
}

async function stopAll(state) {
  if (state.anchor && state.service?.exitCode === null) {
    const run = runner(state);
    await run(['rm', '--all', '--force', '--time', '0'], { timeoutMs: 60_000 }).catch(() => {});
    await run(['pod', 'rm', '--all', '--force'], { timeoutMs: 60_000 }).catch(() => {});
  }
  for (const child of state.procs) killGroup(child, 'SIGTERM');
  await Promise.all(state.procs.map((c) => exited(c, 5000)));
  cleanupSync(state);
}

/** Synchronous: kills what is left, removes the namespaces (their links go with them) and the directory. */
function cleanupSync(state) {
  for (const child of [...state.procs, state.anchor]) killGroup(child);
  killLeftovers(state.dir);
  for (const ns of [state.p.target.ns, state.p.jump.ns]) {
    try {
      execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    } catch {
      /* not made */
    }
  }
  rmSync(state.dir, { recursive: true, force: true });
  if (state.madeQuadletDir) {
    state.madeQuadletDir = false;
    try {
      rmdirSync(SYSTEM_QUADLET_DIR);
    } catch {
      /* something else was put there meanwhile */
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] !== 'start') {
    console.error('usage: node scripts/ssh-host-sandbox.mjs start');
    process.exit(2);
  }
  const hosts = await startSshHosts();
  console.log(JSON.stringify({ dir: hosts.dir, target: hosts.target, jump: hosts.jump, keys: hosts.keys }, null, 2));
  const end = async () => {
    await hosts.stop();
    process.exit(0);
  };
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
  setInterval(() => {}, 1 << 30);
}
