// Down: takes the pods of a Kubernetes YAML file down, optionally with the volumes its claims made.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { parseKube } from '../languages/kube';
import { downKube, type DownReport } from '../podman/kube';
import { registerCommand, requireClient } from '../util/commands';
import { kubeDocument, type KubeServices } from './document';

/** Asks whether the claims' volumes go too; undefined when the user dismissed the question. */
async function askRemoveVolumes(doc: vscode.TextDocument): Promise<boolean | undefined> {
  const claims = parseKube(doc.getText()).docs.flatMap((d) => d.claims);
  const item: vscode.QuickPickItem = {
    label: vscode.l10n.t('Also remove the volumes its claims created'),
    description: claims.length ? claims.join(', ') : vscode.l10n.t('(this file has no claims)'),
    picked: false,
  };
  const picked = await vscode.window.showQuickPick([item], {
    canPickMany: true,
    title: vscode.l10n.t('Down {0}', path.basename(doc.uri.fsPath)),
    placeHolder: vscode.l10n.t('Press Enter to take the pods down'),
  });
  return picked ? picked.length > 0 : undefined;
}

function reportDown(out: vscode.OutputChannel, doc: vscode.TextDocument, report: DownReport): void {
  out.appendLine(`--- down ${doc.uri.fsPath} (${new Date().toLocaleTimeString()})`);
  out.appendLine(`Pods removed: ${report.removedPods.length}`);
  if (report.removedVolumes.length) out.appendLine(`Volumes removed: ${report.removedVolumes.join(', ')}`);
  if (report.keptVolumes.length) out.appendLine(`Volumes kept: ${report.keptVolumes.join(', ')}`);
  for (const e of report.errors) out.appendLine(`error: ${e}`);
  if (report.errors.length) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Down finished with errors: {0}', report.errors[0]));
  } else void vscode.window.showInformationMessage(vscode.l10n.t('Took down {0} pod(s).', report.removedPods.length));
}

export function registerDown(wb: WorkbenchContext, k: KubeServices): void {
  registerCommand(wb, 'podman.kube.down', async (uri?: vscode.Uri, given?: { removeVolumes?: boolean }) => {
    const doc = await kubeDocument(uri);
    if (!doc) return undefined;
    const client = requireClient(wb);
    const removeVolumes = typeof given?.removeVolumes === 'boolean' ? given.removeVolumes : await askRemoveVolumes(doc);
    if (removeVolumes === undefined) return undefined;
    const text = doc.getText();
    const report = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Taking down {0}', path.basename(doc.uri.fsPath)),
        cancellable: true,
      },
      (_p, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return downKube(client, text, {
          removeVolumes,
          signal: ac.signal,
          podmanVersion: wb.connections.active?.info.version,
        });
      },
    );
    reportDown(k.out, doc, report);
    k.lenses.refresh();
    return report;
  });
}
