// Helpers for tests inside the real VS Code host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension';
import type { EndpointStatus } from '../../src/connections/manager';
import type { ExplorerApi } from '../../src/explorer';
import type { ConnectionRootNode, NodeOf, TreeNode, ViewKind } from '../../src/explorer/model/nodes';
import { waitFor, within } from '../harness/wait';

// The one waitFor (and within) of every test tier, re-exported for the host's tests.
export { waitFor, within };

export const EXTENSION_ID = 'podman-workbench.podman-workbench';

export async function workbenchApi(): Promise<WorkbenchApi> {
  const ext = vscode.extensions.getExtension<WorkbenchApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/** The active connection's client, once the extension connected to the test Podman. */
export async function activeClient() {
  const api = await workbenchApi();
  const active = await waitFor('an active Podman connection', () => api.workbench.connections.active, 20_000);
  return active.client;
}

export const testSocket = (): string => {
  const s = process.env.PODMAN_WORKBENCH_TEST_SOCKET;
  if (!s) throw new Error('PODMAN_WORKBENCH_TEST_SOCKET is not set in the extension host');
  return s;
};

/** The explorer, following the event stream (its Containers view shown, as a user who clicks in it has). */
export async function explorer(): Promise<ExplorerApi> {
  const api = await workbenchApi();
  const ex = await waitFor('the explorer', () => api.workbench.explorer);
  if (!ex.live.following) await vscode.commands.executeCommand('podman.containers.focus');
  await waitFor('the explorer to follow the event stream', () => ex.live.following && ex.model.store.loaded, 20_000);
  return ex;
}

export interface FoundNode {
  node: TreeNode;
  item: vscode.TreeItem;
}

/** Every node of an explorer view with its TreeItem, walked the way VS Code does (getChildren of the real provider). */
export function explorerNodes(ex: ExplorerApi, view: ViewKind): FoundNode[] {
  const tree = ex.trees[view];
  const out: FoundNode[] = [];
  const walk = (nodes: TreeNode[]) => {
    for (const node of nodes) {
      const item = tree.getTreeItem(node);
      out.push({ node, item });
      if (item.collapsibleState !== vscode.TreeItemCollapsibleState.None) walk(tree.getChildren(node));
    }
  };
  walk(tree.getChildren());
  return out;
}

/** The node of `view` whose tree item has this label (and kind), once the tree shows it. */
export async function treeNode<K extends TreeNode['kind']>(
  view: ViewKind,
  kind: K,
  label: string,
  timeoutMs = 15_000,
): Promise<NodeOf<K>> {
  const ex = await explorer();
  const found = await waitFor(
    `the ${kind} ${label} in the ${view} view`,
    () => explorerNodes(ex, view).find((f) => f.node.kind === kind && f.item.label === label),
    timeoutMs,
  );
  return found.node as NodeOf<K>;
}

/** Runs the podman-build task the provider offers for `def.file`, with `def` over its definition; its exit code. */
export async function runBuildTask(def: vscode.TaskDefinition & { file: string }): Promise<number | undefined> {
  const tasks = await vscode.tasks.fetchTasks({ type: 'podman-build' });
  const task = tasks.find((t) => (t.definition as { file?: string }).file === def.file);
  assert.ok(task, `the task provider offers a build of ${def.file}: ${tasks.map((t) => t.name).join(', ')}`);
  task.definition = { ...task.definition, ...def };
  const resolved = new vscode.Task(
    task.definition,
    task.scope ?? vscode.TaskScope.Workspace,
    task.name,
    task.source,
    task.execution,
  );
  const ended = new Promise<number | undefined>((resolve) => {
    const sub = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task.name === task.name) {
        sub.dispose();
        resolve(e.exitCode);
      }
    });
  });
  await vscode.tasks.executeTask(resolved);
  return ended;
}

/** The roots of the Containers view, as VS Code asks the real provider for them. */
export const roots = (ex: ExplorerApi): TreeNode[] => ex.trees.containers.getChildren();

/** The container named `name` under the root of `endpointId`, with its tree item. */
export function underRoot(ex: ExplorerApi, endpointId: string, name: string) {
  const tree = ex.trees.containers;
  const root = roots(ex).find((r): r is ConnectionRootNode => r.kind === 'connection' && r.connection === endpointId);
  if (!root) return undefined;
  const node = tree.getChildren(root).find((n) => n.kind === 'container' && tree.getTreeItem(n).label === name);
  return node && { node, item: tree.getTreeItem(node) };
}

/** The Connections view's node of an endpoint, with the contextValue its menus match. */
export async function connectionNode(id: string, contextValue: string): Promise<EndpointStatus> {
  const tree = (await workbenchApi()).connectionsTree;
  return waitFor(`the connection ${id} as ${contextValue}`, () =>
    tree.getChildren().find((s) => s.endpoint.id === id && tree.getTreeItem(s).contextValue === contextValue),
  );
}
