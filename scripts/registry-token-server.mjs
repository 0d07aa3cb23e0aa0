// A real token server for the registry sandbox (the Docker/Distribution token authentication
// specification): GET /token?service=…&scope=…[&account=…] with Basic credentials answers a JWT
// signed ES256 with a test key whose self-signed certificate the registry trusts
// (`auth.token.rootcertbundle`) and names in the token's `x5c` header; a wrong password gets 401.
// Every request is recorded (scopes asked, status) so that tests can see what a client asked and
// how often. HTTPS with the registry's own server certificate: Podman and our client trust it
// through the registry's CA. No shell: openssl runs with argument arrays.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';

/** The signing key and its self-signed certificate (the registry's rootcertbundle). */
function makeSigningKey(dir) {
  const key = join(dir, 'token.key');
  const cert = join(dir, 'token.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
    ].concat(['-days', '2', '-subj', '/CN=Podman Workbench test token issuer']),
    { stdio: 'ignore' },
  );
  return { key: createPrivateKey(readFileSync(key)), cert, der: new X509Certificate(readFileSync(cert)).raw };
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** `repository:name:pull,push` → { type, name, actions } (the name may hold colons: host:port/x). */
function parseScope(scope) {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last <= first) return undefined;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',') };
}

function credentialsOf(req) {
  const m = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Starts the token server on 127.0.0.1:`port`. Options: dir (for the signing key), tlsKey/tlsCert
 * (PEM paths), user, password, service, issuer, expiresIn (seconds, default 300).
 * Returns { realm, service, issuer, rootCertBundle, requests, close() }.
 */
export async function startTokenServer(o) {
  const signing = makeSigningKey(o.dir);
  const expiresIn = o.expiresIn ?? 300;
  const requests = [];
  const jwt = (subject, access) => {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', x5c: [signing.der.toString('base64')] };
    const claims = { iss: o.issuer, sub: subject, aud: o.service, exp: now + expiresIn, nbf: now - 10, iat: now };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify({ ...claims, jti: randomBytes(8).toString('hex'), access }))}`;
    const signature = sign('sha256', Buffer.from(input), { key: signing.key, dsaEncoding: 'ieee-p1363' });
    return `${input}.${b64url(signature)}`;
  };
  const server = https.createServer({ key: readFileSync(o.tlsKey), cert: readFileSync(o.tlsCert) }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://token');
    const scopes = url.searchParams
      .getAll('scope')
      .flatMap((s) => s.split(' '))
      .filter(Boolean);
    const given = credentialsOf(req);
    const ok = url.pathname === '/token' && given?.user === o.user && given?.password === o.password;
    requests.push({ scopes, service: url.searchParams.get('service'), user: given?.user, status: ok ? 200 : 401 });
    if (!ok) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'wrong user name or password' }] }));
      return;
    }
    const access = scopes.map(parseScope).filter(Boolean);
    const token = jwt(given.user, access);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: expiresIn, issued_at: new Date().toISOString() }));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', resolve);
  });
  return {
    realm: `https://127.0.0.1:${o.port}/token`,
    service: o.service,
    issuer: o.issuer,
    rootCertBundle: signing.cert,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
