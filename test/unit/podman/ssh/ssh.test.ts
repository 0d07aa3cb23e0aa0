// Pure parts of the SSH transport, table-driven: quoting for the remote shell (checked by a real
// /bin/sh), known_hosts matching (plain, hashed, [host]:port, negation, @revoked, changed),
// ~/.ssh/config resolution (aliases, IdentityFile tokens, ProxyJump, unknown directives).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { shellCommand, shellQuote } from '../../../../src/podman/ssh/quote';
import { addHostKey, checkHostKey, fingerprint, hostFieldMatches } from '../../../../src/podman/ssh/knownHosts';
import { resolveHost, unknownDirectives, type SshEnvironment } from '../../../../src/podman/ssh/config';
import { parseRemoteInfo } from '../../../../src/podman/ssh/remoteSocket';

describe('shellQuote', () => {
  const cases = [
    'plain',
    "it's",
    '"dq"',
    '$(id)',
    '`id`',
    'a;b|c&d',
    '*',
    '~',
    'x\ny',
    '$HOME',
    '\\',
    '',
    ' sp ',
    "''",
    '-rf',
    'ünï',
  ];
  it('round-trips every argument through a real sh', () => {
    const out = execFileSync('sh', ['-c', shellCommand(['printf', '%s\\0', ...cases])], { encoding: 'utf8' });
    assert.deepEqual(out.split('\0').slice(0, -1), cases);
  });
  it('leaves safe words bare and refuses NUL and empty commands', () => {
    assert.equal(shellQuote('/run/podman/podman.sock'), '/run/podman/podman.sock');
    assert.equal(shellQuote("a'b"), `'a'\\''b'`);
    assert.throws(() => shellQuote('a\0b'), /NUL/);
    assert.throws(() => shellCommand([]), /empty/);
  });
});

describe('known_hosts', () => {
  const blob = Buffer.concat([
    Buffer.from([0, 0, 0, 11]),
    Buffer.from('ssh-ed25519'),
    Buffer.from([0, 0, 0, 4, 1, 2, 3, 4]),
  ]);
  const other = Buffer.concat([
    Buffer.from([0, 0, 0, 11]),
    Buffer.from('ssh-ed25519'),
    Buffer.from([0, 0, 0, 4, 9, 9, 9, 9]),
  ]);
  const hashed = (name: string) => {
    const salt = Buffer.alloc(20, 7);
    return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
  };
  const table: [string, string, boolean][] = [
    ['example.org', 'example.org', true],
    ['EXAMPLE.org', 'example.org', true],
    ['*.org', 'example.org', true],
    ['*.org,!example.org', 'example.org', false],
    ['[example.org]:2222', '[example.org]:2222', true],
    ['example.org', '[example.org]:2222', false],
    [hashed('[10.0.0.2]:2222'), '[10.0.0.2]:2222', true],
    [hashed('10.0.0.2'), '[10.0.0.2]:2222', false],
  ];
  for (const [field, name, want] of table) {
    it(`${field.slice(0, 30)} ${want ? 'names' : 'does not name'} ${name}`, () =>
      assert.equal(hostFieldMatches(field, name), want));
  }
  it('known, changed (with file:line), revoked, unknown; a recorded key is found again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-kh-'));
    const file = join(dir, 'known_hosts');
    const b64 = blob.toString('base64');
    writeFileSync(
      file,
      `# c\nh1 ssh-ed25519 ${b64}\nh2 ssh-ed25519 ${other.toString('base64')}\n@revoked h3 ssh-ed25519 ${b64}`,
    );
    assert.deepEqual(checkHostKey([file], 'h1', 22, blob), { state: 'known' });
    assert.deepEqual(checkHostKey([file], 'h2', 22, blob), {
      state: 'changed',
      file,
      line: 3,
      knownType: 'ssh-ed25519',
    });
    assert.deepEqual(checkHostKey([file], 'h3', 22, blob), { state: 'revoked', file, line: 4 });
    assert.deepEqual(checkHostKey([file, join(dir, 'absent')], 'h4', 2222, blob), { state: 'unknown' });
    addHostKey(file, 'h4', 2222, blob);
    assert.deepEqual(checkHostKey([file], 'h4', 2222, blob), { state: 'known' });
    assert.match(readFileSync(file, 'utf8'), /\n\|1\|[^\n]+ ssh-ed25519 [^\n]+\n$/, 'appended on a line of its own');
    assert.match(fingerprint(blob), /^SHA256:[A-Za-z0-9+/]+$/);
    rmSync(dir, { recursive: true });
  });
});

