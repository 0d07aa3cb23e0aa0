// Registries: pull, push, log in and out, the Registries view, the newer-image icon in the
// Images view and the CodeLenses on image references. Wires the parts; see service.ts for state.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { registerRegistryCommands, recheck } from './commands';
import { ImageLensProvider } from './lenses';
import { RegistryService } from './service';
import { RegistriesTree } from './tree';
import type { TreeNode } from '../explorer/model/nodes';

const LENS_SELECTOR: vscode.DocumentSelector = [
  { language: 'dockerfile' },
  { language: 'quadlet' },
  { language: 'yaml' },
  { pattern: '**/{Containerfile,Dockerfile}*' },
];

export interface RegistriesApi {
  service: RegistryService;
  tree: RegistriesTree;
  lenses: ImageLensProvider;
}

/** The Images view shows a newer-image icon on images whose registry has moved their tag on. */
function decorateImages(wb: WorkbenchContext, service: RegistryService): void {
  const images = wb.explorer?.trees.images;
  if (!images) return;
  images.decorate = (node: TreeNode, item: vscode.TreeItem) => {
    if (node.kind !== 'image') return;
    const image = wb.explorer?.model.image(node);
    const outdated = image?.repoTags.filter((t) => service.results.get(t)?.state === 'outdated') ?? [];
    if (!outdated.length) return;
    item.iconPath = new vscode.ThemeIcon('cloud-download', new vscode.ThemeColor('charts.yellow'));
    item.description = `${vscode.l10n.t('newer image available')} · ${String(item.description ?? '')}`;
    item.tooltip = vscode.l10n.t('A newer image is available for {0}: pull it to update.', outdated.join(', '));
  };
  wb.ext.subscriptions.push(service.onDidChange(() => images.refreshAll()));
}

export function registerRegistries(wb: WorkbenchContext): RegistriesApi {
  const service = new RegistryService(wb);
  const tree = new RegistriesTree(service);
  const view = vscode.window.createTreeView('podman.registries', { treeDataProvider: tree, showCollapseAll: true });
  const lenses = new ImageLensProvider(wb, service);
  wb.ext.subscriptions.push(
    service,
    tree,
    view,
    lenses,
    vscode.languages.registerCodeLensProvider(LENS_SELECTOR, lenses),
  );
  registerRegistryCommands(wb, service, tree);
  decorateImages(wb, service);
  // A changed image list is checked again (cached: a new image costs one HEAD, the others none).
  let timer: NodeJS.Timeout | undefined;
  const storeSub = wb.explorer?.model.store.onDidChange((c) => {
    if (!c.all && !c.lists.has('images')) return;
    clearTimeout(timer);
    timer = setTimeout(
      () => void recheck(wb, service).catch((e) => wb.log.debug(`newer-image check: ${String(e)}`)),
      500,
    );
  });
  if (storeSub) wb.ext.subscriptions.push(storeSub, { dispose: () => clearTimeout(timer) });
  const api = { service, tree, lenses };
  wb.registries = api;
  return api;
}
