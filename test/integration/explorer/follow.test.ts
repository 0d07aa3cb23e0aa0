// The explorer's model follows a real event stream on every Podman target: a container's
// lifecycle, a health check turning unhealthy, a pod, and the volume and network lists.
import assert from 'node:assert/strict';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets, type TargetSuite } from '../../harness/targets';
import { pauseAndResume } from '../../harness/capable';
import { waitFor } from '../../harness/wait';
import { ExplorerFollower } from '../../../src/explorer/model/follower';
import { ExplorerModel, type Problem } from '../../../src/explorer/model/tree';

type Model = ExplorerModel;

/** Create, start, pause (where the target can), stop and the exit code, seen by the model. */
async function followContainer(s: TargetSuite, model: Model, name: string): Promise<string> {
  await s.pm.podman(['create', '--name', name, BUSYBOX, 'sleep', '600']);
  await waitFor('the created container', () => model.store.containerByName(name)?.state === 'created', 10_000);
  const id = model.store.containerByName(name)!.id;
  const state = () => model.store.containers.get(id)?.state;
  await s.pm.podman(['start', name]);
  await waitFor('running', () => state() === 'running', 10_000);
  await pauseAndResume(s, name, async () => void (await waitFor('paused', () => state() === 'paused', 10_000)));
  await waitFor('running again', () => state() === 'running', 10_000);
  await s.pm.podman(['stop', '-t', '0', name]);
  await waitFor('exited', () => state() === 'exited', 10_000);
  const status = () => model.store.containers.get(id)?.status;
  await waitFor('the exit code in the status', () => status() === 'Exited (137)', 10_000);
  assert.equal(model.store.containers.get(id)?.exitCode, 137);
  return id;
}

/** A health check turning unhealthy shows without a re-list. */
async function followHealth(s: TargetSuite, model: Model, name: string): Promise<void> {
  await s.pm.podman(['run', '-d', '--name', name, '--health-cmd', 'test -e /ok', BUSYBOX, 'sleep', '600']);
  await waitFor('the health-checked container', () => model.store.containerByName(name)?.state === 'running', 10_000);
  // Fails each time: unhealthy after the retries.
  for (let i = 0; i < 4; i++) await s.pm.podman(['healthcheck', 'run', name]).catch(() => undefined);
  await waitFor('unhealthy in the model', () => model.store.containerByName(name)?.status === 'unhealthy', 10_000);
  await s.pm.podman(['rm', '-f', '-t', '0', name]);
}

/** A pod created, a container run into it, the pod removed. */
async function followPod(s: TargetSuite, model: Model, pod: string) {
  const hasPod = (status?: string) =>
    [...model.store.pods.values()].some((p) => p.name === pod && (!status || p.status === status));
  await s.pm.podman(['pod', 'create', '--name', pod]);
  await waitFor('the pod created', () => hasPod(), 10_000);
  assert.ok(
    model.children('containers').some((node) => node.kind === 'pod'),
    'the pod is a node of the tree',
  );
  await s.pm.podman(['run', '-d', '--pod', pod, '--name', `${pod}-c`, BUSYBOX, 'sleep', '600']);
  const pods = () => JSON.stringify([...model.store.pods.values()].map((p) => [p.name, p.status]));
  await waitFor('the pod running', () => hasPod('Running'), 10_000).catch((e: Error) => {
    throw new Error(`${e.message}; the model's pods: ${pods()}`);
  });
  await s.pm.podman(['pod', 'rm', '-f', '-t', '0', pod]);
  await waitFor('the pod removed', () => !hasPod(), 10_000);
}

/** A volume and (where the target emits network events) a network. */
async function followLists(s: TargetSuite, model: Model, n: { vol: string; net: string }) {
  await s.pm.podman(['volume', 'create', n.vol]);
  await s.pm.podman(['network', 'create', n.net]);
  await waitFor('the volume list refetched', () => model.store.volumes.some((v) => v.name === n.vol), 10_000);
  if (s.caps.events.networkLifecycle) {
    await waitFor('the network list refetched', () => model.store.networks.some((x) => x.name === n.net), 10_000);
  }
}

/** Runs `steps` with a model loaded and following the event stream; no problem may be reported. */
async function following(s: TargetSuite, steps: (model: Model) => Promise<void>): Promise<void> {
  const model = new ExplorerModel();
  const problems: (Problem | undefined)[] = [];
  const follower = new ExplorerFollower(s.pm.client, model, {
    onProblem: (p) => problems.push(p),
    backoffMs: [100, 200],
  });
  try {
    await follower.start();
    assert.equal(model.store.loaded, true);
    assert.ok(model.store.images.some((i) => i.repoTags.includes(BUSYBOX)));
    assert.ok(model.buildAllItems().length > 0);
    await waitFor('the event stream', () => follower.status === 'connected');
    await steps(model);
    assert.ok(!problems.some((p) => p !== undefined), JSON.stringify(problems));
  } finally {
    follower.stop();
  }
}

describeTargets('explorer: following events', (s) => {
  s.it(
    'follows a container (create, start, pause, stop, health, remove) and the volume and network lists',
    async () => {
      const name = uniqueName('live');
      const n = { vol: uniqueName('livevol'), net: uniqueName('livenet') };
      try {
        await following(s, async (model) => {
          const id = await followContainer(s, model, name);
          await followHealth(s, model, `${name}-hc`);
          const item = model.buildAllItems().find((i) => i.label === name);
          assert.ok(item, 'the container has a tree item');
          assert.match(String(item.contextValue), /^podman\.container\./);
          await s.pm.podman(['rm', name]);
          await waitFor('removed', () => !model.store.containers.has(id), 10_000);
          await followLists(s, model, n);
        });
      } finally {
        await s.pm.podman(['rm', '-f', '-t', '0', name, `${name}-hc`]).catch(() => undefined);
        await s.pm.podman(['volume', 'rm', '-f', n.vol]).catch(() => undefined);
        await s.pm.podman(['network', 'rm', '-f', n.net]).catch(() => undefined);
      }
    },
  );

  s.it('follows a pod: created, running once a container runs in it, removed', async () => {
    const pod = uniqueName('livepod');
    try {
      await following(s, (model) => followPod(s, model, pod));
    } finally {
      await s.pm.podman(['pod', 'rm', '-f', '-t', '0', pod]).catch(() => undefined);
    }
  });
});
