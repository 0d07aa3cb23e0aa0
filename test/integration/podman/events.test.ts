// The event stream against every Podman target: libpod's event names and attributes, health and
// (where the target emits them) network events, and the replay of what was missed while the
// service was gone.
import assert from 'node:assert/strict';
import { BUSYBOX, uniqueName, type TestPodman } from '../../harness/podman';
import { describeTargets, type TargetSuite } from '../../harness/targets';
import { waitFor } from '../../harness/wait';
import { PodmanClient } from '../../../src/podman/client';
import { EventSubscription, type StreamStatus } from '../../../src/podman/events';
import type { PodmanEvent } from '../../../src/podman/models';

/** A subscription collecting events and statuses, started and connected. */
async function subscribe(
  client: PodmanClient,
  backoffMs?: number[],
): Promise<{ sub: EventSubscription; got: PodmanEvent[]; statuses: StreamStatus['state'][] }> {
  const got: PodmanEvent[] = [];
  const statuses: StreamStatus['state'][] = [];
  const sub = new EventSubscription(client, {
    onEvent: (e) => got.push(e),
    onStatus: (st) => statuses.push(st.state),
    backoffMs,
  });
  sub.start();
  await waitFor('the event stream', () => statuses.includes('connected'), 10_000);
  return { sub, got, statuses };
}

/** Runs a container that dies with 7, a health-checked one, a network and a volume; then removes them. */
async function eventfulActions(s: TargetSuite, got: PodmanEvent[], n: Record<string, string>): Promise<void> {
  const pm = s.pm;
  const has = (pred: (e: PodmanEvent) => boolean) => got.some(pred);
  await pm.podman(['run', '-d', '--name', n.name, BUSYBOX, 'sh', '-c', 'sleep 1; exit 7']);
  const health = ['--health-cmd', 'true', '--health-interval', '1s'];
  await pm.podman(['run', '-d', '--name', n.hname, ...health, BUSYBOX, 'sleep', '600']);
  await pm.podman(['network', 'create', n.net]);
  await pm.podman(['volume', 'create', n.vol]);
  await pm.podman(['healthcheck', 'run', n.hname]); // no systemd timer here: run it as the timer would
  await waitFor('the start event', () => has((e) => e.action === 'start' && e.name === n.name));
  await waitFor('the died event', () => has((e) => e.action === 'died' && e.name === n.name));
  await waitFor('a health_status event', () => has((e) => e.action === 'health_status' && e.name === n.hname));
  if (s.caps.events.networkLifecycle) {
    await waitFor('the network create event', () => has((e) => e.type === 'network' && e.action === 'create'));
  }
  await pm.podman(['network', 'rm', n.net]);
  await pm.podman(['rm', '-f', '-t', '0', n.name, n.hname]);
  await waitFor('the remove event', () => has((e) => e.action === 'remove' && e.name === n.name));
  if (s.caps.events.networkLifecycle) {
    await waitFor('the network remove event', () => has((e) => e.type === 'network' && e.action === 'remove'));
  }
}

function checkEvents(s: TargetSuite, got: PodmanEvent[], n: Record<string, string>): void {
  const mine = got.filter((e) => e.type === 'container' && e.name === n.name);
  const actions = mine.map((e) => e.action);
  for (const a of ['create', 'init', 'start', 'died', 'remove']) {
    assert.ok(actions.includes(a), `${a} in ${actions.join(',')}`);
  }
  assert.ok(!actions.includes('die'), 'libpod names, not the compat ones');
  const died = mine.find((e) => e.action === 'died')!;
  assert.equal(died.attributes.containerExitCode, '7');
  assert.equal(died.attributes.image, BUSYBOX);
  assert.match(died.id, /^[0-9a-f]{64}$/);
  assert.equal(typeof died.timeNano, 'bigint');
  assert.equal(Number(died.timeNano / 1_000_000_000n), died.time, 'timeNano and time agree');
  assert.ok(Math.abs(died.time - Date.now() / 1000) < 60);
  const networkEvents = got.filter((e) => e.type === 'network' && e.name === n.net);
  if (s.caps.events.networkLifecycle) {
    // Podman 5 names a network in the `network` attribute (its `name` is empty).
    const netCreate = networkEvents.find((e) => e.action === 'create')!;
    assert.ok(netCreate, JSON.stringify(networkEvents.map((e) => e.action)));
    assert.match(netCreate.id, /^[0-9a-f]{64}$/);
  } else {
    assert.deepEqual(networkEvents, [], `${s.target.label} emits no network create or remove event`);
  }
  assert.ok(got.some((e) => e.type === 'volume' && e.action === 'create' && e.name === n.vol));
  const health = got.filter((e) => e.action === 'health_status' && e.name === n.hname).map((e) => e.healthStatus);
  // 5.x: the result of the check; 4.3: the state the container had before it.
  assert.equal(health.at(-1), s.caps.events.healthResult ? 'healthy' : 'starting', JSON.stringify(health));
}

describeTargets('events', (s) => {
  s.it('streams events with libpod names, exit codes, health, volume and network events', async () => {
    const n = { name: uniqueName('ev'), hname: uniqueName('hev'), net: uniqueName('evnet'), vol: uniqueName('evvol') };
    const { sub, got } = await subscribe(s.pm.client);
    try {
      await eventfulActions(s, got, n);
      checkEvents(s, got, n);
    } finally {
      sub.stop();
      await s.pm.podman(['rm', '-f', '-t', '0', n.name, n.hname]).catch(() => undefined);
      await s.pm.podman(['network', 'rm', '-f', n.net]).catch(() => undefined);
      await s.pm.podman(['volume', 'rm', '-f', n.vol]).catch(() => undefined);
    }
  });

  s.it(
    'reports the service going away and replays the events it missed when it returns',
    async () => {
      const own: TestPodman = await s.target.restartable();
      const { sub, got, statuses } = await subscribe(own.connect?.() ?? new PodmanClient(own.socketPath), [100, 200]);
      const name = uniqueName('missed');
      try {
        // Stop the service, change something while nobody listens, start the service again.
        await own.stopService!();
        await waitFor('disconnected', () => statuses.includes('disconnected'), 5000);
        await own.podman(['create', '--name', name, BUSYBOX, 'true']);
        await own.startService!();
        await waitFor('the replayed create event', () => got.some((e) => e.action === 'create' && e.name === name));
        assert.equal(statuses[statuses.length - 1], 'connected');
        assert.equal(got.filter((e) => e.action === 'create' && e.name === name).length, 1, 'replayed once');
      } finally {
        sub.stop();
        await own.startService?.();
        await own.podman(['rm', '-f', name]).catch(() => undefined);
        await s.target.release(own);
      }
    },
    !s.caps.restartService && `${s.target.label}: its sandbox cannot restart the service on the same store`,
  );
});
