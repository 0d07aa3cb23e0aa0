// ExplorerForest: with one connection the views are exactly that connection's model; with several,
// one root per connection, ids that never collide, nodes that carry their connection, and
// changes that refresh just the root of the connection that changed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExplorerForest, connectionRootItem, type ConnectionInfo } from '../../../../src/explorer/model/forest';
import { ExplorerModel, type ModelChange, type TreeNode } from '../../../../src/explorer/model/tree';
import { FakeClient, ctr, ev, hex, image, pod, tick } from './fixtures';

const A: ConnectionInfo = {
  id: '/run/a.sock',
  label: 'Rootful',
  uri: 'unix:///run/a.sock',
  active: true,
  version: '4.3.1',
  rootless: false,
};
const B: ConnectionInfo = {
  id: '/run/b.sock',
  label: 'Machine b',
  uri: 'unix:///run/b.sock',
  active: false,
  version: '5.4.2',
  rootless: true,
};

/** The same image id on both Podmans: what would collide without the connection in the id. */
const SHARED_IMAGE = hex(999);

function clients() {
  const p = pod({ name: 'web', id: 'p'.repeat(64) });
  return {
    a: new FakeClient(
      [ctr({ name: 'on-a', id: hex(1) }), ctr({ name: 'in-pod', id: hex(2), podId: p.id, podName: 'web' })],
      [p],
      [image({ id: SHARED_IMAGE, repoTags: ['localhost/app:1'] })],
    ),
    b: new FakeClient(
      [ctr({ name: 'on-b', id: hex(3) })],
      [],
      [image({ id: SHARED_IMAGE, repoTags: ['localhost/app:1'] })],
    ),
  };
}

async function forestOf(list: ConnectionInfo[]) {
  const forest = new ExplorerForest();
  forest.setConnections(list);
  const c = clients();
  await forest.model(A.id)?.load(c.a);
  if (list.some((x) => x.id === B.id)) await forest.model(B.id)?.load(c.b);
  return forest;
}

const labels = (forest: ExplorerForest, nodes: TreeNode[]) => nodes.map((n) => forest.item(n).label);

