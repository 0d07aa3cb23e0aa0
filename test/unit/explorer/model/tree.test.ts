import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { CTX, MENU_PATTERNS } from '../../../../src/explorer/model/contextValues';
import { ExplorerModel, containerItem, formatPort, md, type TreeNode } from '../../../../src/explorer/model/tree';
import { FakeClient, ctr, ev, image, pod } from './fixtures';

async function model(opts = { showInfraContainers: false, groupComposeProjects: true }) {
  const p = pod({ name: 'api', id: 'p'.repeat(64) });
  const m = new ExplorerModel(opts);
  await m.load(
    new FakeClient(
      [
        ctr({ name: 'api-infra', podId: p.id, podName: 'api', isInfra: true }),
        ctr({
          name: 'api-server',
          podId: p.id,
          podName: 'api',
          ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp', range: 1 }],
        }),
        ctr({ name: 'api-worker', podId: p.id, podName: 'api', state: 'exited', status: 'Exited (1)', exitCode: 1 }),
        ctr({ name: 'db-1', composeProject: 'shop', labels: { 'io.podman.compose.project': 'shop' } }),
        ctr({ name: 'cache-1', composeProject: 'shop', state: 'paused', status: 'Paused' }),
        ctr({ name: 'alone', state: 'created', status: 'Created' }),
        ctr({ name: 'alone-debug-1a2b', labels: { 'io.podman-workbench.debug': 'alone' } }),
      ],
      [p],
      [
        image({ repoTags: ['localhost/b:1'] }),
        image({ repoTags: ['localhost/a:1', 'localhost/a:latest'] }),
        image({ dangling: true }),
        image({ dangling: true }),
      ],
      [{ name: 'data', driver: 'local', mountpoint: '/x', created: '', labels: {} }],
      [
        {
          id: 'n1',
          name: 'podman',
          driver: 'bridge',
          iface: 'podman0',
          subnets: ['10.88.0.0/16'],
          internal: false,
          labels: {},
        },
      ],
    ),
  );
  return m;
}

const labels = (m: ExplorerModel, view: 'containers' | 'images', parent?: TreeNode) =>
  m.children(view, parent).map((n) => m.item(n).label);

