// CodeLens on compose files: "Up" and "Down" above the first line, "Run service" above each
// service (its position from the model's reader, so it follows the text as typed).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isComposeFileName, readSource } from './model';

export class ComposeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isComposeFileName(path.basename(document.uri.fsPath))) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, {
        title: vscode.l10n.t('▶ Up'),
        command: 'podman.compose.up',
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title: vscode.l10n.t('■ Down'),
        command: 'podman.compose.down',
        arguments: [document.uri],
      }),
    ];
    // Positions only: variables are left as they are (no environment is read for a lens).
    const source = readSource(document.uri.fsPath, document.getText(), () => '');
    const services = source.data.services;
    if (!services || typeof services !== 'object') return lenses;
    for (const name of Object.keys(services)) {
      const at = source.positions.get(`services/${name}/#key`);
      if (!at) continue;
      const range = new vscode.Range(at.line, at.character, at.line, at.character);
      lenses.push(
        new vscode.CodeLens(range, {
          title: vscode.l10n.t('▶ Run service'),
          command: 'podman.compose.runService',
          arguments: [document.uri, name],
        }),
      );
    }
    return lenses;
  }
}
