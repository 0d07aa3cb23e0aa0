import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { BUSYBOX, sharedPodman, startPrivatePodman, uniqueName, type TestPodman } from '../../harness/podman';
import { PodmanClient } from '../../../src/podman/client';
import { EventSubscription, type StreamStatus } from '../../../src/podman/events';
import type { PodmanEvent } from '../../../src/podman/models';

describe('PodmanClient against a real Podman', () => {
  let pm: TestPodman;
  before(async () => {
    pm = await sharedPodman();
  });

  it('reads the libpod API version from /_ping and uses it as the prefix', async () => {
    const c = new PodmanClient(pm.socketPath);
    const ping = await c.ping();
    assert.match(ping.libpodApiVersion, /^\d+\.\d+\.\d+/);
    assert.equal(c.libpodPrefix, `/v${ping.libpodApiVersion}/libpod`);
    const info = await c.info();
    assert.equal(info.version.split('.')[0], ping.libpodApiVersion.split('.')[0]);
    assert.equal(typeof info.rootless, 'boolean');
  });

  it('runs the container lifecycle and lists pods with their containers', async () => {
    const pod = uniqueName('pod');
    const name = uniqueName('ctr');
    await pm.podman(['pod', 'create', '--name', pod]);
    await pm.podman(['create', '--pod', pod, '--name', name, BUSYBOX, 'sleep', '600']);
    const c = pm.client;
    let ctr = (await c.listContainers()).find((x) => x.name === name);
    assert.ok(ctr, 'created container is listed');
    assert.equal(ctr.podName, pod);
    assert.equal(ctr.state, 'created');
    await c.containerAction(name, 'start');
    ctr = await c.getContainer(ctr.id);
    assert.equal(ctr?.state, 'running');
    await c.containerAction(name, 'pause');
    assert.equal((await c.getContainer(name))?.state, 'paused');
    await c.containerAction(name, 'unpause');
    const t0 = Date.now();
    await c.containerAction(name, 'stop', { timeout: 0 });
    assert.ok(Date.now() - t0 < 5000, `stop with timeout 0 took ${Date.now() - t0} ms`);
    assert.equal((await c.getContainer(name))?.state, 'exited');
    const pods = await c.listPods();
    const p = pods.find((x) => x.name === pod);
    assert.ok(p);
    assert.ok(p.containers.some((x) => x.name === name));
    await c.removePod(pod, { force: true });
    assert.equal(
      (await c.listContainers()).find((x) => x.name === name),
      undefined,
    );
  });

  it('reports a vanished container as not-found', async () => {
    await assert.rejects(
      pm.client.containerAction('does-not-exist-xyz', 'start'),
      (e: Error & { kind?: string }) => e.kind === 'not-found',
    );
  });

  it('streams events of a container start', async () => {
    const name = uniqueName('ev');
    const got: PodmanEvent[] = [];
    const sub = new EventSubscription(pm.client, { onEvent: (e) => got.push(e) });
    sub.start();
    try {
      await new Promise((r) => setTimeout(r, 300));
      await pm.podman(['run', '-d', '--name', name, BUSYBOX, 'sleep', '600']);
      const t0 = Date.now();
      while (
        !got.some((e) => e.type === 'container' && e.action === 'start' && e.name === name) &&
        Date.now() - t0 < 5000
      ) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(
        got.some((e) => e.action === 'start' && e.name === name),
        'start event received',
      );
    } finally {
      sub.stop();
      await pm.podman(['rm', '-f', '-t', '0', name]);
    }
  });

  it('exec echoes stdin back byte-exact through the socket', async () => {
    const name = uniqueName('exec');
    await pm.podman(['run', '-d', '--name', name, BUSYBOX, 'sleep', '600']);
    try {
      const s = await pm.client.exec(name, { cmd: ['cat'], tty: true, stdin: true });
      const chunks: Buffer[] = [];
      s.stream.on('data', (d: Buffer) => chunks.push(d));
      s.stream.write('hello podman\n');
      const t0 = Date.now();
      while (!Buffer.concat(chunks).toString().includes('hello podman') && Date.now() - t0 < 5000) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.match(Buffer.concat(chunks).toString(), /hello podman/);
      s.stream.end();
    } finally {
      await pm.podman(['rm', '-f', '-t', '0', name]);
    }
  });
});

describe('event stream recovery', () => {
  it('reports the socket going away and replays missed events after it returns', async () => {
    const own = await startPrivatePodman();
    const statuses: StreamStatus['state'][] = [];
    const events: PodmanEvent[] = [];
    const client = new PodmanClient(own.socketPath);
    const sub = new EventSubscription(client, {
      onEvent: (e) => events.push(e),
      onStatus: (s) => statuses.push(s.state),
      backoffMs: [100, 200],
    });
    sub.start();
    await new Promise((r) => setTimeout(r, 500));
    // Stop the service, change something while nobody listens, start the service again.
    await own.stop();
    const t0 = Date.now();
    while (!statuses.includes('disconnected') && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
    assert.ok(statuses.includes('disconnected'));
    const name = uniqueName('missed');
    await own.podman(['create', '--name', name, BUSYBOX, 'true']);
    const again = await startPrivatePodman({ dir: own.dir });
    try {
      const t1 = Date.now();
      while (!events.some((e) => e.action === 'create' && e.name === name) && Date.now() - t1 < 10_000) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(
        events.some((e) => e.action === 'create' && e.name === name),
        'the create event made while disconnected was replayed',
      );
      assert.equal(statuses[statuses.length - 1], 'connected');
    } finally {
      sub.stop();
      await again.stop({ cleanup: true });
    }
  });
});
