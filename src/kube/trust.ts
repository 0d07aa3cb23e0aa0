// Workspace Trust: playing a file from an untrusted workspace asks first.
import * as vscode from 'vscode';

export async function confirmUntrusted(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const go = vscode.l10n.t('Run Anyway');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t('This workspace is not trusted. {0} runs containers from its files on Podman. Continue?', what),
    { modal: true },
    go,
  );
  return pick === go;
}
