// Two connections live at once: one explorer forest over two real private Podmans (the podman4
// and podman5 targets), each model fed by its own event stream. A container of the same name
// started on each shows under its own root only; stopping it through the client of its node's
// connection stops that one and not the other.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUSYBOX, uniqueName, type TestPodman } from '../../harness/podman';
import { podmanTargets, type PodmanTarget } from '../../harness/targets';
import { waitFor } from '../../harness/wait';
import { ExplorerFollower } from '../../../src/explorer/model/follower';
import { ExplorerForest, type ConnectionInfo } from '../../../src/explorer/model/forest';
import type { ContainerNode, TreeNode } from '../../../src/explorer/model/tree';

const pair = ['podman4', 'podman5'].map((id) => podmanTargets().find((t) => t.id === id));
const missing = pair.some((t) => !t)
  ? 'needs both the podman4 and podman5 targets (PODMAN_WORKBENCH_TARGETS leaves one out)'
  : pair.find((t) => t?.unavailable)?.unavailable;

describe('two connections live at once (podman4 + podman5)', { skip: missing }, () => {
  const targets = pair as PodmanTarget[];
  const services: TestPodman[] = [];
  const followers: ExplorerFollower[] = [];
  const forest = new ExplorerForest();
  const name = uniqueName('pw-multi');
  let infos: ConnectionInfo[] = [];

  before(async () => {
    for (const t of targets) services.push(await t.shared());
    infos = targets.map((t, i) => ({
      id: services[i].socketPath,
      label: t.label,
      uri: `unix://${services[i].socketPath}`,
      active: i === 0,
      version: t.caps.version,
      rootless: t.caps.rootless,
    }));
    forest.setConnections(infos);
    for (const [i, pm] of services.entries()) {
      const follower = new ExplorerFollower(pm.client, forest.model(infos[i].id)!, { onProblem: () => undefined });
      followers.push(follower);
      await follower.start();
    }
  });

  after(async () => {
    for (const f of followers) f.stop();
    for (const pm of services) await pm.podman(['rm', '-f', '-t', '0', name]).catch(() => undefined);
    // The Podman 5 service is this file's own: stop it (the podman4 one is shared or stopped by its harness).
    const p5 = await targets[1]?.shared().catch(() => undefined);
    await p5?.stop({ cleanup: true });
  });

  /** The container node named `name` under the root of connection `i`, found the way the tree is walked. */
  const under = (i: number): ContainerNode | undefined => {
    const root = forest.children('containers').find((r) => r.kind === 'connection' && r.connection === infos[i].id);
    if (!root) return undefined;
    const walk = (nodes: TreeNode[]): TreeNode[] =>
      nodes.flatMap((n) => [n, ...walk(forest.children('containers', n))]);
    return walk(forest.children('containers', root)).find(
      (n): n is ContainerNode => n.kind === 'container' && forest.item(n).label === name,
    );
  };
  const stateOf = (i: number) => {
    const n = under(i);
    return n ? forest.modelOf(n).container(n)?.state : undefined;
  };

  it('shows one root per connection with its version and mode', () => {
    const roots = forest.children('containers');
    assert.equal(roots.length, 2);
    for (const [i, r] of roots.entries()) {
      const item = forest.item(r);
      assert.equal(item.label, targets[i].label);
      assert.match(
        item.description ?? '',
        new RegExp(`Podman ${targets[i].caps.version.replaceAll('.', '\\.')} · rootful`),
      );
    }
  });

  it('a container started on each appears under its own root, from each event stream', async () => {
    for (const pm of services) {
      await pm.podman(['run', '-d', '--stop-timeout', '1', '--name', name, BUSYBOX, 'sleep', '600']);
    }
    await waitFor('the container under both roots', () => stateOf(0) === 'running' && stateOf(1) === 'running', 15_000);
    const [a, b] = [under(0)!, under(1)!];
    assert.equal(a.connection, infos[0].id);
    assert.equal(b.connection, infos[1].id);
    assert.notEqual(forest.item(a).id, forest.item(b).id, 'two tree items, two ids');
    const idOn = async (pm: TestPodman) => (await pm.podman(['inspect', '--format', '{{.Id}}', name])).trim();
    assert.equal(forest.modelOf(a).container(a)?.id, await idOn(services[0]));
    assert.equal(forest.modelOf(b).container(b)?.id, await idOn(services[1]));
  });

  it("stopping through the node's own connection stops that one and not the other", async () => {
    const b = under(1)!;
    const model = forest.modelOf(b);
    const client = services[infos.findIndex((x) => x.id === b.connection)].client;
    await client.containerAction(model.container(b)!.id, 'stop');
    await waitFor('exited under the second root', () => stateOf(1) === 'exited', 15_000);
    const onA = (await services[0].podman(['inspect', '--format', '{{.State.Status}}', name])).trim();
    assert.equal(onA, 'running', 'the first Podman still runs its container');
    assert.equal(stateOf(0), 'running', 'the first root still shows it running');
  });
});