describe('ssh config', () => {
  const env = (config: string): SshEnvironment & { dir: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-sshcfg-'));
    writeFileSync(join(dir, 'config'), config);
    return { dir, home: '/home/me', configFile: join(dir, 'config'), knownHostsFiles: [], localUser: 'me' };
  };
  it('resolves an alias: HostName, User, Port, IdentityFile with tokens, IdentitiesOnly, ProxyJump chain', () => {
    const e = env(
      'Host box\n  HostName 10.1.2.3\n  User ops\n  Port 2200\n  IdentityFile ~/.ssh/%r@%h\n  IdentitiesOnly yes\n  ProxyJump j1,me@j2:2022\nHost j1\n  HostName jump.example\n',
    );
    const h = resolveHost({ host: 'box' }, e);
    assert.deepEqual(
      { hostName: h.hostName, user: h.user, port: h.port, ids: h.identityFiles, only: h.identitiesOnly },
      { hostName: '10.1.2.3', user: 'ops', port: 2200, ids: ['/home/me/.ssh/ops@10.1.2.3'], only: true },
    );
    assert.deepEqual(
      h.jumps.map((j) => [j.hostName, j.user, j.port]),
      [
        ['jump.example', 'me', 22],
        ['j2', 'me', 2022],
      ],
    );
    rmSync(e.dir, { recursive: true });
  });
  it('the connection overrides the config; defaults without a config; a bad port is refused', () => {
    const e = env('');
    const h = resolveHost({ host: 'plain', user: 'u', port: 2022, identityFiles: ['/k'] }, e);
    assert.deepEqual([h.hostName, h.user, h.port, h.identityFiles, h.jumps], ['plain', 'u', 2022, ['/k'], []]);
    assert.ok(resolveHost({ host: 'plain' }, e).identityFiles.includes('/home/me/.ssh/id_ed25519'));
    assert.throws(() => resolveHost({ host: 'x', port: 70000 }, e), /not a TCP port/);
    rmSync(e.dir, { recursive: true });
  });
  it('names unknown directives unless IgnoreUnknown lists them', () => {
    assert.deepEqual(unknownDirectives('Host a\n  Frob yes\n  HostName b\n'), ['Frob']);
    assert.deepEqual(unknownDirectives('IgnoreUnknown Frob*\nHost a\n  Frobnicate yes\n'), []);
  });
  it('resolves a config with unknown directives, warning once (not per jump) with the fix', () => {
    const e = env('Host a\n  Frob yes\n  HostName b\n  ProxyJump j\nHost j\n  Frob no\n  Zap 1\n');
    const h = resolveHost({ host: 'a' }, e);
    assert.deepEqual([h.hostName, h.jumps[0].hostName, h.jumps[0].warnings], ['b', 'j', []]);
    assert.equal(h.warnings.length, 1);
    assert.match(h.warnings[0], /unknown directives "Frob", "Zap" ignored/);
    assert.match(h.warnings[0], /IgnoreUnknown Frob,Zap/);
    const ignored = env('IgnoreUnknown Frob\nHost a\n  Frob 1\n');
    assert.deepEqual(resolveHost({ host: 'a' }, ignored).warnings, []);
    rmSync(e.dir, { recursive: true });
    rmSync(ignored.dir, { recursive: true });
  });
});

describe('remote podman info', () => {
  it('reads the socket of podman info (rootless and rootful), rejects what is not it', () => {
    const info = (path: string, exists: boolean, rootless: boolean) =>
      JSON.stringify({ host: { remoteSocket: { path, exists }, security: { rootless } } });
    assert.deepEqual(parseRemoteInfo(info('unix:///run/user/1000/podman/podman.sock', false, true)), {
      path: '/run/user/1000/podman/podman.sock',
      exists: false,
      rootless: true,
    });
    assert.deepEqual(parseRemoteInfo(info('/run/podman/podman.sock', true, false))?.path, '/run/podman/podman.sock');
    assert.equal(parseRemoteInfo('not json'), undefined);
    assert.equal(parseRemoteInfo('{}'), undefined);
  });
});
