// The debugger engines, as a typed table: where the binary lives on the Podman host, how DAP is
// carried, how attach/launch arguments are written, and what to install when it is missing.
import type { DebuggerKind } from './analysis';

export interface EngineArgs {
  pid?: number;
  program?: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string>;
  stopOnEntry?: boolean;
  initCommands?: string[];
  /** LLDB launch: whether to disable ASLR (needs personality(2), refused by the default seccomp profile). */
  disableAslr?: boolean;
}

export interface Engine {
  kind: DebuggerKind;
  label: string;
  /** Candidates on the Podman host, first found wins (the host's /usr is mounted read-only). */
  candidates: string[];
  /** How DAP is reached: over TCP through the bridge, or straight over stdio. */
  transport: 'tcp' | 'stdio';
  /** The debugger's own command line after its executable. */
  argv: string[];
  install: string;
  attachArgs(a: EngineArgs): Record<string, unknown>;
  launchArgs(a: EngineArgs): Record<string, unknown>;
}

export const ENGINES: Record<DebuggerKind, Engine> = {
  delve: {
    kind: 'delve',
    label: 'Delve',
    candidates: ['/usr/bin/dlv', '/usr/local/bin/dlv'],
    transport: 'tcp',
    argv: ['dap', '--listen=127.0.0.1:0'],
    install:
      'Install Delve on the Podman host: `sudo apt install delve` (Debian/Ubuntu) or `sudo dnf install delve` (Fedora); or set "dlvPath" to a dlv binary.',
    attachArgs: (a) => ({ mode: 'local', processId: a.pid, stopOnEntry: a.stopOnEntry ?? false }),
    launchArgs: (a) => ({
      mode: 'exec',
      program: a.program,
      args: a.args ?? [],
      cwd: a.cwd,
      stopOnEntry: a.stopOnEntry ?? false,
      ...(a.env ? { env: a.env } : {}),
    }),
  },
  lldb: {
    kind: 'lldb',
    label: 'LLDB',
    candidates: [
      '/usr/bin/lldb-dap',
      '/usr/bin/lldb-vscode',
      ...[19, 18, 17, 16, 15, 14, 13].flatMap((v) => [`/usr/bin/lldb-dap-${v}`, `/usr/bin/lldb-vscode-${v}`]),
    ],
    transport: 'stdio',
    argv: [],
    install:
      'Install LLDB on the Podman host: `sudo apt install lldb` (Debian/Ubuntu, provides lldb-vscode / lldb-dap) or `sudo dnf install lldb`; or set "lldbPath".',
    attachArgs: (a) => ({
      pid: a.pid,
      ...(a.program ? { program: a.program } : {}),
      stopOnEntry: a.stopOnEntry ?? false,
      initCommands: a.initCommands ?? [],
    }),
    launchArgs: (a) => ({
      program: a.program,
      args: a.args ?? [],
      cwd: a.cwd,
      stopOnEntry: a.stopOnEntry ?? false,
      disableASLR: a.disableAslr ?? false,
      initCommands: a.initCommands ?? [],
      ...(a.env ? { env: Object.entries(a.env).map(([k, v]) => `${k}=${v}`) } : {}),
    }),
  },
};

/** Lines a debugger prints that mean nothing to the user (logged at trace, not shown). */
export const NOISE = [
  /ModuleNotFoundError: No module named 'lldb\.embedded_interpreter'/,
  /^Traceback \(most recent call last\):/,
  /^\s+File "<string>", line 1, in <module>/,
  /^dap-bridge: debugger exited/,
];
