// Quadlet in VS Code: the generated-unit preview (computed by the extension, updated as you
// type), a side-by-side comparison with Podman's real generator, installing units with their
// dependencies, systemd control, the Quadlets view, and generating units from what runs.
// One module per feature under commands/; this one only wires them.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { registerCompare } from './commands/compare';
import { registerGenerate } from './commands/generate';
import { registerInstall } from './commands/install';
import { registerPreview } from './commands/preview';
import { registerSystemd } from './commands/systemd';
import { QuadletsTree } from './view';

export { PREVIEW_SCHEME, renderPreview } from './commands/preview';
export { REAL_SCHEME } from './commands/compare';

export function registerQuadlet(wb: WorkbenchContext): void {
  const tree = new QuadletsTree();
  const view = vscode.window.createTreeView('podman.quadlets', { treeDataProvider: tree });
  wb.ext.subscriptions.push(
    view,
    view.onDidChangeVisibility((event) => event.visible && tree.refresh()),
  );
  registerPreview(wb);
  registerCompare(wb);
  registerInstall({ wb, tree });
  registerSystemd({ wb, tree });
  registerGenerate(wb);
}
