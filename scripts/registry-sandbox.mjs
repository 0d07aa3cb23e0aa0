// A real image registry on loopback for the tests and the benchmarks: Debian's `docker-registry`
// (the CNCF Distribution registry) run as a plain process, either with TLS (a test CA made here
// with openssl) and htpasswd basic auth (bcrypt cost 4, the minimum: the registry checks the
// password on every request), or plain HTTP marked insecure in a private Podman's
// registries.conf (the sandbox's CONTAINERS_REGISTRIES_CONF, written by podman-sandbox-core.mjs).
// Podman trusts a CA only from <root>/etc/containers/certs.d/HOST:PORT/ca.crt: the entry uses
// this registry's own loopback port and is removed by stop(), like everything else it made.
// The shape: registry-sandbox.d.mts. Tools run with argument arrays, never a shell.
//
//   node scripts/registry-sandbox.mjs start [--http]     serve until SIGINT/SIGTERM
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import http from 'node:http';
import https from 'node:https';
import { startTokenServer } from './registry-token-server.mjs';

/**
 * Plain-HTTP registries listen on this loopback address, which every sandbox's registries.conf
 * marks insecure from its start (podman-sandbox-core.mjs): a Podman service reads registries.conf
 * once and caches it, so a mark added later would not reach a service that already pulled.
 */
export const PLAIN_ADDRESS = '127.0.0.2';

/** A free loopback TCP port (closed again before it is returned). */
export function freePort(address = '127.0.0.1') {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** A test CA and a server certificate for `address` and localhost (EC keys: quick to make). */
function makeCertificates(dir, address) {
  const run = (args) => execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(
    ['req', '-x509', ...ec, '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt')].concat([
      '-days',
      '2',
      '-subj',
      '/CN=Podman Workbench test CA',
    ]),
  );
  run(['req', ...ec, '-keyout', join(dir, 'server.key'), '-out', join(dir, 'server.csr'), '-subj', `/CN=${address}`]);
  writeFileSync(join(dir, 'san.ext'), `subjectAltName=IP:${address},DNS:localhost\n`);
  run([
    'x509',
    '-req',
    '-in',
    join(dir, 'server.csr'),
    '-CA',
    join(dir, 'ca.crt'),
    '-CAkey',
    join(dir, 'ca.key'),
    '-CAcreateserial',
    '-out',
    join(dir, 'server.crt'),
    '-days',
    '2',
    '-extfile',
    join(dir, 'san.ext'),
  ]);
}

/** The registry's `auth:` lines: htpasswd, token (with the token server's realm), or none. */
function authLines(dir, withAuth, token) {
  if (token) {
    return ['auth:', '  token:', `    realm: ${token.realm}`, `    service: ${token.service}`].concat([
      `    issuer: ${token.issuer}`,
      `    rootcertbundle: ${token.rootCertBundle}`,
    ]);
  }
  return withAuth ? ['auth:', '  htpasswd:', '    realm: pw-test', `    path: ${join(dir, 'htpasswd')}`] : [];
}

function writeRegistryConfig(dir, address, port, tls, auth, storage) {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storage}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${address}:${port}`,
    '  secret: podman-workbench-test',
  ];
  if (tls) lines.push('  tls:', `    certificate: ${join(dir, 'server.crt')}`, `    key: ${join(dir, 'server.key')}`);
  lines.push(...auth);
  writeFileSync(join(dir, 'config.yml'), `${lines.join('\n')}\n`);
}

/** Resolves once GET /v2/ answers at all (401 with auth, 200 without). */
async function waitReady(url, ca, child, timeoutMs = 15_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with code ${child.exitCode}`);
    const ok = await new Promise((res) => {
      const lib = url.startsWith('https:') ? https : http;
      const req = lib.get(`${url}/v2/`, { ca, timeout: 1000 }, (r) => {
        r.resume();
        res(true);
      });
      req.on('error', () => res(false));
      req.on('timeout', () => req.destroy());
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`docker-registry did not answer on ${url} within ${timeoutMs} ms`);
}

/** Removes a directory this sandbox created, unless something else was put in it meanwhile. */
function rmdirIfEmpty(dir) {
  try {
    rmdirSync(dir);
  } catch {
    /* not empty, or gone */
  }
}

const INSECURE_MARK = '# podman-workbench registry-sandbox';

/** The [[registry]] block that marks `host` insecure, tagged so that it can be removed again. */
function insecureBlock(host) {
  return `\n${INSECURE_MARK} ${host}\n[[registry]]\nlocation = "${host}"\ninsecure = true\n${INSECURE_MARK} end ${host}\n`;
}

function removeInsecureBlock(file, host) {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`\n${INSECURE_MARK} ${host}\n`);
  const endMark = `${INSECURE_MARK} end ${host}\n`;
  const end = text.indexOf(endMark);
  if (start < 0 || end < 0) return;
  writeFileSync(file, text.slice(0, start) + text.slice(end + endMark.length));
}

/** The token server's settings: its port, names and the TLS certificate of the registry. */
function tokenNames(dir) {
  return freePort().then((port) => ({
    port,
    service: 'pw-test-registry',
    issuer: 'pw-test-token-issuer',
    tlsKey: join(dir, 'server.key'),
    tlsCert: join(dir, 'server.crt'),
  }));
}

