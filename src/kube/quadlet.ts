// "Save as Quadlet .kube": writes NAME.yaml (generated from a pod or container) and NAME.kube
// pointing at it. An existing different file is never overwritten without showing the diff.
import * as vscode from 'vscode';

export const PROPOSED_SCHEME = 'podman-kube-proposed';

/** Holds the proposed contents shown on the right side of a diff. */
export class ProposedContent implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

export function kubeUnit(yamlName: string): string {
  return `[Kube]\nYaml=${yamlName}\n`;
}

/** A file name from a pod or container name (Quadlet unit names allow letters, digits, -_.@). */
export function unitBaseName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.@-]/g, '-').replace(/^[.-]+/, '') || 'kube';
}

/** What writeWithConsent did with each file. */
export interface WriteResult {
  written: string[];
  unchanged: string[];
  skipped: string[];
}

/**
 * Writes `files` into `folder`. For each existing file with other contents (by `same`, when
 * given): shows a diff and asks; "Keep Existing" keeps the old file. Returns what was written and skipped; undefined if cancelled.
 */
export async function writeWithConsent(
  folder: vscode.Uri,
  files: { name: string; text: string; same?: (onDisk: string, next: string) => boolean }[],
  proposed: ProposedContent,
  scheme = PROPOSED_SCHEME,
): Promise<WriteResult | undefined> {
  const res: WriteResult = { written: [], unchanged: [], skipped: [] };
  for (const f of files) {
    const target = vscode.Uri.joinPath(folder, f.name);
    let old: string | undefined;
    try {
      old = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
    } catch {
      old = undefined;
    }
    if (old === f.text || (old !== undefined && f.same?.(old, f.text))) {
      res.unchanged.push(f.name);
      continue;
    }
    if (old !== undefined) {
      const right = vscode.Uri.from({ scheme, path: `/${f.name}`, query: String(Date.now()) });
      proposed.set(right, f.text);
      await vscode.commands.executeCommand(
        'vscode.diff',
        target,
        right,
        vscode.l10n.t('{0}: on disk ↔ proposed', f.name),
        { preview: true },
      );
      const overwrite = vscode.l10n.t('Overwrite');
      const skip = vscode.l10n.t('Keep Existing');
      const pick = await vscode.window.showWarningMessage(
        vscode.l10n.t('{0} exists with other contents (see the diff). Overwrite it?', f.name),
        { modal: true },
        overwrite,
        skip,
      );
      if (pick === undefined) return undefined;
      if (pick === skip) {
        res.skipped.push(f.name);
        continue;
      }
    }
    await vscode.workspace.fs.writeFile(target, Buffer.from(f.text, 'utf8'));
    res.written.push(f.name);
  }
  return res;
}
