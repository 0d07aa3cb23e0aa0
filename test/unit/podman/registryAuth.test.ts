// Registry auth (src/podman/registryAuth.ts) over a recorded sender: the scheme learnt once for
// concurrent requests, Basic sent ahead, one bearer token per scope shared and reused, a refused
// token asked again, a failed token server answered by "no retry". The real token flow against the
// registry is in test/integration/registry/token.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type Answer, RegistryAuth, parseChallenge, scopeOf } from '../../../src/podman/registryAuth';

const CREDS = { username: 'u', password: 'p', serveraddress: 'r.io' };
const BASIC = `Basic ${Buffer.from('u:p').toString('base64')}`;
const answer = (status: number, headers: Record<string, string> = {}, body = ''): Answer => ({
  status,
  headers,
  body: Buffer.from(body),
});

describe('registry auth', () => {
  it('parses challenges and the scope a path needs', () => {
    assert.deepEqual(parseChallenge('Bearer realm="https://t/token",service="reg",scope="repository:a/b:pull"'), {
      scheme: 'bearer',
      params: { realm: 'https://t/token', service: 'reg', scope: 'repository:a/b:pull' },
    });
    assert.deepEqual(parseChallenge('Basic realm="x"'), { scheme: 'basic', params: { realm: 'x' } });
    assert.equal(parseChallenge(undefined), undefined);
    assert.equal(scopeOf('/v2/_catalog?n=1000'), 'registry:catalog:*');
    assert.equal(scopeOf('/v2/a/b/manifests/1'), 'repository:a/b:pull');
    assert.equal(scopeOf('/v2/a/tags/list?n=1000&last=x'), 'repository:a:pull');
    assert.equal(scopeOf('https://r.io/v2/a/blobs/sha256:x'), 'repository:a:pull');
    assert.equal(scopeOf('/v2/'), undefined);
  });

  it('learns Basic once for concurrent requests and sends it ahead', async () => {
    const sent: string[] = [];
    const auth = new RegistryAuth(CREDS, async (method, path) => {
      sent.push(`${method} ${path}`);
      await new Promise((r) => setTimeout(r, 5));
      return answer(401, { 'www-authenticate': 'Basic realm="r"' });
    });
    const headers = await Promise.all(['/v2/a/manifests/1', '/v2/b/manifests/1'].map((p) => auth.header(p)));
    assert.deepEqual(headers, [BASIC, BASIC]);
    assert.deepEqual(sent, ['GET /v2/'], 'one probe');
    assert.equal(await auth.refused('/v2/a/manifests/1', BASIC, 'Basic realm="r"'), undefined, 'refused: no retry');
  });

  it('asks one bearer token per scope, shares it, and asks again when it is refused', async () => {
    const asked: string[] = [];
    let n = 0;
    const auth = new RegistryAuth(CREDS, async (_method, path, headers) => {
      if (path === '/v2/') return answer(401, { 'www-authenticate': 'Bearer realm="https://t/token",service="reg"' });
      asked.push(`${new URL(path).searchParams.get('scope')} ${headers.Authorization === BASIC}`);
      return answer(200, {}, JSON.stringify({ token: `t${++n}`, expires_in: 300 }));
    });
    const first = await Promise.all([auth.header('/v2/a/tags/list'), auth.header('/v2/a/manifests/1')]);
    assert.deepEqual(first, ['Bearer t1', 'Bearer t1']);
    assert.equal(await auth.header('/v2/b/manifests/1'), 'Bearer t2');
    assert.equal(await auth.header('/v2/a/manifests/2'), 'Bearer t1', 'reused');
    const challenge = 'Bearer realm="https://t/token",service="reg",scope="repository:a:pull"';
    assert.equal(await auth.refused('/v2/a/manifests/1', 'Bearer t1', challenge), 'Bearer t3');
    assert.deepEqual(asked, ['repository:a:pull true', 'repository:b:pull true', 'repository:a:pull true']);
    assert.equal(auth.tokenRequests, 3);
  });

  it('gives no retry when the token server refuses the credentials', async () => {
    const auth = new RegistryAuth(CREDS, async (_m, path) =>
      path === '/v2/' ? answer(200) : answer(401, {}, '{"errors":[]}'),
    );
    const challenge = 'Bearer realm="https://t/token",service="reg",scope="repository:a:pull"';
    assert.equal(await auth.header('/v2/a/manifests/1'), undefined, 'no auth asked by /v2/');
    assert.equal(await auth.refused('/v2/a/manifests/1', undefined, challenge), undefined);
  });
});
