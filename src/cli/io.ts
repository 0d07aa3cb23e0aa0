// What every podman-workbench subcommand shares: its output streams, its shape and the exit codes.

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface Subcommand {
  /** One line for --help. */
  readonly summary: string;
  readonly usage: string;
  /** Returns the exit status. */
  run(args: string[], io: CliIo): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
