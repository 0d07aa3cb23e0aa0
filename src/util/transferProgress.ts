// A cancellable notification for a long transfer (save, load, import, export): bytes moved and,
// when the size is known, the percentage; Cancel aborts the request through an AbortSignal.
import * as vscode from 'vscode';
import { formatBytes } from '../podman/history';
import type { TransferOptions, TransferProgress } from '../podman/transfer';

/** The text of one progress report: "12.3 MB of 200.0 MB" or "12.3 MB". */
export function progressText(p: TransferProgress): string {
  return p.total ? vscode.l10n.t('{0} of {1}', formatBytes(p.bytes), formatBytes(p.total)) : formatBytes(p.bytes);
}

/**
 * Runs `work` under a cancellable notification titled `title`; `work` gets the transfer options
 * (signal and progress callback) to pass to src/podman/transfer.ts.
 */
export function withTransferProgress<T>(
  title: string,
  work: (o: TransferOptions & { phase(text: string): void }) => Promise<T>,
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
            const percent = p.total ? Math.min(100, (p.bytes / p.total) * 100) : 0;
            progress.report({ message: progressText(p), increment: Math.max(0, percent - lastPercent) });
            lastPercent = Math.max(lastPercent, percent);
          },
          phase: (text) => progress.report({ message: text }),
        });
      } finally {
        sub.dispose();
      }
    },
  );
}
