// Layer sizes on the Containerfile's lines: each build through the extension records, per step,
// whether Buildah took it from its cache (read from the build stream); a CodeLens on each
// instruction line then shows the size of the layer it made (from the built image's history)
// and whether the last build took it from the cache. Records survive a reload (workspaceState).
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import {
  formatBytes,
  imageHistory,
  layersOfLines,
  type HistoryEntry,
  type LineLayer,
  type StepLayer,
} from '../podman/history';

export interface BuildRecord {
  /** The Containerfile's path on disk. */
  file: string;
  tag: string;
  imageId: string;
  steps: StepLayer[];
  /** Date.now() of the build's end. */
  at: number;
}

const STATE_KEY = 'podman.build.layers';
const MAX_RECORDS = 50;

/** The CodeLens title of one line: "311.3 KB layer · built in the last build", "0 B · from cache". */
export function lensTitle(layer: LineLayer): string | undefined {
  const size =
    layer.size === undefined
      ? undefined
      : layer.size === 0
        ? vscode.l10n.t('no file changes')
        : vscode.l10n.t('{0} layer', formatBytes(layer.size));
  const cache =
    layer.cached === undefined
      ? undefined
      : layer.cached
        ? vscode.l10n.t('from cache in the last build')
        : vscode.l10n.t('built in the last build');
  const parts = [size, cache].filter((p): p is string => !!p);
  return parts.length ? `$(layers) ${parts.join(' · ')}` : undefined;
}

export class LayerLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly records = new Map<string, BuildRecord>();
  private readonly histories = new Map<string, Promise<HistoryEntry[] | undefined>>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(private readonly wb: WorkbenchContext) {
    for (const r of wb.ext.workspaceState.get<BuildRecord[]>(STATE_KEY, [])) this.records.set(r.file, r);
  }

  /** The last build of a Containerfile (tests read it). */
  recordOf(file: string): BuildRecord | undefined {
    return this.records.get(file);
  }

  /** Keeps what a successful build said about its steps; the lenses of that file change. */
  record(r: BuildRecord): void {
    this.records.delete(r.file);
    this.records.set(r.file, r);
    while (this.records.size > MAX_RECORDS) this.records.delete(this.records.keys().next().value as string);
    void this.wb.ext.workspaceState.update(STATE_KEY, [...this.records.values()]);
    this.histories.delete(r.imageId);
    this.emitter.fire();
  }

  private history(imageId: string): Promise<HistoryEntry[] | undefined> {
    let h = this.histories.get(imageId);
    if (!h) {
      const client = this.wb.connections.active?.client;
      h = client
        ? imageHistory(client, imageId).catch((e) => {
            this.wb.log.debug(`layer lenses: no history of ${imageId}: ${String(e)}`);
            this.histories.delete(imageId); // the image may come back (another connection, a rebuild)
            return undefined;
          })
        : Promise.resolve(undefined);
      this.histories.set(imageId, h);
    }
    return h;
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const r = this.records.get(doc.uri.fsPath);
    if (!r) return [];
    const history = await this.history(r.imageId);
    return layersOfLines(doc.getText(), r.steps, history).flatMap((layer) => {
      const title = lensTitle(layer);
      if (!title) return [];
      const range = new vscode.Range(layer.line, 0, layer.line, 0);
      return [
        new vscode.CodeLens(range, {
          title,
          tooltip: layer.createdBy
            ? vscode.l10n.t('{0} (image {1}, built {2})', layer.createdBy, r.tag, new Date(r.at).toLocaleString())
            : vscode.l10n.t('Image {0}, built {1}', r.tag, new Date(r.at).toLocaleString()),
          command: 'podman.image.history',
          arguments: [r.imageId],
        }),
      ];
    });
  }

  /** Forgets the histories read (the active connection changed). */
  reset(): void {
    this.histories.clear();
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function registerLayerLenses(wb: WorkbenchContext): LayerLenses {
  const lenses = new LayerLenses(wb);
  wb.ext.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider({ language: 'dockerfile' }, lenses),
    wb.connections.onDidChangeActive(() => lenses.reset()),
  );
  return lenses;
}
