// Logs every DAP message of `podman` sessions at trace level to the "Podman Debug" log channel,
// and turns known failures into messages that say what to do.
import * as vscode from 'vscode';
import type { Log } from '../log';
import { knownAdvice } from './core/advice';

export class PodmanDebugTrackerFactory implements vscode.DebugAdapterTrackerFactory {
  constructor(private readonly log: Log) {}

  createDebugAdapterTracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    const log = this.log;
    const tag = `[${session.name}]`;
    const said = new Set<string>();
    const advise = (text: string | undefined): void => {
      const advice = text ? knownAdvice(text) : undefined;
      if (!advice || said.has(advice)) return;
      said.add(advice);
      log.warn(`${tag} ${text} → ${advice}`);
      void vscode.window.showWarningMessage(advice, vscode.l10n.t('Show Log')).then((p) => p && log.channel.show(true));
    };
    return {
      onWillStartSession: () =>
        log.info(
          `${tag} starting (${String(session.configuration.request)} ${String(session.configuration.container ?? session.configuration.image ?? '')})`,
        ),
      onWillReceiveMessage: (m: unknown) => log.trace(`${tag} → ${JSON.stringify(m)}`),
      onDidSendMessage: (m: {
        type?: string;
        success?: boolean;
        message?: string;
        command?: string;
        event?: string;
        body?: Record<string, unknown>;
      }) => {
        log.trace(`${tag} ← ${JSON.stringify(m)}`);
        if (m.type === 'response' && m.success === false && m.message) {
          log.warn(`${tag} ${m.command} failed: ${m.message}`);
          advise(m.message);
        }
        if (m.type === 'response' && m.command === 'setBreakpoints') {
          const bps = (m.body?.breakpoints ?? []) as { verified?: boolean; message?: string }[];
          for (const b of bps) if (!b.verified && b.message) advise(b.message);
        }
      },
      onError: (e: Error) => log.error(`${tag} adapter error`, e),
      onExit: (code: number | undefined, signal: string | undefined) =>
        log.info(`${tag} adapter exited (${signal ?? code ?? 'ok'})`),
      onWillStopSession: () => log.info(`${tag} stopping`),
    };
  }
}
