// Bad input over SSH against the real test hosts, each a clear message naming the connection and
// the fix, no unhandled rejection, and a good connection open meanwhile unaffected: a remote with
// no Podman (the jump host: none on its PATH), a remote socket that is not Podman (an HTTP server
// on the path), a key in a format ssh2 cannot read (PKCS#8, which OpenSSH reads; the fix given
// then works), an agent with no keys and nothing else to try. The unknown ~/.ssh/config directive,
// a wrong key and a port that is not SSH are in auth.test.ts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { PodmanClient } from '../../../src/podman/client';
import type { PodmanError } from '../../../src/podman/errors';
import { SshLink } from '../../../src/podman/ssh/link';
import { findRemoteSocket } from '../../../src/podman/ssh/remoteSocket';
import { diagnoseSsh, type DiagnoseStep } from '../../../src/podman/ssh/diagnose';
import { sshTransport } from '../../../src/podman/ssh/transport';

const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('ssh: bad input', { skip: sshUnavailable() }, () => {
  let hosts: SshHosts;
  let good: { client: PodmanClient; link: SshLink; cleanup(): void };
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown): number => unhandled.push(e);
  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    hosts = await sharedHosts();
    // The other connection, open all along: it must keep working.
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const made = remoteClient(hosts, {
      target: { host: hosts.target.address, user: 'root', identityFiles: [hosts.keys.ed25519] },
      env,
    });
    await made.client.ping();
    good = { client: made.client, link: made.link, cleanup: env.cleanup };
  });
  after(async () => {
    good?.client.dispose();
    good?.cleanup();
    await stopSharedHosts();
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
  });

  /** The good connection still answers, on its first SSH connection (never dropped meanwhile). */
  const goodUnaffected = async (): Promise<void> => {
    assert.ok((await good.client.ping()).libpodApiVersion);
    assert.deepEqual([good.link.state, good.link.connections], ['up', 1]);
  };

  it('a remote with no Podman: says so, naming the host, with the install command', async () => {
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const target = {
      host: hosts.jump.address,
      port: hosts.jump.port,
      user: 'root',
      identityFiles: [hosts.keys.ed25519],
    };
    const link = new SshLink({ target, env, interaction: scripted(), handshakeTimeoutMs: 10_000 });
    try {
      await assert.rejects(findRemoteSocket(link), (e: PodmanError) => {
        assert.equal(e.kind, 'not-podman');
        assert.match(
          e.message,
          new RegExp(`^root@${escaped(hosts.jump.address)}:2222: there is no podman on the host`),
        );
        assert.match(e.message, /not found/);
        assert.match(e.fix ?? '', new RegExp(`Install Podman on ${escaped(hosts.jump.address)}`));
        return true;
      });
      const steps: DiagnoseStep[] = [];
      for await (const s of diagnoseSsh({ target, env, interaction: scripted() })) steps.push(s);
      assert.deepEqual([steps.at(-1)?.name, steps.at(-1)?.status], ['Remote socket', 'failed']);
      assert.match(steps.at(-1)?.fix ?? '', /Install Podman/);
    } finally {
      link.dispose();
      env.cleanup();
    }
    await goodUnaffected();
  });

  it('a remote socket that is not Podman (an HTTP server on the path): says so, naming the connection and the fix', async () => {
    // The test host shares this machine's /tmp: a server here listens on the remote host's path.
    const dir = mkdtempSync(join(tmpdir(), 'pw-notpodman-'));
    const socketPath = join(dir, 'podman.sock');
    const server = http.createServer((_req, res) => {
      res.writeHead(404, { Server: 'tiny-httpd/1.0', 'Content-Type': 'text/plain' });
      res.end('no such page');
    });
    await new Promise<void>((r) => server.listen(socketPath, r));
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const target = { host: hosts.target.address, user: 'root', identityFiles: [hosts.keys.ed25519] };
    const link = new SshLink({ target, env, interaction: scripted(), handshakeTimeoutMs: 10_000 });
    const client = new PodmanClient(sshTransport(link, socketPath, { ownsLink: true }));
    try {
      await assert.rejects(client.ping(), (e: PodmanError) => {
        assert.equal(e.kind, 'not-podman');
        assert.match(
          e.message,
          new RegExp(
            `^ssh://root@${escaped(hosts.target.address)}${escaped(socketPath)} answered /_ping with HTTP 404: no such page`,
          ),
        );
        assert.match(e.fix ?? '', /RemoteSocket\.Path/);
        return true;
      });
      const steps: DiagnoseStep[] = [];
      for await (const s of diagnoseSsh({ target, socketPath, env, interaction: scripted() })) steps.push(s);
      assert.deepEqual([steps.at(-1)?.name, steps.at(-1)?.status], ['/_ping', 'failed']);
      assert.match(steps.at(-1)?.detail ?? '', /HTTP 404/);
    } finally {
      client.dispose();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
      env.cleanup();
    }
    await goodUnaffected();
  });

  it('a key in a format ssh2 cannot read (PKCS#8): names the key and the conversion, which then works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-pkcs8-'));
    const key = join(dir, 'id_pkcs8');
    execFileSync('ssh-keygen', ['-q', '-t', 'ecdsa', '-b', '256', '-m', 'PKCS8', '-N', '', '-f', key]);
    assert.match(readFileSync(key, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    // Authorized on the host: OpenSSH itself could use it; the failure is the format only.
    appendFileSync(join(hosts.dir, 'authorized_keys', 'root'), readFileSync(`${key}.pub`));
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const target = { host: hosts.target.address, user: 'root', identityFiles: [key] };
    try {
      const bad = remoteClient(hosts, { target, env });
      await assert.rejects(bad.client.ping(), (e: PodmanError) => {
        assert.equal(e.kind, 'auth');
        assert.match(e.message, new RegExp(`^root@${escaped(hosts.target.address)}: authentication failed`));
        assert.match(e.message, new RegExp(`Not usable: ${escaped(key)}: Unsupported key format`));
        assert.match(e.fix ?? '', new RegExp(`ssh-keygen -p -f ${escaped(key)}`));
        return true;
      });
      bad.client.dispose();
      // The fix as given (no passphrase on this key): the same connection now works.
      execFileSync('ssh-keygen', ['-q', '-p', '-N', '', '-P', '', '-f', key]);
      const fixed = remoteClient(hosts, { target, env });
      await fixed.client.ping();
      fixed.client.dispose();
    } finally {
      env.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
    await goodUnaffected();
  });

  it('an agent with no keys and nothing else to try: names the agent and says to add a key', async () => {
    const agent = await (await hostsModule()).startAgent(hosts.dir, []);
    // IdentityFile none: the default ~/.ssh keys of this test home do not exist either.
    const env = sshHome({ knownHosts: hosts.knownHosts(), agentSocket: agent.socket });
    const { client } = remoteClient(hosts, { target: { host: hosts.target.address, user: 'root' }, env });
    try {
      await assert.rejects(client.ping(), (e: PodmanError) => {
        assert.equal(e.kind, 'auth');
        assert.match(e.message, new RegExp(`the agent \\(${escaped(agent.socket)}\\): the agent holds no key`));
        assert.match(e.fix ?? '', /ssh-add/);
        return true;
      });
    } finally {
      client.dispose();
      env.cleanup();
      await agent.stop();
    }
    await goodUnaffected();
  });
});
