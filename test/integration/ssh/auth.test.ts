// Authentication and host keys against the real sshd of the test host, the OpenSSH way: agent,
// encrypted key with its passphrase, RSA (rsa-sha2), ProxyJump through the second host from
// ~/.ssh/config, unknown host asked once then recorded (hashed), changed key refused, wrong key,
// a config with a directive OpenSSH rejects (used, with a warning), a port that is not SSH. Secrets never reach the log.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { type Socket, createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  hostsModule,
  remoteClient,
  scripted,
  sharedHosts,
  sshHome,
  sshUnavailable,
  stopSharedHosts,
  type SshHosts,
} from '../../harness/ssh';
import type { PodmanError } from '../../../src/podman/errors';

describe('ssh authentication and host keys', { skip: sshUnavailable() }, () => {
  let hosts: SshHosts;
  before(async () => void (hosts = await sharedHosts()));
  after(stopSharedHosts);

  const root = (identityFiles?: string[]) => ({ host: hosts.target.address, user: 'root', identityFiles });

  it('authenticates with the ssh-agent (no identity file given)', async () => {
    const agent = await (await hostsModule()).startAgent(hosts.dir, [hosts.keys.ecdsa]);
    const env = sshHome({ knownHosts: hosts.knownHosts(), agentSocket: agent.socket });
    const { link, client } = remoteClient(hosts, { target: root(), env });
    try {
      await client.ping();
      assert.deepEqual(
        link.attempts.map((a) => [a.method, a.outcome]),
        [['agent', 'accepted']],
      );
    } finally {
      client.dispose();
      env.cleanup();
      await agent.stop();
    }
  });

  it('an agent with no keys falls back to the identity files, and says the agent was empty', async () => {
    const agent = await (await hostsModule()).startAgent(hosts.dir, []);
    const env = sshHome({
      knownHosts: hosts.knownHosts(),
      agentSocket: agent.socket,
      config: `Host *\n  IdentityFile ${hosts.keys.rsa}\n`,
    });
    const { link, client } = remoteClient(hosts, { target: root(), env });
    try {
      await client.ping();
      assert.deepEqual(
        link.attempts.map((a) => [a.method, a.outcome]),
        [
          ['agent', 'empty'],
          ['publickey', 'accepted'],
        ],
      );
      assert.equal(link.attempts[1].source, hosts.keys.rsa, 'an RSA key (rsa-sha2 signatures)');
    } finally {
      client.dispose();
      env.cleanup();
      await agent.stop();
    }
  });

  it('asks the passphrase of an encrypted key once, again after a wrong one, and never logs it', async () => {
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const interaction = scripted({ passphrases: ['not it', hosts.passphrase] });
    const log: string[] = [];
    const { link, client } = remoteClient(hosts, {
      target: root([hosts.keys.encrypted]),
      env,
      interaction,
      log: (l) => log.push(l),
    });
    try {
      await client.ping();
      assert.deepEqual(interaction.passphraseQuestions, [
        { keyPath: hosts.keys.encrypted, retry: false },
        { keyPath: hosts.keys.encrypted, retry: true },
      ]);
      link.drop();
      await waitState(link, 'down');
      await client.ping();
      assert.equal(interaction.passphraseQuestions.length, 2, 'a reconnection does not ask again');
      assert.equal(link.connections, 2);
      assert.ok(log.length > 0);
      assert.ok(!log.join('\n').includes(hosts.passphrase), 'the passphrase is not in the log');
      assert.ok(!log.join('\n').includes('PRIVATE KEY'), 'no key material in the log');
    } finally {
      client.dispose();
      env.cleanup();
    }
  });

  it('a cancelled passphrase prompt fails with the key named, nothing else tried silently', async () => {
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const { link, client } = remoteClient(hosts, {
      target: root([hosts.keys.encrypted]),
      env,
      interaction: scripted({ passphrases: [undefined] }),
    });
    try {
      await assert.rejects(
        client.ping(),
        (e: PodmanError) => e.kind === 'auth' && /root@/.test(e.message) && /ssh-add|IdentityFile/.test(e.fix ?? ''),
      );
      assert.deepEqual(
        link.attempts.map((a) => [a.source, a.outcome]),
        [[hosts.keys.encrypted, 'cancelled']],
      );
    } finally {
      client.dispose();
      env.cleanup();
    }
  });

  it('a wrong key is refused with a clear message and the fix', async () => {
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const { link, client } = remoteClient(hosts, { target: root([hosts.keys.wrong]), env });
    try {
      await assert.rejects(client.ping(), (e: PodmanError) => {
        assert.equal(e.kind, 'auth');
        assert.match(
          e.message,
          new RegExp(`root@${hosts.target.address.replaceAll('.', '\\.')}: authentication failed`),
        );
        return true;
      });
      assert.deepEqual(
        link.attempts.map((a) => [a.source, a.outcome]),
        [[hosts.keys.wrong, 'refused']],
      );
    } finally {
      client.dispose();
      env.cleanup();
    }
  });

  it('an unknown host shows its fingerprint and is asked once; the answer is recorded hashed', async () => {
    const env = sshHome();
    const interaction = scripted({ acceptHost: true });
    const first = remoteClient(hosts, { target: root([hosts.keys.ed25519]), env, interaction });
    await first.client.ping();
    first.client.dispose();
    assert.equal(interaction.hostQuestions.length, 1);
    assert.equal(interaction.hostQuestions[0].state, 'unknown');
    assert.match(interaction.hostQuestions[0].fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
    const recorded = readFileSync(env.knownHostsFiles[0], 'utf8');
    assert.match(recorded, /^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /, 'hashed, as HashKnownHosts does');
    assert.ok(!recorded.includes(hosts.target.address), 'the host name is not in clear');
    const second = remoteClient(hosts, { target: root([hosts.keys.ed25519]), env, interaction });
    await second.client.ping();
    second.client.dispose();
    assert.equal(interaction.hostQuestions.length, 1, 'not asked again');
    env.cleanup();
  });

  it('an unknown host refused by the user does not connect', async () => {
    const env = sshHome();
    const { client } = remoteClient(hosts, {
      target: root([hosts.keys.ed25519]),
      env,
      interaction: scripted({ acceptHost: false }),
    });
    await assert.rejects(client.ping(), (e: PodmanError) => e.kind === 'host-key' && /not accepted/.test(e.message));
    client.dispose();
    env.cleanup();
  });

  it('a changed host key is refused even when the user would accept, saying where the old key is', async () => {
    const otherKey = hosts.jump.hostKeyLine; // another ed25519 key: what a changed host looks like
    const env = sshHome({ knownHosts: `# mine\n${hosts.target.address} ${otherKey}\n` });
    const interaction = scripted({ acceptHost: true });
    const { client } = remoteClient(hosts, { target: root([hosts.keys.ed25519]), env, interaction });
    await assert.rejects(client.ping(), (e: PodmanError) => {
      assert.equal(e.kind, 'host-key');
      assert.match(e.message, /CHANGED/);
      assert.match(e.message, new RegExp(`${env.knownHostsFiles[0]}:2`));
      assert.match(e.fix ?? '', /ssh-keygen -R/);
      return true;
    });
    assert.equal(interaction.hostQuestions[0]?.state, 'changed');
    assert.equal(
      readFileSync(env.knownHostsFiles[0], 'utf8'),
      `# mine\n${hosts.target.address} ${otherKey}\n`,
      'known_hosts untouched',
    );
    client.dispose();
    env.cleanup();
  });

  it('goes through ProxyJump of ~/.ssh/config (alias, user, port, identity) to an address only the jump host reaches', async () => {
    const config = [
      'Host pw-jump',
      `  HostName ${hosts.jump.address}`,
      '  Port 2222',
      '  User root',
      `  IdentityFile ${hosts.keys.ed25519}`,
      'Host pw-behind',
      `  HostName ${hosts.target.viaJump}`,
      '  User root',
      '  ProxyJump pw-jump',
      `  IdentityFile ${hosts.keys.ed25519}`,
      '  IdentitiesOnly yes',
      '',
    ].join('\n');
    const env = sshHome({ config, knownHosts: hosts.knownHosts() });
    const { link, client } = remoteClient(hosts, { target: { host: 'pw-behind' }, env });
    try {
      assert.equal(link.host.jumps[0].port, 2222);
      const info = await client.info();
      assert.equal(info.rootless, false);
      assert.equal(link.destination, 'root@pw-behind');
    } finally {
      client.dispose();
      env.cleanup();
    }
  });

  it('an unknown directive in ~/.ssh/config: still connects, with a warning naming it and the fix', async () => {
    const env = sshHome({
      config: `Host *\n  FrobnicateKeys yes\n  IdentityFile ${hosts.keys.ed25519}\n`,
      knownHosts: hosts.knownHosts(),
    });
    const log: string[] = [];
    const { client } = remoteClient(hosts, { target: root(), env, log: (l) => log.push(l) });
    try {
      await client.ping();
      const warning = log.find((l) => l.includes('FrobnicateKeys'));
      assert.match(warning ?? '', new RegExp(`^ssh root@${hosts.target.address.replaceAll('.', '\\.')}: `));
      assert.match(warning ?? '', /unknown directive "FrobnicateKeys" ignored/);
      assert.match(warning ?? '', /IgnoreUnknown FrobnicateKeys/);
    } finally {
      client.dispose();
      env.cleanup();
    }
  });

  it('bad input: a port that is not SSH, a host that does not resolve', async () => {
    // Its connections are destroyed at the end: an open one would keep the test process alive.
    const accepted: Socket[] = [];
    const silent = createServer((s) => {
      accepted.push(s);
      s.write('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const env2 = sshHome();
    const notSsh = remoteClient(hosts, {
      target: { host: '127.0.0.1', port, user: 'root' },
      env: env2,
      handshakeTimeoutMs: 2000,
    });
    await assert.rejects(
      notSsh.client.ping(),
      (e: PodmanError) => e.kind === 'unreachable' && /SSH/.test(`${e.message} ${e.fix}`),
    );
    notSsh.client.dispose();
    for (const socket of accepted) socket.destroy();
    silent.close();
    const nowhere = remoteClient(hosts, { target: { host: 'no-such-host.invalid', user: 'root' }, env: env2 });
    await assert.rejects(
      nowhere.client.ping(),
      (e: PodmanError) => e.kind === 'unreachable' && /does not resolve/.test(e.message),
    );
    nowhere.client.dispose();
    env2.cleanup();
  });
});

function waitState(link: { state: string; once(e: 'state', f: () => void): unknown }, state: string): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => void (link.state === state ? resolve() : link.once('state', check));
    check();
  });
}
