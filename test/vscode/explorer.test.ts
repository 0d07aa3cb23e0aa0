// The explorer inside the real VS Code: trees fed by the event stream, commands, the shell
// terminal, inspect documents, and the error node when the socket goes away.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplorerApi } from '../../src/explorer';
import type { ShellTerminal } from '../../src/explorer/shell';
import type { TreeNode } from '../../src/explorer/model/tree';
import { buildRunSpec } from '../../src/explorer/model/runSpec';
import { activeClient, explorer, explorerNodes, testSocket, waitFor } from './util';

const BUSYBOX = 'localhost/pw-busybox:latest';

/** The container node with this name, found the way VS Code walks the tree. */
function findContainer(ex: ExplorerApi, name: string): TreeNode | undefined {
  return explorerNodes(ex, 'containers').find((f) => f.node.kind === 'container' && f.item.label === name)?.node;
}

const contextOf = (ex: ExplorerApi, name: string) => {
  const n = findContainer(ex, name);
  return n ? ex.trees.containers.getTreeItem(n).contextValue : undefined;
};

describe('explorer', () => {
  const name = `pw-vscode-explorer-${Date.now()}`;
  let id = '';

  before(async () => {
    await activeClient();
    await vscode.commands.executeCommand('podman.containers.focus');
    const ex = await explorer();
    await waitFor('the explorer to follow the event stream', () => ex.live.following && ex.model.store.loaded, 20_000);
  });

  after(async () => {
    const client = await activeClient();
    if (id) await client.removeContainer(id, { force: true }).catch(() => undefined);
  });

  it('shows a container started after activation through the event path (no refresh)', async () => {
    const ex = await explorer();
    const client = await activeClient();
    const changesBefore = ex.trees.containers.changeCount;
    id = await client.createContainer(buildRunSpec({ image: BUSYBOX, name, command: ['sleep', '600'] }));
    await client.containerAction(id, 'start');
    await waitFor(
      'the running container in the tree',
      () => contextOf(ex, name) === 'podman.container.running',
      15_000,
    );
    assert.ok(ex.trees.containers.changeCount > changesBefore, 'the tree fired onDidChangeTreeData');
    const item = ex.trees.containers.getTreeItem(findContainer(ex, name)!);
    assert.equal(item.id, `container:${id}`);
    assert.match(String(item.description), /pw-busybox/);
    assert.ok(item.tooltip instanceof vscode.MarkdownString && item.tooltip.value.includes(id.slice(0, 12)));
  });

  it('runs actions from the tree and the state follows', async () => {
    const ex = await explorer();
    const node = findContainer(ex, name)!;
    await vscode.commands.executeCommand('podman.container.pause', node, [node]);
    await waitFor('paused', () => contextOf(ex, name) === 'podman.container.paused', 15_000);
    await vscode.commands.executeCommand('podman.container.unpause', node, [node]);
    await waitFor('running again', () => contextOf(ex, name) === 'podman.container.running', 15_000);
  });

  it('opens a shell terminal that echoes input', async () => {
    const ex = await explorer();
    const node = findContainer(ex, name)!;
    const shell = await vscode.commands.executeCommand<ShellTerminal>('podman.container.shell', node);
    assert.ok(shell, 'the command returns the shell terminal');
    await waitFor('the prompt', () => shell.output().includes('# '), 15_000);
    shell.terminal.sendText('echo "hello-$((40+2))"');
    await waitFor('the echo', () => shell.output().includes('hello-42'), 15_000);
    shell.terminal.sendText('exit');
    await waitFor('the exit', () => shell.output().includes('exited with code 0'), 15_000);
  });

  it('opens inspect as a read-only JSON document with the id', async () => {
    const ex = await explorer();
    const node = findContainer(ex, name)!;
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('podman.container.inspect', node);
    assert.ok(doc);
    assert.equal(doc.uri.scheme, 'podman-inspect');
    assert.equal(doc.languageId, 'json');
    assert.equal((JSON.parse(doc.getText()) as { Id?: string }).Id, id);
  });

  it('stops the container from the tree', async () => {
    const ex = await explorer();
    const node = findContainer(ex, name)!;
    await vscode.commands.executeCommand('podman.container.stop', node, [node]);
    await waitFor('exited', () => contextOf(ex, name) === 'podman.container.exited', 20_000);
  });

  it('follows events only while an explorer view is visible', async () => {
    const ex = await explorer();
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('the stream to stop when the views are hidden', () => !ex.live.following, 10_000);
    await vscode.commands.executeCommand('podman.containers.focus');
    await waitFor(
      'the stream to start again when a view shows',
      () => ex.live.following && ex.model.store.loaded,
      10_000,
    );
    assert.ok(findContainer(ex, name));
  });

  it('shows the error node when the socket is dead and recovers', async () => {
    const ex = await explorer();
    const conf = vscode.workspace.getConfiguration('podman');
    const good = testSocket();
    try {
      await conf.update('socketPath', `${good}.dead`, vscode.ConfigurationTarget.Global);
      await waitFor('the error node', () => ex.trees.containers.getChildren()[0]?.kind === 'problem', 15_000);
      const [problem] = ex.trees.containers.getChildren();
      const item = ex.trees.containers.getTreeItem(problem);
      assert.equal(item.contextValue, 'podman.problem');
      assert.ok(String(item.description).length > 0, 'the reason is shown');
      const actions = ex.trees.containers
        .getChildren(problem)
        .map((n) => ex.trees.containers.getTreeItem(n).command?.command);
      assert.deepEqual(actions, ['podman.explorer.retry', 'podman.connections.focus']);
    } finally {
      await conf.update('socketPath', good, vscode.ConfigurationTarget.Global);
    }
    await waitFor(
      'recovery',
      () => ex.live.following && ex.model.store.loaded && !ex.model.problem && !!findContainer(ex, name),
      20_000,
    );
  });
});