describe('explorer forest', () => {
  it('with one connection, the views are that model exactly (same ids, same labels)', async () => {
    const forest = await forestOf([A]);
    const alone = new ExplorerModel();
    await alone.load(clients().a);
    for (const view of ['containers', 'images'] as const) {
      const roots = forest.children(view);
      assert.deepEqual(
        roots.map((n) => forest.item(n)),
        alone.children(view).map((n) => alone.item(n)),
      );
    }
    assert.equal(forest.multi, false);
    assert.equal(
      forest.item(forest.children('containers').find((n) => n.kind === 'container')!).id,
      `container:${hex(1)}`,
    );
    assert.equal(forest.primary, forest.model(A.id));
  });

  it('with two connections, one root per connection, each with its own objects', async () => {
    const forest = await forestOf([A, B]);
    const roots = forest.children('containers');
    assert.deepEqual(labels(forest, roots), ['Rootful', 'Machine b']);
    assert.ok(roots.every((r) => r.kind === 'connection'));
    assert.deepEqual(labels(forest, forest.children('containers', roots[0])), ['web', 'on-a']);
    assert.deepEqual(labels(forest, forest.children('containers', roots[1])), ['on-b']);
    const item = forest.item(roots[1]);
    assert.equal(item.description, 'Podman 5.4.2 · rootless');
    assert.equal(item.contextValue, 'podman.connectionRoot');
    assert.equal(item.collapsible, 'expanded');
    assert.match(forest.item(roots[0]).description ?? '', /^● Podman 4\.3\.1 · rootful$/);
  });

  it('nodes carry their connection, and ids never collide across connections', async () => {
    const forest = await forestOf([A, B]);
    const ids = new Set<string>();
    for (const view of ['containers', 'images'] as const) {
      const walk = (nodes: TreeNode[], connection?: string) => {
        for (const n of nodes) {
          assert.ok(!ids.has(n.id), `unique id ${n.id}`);
          ids.add(n.id);
          if (n.kind !== 'connection') assert.equal(n.connection, connection, `${n.id} carries its connection`);
          walk(forest.children(view, n), n.kind === 'connection' ? n.connection : connection);
        }
      };
      walk(forest.children(view));
    }
    const images = forest.children('images').flatMap((r) => forest.children('images', r));
    assert.equal(images.length, 2);
    assert.deepEqual(
      images.map((n) => forest.item(n).id),
      [`${A.id}|image:${SHARED_IMAGE}`, `${B.id}|image:${SHARED_IMAGE}`],
    );
    assert.equal(forest.modelOf(images[1]), forest.model(B.id));
  });

  it("a change in one connection's model refreshes that connection's root only", async () => {
    const forest = await forestOf([A, B]);
    const seen: ModelChange[] = [];
    forest.onDidChange((c) => seen.push(...c));
    forest.model(B.id)!.store.applyEvent(ev('image', 'pull', SHARED_IMAGE));
    await tick();
    await tick();
    const images = seen.filter((c) => c.view === 'images');
    assert.ok(images.length > 0, 'the images view changed');
    for (const c of images) {
      assert.deepEqual(
        c.nodes?.map((n) => n.id),
        [forest.rootNode('images', B.id).id],
      );
    }
  });

  it('a container at the top of its connection has that connection root as parent; one in a pod has the pod', async () => {
    const forest = await forestOf([A, B]);
    const [rootA] = forest.children('containers');
    const [pod, onA] = forest.children('containers', rootA);
    assert.equal(forest.parent('containers', onA), rootA);
    const inPod = forest.children('containers', pod)[0];
    assert.equal(forest.parent('containers', inPod), pod);
    assert.equal(forest.parent('containers', rootA), undefined);
  });

  it('going back to one connection drops the other model and the ids lose their prefix', async () => {
    const forest = await forestOf([A, B]);
    forest.setConnections([A]);
    assert.equal(forest.model(B.id), undefined);
    assert.equal(forest.multi, false);
    const ctrNode = forest.children('containers').find((n) => n.kind === 'container')!;
    assert.equal(ctrNode.id, `container:${hex(1)}`);
    assert.equal(ctrNode.connection, A.id);
  });

  it('with no connection the fallback model is shown; a failing one shows its error on its root', () => {
    const forest = new ExplorerForest();
    assert.equal(forest.primary, forest.fallback);
    assert.deepEqual(forest.children('containers'), []);
    const item = connectionRootItem('x', { ...B, version: undefined, error: 'Connection refused' });
    assert.equal(item.description, 'Connection refused');
    assert.equal(item.icon.id, 'error');
  });
});

describe('ExplorerForest: loading', () => {
  /** A client whose container list answers only when the test says (a slow link). */
  function slowClient(): { client: FakeClient; answer(): void } {
    const client = new FakeClient([ctr({ name: 'late', id: hex(7) })]);
    let answer: () => void = () => undefined;
    const gate = new Promise<void>((r) => (answer = r));
    const list = client.listContainers.bind(client);
    client.listContainers = async () => (await gate, list());
    return { client, answer: () => answer() };
  }

  it('reports loading from the start of a load to its end, per connection, and once each way', async () => {
    const forest = new ExplorerForest();
    forest.setConnections([A, B]);
    const seen: [string, boolean][] = [];
    forest.onDidChangeLoading((id, on) => seen.push([id, on]));
    const { client, answer } = slowClient();
    const model = forest.model(A.id)!;
    const loaded = model.load(client);
    assert.equal(model.store.loading, true);
    assert.equal(forest.loading, true);
    assert.equal(forest.model(B.id)!.store.loading, false);
    await tick();
    assert.equal(forest.loading, true, 'still loading while the list has not come');
    answer();
    await loaded;
    assert.equal(forest.loading, false);
    assert.deepEqual(seen, [
      [A.id, true],
      [A.id, false],
    ]);
    assert.ok(model.store.containerByName('late'));
  });

  it('a load that fails or is cleared midway stops loading', async () => {
    const forest = new ExplorerForest();
    forest.setConnections([A]);
    const model = forest.model(A.id)!;
    const failing = new FakeClient();
    failing.listPods = async () => Promise.reject(new Error('link down'));
    await assert.rejects(model.load(failing), /link down/);
    assert.equal(forest.loading, false);
    const { client, answer } = slowClient();
    const pending = model.load(client);
    assert.equal(forest.loading, true);
    model.store.clear();
    assert.equal(forest.loading, false, 'cleared: not loading any more');
    answer();
    await pending;
    assert.equal(forest.loading, false, 'the stale load does not turn it back on');
    assert.equal(model.store.loaded, false);
  });
});
