// What the Kubernetes YAML commands share: the document they act on (the given file or the active
// editor's) and the Podman Kube output channel they report into.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { looksLikeKube } from '../languages/kube';
import { formatPlayReport, type PlayReport } from '../podman/kube';
import type { ProposedContent } from './quadlet';
import type { KubeLensProvider } from './lenses';

/** What registerKube hands each feature's commands. */
export interface KubeServices {
  out: vscode.OutputChannel;
  lenses: KubeLensProvider;
  proposed: ProposedContent;
}

export async function kubeDocument(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a Kubernetes YAML file first.'));
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(target);
  if (!looksLikeKube(doc.getText())) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} holds no Kubernetes object (apiVersion and kind).', path.basename(target.fsPath)),
    );
    return undefined;
  }
  return doc;
}

export function showReport(out: vscode.OutputChannel, uri: vscode.Uri, report: PlayReport): void {
  out.appendLine(`--- play ${uri.fsPath} (${new Date().toLocaleTimeString()})`);
  for (const l of formatPlayReport(report)) out.appendLine(l);
  if (!report.ok) out.show(true);
}
