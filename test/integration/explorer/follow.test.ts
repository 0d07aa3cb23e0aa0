// The explorer's model follows a real event stream on every Podman target: a container's
// lifecycle, a health check turning unhealthy, a pod, and the volume and network lists.
import assert from 'node:assert/strict';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { waitFor } from '../../harness/wait';
import { ExplorerFollower } from '../../../src/explorer/model/follower';
import { ExplorerModel, type Problem } from '../../../src/explorer/model/tree';

describeTargets('explorer: following events', (s) => {
  s.it('loads the model and follows the event stream: create, start, pause, stop, remove, pods and lists', async () => {
    const model = new ExplorerModel();
    const problems: (Problem | undefined)[] = [];
    const follower = new ExplorerFollower(s.pm.client, model, {
      onProblem: (p) => problems.push(p),
      backoffMs: [100, 200],
    });
    const name = uniqueName('p5live');
    const pod = uniqueName('p5livepod');
    const vol = uniqueName('p5livevol');
    const net = uniqueName('p5livenet');
    try {
      await follower.start();
      assert.equal(model.store.loaded, true);
      assert.ok(model.store.images.some((i) => i.repoTags.includes(BUSYBOX)));
      assert.ok(model.buildAllItems().length > 0);
      await waitFor('the event stream', () => follower.status === 'connected');
      await s.pm.podman(['create', '--name', name, BUSYBOX, 'sleep', '600']);
      await waitFor('the created container', () => model.store.containerByName(name)?.state === 'created', 10_000);
      const id = model.store.containerByName(name)!.id;
      await s.pm.podman(['start', name]);
      await waitFor('running', () => model.store.containers.get(id)?.state === 'running', 10_000);
      await s.pm.podman(['pause', name]);
      await waitFor('paused', () => model.store.containers.get(id)?.state === 'paused', 10_000);
      await s.pm.podman(['unpause', name]);
      await waitFor('running again', () => model.store.containers.get(id)?.state === 'running', 10_000);
      await s.pm.podman(['stop', '-t', '0', name]);
      await waitFor('exited', () => model.store.containers.get(id)?.state === 'exited', 10_000);
      await waitFor(
        'the exit code in the status',
        () => model.store.containers.get(id)?.status === 'Exited (137)',
        10_000,
      );
      assert.equal(model.store.containers.get(id)?.exitCode, 137);
      // A health check turning unhealthy shows without a re-list.
      await s.pm.podman(['run', '-d', '--name', `${name}-hc`, '--health-cmd', 'test -e /ok', BUSYBOX, 'sleep', '600']);
      await waitFor(
        'the health-checked container',
        () => model.store.containerByName(`${name}-hc`)?.state === 'running',
        10_000,
      );
      await s.pm.podman(['healthcheck', 'run', `${name}-hc`]).catch(() => undefined); // fails: unhealthy after the retries
      for (let i = 0; i < 3; i++) await s.pm.podman(['healthcheck', 'run', `${name}-hc`]).catch(() => undefined);
      await waitFor(
        'unhealthy in the model',
        () => model.store.containerByName(`${name}-hc`)?.status === 'unhealthy',
        10_000,
      );
      await s.pm.podman(['rm', '-f', '-t', '0', `${name}-hc`]);
      const item = model.buildAllItems().find((i) => i.label === name);
      assert.ok(item, 'the container has a tree item');
      assert.match(String(item.contextValue), /^podman\.container\./);
      await s.pm.podman(['rm', name]);
      await waitFor('removed', () => !model.store.containers.has(id), 10_000);

      await s.pm.podman(['pod', 'create', '--name', pod]);
      await s.pm.podman(['run', '-d', '--pod', pod, '--name', `${pod}-c`, BUSYBOX, 'sleep', '600']);
      await waitFor(
        'the pod running',
        () => [...model.store.pods.values()].some((p) => p.name === pod && p.status === 'Running'),
        10_000,
      );
      assert.ok(
        model.children('containers').some((n) => n.kind === 'pod'),
        'the pod is a node of the tree',
      );
      await s.pm.podman(['volume', 'create', vol]);
      await s.pm.podman(['network', 'create', net]);
      await waitFor('the volume list refetched', () => model.store.volumes.some((v) => v.name === vol), 10_000);
      if (s.caps.events.networkLifecycle) {
        await waitFor('the network list refetched', () => model.store.networks.some((n) => n.name === net), 10_000);
      }
      await s.pm.podman(['pod', 'rm', '-f', '-t', '0', pod]);
      await waitFor('the pod removed', () => ![...model.store.pods.values()].some((p) => p.name === pod), 10_000);
      assert.ok(!problems.some((p) => p !== undefined), JSON.stringify(problems));
    } finally {
      follower.stop();
      await s.pm.podman(['rm', '-f', '-t', '0', name, `${name}-hc`]).catch(() => undefined);
      await s.pm.podman(['pod', 'rm', '-f', '-t', '0', pod]).catch(() => undefined);
      await s.pm.podman(['volume', 'rm', '-f', vol]).catch(() => undefined);
      await s.pm.podman(['network', 'rm', '-f', net]).catch(() => undefined);
    }
  });
});
