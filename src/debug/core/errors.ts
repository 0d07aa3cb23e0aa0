// What every step of the debug set-up shares: its options and its one error type (a message and
// what to do about it). No vscode import.

export class DebugSetupError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
  }
}

export interface BackendOptions {
  /** The DAP bridge script on this machine (dist/dap-bridge.js). */
  bridgeScript: string;
  /** The Node runtime that runs the bridge (the extension host's own, process.execPath). */
  nodePath: string;
  /** Whether a file exists on the Podman host (the debugger candidates). */
  hostExists: (p: string) => boolean;
  /** Whether a workspace file exists (path mapping). */
  localExists: (p: string) => boolean;
  ptraceScope?: number;
  log?: (msg: string) => void;
  /** What the set-up is doing now, for a progress indicator; `slow` for a step of seconds. */
  progress?: (message: string, slow?: boolean) => void;
}

/** Whether a Podman error says the object does not exist. */
export function notFound(e: unknown): boolean {
  return (
    (e as { kind?: string })?.kind === 'not-found' || /no such container|404/i.test(String((e as Error)?.message ?? e))
  );
}
