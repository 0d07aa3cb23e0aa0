// Compose → Quadlet and Compose → Kubernetes YAML in VS Code (podman.compose.convertToQuadlet,
// podman.compose.convertToKube): has the language server convert the compose file (its unsaved
// text included; the converter and the schema stay out of the extension's bundle), shows every
// file it would write and the fields left out in a read-only preview beside it, then asks where to write; an existing different file is never overwritten without
// its diff and a yes (writeWithConsent). A compose file with errors is not converted: the message
// names the first error and its line. `podman.compose.pod` puts the containers in one pod.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { ProposedContent, writeWithConsent } from '../kube/quadlet';
import { isComposePath } from '../languages/compose/paths';
import type { ConvertResult, ConvertTarget } from '../languages/compose/convert';
import { COMPOSE_CONVERT_REQUEST, type ComposeConvertParams, type ComposeConvertResponse } from '../languages/protocol';
import { registerCommand } from '../util/commands';

export const COMPOSE_PREVIEW_SCHEME = 'podman-compose-converted';
export const COMPOSE_POD_SETTING = 'podman.compose.pod';

const where = (r: { file: string; line: number }) => `${path.basename(r.file)}:${r.line + 1}`;

/** The preview's text: warnings (with the file and line of their field), then each file under a header line. */
export function previewText(result: ConvertResult, to: ConvertTarget): string {
  const target = to === 'quadlet' ? 'Quadlet' : 'Kubernetes YAML';
  const head = result.warnings.length
    ? [
        `# Left out (${target} cannot express them):`,
        ...result.warnings.map((w) => `#   ${w.path}: ${w.message}${w.range ? ` (${where(w.range)})` : ''}`),
        '',
      ]
    : [];
  return [...head, ...result.files.map((f) => `# ==> ${f.name} <==\n${f.text}`)].join('\n');
}

async function composeDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file' || !isComposePath(uri.fsPath)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Open a compose file (compose.yaml, docker-compose.yml, ...) to convert it.'),
    );
    return undefined;
  }
  return vscode.workspace.openTextDocument(uri);
}

async function chooseFolder(doc: vscode.TextDocument, to: ConvertTarget): Promise<vscode.Uri | undefined> {
  const beside = vscode.Uri.file(path.join(path.dirname(doc.uri.fsPath), to === 'quadlet' ? 'quadlet' : '.'));
  const items = [
    { label: vscode.l10n.t('Write to {0}', vscode.workspace.asRelativePath(beside)), target: 'beside' },
    { label: vscode.l10n.t('Choose a Folder…'), target: 'choose' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Write the converted files') });
  if (!pick) return undefined;
  if (pick.target === 'beside') return beside;
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    defaultUri: beside,
  });
  return chosen?.[0];
}

async function convertCommand(
  wb: WorkbenchContext,
  proposed: ProposedContent,
  to: ConvertTarget,
  arg: unknown,
): Promise<void> {
  const doc = await composeDocument(arg);
  if (!doc) return;
  const pod = vscode.workspace.getConfiguration().get<boolean>(COMPOSE_POD_SETTING, false);
  const text = doc.getText();
  const language = wb.language;
  if (!language) throw new Error(vscode.l10n.t('The Podman Workbench language server is not running.'));
  const params: ComposeConvertParams = { path: doc.uri.fsPath, text, to, pod };
  const outcome = await language.request<ComposeConvertResponse>(COMPOSE_CONVERT_REQUEST, params);
  const name = path.basename(doc.uri.fsPath);
  if (!outcome.ok) {
    const first = outcome.errors[0];
    const line = first.range.start.line + 1;
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        '{0} has {1} error(s), not converted. Line {2}: {3}',
        name,
        outcome.errors.length,
        line,
        typeof first.message === 'string' ? first.message : first.message.value,
      ),
    );
    return;
  }
  const previewPath = `/${name}.${to}-preview`;
  const previewUri = vscode.Uri.from({ scheme: COMPOSE_PREVIEW_SCHEME, path: previewPath, query: String(Date.now()) });
  proposed.set(previewUri, previewText(outcome, to));
  await vscode.window.showTextDocument(previewUri, {
    viewColumn: vscode.ViewColumn.Beside,
    preview: true,
    preserveFocus: true,
  });
  const folder = await chooseFolder(doc, to);
  if (!folder) return;
  await vscode.workspace.fs.createDirectory(folder);
  const result = await writeWithConsent(folder, outcome.files, proposed, COMPOSE_PREVIEW_SCHEME);
  if (!result) return;
  wb.log.info(`compose convert ${name} → ${to}: wrote ${result.written.join(', ') || 'nothing'}`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Wrote {0} file(s) to {1}; kept {2} existing; {3} unchanged.',
      result.written.length,
      folder.fsPath,
      result.skipped.length,
      result.unchanged.length,
    ),
  );
}

export function registerComposeConvert(wb: WorkbenchContext): void {
  const proposed = new ProposedContent();
  wb.ext.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(COMPOSE_PREVIEW_SCHEME, proposed));
  registerCommand(wb, 'podman.compose.convertToQuadlet', (arg: unknown) =>
    convertCommand(wb, proposed, 'quadlet', arg),
  );
  registerCommand(wb, 'podman.compose.convertToKube', (arg: unknown) => convertCommand(wb, proposed, 'kube', arg));
}
