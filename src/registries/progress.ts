// A pull or push shown as a cancellable notification: layers done and bytes, from Podman's
// progress stream. Cancelling aborts the request, which makes Podman stop the transfer.
import * as vscode from 'vscode';
import type { LayerProgress } from '../podman/progress';
import { type ProgressWork, withProgressNotification } from '../util/transferProgress';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** "2/5 layers · 12.3 MB of 40.1 MB" */
export function layerProgressText(p: LayerProgress): string {
  const layers = vscode.l10n.t('{0}/{1} layers', p.layersDone, p.layersTotal);
  const bytes = p.bytesTotal ? vscode.l10n.t('{0} of {1}', megabytes(p.bytesDone), megabytes(p.bytesTotal)) : '';
  return [layers, bytes].filter(Boolean).join(' · ');
}

/** Runs a pull or push under a cancellable notification titled `title`. */
export function withLayerProgress<T>(title: string, work: (o: ProgressWork<LayerProgress>) => Promise<T>): Thenable<T> {
  return withProgressNotification(title, layerProgressText, work);
}
