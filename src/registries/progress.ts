// A pull or push shown as a cancellable notification: layers done and bytes, from Podman's
// progress stream. Cancelling aborts the request, which makes Podman stop the transfer.
import * as vscode from 'vscode';
import type { TransferProgress } from '../podman/registryTransfer';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** "2/5 layers · 12.3 MB of 40.1 MB" */
export function progressText(p: TransferProgress): string {
  const layers = vscode.l10n.t('{0}/{1} layers', p.layersDone, p.layersTotal);
  const bytes = p.bytesTotal ? vscode.l10n.t('{0} of {1}', megabytes(p.bytesDone), megabytes(p.bytesTotal)) : '';
  return [layers, bytes].filter(Boolean).join(' · ');
}

/** Runs `work` under a cancellable notification titled `title`, feeding it progress reports. */
export function withTransferProgress<T>(
  title: string,
  work: (signal: AbortSignal, onProgress: (p: TransferProgress) => void) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const ac = new AbortController();
      const sub = token.onCancellationRequested(() => ac.abort());
      let lastFraction = 0;
      try {
        return await work(ac.signal, (p) => {
          // VS Code's bar takes increments: follow the bytes when known, else the layers.
          const fraction = p.bytesTotal ? p.bytesDone / p.bytesTotal : p.layersTotal ? p.layersDone / p.layersTotal : 0;
          const increment = Math.max(0, (fraction - lastFraction) * 100);
          lastFraction = Math.max(lastFraction, fraction);
          progress.report({ message: progressText(p), increment });
        });
      } finally {
        sub.dispose();
      }
    },
  );
}
