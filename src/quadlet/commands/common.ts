// Shared pieces of the Quadlet commands: the unit file a command acts on, the texts of unsaved
// editors, and the language server that computes previews and generated units.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../../context';
import type { QuadletItem, QuadletsTree } from '../view';

/** What the Quadlet commands share: the extension context and the Quadlets view. */
export interface QuadletServices {
  wb: WorkbenchContext;
  tree: QuadletsTree;
}

const UNIT_EXT = /\.(container|pod|volume|network|kube|image|build|artifact)$/;

/**
 * The unit file a command acts on: its argument (a file, or a unit of the Quadlets view), else the
 * active editor's (a drop-in counts).
 */
export function activeUnit(target?: vscode.Uri | QuadletItem): vscode.Uri {
  const unit =
    target instanceof vscode.Uri
      ? target
      : target?.kind === 'unit' && target.path
        ? vscode.Uri.file(target.path)
        : vscode.window.activeTextEditor?.document.uri;
  if (!unit || !UNIT_EXT.test(unit.path.replace(/\.d\/[^/]+\.conf$/, ''))) {
    throw new Error(
      vscode.l10n.t(
        'Open a Quadlet unit file (.container, .pod, .volume, .network, .kube, .image, .build, .artifact) first.',
      ),
    );
  }
  return unit;
}

/** Texts of open, unsaved documents, so the preview follows typing. */
export function openTexts(): Map<string, string> {
  const texts = new Map<string, string>();
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.uri.scheme === 'file') texts.set(doc.uri.fsPath, doc.getText());
  }
  return texts;
}

/** The language server, or a clear error when it is not running. */
export function languageOf(wb: WorkbenchContext) {
  if (!wb.language) throw new Error(vscode.l10n.t('The Podman Workbench language server is not running.'));
  return wb.language;
}
