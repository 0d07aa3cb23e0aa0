// The SSH transport against a real sshd and a real Podman in a network namespace whose API
// socket only SSH reaches: requests, streams, hijacked exec and uploads over streamlocal
// channels; one handshake for many requests; the remote socket found by asking the remote Podman.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { remoteClient, sharedHosts, sshHome, sshUnavailable, stopSharedHosts, type SshHosts } from '../../harness/ssh';
import { findRemoteSocket } from '../../../src/podman/ssh/remoteSocket';

describe('ssh transport', { skip: sshUnavailable() }, () => {
  let hosts: SshHosts;
  before(async () => void (hosts = await sharedHosts()));
  after(stopSharedHosts);

  it('reaches the remote Podman only through SSH: ping, info, list, lifecycle, logs, exec', async () => {
    assert.equal(hosts.socketVisibleHere(), false, 'the socket is not visible on this machine');
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const { link, client } = remoteClient(hosts, {
      target: { host: hosts.target.address, user: 'root', identityFiles: [hosts.keys.ed25519] },
      env,
    });
    try {
      const ping = await client.ping();
      assert.match(ping.libpodApiVersion, /^\d+\.\d+\.\d+$/);
      const info = await client.info();
      assert.equal(info.rootless, false);
      const name = uniqueName('remote');
      const id = await client.createContainer({
        image: BUSYBOX,
        name,
        command: ['sh', '-c', 'echo hello-over-ssh; sleep 600'],
      });
      await client.containerAction(id, 'start');
      assert.equal((await client.getContainer(name))?.state, 'running');
      // The container writes its line after the start returns: read the logs until it is there.
      const readLogs = async () => {
        const chunks: Buffer[] = [];
        for await (const c of await client.logs(id, { follow: false })) chunks.push(c as Buffer);
        return Buffer.concat(chunks).toString('latin1');
      };
      let text = await readLogs();
      for (let i = 0; i < 50 && !/hello-over-ssh/.test(text); i++) {
        await new Promise((r) => setTimeout(r, 100));
        text = await readLogs();
      }
      assert.match(text, /hello-over-ssh/);
      const exec = await client.exec(id, { cmd: ['cat'], stdin: true });
      const out: Buffer[] = [];
      exec.stream.on('data', (d: Buffer) => out.push(d));
      const payload = Buffer.alloc(1 << 20, 'x');
      exec.stream.end(payload);
      await new Promise((r) => exec.stream.once('end', r));
      const echoed = Buffer.concat(out);
      // Frames of 8-byte headers + data: the payload comes back whole.
      assert.ok(echoed.length >= payload.length, `echoed ${echoed.length} of ${payload.length}`);
      await client.removeContainer(id, { force: true });
      assert.equal(link.state, 'up');
      assert.equal(link.connections, 1, 'one SSH connection for every request');
    } finally {
      client.dispose();
      env.cleanup();
    }
  });

  it('finds the remote socket by asking the remote Podman (rootful) and says how to start a missing one (rootless)', async () => {
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const root = remoteClient(hosts, {
      target: { host: hosts.target.address, user: 'root', identityFiles: [hosts.keys.ed25519] },
      env,
    });
    const user = remoteClient(hosts, {
      target: { host: hosts.target.address, user: hosts.rootlessUser.name, identityFiles: [hosts.keys.ed25519] },
      env,
    });
    try {
      const socket = await findRemoteSocket(root.link);
      assert.deepEqual(socket, { path: hosts.socketPath, exists: true, rootless: false });
      await assert.rejects(findRemoteSocket(user.link), (e: Error & { kind?: string; fix?: string }) => {
        assert.equal(e.kind, 'socket-missing');
        assert.match(e.message, new RegExp(`/run/user/${hosts.rootlessUser.uid}/podman/podman.sock`));
        assert.match(e.fix ?? '', /systemctl --user enable --now podman\.socket/);
        assert.match(
          e.fix ?? '',
          new RegExp(`${hosts.rootlessUser.name}@${hosts.target.address.replaceAll('.', '\\.')}`),
        );
        return true;
      });
    } finally {
      root.client.dispose();
      user.client.dispose();
      env.cleanup();
    }
  });
});