/**
 * Starts a registry. Options: `tls` (default true), `user`/`password` (htpasswd basic auth; default
 * on with TLS, off without), `podman`: the Podman sandboxes ({ dir, rootfs? }) that must reach it
 * (their certs.d gets the CA, or their registries.conf the insecure mark), `dir` (default a fresh
 * one), `storage` (default DIR/storage: another registry's serves the same repositories), `token`
 * (bearer-token auth through a token server of registry-token-server.mjs instead of htpasswd;
 * `tokenExpiresIn` its tokens' lifetime in seconds).
 * Returns the shape of registry-sandbox.d.mts.
 */
export async function startRegistry(opts = {}) {
  const tls = opts.tls ?? true;
  const withAuth = opts.user !== undefined || (tls && opts.auth !== false);
  const user = withAuth ? (opts.user ?? 'pwtest') : undefined;
  const password = withAuth ? (opts.password ?? `pw-${Math.random().toString(36).slice(2, 12)}`) : undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'pw-registry-'));
  // Another address for a Podman host that is not this machine (the SSH test host reaches this one there).
  const address = opts.address ?? (tls ? '127.0.0.1' : PLAIN_ADDRESS);
  const port = opts.port ?? (await freePort(address));
  const host = `${address}:${port}`;
  const url = `${tls ? 'https' : 'http'}://${host}`;
  const storage = opts.storage ?? join(dir, 'storage');
  mkdirSync(storage, { recursive: true });
  if (tls) makeCertificates(dir, address);
  const token =
    opts.token && tls
      ? await startTokenServer({ dir, user, password, ...(await tokenNames(dir)), expiresIn: opts.tokenExpiresIn })
      : undefined;
  if (withAuth && !token) {
    writeFileSync(join(dir, 'htpasswd'), execFileSync('htpasswd', ['-Bbn', '-C', '4', user, password]));
  }
  writeRegistryConfig(dir, address, port, tls, authLines(dir, withAuth, token), storage);
  const ca = tls ? readFileSync(join(dir, 'ca.crt'), 'utf8') : undefined;
  const made = []; // certs.d directories and registries.conf files to undo
  const undo = () => {
    for (const m of made.splice(0)) {
      if (m.certsDir) rmSync(m.certsDir, { recursive: true, force: true });
      if (m.createdParent) rmdirIfEmpty(m.createdParent);
      if (m.registriesConf) removeInsecureBlock(m.registriesConf, host);
    }
  };
  const trust = (podman) => {
    if (tls) {
      for (const root of new Set(['/', podman?.rootfs ?? '/'])) {
        const parent = join(root, 'etc/containers/certs.d');
        const createdParent = existsSync(parent) ? undefined : parent;
        const certsDir = join(parent, host);
        mkdirSync(certsDir, { recursive: true });
        writeFileSync(join(certsDir, 'ca.crt'), ca);
        made.push({ certsDir, createdParent });
      }
    } else if (podman?.dir) {
      const registriesConf = join(podman.dir, 'registries.conf');
      writeFileSync(
        registriesConf,
        (existsSync(registriesConf) ? readFileSync(registriesConf, 'utf8') : '') + insecureBlock(host),
      );
      made.push({ registriesConf });
    }
  };
  for (const p of opts.podman ?? [undefined]) trust(p);

  let child;
  const startServer = async () => {
    if (child && child.exitCode === null && child.signalCode === null) return;
    const log = openSync(join(dir, 'registry.log'), 'a');
    child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
      stdio: ['ignore', log, log],
      detached: true,
    });
    child.unref();
    await waitReady(url, ca, child);
  };
  const stopServer = async () => {
    const stopping = child;
    child = undefined;
    if (!stopping || stopping.exitCode !== null) return;
    try {
      process.kill(-stopping.pid, 'SIGKILL');
    } catch {
      return;
    }
    // Polled: the child is unref'd, so waiting on its 'exit' event alone would not keep Node alive.
    while (stopping.exitCode === null && stopping.signalCode === null) await new Promise((r) => setTimeout(r, 20));
  };
  const onExit = () => {
    try {
      if (child) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    undo();
    if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  try {
    await startServer();
  } catch (e) {
    process.off('exit', onExit);
    onExit();
    await token?.close();
    throw e;
  }
  return {
    host,
    url,
    dir,
    storage,
    tls,
    user,
    password,
    ca,
    caPath: tls ? join(dir, 'ca.crt') : undefined,
    token: token && { realm: token.realm, service: token.service, requests: token.requests },
    get pid() {
      return child?.pid ?? 0;
    },
    trust,
    startServer,
    stopServer,
    async stop() {
      process.off('exit', onExit);
      await stopServer();
      await token?.close();
      onExit();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (cmd !== 'start') {
    console.error('usage: node scripts/registry-sandbox.mjs start [--http]');
    process.exit(2);
  }
  const reg = await startRegistry({ tls: !process.argv.includes('--http') });
  console.log(JSON.stringify({ host: reg.host, url: reg.url, user: reg.user, password: reg.password, ca: reg.caPath }));
  const end = async () => {
    await reg.stop();
    process.exit(0);
  };
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
  setInterval(() => {}, 1 << 30);
}
