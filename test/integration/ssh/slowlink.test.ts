// The SSH link made slow (100 ms each way, so 200 ms a round trip): the explorer's data layer (the
// forest and follower the tree provider renders from) says it is loading, then shows the lists;
// a list and an event stream over the slow link complete; and this process's event loop (the
// extension host's, where the same code runs) is never blocked meanwhile. The delay comes from a
// TCP relay in front of the test host's sshd (test/harness/slowRelay.ts), not from
// `tc qdisc … netem delay 100ms`: this kernel has no sch_netem ("Specified qdisc kind is unknown").
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { startSlowRelay, type SlowRelay } from '../../harness/slowRelay';
import { remoteClient, sharedHosts, sshHome, sshUnavailable, stopSharedHosts, type SshHosts } from '../../harness/ssh';
import { waitFor } from '../../harness/wait';
import { ExplorerFollower } from '../../../src/explorer/model/follower';
import { ExplorerForest } from '../../../src/explorer/model/forest';

const DELAY_MS = 100;

/**
 * Watches the event loop: the worst lateness of a 10 ms timer (perf_hooks), and the most CPU this
 * process burnt between two ticks of it. A late timer with little CPU spent meanwhile is this
 * shared machine's scheduler, not our code; our code blocking shows as CPU burnt in one gap.
 */
function watchLoop(): { stop(): { maxDelayMs: number; p99DelayMs: number; maxBusyMs: number } } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let lastCpu = process.cpuUsage();
  let maxBusyMs = 0;
  const tick = setInterval(() => {
    const cpu = process.cpuUsage(lastCpu);
    lastCpu = process.cpuUsage();
    maxBusyMs = Math.max(maxBusyMs, (cpu.user + cpu.system) / 1000);
  }, 10);
  return {
    stop: () => {
      clearInterval(tick);
      histogram.disable();
      return {
        maxDelayMs: histogram.max / 1e6,
        p99DelayMs: histogram.percentile(99) / 1e6,
        maxBusyMs,
      };
    },
  };
}

describe('ssh over a slow link (100 ms each way)', { skip: sshUnavailable() }, () => {
  let hosts: SshHosts;
  let relay: SlowRelay;
  before(async () => {
    hosts = await sharedHosts();
    relay = await startSlowRelay(hosts.target.address, hosts.target.port, DELAY_MS);
  });
  after(async () => {
    await relay?.close();
    await stopSharedHosts();
  });

  it('the explorer reports loading then its lists; a list and an event complete; the event loop is never blocked', async (t) => {
    const name = uniqueName('slow');
    const other = uniqueName('slow-event');
    await hosts.podman(['create', '--name', name, BUSYBOX, 'sleep', '600']);
    const env = sshHome({ knownHosts: `[127.0.0.1]:${relay.port} ${hosts.target.hostKeyLine}\n` });
    const { link, client } = remoteClient(hosts, {
      target: { host: '127.0.0.1', port: relay.port, user: 'root', identityFiles: [hosts.keys.ed25519] },
      env,
    });
    const forest = new ExplorerForest();
    forest.setConnections([{ id: 'slow', label: 'slow link', uri: client.socketPath, active: true }]);
    const model = forest.model('slow');
    assert.ok(model);
    const loading: boolean[] = [];
    forest.onDidChangeLoading((id, on) => id === 'slow' && loading.push(on));
    const follower = new ExplorerFollower(client, model, { onProblem: () => undefined });
    const loop = watchLoop();
    try {
      const started = follower.start();
      await waitFor('the data layer to report loading', () => forest.loading, 5000);
      assert.equal(model.store.loaded, false);
      await started;
      assert.deepEqual(loading, [true, false], 'loading reported once, then done');
      assert.equal(forest.loading, false);
      assert.ok(model.store.containerByName(name), 'the container is in the first tree');
      assert.equal(link.connections, 1);

      // Sequential requests share one channel: on this link, each new channel would cost a round trip more.
      const open = link.openStreamLocal.bind(link);
      let channels = 0;
      link.openStreamLocal = (path) => (channels++, open(path));
      const t0 = performance.now();
      await client.ping();
      const pingMs = performance.now() - t0;
      await client.ping();
      await client.listContainers();
      assert.ok(pingMs >= 2 * DELAY_MS, `a request takes a round trip over the relay (${pingMs} ms)`);
      assert.ok(channels <= 1, `${channels} channels opened for 3 requests in a row`);

      // A list, and an event coming in over the same slow link, at once.
      const [list] = await Promise.all([
        client.listContainers(),
        hosts.podman(['create', '--name', other, BUSYBOX, 'true']),
      ]);
      assert.ok(list.some((c) => c.names.includes(name)));
      await waitFor('the event to reach the tree', () => model.store.containerByName(other), 30_000);

      const figures = loop.stop();
      t.diagnostic(`ping ${pingMs.toFixed(0)} ms; relay chunks ${relay.chunks}; event loop ${JSON.stringify(figures)}`);
      assert.ok(relay.chunks > 0, 'the link went through the relay');
      assert.ok(figures.maxBusyMs < 50, `the event loop was busy ${figures.maxBusyMs} ms at once`);
      // Timer lateness (p99, max: in the diagnostic) also counts the time this shared machine's
      // scheduler held the process (load averages of 20 on 2 cores: p99 near 50 ms with nothing of
      // ours running); so the bound on it is loose, and a block of our own shows as CPU above.
      assert.ok(figures.maxDelayMs < 150, `the event loop's worst delay was ${figures.maxDelayMs} ms`);
    } finally {
      loop.stop();
      follower.stop();
      client.dispose();
      env.cleanup();
      await hosts.podman(['rm', '--force', '--time', '0', name, other]).catch(() => undefined);
    }
  });
});
