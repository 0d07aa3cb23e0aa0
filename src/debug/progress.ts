// Progress while a debug session sets up: nothing for a quick start; a notification once the
// set-up takes longer than a moment, or at once for a slow step (the first import of the
// debugger image). It closes when the debugger is ready or the session ends.
import * as vscode from 'vscode';

export interface StartupProgress {
  report(message: string, slow?: boolean): void;
  done(): void;
}

export function startupProgress(title: string, afterMs = 1500): StartupProgress {
  let finished = false;
  let last = '';
  let shown: vscode.Progress<{ message?: string }> | undefined;
  let resolve!: () => void;
  const whenDone = new Promise<void>((r) => (resolve = r));
  const show = (): void => {
    if (shown || finished) return;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async (p) => {
      shown = p;
      p.report({ message: last });
      await whenDone;
    });
  };
  const timer = setTimeout(show, afterMs);
  return {
    report(message, slow) {
      last = message;
      shown?.report({ message });
      if (slow) show();
    },
    done() {
      finished = true;
      clearTimeout(timer);
      resolve();
    },
  };
}
