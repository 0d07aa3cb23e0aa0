// Logs every DAP message of `podman` sessions at trace level to the "Podman Debug" log channel,
// and turns known failures into messages that say what to do.
import * as vscode from 'vscode';
import type { Log } from '../log';

interface Known {
  re: RegExp;
  say: string;
}

/** Debugger failures seen in the field and what the user can do about them. */
const KNOWN: Known[] = [
  { re: /could not find file|no source file|unable to find|No such file/i, say: 'The debugger cannot find this source file in the program: its path differs from the one compiled in. Set "localRoot" to the folder the program was built from, or add "pathMappings".' },
  { re: /operation not permitted|ptrace/i, say: 'The kernel refused ptrace. Check kernel.yama.ptrace_scope on the Podman host and the container\'s security options.' },
  { re: /personality set failed|'A' packet returned an error: 8/i, say: 'LLDB could not disable ASLR under the container\'s seccomp profile: add "initCommands": ["settings set target.disable-aslr false"].' },
  { re: /version of Go is too old|Go version .* is too (old|new)/i, say: 'Delve does not support the Go version the program was built with: install a matching Delve on the Podman host and set "dlvPath".' },
];

export function knownAdvice(message: string): string | undefined {
  return KNOWN.find((k) => k.re.test(message))?.say;
}

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
      onWillStartSession: () => log.info(`${tag} starting (${String(session.configuration.request)} ${String(session.configuration.container ?? session.configuration.image ?? '')})`),
      onWillReceiveMessage: (m: unknown) => log.trace(`${tag} → ${JSON.stringify(m)}`),
      onDidSendMessage: (m: { type?: string; success?: boolean; message?: string; command?: string; event?: string; body?: Record<string, unknown> }) => {
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
      onExit: (code: number | undefined, signal: string | undefined) => log.info(`${tag} adapter exited (${signal ?? code ?? 'ok'})`),
      onWillStopSession: () => log.info(`${tag} stopping`),
    };
  }
}
