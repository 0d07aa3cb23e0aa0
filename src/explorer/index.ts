// The Podman explorer: Containers, Images, Volumes and Networks views over one ExplorerModel,
// kept live from the event stream while a view is visible, with their commands.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { registerCommand } from '../util/commands';
import { registerArchiveCommands } from './commands/archives';
import { registerContainerCommands } from './commands/containers';
import { type ExplorerServices } from './commands/common';
import { registerImageCommands } from './commands/images';
import { registerLayerCommands } from './commands/layers';
import { registerPodCommands } from './commands/pods';
import { registerResourceCommands } from './commands/resources';
import { INSPECT_SCHEME, InspectProvider } from './inspect';
import { LiveExplorer } from './live';
import { ExplorerModel, type ExplorerOptions } from './model/tree';
import { createTrees, type ExplorerViews } from './trees';

/** What the explorer exposes on WorkbenchContext.explorer (extension-host tests use it). */
export interface ExplorerApi extends ExplorerViews {
  model: ExplorerModel;
  live: LiveExplorer;
  inspect: InspectProvider;
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
  const model = new ExplorerModel(readOptions());
  const views = createTrees(model, subs);
  const inspect = new InspectProvider(wb);
  subs.push(vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspect));
  const live = new LiveExplorer(wb, model, Object.values(views.views));
  subs.push(live);
  subs.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('podman.explorer')) model.setOptions(readOptions());
    }),
  );
  const services: ExplorerServices = { wb, model, live, inspect };
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
  const api: ExplorerApi = { ...views, model, live, inspect };
  wb.explorer = api;
  return api;
}
