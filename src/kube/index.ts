// Kubernetes YAML in the editor: wires the CodeLens, the `podman-kube` task type, the context key
// of the editor-title actions and each feature's commands (play.ts, down.ts, generate.ts); the
// play report goes to its own output channel.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { looksLikeKube } from '../languages/kube';
import type { KubeServices } from './document';
import { registerDown } from './down';
import { registerGenerate } from './generate';
import { KubeLensProvider } from './lenses';
import { registerPlay } from './play';
import { PROPOSED_SCHEME, ProposedContent } from './quadlet';
import { KUBE_TASK_TYPE, KubeTaskProvider } from './tasks';

const YAML_SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }];

/** Keeps the `podman.kube.activeIsKube` context key (editor-title actions) in step with the active editor. */
function trackActiveKube(wb: WorkbenchContext): void {
  const update = () => {
    const ed = vscode.window.activeTextEditor;
    void vscode.commands.executeCommand(
      'setContext',
      'podman.kube.activeIsKube',
      !!ed && ed.document.languageId === 'yaml' && looksLikeKube(ed.document.getText()),
    );
  };
  wb.ext.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d === vscode.window.activeTextEditor?.document) update();
    }),
  );
  update();
}

export function registerKube(wb: WorkbenchContext): void {
  const k: KubeServices = {
    out: vscode.window.createOutputChannel(vscode.l10n.t('Podman Kube')),
    lenses: new KubeLensProvider(wb),
    proposed: new ProposedContent(),
  };
  wb.ext.subscriptions.push(
    k.out,
    k.lenses,
    vscode.languages.registerCodeLensProvider(YAML_SELECTOR, k.lenses),
    vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, k.proposed),
    vscode.tasks.registerTaskProvider(KUBE_TASK_TYPE, new KubeTaskProvider(wb)),
  );
  trackActiveKube(wb);
  registerPlay(wb, k);
  registerDown(wb, k);
  registerGenerate(wb, k);
}
