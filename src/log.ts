// The one log channel of the extension ("Podman Workbench"), with stacks on errors.
import * as vscode from 'vscode';

export interface Log {
  trace(msg: string): void;
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string, err?: unknown): void;
  readonly channel: vscode.LogOutputChannel;
}

export function createLog(name = 'Podman Workbench'): Log {
  const channel = vscode.window.createOutputChannel(name, { log: true });
  return {
    channel,
    trace: (m) => channel.trace(m),
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m, err) => {
      if (err instanceof Error) channel.error(`${m}: ${err.message}${err.stack ? `\n${err.stack}` : ''}`);
      else if (err !== undefined) channel.error(`${m}: ${String(err)}`);
      else channel.error(m);
    },
  };
}