describe('explorer trees on plain data', () => {
  it('a pod and a compose group follow their containers state changes (no structural change needed)', async () => {
    const m = await model();
    const [shop, api] = m.children('containers');
    assert.equal(m.item(api).contextValue, 'podman.pod.degraded');
    const worker = [...m.store.containers.values()].find((c) => c.name === 'api-worker')!;
    m.applyEvent(ev('container', 'start', worker.id));
    assert.equal(m.item(api).contextValue, 'podman.pod.running');
    assert.match(String(m.item(shop).description), /1\/2 running/);
    const cache = [...m.store.containers.values()].find((c) => c.name === 'cache-1')!;
    m.applyEvent(ev('container', 'unpause', cache.id));
    assert.match(String(m.item(shop).description), /2\/2 running/);
  });
  it('groups compose projects, then pods, then standalone containers; hides infra and debug sidecars', async () => {
    const m = await model();
    assert.deepEqual(labels(m, 'containers'), ['shop', 'api', 'alone']);
    const [shop, api] = m.children('containers');
    assert.deepEqual(labels(m, 'containers', api), ['api-server', 'api-worker']);
    assert.deepEqual(labels(m, 'containers', shop), ['cache-1', 'db-1']);
    assert.equal(m.item(api).contextValue, 'podman.pod.degraded');
    assert.equal(m.item(shop).contextValue, CTX.compose);
    assert.match(m.item(api).description ?? '', /1\/2 running/);
  });

  it('shows infra containers when the setting says so, and no compose groups when off', async () => {
    const m = await model({ showInfraContainers: true, groupComposeProjects: false });
    assert.deepEqual(labels(m, 'containers'), ['api', 'alone', 'cache-1', 'db-1']);
    assert.deepEqual(labels(m, 'containers', m.children('containers')[0]), ['api-infra', 'api-server', 'api-worker']);
  });

  it('gives containers state icons, contextValues and descriptions', async () => {
    const m = await model();
    const items = m.buildAllItems();
    const by = (l: string) => items.find((i) => i.label === l)!;
    assert.deepEqual(
      [
        by('api-server').contextValue,
        by('api-worker').contextValue,
        by('cache-1').contextValue,
        by('alone').contextValue,
      ],
      ['podman.container.running', 'podman.container.exited', 'podman.container.paused', 'podman.container.created'],
    );
    assert.deepEqual(by('api-server').icon, { id: 'vm-running', color: 'charts.green' });
    assert.equal(by('api-worker').icon.color, 'charts.red'); // exited with a failure code
    assert.equal(by('cache-1').icon.id, 'debug-pause');
    assert.equal(by('api-server').description, 'localhost/app:1 · Up 2 minutes · 127.0.0.1:8080→80/tcp');
    assert.match(by('api-server').tooltip, /Pod: api/);
    assert.ok(new Set(items.map((i) => i.id)).size === items.length, 'ids are unique');
  });

  it('groups dangling images under one node, sorted named images first', async () => {
    const m = await model();
    assert.deepEqual(labels(m, 'images'), ['localhost/a:1', 'localhost/b:1', 'Dangling']);
    const dangling = m.children('images')[2];
    assert.equal(m.item(dangling).contextValue, CTX.danglingGroup);
    const inside = m.children('images', dangling);
    assert.equal(inside.length, 2);
    assert.equal(m.item(inside[0]).contextValue, CTX.imageDangling);
    assert.match(m.item(m.children('images')[0]).description ?? '', /\+1 tags/);
  });

  it('lists volumes and networks', async () => {
    const m = await model();
    const items = m.buildAllItems();
    assert.equal(items.find((i) => i.label === 'data')?.contextValue, CTX.volume);
    assert.equal(items.find((i) => i.label === 'podman')?.contextValue, CTX.network);
  });

  it('shows a problem node with retry and connections actions in every view', async () => {
    const m = await model();
    m.setProblem({ message: 'Nothing is listening on /x.sock.', fix: 'Start it.' });
    for (const v of ['containers', 'images', 'volumes', 'networks'] as const) {
      const [p] = m.children(v);
      assert.equal(m.item(p).contextValue, CTX.problem);
      assert.deepEqual(
        m.children(v, p).map((a) => m.item(a).command?.command),
        ['podman.explorer.retry', 'podman.connections.focus'],
      );
    }
    m.setProblem(undefined);
    assert.equal(m.children('containers').length, 3);
  });

  it('returns the same node objects across calls (VS Code refreshes elements by identity)', async () => {
    const m = await model();
    assert.equal(m.children('containers')[1], m.children('containers')[1]);
  });

  it('escapes markdown in names and labels', () => {
    assert.equal(md('a*b_[x](y)'), 'a\\*b\\_\\[x\\]\\(y\\)');
    const it = containerItem(ctr({ name: 'x', image: 'img`$(touch /tmp/p)`' }));
    assert.ok(!it.tooltip.includes('$(touch'), 'no unescaped $( that a MarkdownString with theme icons would read');
  });

  it('formats port ranges and unpublished ports', () => {
    assert.equal(
      formatPort({ hostIp: '', hostPort: 8000, containerPort: 80, protocol: 'tcp', range: 3 }),
      '8000-8002→80-82/tcp',
    );
    assert.equal(formatPort({ hostIp: '', hostPort: 0, containerPort: 53, protocol: 'udp', range: 1 }), '53/udp');
  });
});

describe('package.json menus match the contextValues', () => {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  const nls = JSON.parse(fs.readFileSync('package.nls.json', 'utf8'));
  const items: { command: string; when: string }[] = pkg.contributes.menus['view/item/context'];
  const values = Object.values(CTX) as string[];
  it('every explorer viewItem regex is anchored and matches at least one contextValue', () => {
    const explorerViews = /view == podman\.(containers|images|volumes|networks)\b/;
    for (const m of items.filter((i) => explorerViews.test(i.when))) {
      const src = /viewItem =~ \/(.*)\/$/.exec(m.when)?.[1];
      assert.ok(src, m.when);
      assert.ok(src.startsWith('^'), `anchored: ${m.when}`);
      const rx = new RegExp(src);
      assert.ok(
        values.some((v) => rx.test(v)),
        `${m.command}: ${src} matches no contextValue`,
      );
    }
  });
  it('the stop/start menus match the shared patterns', () => {
    const pattern = (cmd: string) => {
      const entries = items.filter((i) => i.command === cmd);
      assert.ok(entries.length > 0, cmd);
      return [...new Set(entries.map((i) => /viewItem =~ \/(.*)\/$/.exec(i.when)?.[1]))];
    };
    assert.deepEqual(pattern('podman.container.stop'), [MENU_PATTERNS.stoppable.source]);
    assert.deepEqual(pattern('podman.container.start'), [MENU_PATTERNS.startable.source]);
  });
  it('every explorer command has a title in package.nls.json and the Podman category', () => {
    for (const c of pkg.contributes.commands.filter((x: { command: string }) =>
      /^podman\.(container|pod|image|volume|network|system|explorer)\./.test(x.command),
    )) {
      assert.equal(c.category, 'Podman');
      assert.ok(nls[c.title.slice(1, -1)], c.command);
    }
  });
});
