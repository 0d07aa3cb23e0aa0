// "Open Shell": a VS Code terminal backed by a Pseudoterminal over the exec API (tty), not a
// `podman exec` process. The logic lives in model/shellSession.ts.
import * as vscode from 'vscode';
import type { PodmanClient } from '../podman/client';
import { ShellSession } from './model/shellSession';

export interface ShellTerminal {
  terminal: vscode.Terminal;
  session: ShellSession;
  /** The last 64 KiB written to the terminal (tests read it: terminal output is not readable through the API). */
  output(): string;
}

export function openShellTerminal(client: PodmanClient, containerId: string, name: string): ShellTerminal {
  const write = new vscode.EventEmitter<string>();
  let transcript = '';
  write.event((t) => {
    transcript = (transcript + t).slice(-65536);
  });
  const closeEmitter = new vscode.EventEmitter<number | void>();
  const session = new ShellSession((cmd) => client.exec(containerId, { cmd, tty: true, stdin: true }), {
    write: (t) => write.fire(t),
    exit: (code) => closeEmitter.fire(code ?? undefined),
  });
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: closeEmitter.event,
    open: (dims) => void session.open(dims ? { cols: dims.columns, rows: dims.rows } : undefined),
    close: () => session.close(),
    handleInput: (data) => session.input(data),
    setDimensions: (d) => session.resize(d.columns, d.rows),
  };
  const terminal = vscode.window.createTerminal({
    name: vscode.l10n.t('Shell: {0}', name),
    pty,
    iconPath: new vscode.ThemeIcon('terminal'),
  });
  terminal.show();
  return { terminal, session, output: () => transcript };
}
