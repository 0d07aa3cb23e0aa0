// The client and the explorer against a real *rootless* Podman (a dedicated unprivileged user):
// the connection reports rootless, and lists, lifecycle, events and exec work as for rootful.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { BUSYBOX, startRootlessPodman, uniqueName, type TestPodman } from '../harness/podman';
import { ExplorerFollower } from '../../src/explorer/model/follower';
import { ExplorerModel } from '../../src/explorer/model/tree';

const pmPromise: Promise<TestPodman> = startRootlessPodman();

describe('rootless Podman', () => {
  after(async () => (await pmPromise).stop({ cleanup: true }));

  it('is reported as rootless by the connection info', async () => {
    const pm = await pmPromise;
    const info = await pm.client.info();
    assert.equal(info.rootless, true);
    assert.match(info.version, /^\d+\.\d+/);
  });

  it('runs the lifecycle, and the explorer follows it from the event stream', async () => {
    const pm = await pmPromise;
    const model = new ExplorerModel();
    model.children('containers');
    const follower = new ExplorerFollower(pm.client, model, { onProblem: () => undefined });
    await follower.start();
    try {
      const name = uniqueName('rl');
      const id = await pm.client.createContainer({ name, image: BUSYBOX, command: ['sleep', '600'] });
      await pm.client.containerAction(id, 'start');
      const t0 = Date.now();
      const state = () => [...model.store.containers.values()].find((c) => c.name === name)?.state;
      while (state() !== 'running' && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
      assert.equal(state(), 'running', 'the start reached the explorer through the event stream');
      const s = await pm.client.exec(id, { cmd: ['id', '-u'], tty: true, stdin: false });
      const out: Buffer[] = [];
      s.stream.on('data', (d: Buffer) => out.push(d));
      await new Promise((r) => s.stream.on('end', r));
      assert.equal(Buffer.concat(out).toString().trim(), '0', 'root inside the container, an ordinary user outside');
      await pm.client.containerAction(id, 'stop', { timeout: 0 });
      while (state() !== 'exited' && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
      assert.equal(state(), 'exited');
      await pm.client.removeContainer(id, { force: true });
    } finally {
      follower.stop();
    }
  });
});
