// The Podman explorer: Containers, Images, Volumes and Networks views over one ExplorerModel per
// enabled connection (ExplorerForest: one root per connection when there are several), each kept
// live from its own event stream while a view is visible, with their commands.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { registerCommand } from '../util/commands';
import { registerArchiveCommands } from './commands/archives';
import { registerContainerCommands } from './commands/containers';
import { type ExplorerServices, type Scope, scopeOfNode } from './commands/common';
import { registerImageCommands } from './commands/images';
import { registerLayerCommands } from './commands/layers';
import { registerPodCommands } from './commands/pods';
import { registerResourceCommands } from './commands/resources';
import { INSPECT_SCHEME, InspectProvider } from './inspect';
import { LiveExplorer } from './live';
import { ExplorerForest } from './model/forest';
import type { ExplorerModel, ExplorerOptions, TreeNode } from './model/tree';
import { createTrees, type ExplorerViews } from './trees';

/** What the explorer exposes on WorkbenchContext.explorer (extension-host tests use it). */
export interface ExplorerApi extends ExplorerViews {
  /** The model of the active connection (the one shown alone when a single connection is enabled). */
  readonly model: ExplorerModel;
  forest: ExplorerForest;
  live: LiveExplorer;
  inspect: InspectProvider;
  /** A tree node's own connection: its model and client (a clear error when it is not connected). */
  scopeOf(node: TreeNode): Scope;
}

function readOptions(): ExplorerOptions {
  const c = vscode.workspace.getConfiguration('podman.explorer');
  return {
    showInfraContainers: c.get<boolean>('showInfraContainers', false),
    groupComposeProjects: c.get<boolean>('groupComposeProjects', true),
  };
}

export function registerExplorer(wb: WorkbenchContext): ExplorerApi {
  const subs = wb.ext.subscriptions;
  const forest = new ExplorerForest(readOptions());
  const views = createTrees(forest, subs);
  const inspect = new InspectProvider(wb);
  subs.push(vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspect));
  const live = new LiveExplorer(wb, forest, Object.values(views.views));
  subs.push(live);
  subs.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('podman.explorer')) forest.setOptions(readOptions());
    }),
  );
  const services: ExplorerServices = { wb, forest, live, inspect };
  registerContainerCommands(services);
  registerPodCommands(services);
  registerImageCommands(services);
  registerResourceCommands(services);
  registerArchiveCommands(services);
  registerLayerCommands(services);
  registerCommand(wb, 'podman.explorer.refresh', () => live.reload());
  registerCommand(wb, 'podman.explorer.retry', async () => {
    await wb.connections.refresh();
    live.update();
    await live.reload();
  });
  const api: ExplorerApi = {
    ...views,
    get model() {
      return forest.primary;
    },
    forest,
    live,
    inspect,
    scopeOf: (node) => scopeOfNode(services, node),
  };
  wb.explorer = api;
  return api;
}
