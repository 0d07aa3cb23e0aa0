// Workspace Trust: actions driven by workspace files (builds, kube play, debug launches) ask
// for consent first in an untrusted workspace.
import * as vscode from 'vscode';

export async function confirmUntrusted(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const go = vscode.l10n.t('Run Anyway');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t('This workspace is not trusted. {0} It runs what the workspace files say.', what),
    { modal: true },
    go,
  );
  return pick === go;
}
