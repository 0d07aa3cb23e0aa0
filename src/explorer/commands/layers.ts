// Show Image Layers (podman.image.history): an image's history as a read-only document,
// podman-history:/<name>.layers?id=<id>, newest step first with its size and instruction.
import * as vscode from 'vscode';
import { historyTable, imageHistory } from '../../podman/history';
import { registerCommand, requireClient } from '../../util/commands';
import { imageLabel } from '../model/tree';
import type { ImageNode, TreeNode } from '../model/nodes';
import { type ExplorerServices, imageTargets } from './common';

export const HISTORY_SCHEME = 'podman-history';

export function historyUri(label: string, id: string): vscode.Uri {
  const safe = label.replace(/[/\\:?#%]/g, '_') || id.slice(0, 12);
  return vscode.Uri.from({
    scheme: HISTORY_SCHEME,
    path: `/${safe}.layers`,
    query: new URLSearchParams({ id, label }).toString(),
  });
}

export class HistoryProvider implements vscode.TextDocumentContentProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  constructor(private readonly s: ExplorerServices) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const id = q.get('id') ?? '';
    const entries = await imageHistory(requireClient(this.s.wb), id);
    return historyTable(q.get('label') ?? id, id, entries);
  }

  refresh(uri: vscode.Uri): void {
    this.emitter.fire(uri);
  }
}

/** Opens the layers document of an image (a tree node, the palette's pick, or an image id or name). */
async function showHistory(
  s: ExplorerServices,
  provider: HistoryProvider,
  node?: ImageNode | string,
  nodes?: readonly TreeNode[],
) {
  let label: string;
  let id: string;
  if (typeof node === 'string') {
    id = node;
    label = node;
  } else {
    const [image] = await imageTargets(s, node, nodes, vscode.l10n.t('Show Image Layers'), false);
    if (!image) return undefined;
    id = image.id;
    label = imageLabel(image);
  }
  const uri = historyUri(label, id);
  provider.refresh(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true });
  return doc;
}

export function registerLayerCommands(s: ExplorerServices): void {
  const provider = new HistoryProvider(s);
  s.wb.ext.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, provider));
  registerCommand(s.wb, 'podman.image.history', (node?: ImageNode | string, nodes?: readonly TreeNode[]) =>
    showHistory(s, provider, node, nodes),
  );
}
