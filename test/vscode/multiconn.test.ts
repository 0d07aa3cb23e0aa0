// Several connections live at once, in the real VS Code: a second private Podman (a sandbox this
// file starts) found through Podman's connection file, enabled from the Connections view; each
// explorer view then shows one root per connection, each fed by its own event stream. A container
// of the same name on each shows under its own root; stopping one from the tree (the node from
// the real tree provider) stops that one and not the other; the palette asks which connection.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { buildRunSpec } from '../../src/explorer/model/runSpec';
import type { PodmanClient } from '../../src/podman/client';
import { answering } from './answering';
import {
  EXTENSION_ID,
  activeClient,
  connectionNode,
  explorer,
  roots,
  runBuildTask,
  testSocket,
  underRoot,
  waitFor,
  workbenchApi,
} from './util';

interface Sandbox {
  socketPath: string;
  stop(o?: { cleanup?: boolean }): Promise<void>;
}

const BUSYBOX = 'localhost/pw-busybox:latest';
const SECOND = 'pw-second';

/** A private Podman 4.3 service of this test's own (scripts/podman-sandbox.mjs, loaded at run time). */
async function startSecondPodman(): Promise<Sandbox> {
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const url = pathToFileURL(path.join(root, 'scripts', 'podman-sandbox.mjs')).href;
  const mod = (await import(url)) as { startSandbox(): Promise<Sandbox> };
  return mod.startSandbox();
}

