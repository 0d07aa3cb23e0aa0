// A cancellable notification for a long transfer: archives (save, load, import, export: bytes
// moved and, when the size is known, the percentage) and registry pulls and pushes (layers and
// bytes, src/registries/progress.ts). Cancel aborts the request through an AbortSignal.
import * as vscode from 'vscode';
import { formatBytes } from '../podman/history';
import { type ByteProgress, type LayerProgress, type ProgressOptions, progressFraction } from '../podman/progress';

/** The text of one progress report: "12.3 MB of 200.0 MB" or "12.3 MB". */
export function progressText(p: ByteProgress): string {
  return p.total ? vscode.l10n.t('{0} of {1}', formatBytes(p.bytes), formatBytes(p.total)) : formatBytes(p.bytes);
}

/** What `work` gets: the signal and progress callback to pass on, and `phase` to show a step's name. */
export type ProgressWork<P> = ProgressOptions<P> & { signal: AbortSignal; phase(text: string): void };

/**
 * Runs `work` under a cancellable notification titled `title`, showing each report with `text`;
 * VS Code's bar takes increments, so the fraction done is turned into them.
 */
export function withProgressNotification<P extends ByteProgress | LayerProgress, T>(
  title: string,
  text: (p: P) => string,
  work: (o: ProgressWork<P>) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      let lastPercent = 0;
      try {
        return await work({
          signal: abort.signal,
          onProgress: (p) => {
            const percent = progressFraction(p) * 100;
            progress.report({ message: text(p), increment: Math.max(0, percent - lastPercent) });
            lastPercent = Math.max(lastPercent, percent);
          },
          phase: (message) => progress.report({ message }),
        });
      } finally {
        sub.dispose();
      }
    },
  );
}

/** An archive transfer (src/podman/transfer.ts) under a notification. */
export function withTransferProgress<T>(
  title: string,
  work: (o: ProgressWork<ByteProgress>) => Promise<T>,
): Thenable<T> {
  return withProgressNotification(title, progressText, work);
}
