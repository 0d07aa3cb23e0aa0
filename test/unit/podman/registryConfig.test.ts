// Registry credentials and settings as Podman keeps them (src/podman/registryConfig.ts): the
// X-Registry-Auth header, the auth files in Podman's order, login edits, registries.conf.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type ConfigFiles,
  authFilePaths,
  authFileToWrite,
  editAuthFile,
  isInsecure,
  parseRegistriesConf,
  readLogins,
  readStoredCredentials,
  registryAuthHeader,
  writeLogin,
} from '../../../src/podman/registryConfig';

function memoryFiles(
  initial: Record<string, string> = {},
): ConfigFiles & { files: Map<string, { text: string; mode: number }> } {
  const files = new Map(Object.entries(initial).map(([k, text]) => [k, { text, mode: 0o644 }]));
  return {
    files,
    read: async (p) => files.get(p)?.text,
    write: async (p, text, mode) => void files.set(p, { text, mode }),
  };
}
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('registry configuration', () => {
  it('encodes X-Registry-Auth as base64url JSON with padding', () => {
    const c = { username: 'u>?', password: 'p~~~?', serveraddress: 'r:1' };
    const header = registryAuthHeader(c);
    assert.doesNotMatch(header, /[+/]/);
    const back = JSON.parse(Buffer.from(header.replaceAll('-', '+').replaceAll('_', '/'), 'base64').toString());
    assert.deepEqual(back, c);
    assert.equal(header.length % 4, 0, 'padded, as Go URLEncoding wants');
  });

  it('reads the auth files in Podman order and honours REGISTRY_AUTH_FILE and XDG_RUNTIME_DIR', () => {
    assert.deepEqual(authFilePaths({ REGISTRY_AUTH_FILE: '/a.json', XDG_RUNTIME_DIR: '/run/user/1' }, '/h'), [
      '/a.json',
      '/run/user/1/containers/auth.json',
      '/h/.config/containers/auth.json',
      '/h/.docker/config.json',
    ]);
    assert.deepEqual(authFilePaths({}, '/h'), ['/h/.config/containers/auth.json', '/h/.docker/config.json']);
    assert.equal(authFileToWrite({ XDG_RUNTIME_DIR: '/x' }, '/h'), '/x/containers/auth.json');
    assert.equal(authFileToWrite({ REGISTRY_AUTH_FILE: '/f' }, '/h'), '/f');
    assert.equal(authFileToWrite({}, '/h'), '/h/.config/containers/auth.json');
  });

  it('lists logins without passwords, the first file winning, Docker Hub keys normalised', async () => {
    const env = { XDG_RUNTIME_DIR: '/x', HOME: '/h' };
    const files = memoryFiles({
      '/x/containers/auth.json': JSON.stringify({ auths: { 'quay.io': { auth: b64('me:secret') } } }),
      [`${process.env.HOME ?? '/root'}/.docker/config.json`]: JSON.stringify({
        auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pw') }, 'quay.io': { auth: b64('other:x') } },
      }),
    });
    const logins = await readLogins(files, env);
    assert.deepEqual(
      logins.map((l) => [l.registry, l.username, l.file]),
      [
        ['quay.io', 'me', '/x/containers/auth.json'],
        ['docker.io', 'hub', `${process.env.HOME ?? '/root'}/.docker/config.json`],
      ],
    );
    assert.ok(!JSON.stringify(logins).includes('secret'), 'no password in the list');
    assert.deepEqual(await readStoredCredentials('quay.io', files, env), {
      username: 'me',
      password: 'secret',
      serveraddress: 'quay.io',
    });
    assert.equal(await readStoredCredentials('ghcr.io', files, env), undefined);
  });

  it('writes and removes a login like podman login/logout, keeping the rest, mode 0600', async () => {
    const files = memoryFiles({
      '/x/containers/auth.json': JSON.stringify({ auths: { 'a.io': { auth: b64('a:b') } }, other: 1 }),
    });
    const env = { XDG_RUNTIME_DIR: '/x' };
    await writeLogin('r:5000', { username: 'u', password: 'p:w', serveraddress: 'r:5000' }, files, env);
    const written = files.files.get('/x/containers/auth.json');
    assert.equal(written?.mode, 0o600);
    const json = JSON.parse(written?.text ?? '');
    assert.deepEqual(json.auths['r:5000'], { auth: b64('u:p:w') });
    assert.ok(json.auths['a.io'] && json.other === 1);
    await writeLogin('r:5000', undefined, files, env);
    assert.deepEqual(Object.keys(JSON.parse(files.files.get('/x/containers/auth.json')?.text ?? '').auths), ['a.io']);
    assert.throws(() => editAuthFile('[1]', 'r'), /not a JSON object/);
  });

  it('reads unqualified-search and insecure registries from registries.conf (v2 and v1), with CRLF', () => {
    const text = [
      '# comment',
      'unqualified-search-registries = ["registry.fedoraproject.org",',
      '  "quay.io"]  # trailing',
      '',
      '[[registry]]',
      'location = "127.0.0.1:5000"',
      'insecure = true',
      '',
      '[[registry]]',
      'prefix = "example.com/foo"',
      'location = "mirror.example.com"',
      'blocked = true',
      '',
      '[registries.insecure]',
      "registries = ['old.example:5000']",
    ].join('\r\n');
    const conf = parseRegistriesConf(text);
    assert.deepEqual(conf.unqualifiedSearch, ['registry.fedoraproject.org', 'quay.io']);
    assert.deepEqual(conf.insecure, ['127.0.0.1:5000', 'old.example:5000']);
    assert.deepEqual(conf.blocked, ['mirror.example.com']);
    assert.ok(isInsecure(conf, '127.0.0.1:5000'));
    assert.ok(!isInsecure(conf, '127.0.0.1:5001'));
    assert.deepEqual(parseRegistriesConf('[registries.search]\nregistries = ["docker.io"]\n').unqualifiedSearch, [
      'docker.io',
    ]);
  });
});