describe('multiconn: the explorer with two connections live at once', function () {
  this.timeout(120_000);
  const name = `pw-vscode-multi-${Date.now()}`;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-multi-home-'));
  const savedConfigHome = process.env.XDG_CONFIG_HOME;
  let second: Sandbox | undefined;
  let clients: PodmanClient[] = [];
  let ids: string[] = [];

  before(async function () {
    this.timeout(180_000);
    await activeClient();
    await explorer();
    second = await startSecondPodman();
    fs.mkdirSync(path.join(home, 'containers'), { recursive: true });
    const connections = {
      Connection: { Default: '', Connections: { [SECOND]: { URI: `unix://${second.socketPath}` } } },
    };
    fs.writeFileSync(path.join(home, 'containers', 'podman-connections.json'), JSON.stringify(connections));
    process.env.XDG_CONFIG_HOME = home;
    await (await workbenchApi()).workbench.connections.refresh();
  });

  after(async function () {
    this.timeout(120_000);
    for (const [i, client] of clients.entries()) {
      if (ids[i]) await client.removeContainer(ids[i], { force: true }).catch(() => undefined);
    }
    const cm = (await workbenchApi()).workbench.connections;
    if (second && cm.isEnabled(second.socketPath)) await cm.setEnabled(second.socketPath, false);
    if (savedConfigHome === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = savedConfigHome;
    await cm.refresh();
    await second?.stop({ cleanup: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('enabling the second connection from the Connections view shows one root per connection', async () => {
    const ex = await explorer();
    const node = await connectionNode(second!.socketPath, 'podman.connection.ok');
    await vscode.commands.executeCommand('podman.connection.enable', node);
    await waitFor('two roots in the Containers view', () => roots(ex).length === 2, 20_000);
    // The mode (rootless/rootful) fills in when /libpod/info answers, after the roots are usable.
    const described = () => roots(ex).map((r) => String(ex.trees.containers.getTreeItem(r).description));
    await waitFor('both roots with their mode', () => described().every((d) => d.includes(' · ')), 20_000);
    const items = roots(ex).map((r) => ex.trees.containers.getTreeItem(r));
    assert.deepEqual(
      roots(ex).map((r) => (r.kind === 'connection' ? r.connection : r.kind)),
      [testSocket(), second!.socketPath],
    );
    assert.equal(items[1].label, `Connection ${SECOND}`);
    assert.match(String(items[0].description), /^● Podman \d+\.\d+\.\d+ · rootful$/);
    assert.match(String(items[1].description), /^Podman \d+\.\d+\.\d+ · rootful$/);
    for (const view of ['images', 'volumes', 'networks'] as const) {
      assert.equal(ex.trees[view].getChildren().filter((n) => n.kind === 'connection').length, 2, view);
    }
    await connectionNode(second!.socketPath, 'podman.connection.ok.enabled');
    await waitFor('both event streams followed', () => ex.live.following && ex.live.followingOf(second!.socketPath));
  });

  it('a container started on each appears under its own root', async () => {
    const ex = await explorer();
    const cm = (await workbenchApi()).workbench.connections;
    clients = [await activeClient(), cm.connection(second!.socketPath)!.client];
    const spec = { ...buildRunSpec({ image: BUSYBOX, name, command: ['sleep', '600'] }), stop_timeout: 1 };
    ids = [];
    for (const client of clients) {
      const id = await client.createContainer(spec);
      await client.containerAction(id, 'start');
      ids.push(id);
    }
    for (const [i, endpoint] of [testSocket(), second!.socketPath].entries()) {
      const found = await waitFor(
        `${name} running under the root of ${endpoint}`,
        () => {
          const f = underRoot(ex, endpoint, name);
          return f?.item.contextValue === 'podman.container.running' ? f : undefined;
        },
        15_000,
      );
      assert.equal(found.item.id, `${endpoint}|container:${ids[i]}`);
      assert.equal(found.node.connection, endpoint);
    }
  });

  it('stopping the second one from the tree stops that one and not the other', async () => {
    const ex = await explorer();
    const { node } = underRoot(ex, second!.socketPath, name)!;
    await vscode.commands.executeCommand('podman.container.stop', node, [node]);
    await waitFor(
      'exited under the second root',
      () => underRoot(ex, second!.socketPath, name)?.item.contextValue === 'podman.container.exited',
      15_000,
    );
    assert.equal((await clients[1].getContainer(ids[1]))?.state, 'exited');
    assert.equal((await clients[0].getContainer(ids[0]))?.state, 'running', 'the first Podman still runs its own');
    assert.equal(underRoot(ex, testSocket(), name)?.item.contextValue, 'podman.container.running');
  });

  it('the palette form asks which connection, then acts on the one chosen', async () => {
    const ex = await explorer();
    const r = await answering(
      {
        pick: (items, title) =>
          /which connection/.test(title ?? '')
            ? items.filter((i) => i.label.endsWith(`Connection ${SECOND}`))
            : items.filter((i) => i.label === name),
      },
      'podman.container.start',
    );
    assert.deepEqual(r.asked.errors, []);
    assert.equal(r.asked.picks.length, 2, `asked: ${r.asked.picks.join(' / ')}`);
    assert.match(r.asked.picks[0], /which connection/);
    await waitFor(
      'running again under the second root',
      () => underRoot(ex, second!.socketPath, name)?.item.contextValue === 'podman.container.running',
      15_000,
    );
  });

  it('a podman-build task with "connection" (a label) builds on that connection only', async function () {
    this.timeout(180_000);
    const tag = `localhost/pw-vscode-multi-build:${Date.now()}`;
    const code = await runBuildTask({
      type: 'podman-build',
      file: path.join('build-ok', 'Containerfile'),
      tag,
      connection: `Connection ${SECOND}`,
    });
    assert.equal(code, 0);
    const has = async (client: PodmanClient) => (await client.listImages()).some((i) => i.repoTags.includes(tag));
    assert.equal(await has(clients[1]), true, 'built on the second Podman');
    assert.equal(await has(clients[0]), false, 'not on the active one');
    await clients[1].removeImage(tag, { force: true });
  });

  it('a task naming a connection that does not exist fails and builds nothing anywhere', async () => {
    const tag = `localhost/pw-vscode-multi-nowhere:${Date.now()}`;
    const code = await runBuildTask({
      type: 'podman-build',
      file: path.join('build-ok', 'Containerfile'),
      tag,
      connection: 'no such connection',
    });
    assert.equal(code, 1);
    for (const client of clients) {
      assert.equal(
        (await client.listImages()).some((i) => i.repoTags.includes(tag)),
        false,
      );
    }
  });

  it('disabling the second connection brings back the single view, ids as before', async () => {
    const ex = await explorer();
    const node = await connectionNode(second!.socketPath, 'podman.connection.ok.enabled');
    await vscode.commands.executeCommand('podman.connection.disable', node);
    await waitFor('no connection roots', () => roots(ex).every((r) => r.kind !== 'connection'), 15_000);
    const mine = await waitFor('the first container at the top of the view', () =>
      roots(ex).find((n) => n.kind === 'container' && ex.trees.containers.getTreeItem(n).label === name),
    );
    assert.equal(ex.trees.containers.getTreeItem(mine).id, `container:${ids[0]}`);
  });
});
