// Secrets never reach a log, even at the most verbose level: an encrypted key's authentication
// (a wrong passphrase, then the right one; then a reconnection and an exec; then a failure after a
// wrong passphrase) against the real sshd with the link's trace AND ssh2's protocol trace on
// (what the extension turns on when its log is at Trace). Every line, and every error message and
// fix, is scanned for both passphrases and for the key material, encrypted and decrypted.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { utils } from 'ssh2';
import {
  remoteClient,
  scripted,
  sharedHosts,
  sshHome,
  sshUnavailable,
  stopSharedHosts,
  type SshHosts,
} from '../../harness/ssh';
import type { PodmanError } from '../../../src/podman/errors';

const WRONG = 'wrong-passphrase-7f3a9c';

/** The base64 lines of a PEM's body (each 64 characters of key material). */
const pemBody = (pem: string): string[] =>
  pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .filter((l) => l.length >= 16);

describe('ssh: secrets never reach a log, even at trace level', { skip: sshUnavailable() }, () => {
  let hosts: SshHosts;
  before(async () => void (hosts = await sharedHosts()));
  after(stopSharedHosts);

  it('an encrypted key authenticates with every trace on, and no line holds a passphrase or key material', async () => {
    const secrets = [hosts.passphrase, WRONG];
    const file = readFileSync(hosts.keys.encrypted, 'utf8');
    const parsed = utils.parseKey(file, hosts.passphrase);
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    assert.ok(!(key instanceof Error));
    const material = [...pemBody(file), ...pemBody(key.getPrivatePEM())];
    assert.ok(material.length >= 4, 'key material to look for');

    const lines: string[] = [];
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const trace = { log: (l: string) => lines.push(l), protocolLog: () => (l: string) => lines.push(l) };
    const target = { host: hosts.target.address, user: 'root', identityFiles: [hosts.keys.encrypted] };
    const ok = remoteClient(hosts, {
      target,
      env,
      interaction: scripted({ passphrases: [WRONG, hosts.passphrase] }),
      ...trace,
    });
    const failedMessages: string[] = [];
    try {
      await ok.client.ping();
      assert.equal((await ok.link.exec(['echo', 'hello'])).stdout, 'hello\n');
      const down = new Promise<void>((r) => ok.link.once('state', () => r()));
      ok.link.drop();
      await down; // a reconnection: the cached passphrase is used, and traced no more than the first
      await ok.client.ping();
      assert.equal(ok.link.connections, 2);

      const env2 = sshHome({ knownHosts: hosts.knownHosts() });
      const bad = remoteClient(hosts, {
        target,
        env: env2,
        interaction: scripted({ passphrases: [WRONG, WRONG, undefined] }),
        ...trace,
      });
      await assert.rejects(bad.client.ping(), (e: PodmanError) => {
        failedMessages.push(e.message, e.fix ?? '', String(e.stack));
        return e.kind === 'auth';
      });
      bad.client.dispose();
      env2.cleanup();
    } finally {
      ok.client.dispose();
      env.cleanup();
    }

    // The trace is the verbose one: the protocol's packets, the authentication among them.
    assert.ok(lines.length > 50, `${lines.length} trace lines`);
    assert.ok(
      lines.some((l) => /USERAUTH/.test(l)),
      'the authentication is traced',
    );
    for (const text of [...lines, ...failedMessages]) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `a passphrase in: ${text.slice(0, 200)}`);
      for (const m of material) assert.ok(!text.includes(m), `key material in: ${text.slice(0, 200)}`);
      assert.ok(!/PRIVATE KEY/.test(text), `a private key in: ${text.slice(0, 200)}`);
    }
  });
});
