// Logs in a VS Code terminal: a Pseudoterminal over LogPump (follow, tail, timestamps), with
// backpressure so a container flooding its output neither freezes the window nor fills memory.
import * as vscode from 'vscode';
import type { PodmanClient } from '../podman/client';
import { LogPump, type LogTarget } from './model/logPump';

export interface LogTerminal {
  terminal: vscode.Terminal;
  pump: LogPump;
}

export function openLogsTerminal(
  client: PodmanClient,
  title: string,
  targets: LogTarget[],
  o: { prefix: boolean },
): LogTerminal {
  const cfg = vscode.workspace.getConfiguration('podman.logs');
  const tail = cfg.get<number>('tail', 1000);
  const timestamps = cfg.get<boolean>('timestamps', false);
  const write = new vscode.EventEmitter<string>();
  const pump = new LogPump(
    client,
    (text) => write.fire(text),
    { follow: true, tail: tail >= 0 ? tail : undefined, timestamps, prefix: o.prefix },
    (e) => write.fire(`\r\n\x1b[2m[log stream ended${e instanceof Error ? `: ${e.message}` : ''}]\x1b[0m\r\n`),
  );
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    open: () => {
      pump
        .start(targets)
        .catch((e: unknown) => write.fire(`\x1b[31m${e instanceof Error ? e.message : String(e)}\x1b[0m\r\n`));
    },
    close: () => {
      pump.stop();
      write.dispose();
    },
    handleInput: (data) => {
      // Ctrl+C ends following; the terminal stays for reading.
      if (data === '\x03') {
        pump.stop();
        write.fire('\r\n\x1b[2m[stopped]\x1b[0m\r\n');
      }
    },
  };
  const terminal = vscode.window.createTerminal({ name: title, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show();
  return { terminal, pump };
}
