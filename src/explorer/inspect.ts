// Read-only inspect documents: podman-inspect:/<kind>/<name>.json?id=<id>&connection=<endpoint>,
// pretty JSON from that connection (the active one when the URI names none).
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { requireClient } from '../util/commands';

export const INSPECT_SCHEME = 'podman-inspect';
export type InspectKind = 'container' | 'pod' | 'image' | 'volume' | 'network';

export function inspectUri(kind: InspectKind, name: string, id: string, connection?: string): vscode.Uri {
  const safe = name.replace(/[/\\:?#%]/g, '_') || id.slice(0, 12);
  return vscode.Uri.from({
    scheme: INSPECT_SCHEME,
    path: `/${kind}/${safe}.json`,
    query: new URLSearchParams({ id, ...(connection ? { connection } : {}) }).toString(),
  });
}

export class InspectProvider implements vscode.TextDocumentContentProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  constructor(private readonly wb: WorkbenchContext) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const kind = uri.path.split('/')[1] as InspectKind;
    const query = new URLSearchParams(uri.query);
    const id = query.get('id') ?? '';
    const connection = query.get('connection');
    const client = connection
      ? (this.wb.connections.connection(connection)?.client ?? requireClient(this.wb))
      : requireClient(this.wb);
    const data =
      kind === 'container'
        ? await client.inspectContainer(id)
        : kind === 'pod'
          ? await client.inspectPod(id)
          : kind === 'image'
            ? await client.inspectImage(id)
            : kind === 'volume'
              ? await client.inspectVolume(id)
              : await client.inspectNetwork(id);
    return `${JSON.stringify(data, null, 2)}\n`;
  }

  refresh(uri: vscode.Uri): void {
    this.emitter.fire(uri);
  }
}

export async function openInspect(
  provider: InspectProvider,
  kind: InspectKind,
  name: string,
  id: string,
  connection?: string,
): Promise<vscode.TextDocument> {
  const uri = inspectUri(kind, name, id, connection);
  provider.refresh(uri);
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'json') doc = await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(doc, { preview: true });
  return doc;
}
