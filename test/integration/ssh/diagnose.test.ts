// Diagnose Connection against the real test host: every step passes on a good connection; a
// wrong key fails at authentication naming each key tried; a missing remote socket fails at the
// socket step with the systemctl command; a port that is not SSH fails at the banner.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { scripted, sharedHosts, sshHome, sshUnavailable, stopSharedHosts, type SshHosts } from '../../harness/ssh';
import { diagnoseSsh, type DiagnoseStep } from '../../../src/podman/ssh/diagnose';

async function steps(gen: AsyncGenerator<DiagnoseStep>): Promise<DiagnoseStep[]> {
  const all: DiagnoseStep[] = [];
  for await (const s of gen) all.push(s);
  return all;
}

describe('ssh diagnose', { skip: sshUnavailable() }, () => {
  let hosts: SshHosts;
  before(async () => void (hosts = await sharedHosts()));
  after(stopSharedHosts);

  it('a good connection: every step ok, the remote socket found by asking Podman', async () => {
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const got = await steps(
      diagnoseSsh({
        target: { host: hosts.target.address, user: 'root', identityFiles: [hosts.keys.ed25519] },
        env,
        interaction: scripted(),
      }),
    );
    assert.deepEqual(
      got.map((s) => [s.name, s.status]),
      [
        ['SSH configuration', 'ok'],
        ['Name resolution', 'ok'],
        ['TCP connection', 'ok'],
        ['SSH server', 'ok'],
        ['Host key', 'ok'],
        ['Authentication', 'ok'],
        ['Remote socket', 'ok'],
        ['/_ping', 'ok'],
        ['API version', 'ok'],
      ],
    );
    assert.equal(got[6].detail, hosts.socketPath);
    assert.match(got[5].detail, /id_ed25519: accepted/);
    env.cleanup();
  });

  it('a wrong key stops at authentication with each key tried; a missing socket names systemctl --user', async () => {
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const bad = await steps(
      diagnoseSsh({
        target: { host: hosts.target.address, user: 'root', identityFiles: [hosts.keys.wrong] },
        env,
        interaction: scripted(),
      }),
    );
    assert.deepEqual(bad.at(-1)?.name, 'Authentication');
    assert.equal(bad.at(-1)?.status, 'failed');
    assert.match(bad.at(-1)?.detail ?? '', /id_wrong: refused/);
    const user = hosts.rootlessUser.name;
    const missing = await steps(
      diagnoseSsh({
        target: { host: hosts.target.address, user, identityFiles: [hosts.keys.ed25519] },
        env,
        interaction: scripted(),
      }),
    );
    assert.deepEqual([missing.at(-1)?.name, missing.at(-1)?.status], ['Remote socket', 'failed']);
    assert.match(missing.at(-1)?.fix ?? '', /systemctl --user enable --now podman\.socket/);
    env.cleanup();
  });

  it('a port that accepts TCP but is not SSH fails at the SSH server step', async () => {
    const server = createServer((s) => s.end('220 smtp.example ESMTP\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const env = sshHome();
    const got = await steps(
      diagnoseSsh({
        target: { host: '127.0.0.1', port: (server.address() as { port: number }).port, user: 'root' },
        env,
        interaction: scripted(),
      }),
    );
    assert.deepEqual([got.at(-1)?.name, got.at(-1)?.status], ['SSH server', 'failed']);
    assert.match(got.at(-1)?.detail ?? '', /220 smtp/);
    server.close();
    env.cleanup();
  });
});
