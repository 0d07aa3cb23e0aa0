// A local and a REMOTE Podman live at once, in the real VS Code: the remote host is the netns SSH
// host (its Podman reached only over SSH), named in Podman's own connection file with its
// identity, as `podman system connection add` writes it, by a user who has connected before
// (known_hosts). Enabled from the Connections view, it gets a root of its own; a container on
// each shows under its own root; stopping the remote one from the tree stops it on that host;
// a change made on the host itself reaches its root through its event stream.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildRunSpec } from '../../src/explorer/model/runSpec';
import type { PodmanClient } from '../../src/podman/client';
import { type SshFixture, useSshHost } from './sshhost';
import { activeClient, connectionNode, explorer, roots, testSocket, underRoot, waitFor, workbenchApi } from './util';

const BUSYBOX = 'localhost/pw-busybox:latest';
const NAME = 'pw-remote';

/** The remote container's state, asked on the host itself (not through the extension). */
async function remoteState(fx: SshFixture, name: string): Promise<string> {
  return (await fx.hosts.podman(['inspect', '--format', '{{.State.Status}}', name])).trim();
}

const runningUnder = (endpoint: string, name: string) => async () => {
  const found = underRoot(await explorer(), endpoint, name);
  return found?.item.contextValue === 'podman.container.running' ? found : undefined;
};

describe('ssh: a local and a remote connection live at once', function () {
  this.timeout(120_000);
  const name = `pw-vscode-ssh-${Date.now()}`;
  let local: PodmanClient | undefined;
  let localId: string | undefined;
  let remoteId = '';

  const fx = useSshHost(async (f) => {
    if (localId) await local?.removeContainer(localId, { force: true }).catch(() => undefined);
    await f.hosts.podman(['rm', '--force', '--time', '0', name]).catch(() => undefined);
    const cm = (await workbenchApi()).workbench.connections;
    if (cm.isEnabled(f.uri({ port: 22 }))) await cm.setEnabled(f.uri({ port: 22 }), false);
  });

  before(async () => {
    local = await activeClient();
    await explorer();
    fs.writeFileSync(fx.home.knownHosts, fx.hosts.knownHosts());
    const connections = {
      Connection: {
        Default: '',
        Connections: { [NAME]: { URI: fx.uri({ port: 22 }), Identity: fx.hosts.keys.ed25519 } },
      },
    };
    fs.writeFileSync(path.join(fx.home.containers, 'podman-connections.json'), JSON.stringify(connections));
    await (await workbenchApi()).workbench.connections.refresh();
  });

  it("the remote connection of Podman's connection file, enabled from the Connections view, gets a root of its own", async () => {
    const ex = await explorer();
    const uri = fx.uri({ port: 22 });
    const node = await connectionNode(uri, 'podman.connection.ok');
    const tree = (await workbenchApi()).connectionsTree;
    // Usable after /_ping; the mode is shown once /libpod/info answers (in parallel).
    const described = await waitFor(
      'the connection described with its mode',
      () => {
        const now = tree.getChildren().find((s) => s.endpoint.id === uri);
        const text = now && String(tree.getTreeItem(now).description);
        return text?.includes(' · ') ? text : undefined;
      },
      20_000,
    );
    assert.match(described, /^Podman 4\.3\.\d+ · rootful$/);
    await vscode.commands.executeCommand('podman.connection.enable', node);
    await waitFor('a root per connection', () => roots(ex).length === 2, 20_000);
    assert.deepEqual(
      roots(ex).map((r) => (r.kind === 'connection' ? r.connection : r.kind)),
      [testSocket(), uri],
    );
    const item = ex.trees.containers.getTreeItem(roots(ex)[1]);
    assert.equal(item.label, `Connection ${NAME}`);
    await waitFor(
      "the remote root's mode",
      () => String(ex.trees.containers.getTreeItem(roots(ex)[1]).description).includes(' · '),
      20_000,
    );
    assert.match(String(ex.trees.containers.getTreeItem(roots(ex)[1]).description), /^Podman 4\.3\.\d+ · rootful$/);
    await waitFor('both event streams followed', () => ex.live.following && ex.live.followingOf(uri), 20_000);
  });

  it('a container started on each appears under its own root', async () => {
    const ex = await explorer();
    const spec = { ...buildRunSpec({ image: BUSYBOX, name, command: ['sleep', '600'] }), stop_timeout: 1 };
    localId = await local!.createContainer(spec);
    await local!.containerAction(localId, 'start');
    // Started on the remote host itself, by its own CLI: the tree learns of it over SSH only.
    remoteId = (
      await fx.hosts.podman(['run', '-d', '--name', name, '--stop-timeout', '1', BUSYBOX, 'sleep', '600'])
    ).trim();
    assert.notEqual(remoteId, localId);
    const uri = fx.uri({ port: 22 });
    for (const [endpoint, id] of [
      [testSocket(), localId],
      [uri, remoteId],
    ]) {
      const found = await waitFor(
        `${name} running under the root of ${endpoint}`,
        runningUnder(endpoint, name),
        20_000,
      );
      assert.equal(found.item.id, `${endpoint}|container:${id}`);
      assert.equal(found.node.connection, endpoint);
    }
    assert.equal(fx.hosts.socketVisibleHere(), false, 'the remote socket is reached over SSH only');
    assert.ok(ex.live.followingOf(uri));
  });

  it('stopping the remote one from the tree stops it on the remote host and not the local one', async () => {
    const ex = await explorer();
    const uri = fx.uri({ port: 22 });
    const { node } = underRoot(ex, uri, name)!;
    await vscode.commands.executeCommand('podman.container.stop', node, [node]);
    await waitFor(
      'exited under the remote root',
      () => underRoot(ex, uri, name)?.item.contextValue === 'podman.container.exited',
      20_000,
    );
    assert.equal(await remoteState(fx, name), 'exited');
    assert.equal((await local!.getContainer(localId!))?.state, 'running', 'the local Podman still runs its own');
    assert.equal(underRoot(ex, testSocket(), name)?.item.contextValue, 'podman.container.running');
  });

  it('a change made on the remote host reaches its root through the remote event stream', async () => {
    const ex = await explorer();
    const uri = fx.uri({ port: 22 });
    await fx.hosts.podman(['start', name]);
    await waitFor('running again under the remote root', runningUnder(uri, name), 20_000);
    await fx.hosts.podman(['pause', name]);
    await waitFor(
      'paused under the remote root',
      () => underRoot(ex, uri, name)?.item.contextValue === 'podman.container.paused',
      20_000,
    );
    assert.ok(ex.live.followingOf(uri), 'followed by its event stream (nothing polls while it works)');
    assert.equal(underRoot(ex, testSocket(), name)?.item.contextValue, 'podman.container.running');
    await fx.hosts.podman(['unpause', name]);
  });

  it('disabling the remote connection from the Connections view brings back the single view', async () => {
    const ex = await explorer();
    const uri = fx.uri({ port: 22 });
    const node = await connectionNode(uri, 'podman.connection.ok.enabled');
    await vscode.commands.executeCommand('podman.connection.disable', node);
    await waitFor('no connection roots', () => roots(ex).every((r) => r.kind !== 'connection'), 15_000);
    assert.equal(ex.live.followingOf(uri), false);
    assert.equal(await remoteState(fx, name), 'running', 'disabling leaves the remote containers alone');
  });
});
