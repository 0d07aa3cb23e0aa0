// Bearer-token auth of our Distribution client against the real registry configured for token
// auth (`auth.token`: realm, service, issuer, rootcertbundle) and a real token server that signs
// JWTs with a key whose certificate the registry trusts (scripts/registry-token-server.mjs). The
// registry serves the repositories of an htpasswd registry's storage, filled by the real registry
// API (a blob and a manifest put there), so no Podman is needed: the flow under test is ours.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as https from 'node:https';
import { after, before, describe, it } from 'node:test';
import { DistributionClient } from '../../../src/podman/distribution';
import { RegistryError } from '../../../src/podman/registryErrors';
import type { RegistrySandbox } from '../../../scripts/registry-sandbox.mjs' with { 'resolution-mode': 'import' };

type RegistryModule = typeof import('../../../scripts/registry-sandbox.mjs', { with: { 'resolution-mode': 'import' } });

/** One request to the htpasswd registry (the set-up: not the client under test). */
function call(reg: RegistrySandbox, method: string, path: string, body?: Buffer, type?: string) {
  const auth = `Basic ${Buffer.from(`${reg.user}:${reg.password}`).toString('base64')}`;
  return new Promise<{ status: number; location?: string }>((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: auth };
    if (type) headers['Content-Type'] = type;
    const url = path.startsWith('https:') ? path : `${reg.url}${path}`;
    const req = https.request(url, { method, ca: reg.ca, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Puts an image of one empty config blob under `repo:tag` through the registry API. */
async function putImage(reg: RegistrySandbox, repo: string, tag: string): Promise<void> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', created: new Date().toISOString() }));
  const digest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
  const upload = await call(reg, 'POST', `/v2/${repo}/blobs/uploads/`);
  const sep = upload.location?.includes('?') ? '&' : '?';
  const put = await call(reg, 'PUT', `${upload.location}${sep}digest=${digest}`, config, 'application/octet-stream');
  assert.equal(put.status, 201, 'blob stored');
  const type = 'application/vnd.oci.image.manifest.v1+json';
  const manifest = {
    schemaVersion: 2,
    mediaType: type,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest, size: config.length },
    layers: [],
  };
  const m = await call(reg, 'PUT', `/v2/${repo}/manifests/${tag}`, Buffer.from(JSON.stringify(manifest)), type);
  assert.equal(m.status, 201, 'manifest stored');
}

describe('registry bearer tokens', () => {
  let basic: RegistrySandbox;
  let token: RegistrySandbox;
  const clients: DistributionClient[] = [];
  const client = (password?: string): DistributionClient => {
    const c = new DistributionClient({
      registry: token.host,
      credentials: {
        username: token.user ?? '',
        password: password ?? token.password ?? '',
        serveraddress: token.host,
      },
      ca: [token.ca ?? ''],
    });
    clients.push(c);
    return c;
  };

  before(async () => {
    const m = (await import('../../../scripts/registry-sandbox.mjs' as string)) as RegistryModule;
    basic = await m.startRegistry({ podman: [] });
    token = await m.startRegistry({ podman: [], token: true, storage: basic.storage, user: 'tokenuser' });
    await putImage(basic, 'tok/one', '1');
    await putImage(basic, 'tok/one', '2');
    await putImage(basic, 'tok/two', '1');
  });
  after(async () => {
    for (const c of clients) c.dispose();
    await token?.stop();
    await basic?.stop();
  });

  it('answers the challenge with a token for the scope asked, then retries', async () => {
    const c = client();
    const seen = token.token?.requests.length ?? 0;
    assert.deepEqual((await c.tags('tok/one')).sort(), ['1', '2']);
    const asked = token.token?.requests.slice(seen) ?? [];
    assert.deepEqual(
      asked.map((r) => [r.scopes, r.service, r.user, r.status]),
      [[['repository:tok/one:pull'], 'pw-test-registry', 'tokenuser', 200]],
    );
    assert.equal(c.auth.tokenRequests, 1);
  });

  it('reuses a token for its scope, and asks one per other scope', async () => {
    const c = client();
    await c.tags('tok/one');
    const manifest = await c.manifest('tok/one', '1');
    assert.equal(await c.headDigest('tok/one', '1'), manifest.digest);
    await Promise.all(['1', '2', '1', '2'].map((t) => c.headDigest('tok/one', t)));
    assert.equal(c.auth.tokenRequests, 1, 'one token for tok/one, whatever the number of requests');
    await c.tags('tok/two');
    assert.ok((await c.catalog()).includes('tok/two'));
    assert.equal(c.auth.tokenRequests, 3, 'one more for tok/two, one for the catalog');
    const scopes = (token.token?.requests ?? []).slice(-2).map((r) => r.scopes[0]);
    assert.deepEqual(scopes, ['repository:tok/two:pull', 'registry:catalog:*']);
  });

  it('refuses a wrong password with a clear 401, and asks for no token again after it', async () => {
    const c = client('wrong');
    const seen = token.token?.requests.length ?? 0;
    await assert.rejects(
      c.tags('tok/one'),
      (e: RegistryError) =>
        e instanceof RegistryError &&
        e.registryKind === 'unauthorized' &&
        e.statusCode === 401 &&
        e.message.includes(token.host) &&
        /password is wrong/.test(e.fix ?? ''),
    );
    const asked = token.token?.requests.slice(seen) ?? [];
    assert.ok(
      asked.length >= 1 && asked.every((r) => r.status === 401 && r.user === 'tokenuser'),
      JSON.stringify(asked),
    );
  });

  it('asks again once a token has expired', async () => {
    const m = (await import('../../../scripts/registry-sandbox.mjs' as string)) as RegistryModule;
    const short = await m.startRegistry({ podman: [], token: true, storage: basic.storage, tokenExpiresIn: 2 });
    const c = new DistributionClient({
      registry: short.host,
      credentials: { username: short.user ?? '', password: short.password ?? '', serveraddress: short.host },
      ca: [short.ca ?? ''],
    });
    try {
      await c.tags('tok/one');
      await c.tags('tok/one');
      assert.equal(c.auth.tokenRequests, 1, 'still valid');
      await new Promise((r) => setTimeout(r, 2100));
      assert.deepEqual((await c.tags('tok/one')).sort(), ['1', '2']);
      assert.equal(c.auth.tokenRequests, 2, 'expired: asked again');
    } finally {
      c.dispose();
      await short.stop();
    }
  });
});
