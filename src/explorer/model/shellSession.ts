// The logic of the "Open Shell" terminal, without vscode: runs `bash` in the container through
// the exec API (tty, hijacked stream; no shell string is ever built), falls back to `sh` when
// bash is missing (the exec fails, or exits at once with 126/127), forwards input and resizes,
// and reports the exit code. The Pseudoterminal in ../shell.ts only adapts it.
import { StringDecoder } from 'node:string_decoder';
import type { ExecSession } from '../../podman/client';

export interface ShellIO {
  write(text: string): void;
  /** The process ended (exit code when known). */
  exit(code: number | undefined): void;
}

export type StartExec = (cmd: string[]) => Promise<ExecSession>;

export interface ShellSessionOptions {
  /** Candidates in order. */
  shells?: string[][];
  /** How long before a candidate is asked whether it runs (it may be "not found"). */
  probeMs?: number;
}

export class ShellSession {
  private session: ExecSession | undefined;
  private dims: { cols: number; rows: number } | undefined;
  private queuedInput: string[] = [];
  /** Input waits for this: the size sent again on first output, so a command typed at once sees it. */
  private inputGate: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** The command that ended up running. */
  command: string[] | undefined;

  constructor(
    private readonly start: StartExec,
    private readonly io: ShellIO,
    private readonly o: ShellSessionOptions = {},
  ) {}

  async open(dims?: { cols: number; rows: number }): Promise<void> {
    if (dims) this.dims = dims;
    const shells = this.o.shells ?? [['bash'], ['sh']];
    let lastError: unknown;
    for (let i = 0; i < shells.length; i++) {
      if (this.closed) return;
      const isLast = i === shells.length - 1;
      const r = await this.tryShell(shells[i], isLast).catch((e: unknown) => ({ ok: false as const, error: e }));
      if (r.ok) return;
      lastError = 'error' in r ? r.error : undefined;
    }
    const msg = lastError instanceof Error ? lastError.message : 'no shell could be started';
    this.io.write(`\r\nCould not start a shell: ${msg}\r\n`);
    this.io.exit(undefined);
  }

  private tryShell(cmd: string[], isLast: boolean): Promise<{ ok: true } | { ok: false; error?: unknown }> {
    return new Promise((resolve, reject) => {
      this.start(cmd).then((s) => {
        const held: string[] = [];
        let probing = !isLast;
        const decoder = new StringDecoder('utf8');
        const accept = () => {
          if (!probing) return;
          probing = false;
          this.session = s;
          this.command = cmd;
          if (this.dims) void s.resize(this.dims.cols, this.dims.rows);
          for (const h of held) this.io.write(h);
          for (const q of this.queuedInput) s.stream.write(q);
          this.queuedInput = [];
          resolve({ ok: true });
        };
        if (!probing) {
          this.session = s;
          this.command = cmd;
          if (this.dims) void s.resize(this.dims.cols, this.dims.rows);
          for (const q of this.queuedInput) s.stream.write(q);
          this.queuedInput = [];
        } else {
          void s.resize(this.dims?.cols ?? 80, this.dims?.rows ?? 24);
        }
        const timer = probing ? setTimeout(() => void this.whenStarted(s, accept), this.o.probeMs ?? 300) : undefined;
        let seenOutput = false;
        s.stream.on('data', (d: Buffer) => {
          // A resize sent before the process has its tty can be lost: send it again on first output.
          if (!seenOutput) {
            seenOutput = true;
            if (this.dims) this.inputGate = s.resize(this.dims.cols, this.dims.rows).catch(() => undefined);
          }
          const text = decoder.write(d);
          if (!text) return;
          if (probing) held.push(text);
          else this.io.write(text);
        });
        let ended = false;
        const onEnd = () => {
          if (ended) return;
          ended = true;
          if (timer) clearTimeout(timer);
          void this.exitCode(s).then((code) => {
            if (probing) {
              probing = false;
              if (code === 126 || code === 127 || code === undefined) {
                resolve({ ok: false, error: new Error(`${cmd[0]} exited with ${code ?? 'an unknown code'}`) });
                return;
              }
              // It ran and ended quickly but really ran: show what it printed.
              this.session = s;
              for (const h of held) this.io.write(h);
              resolve({ ok: true });
            } else if (isLast && this.session !== s) resolve({ ok: true });
            if (this.session === s) this.finish(code);
          });
        };
        s.stream.on('end', onEnd);
        s.stream.on('close', onEnd);
        s.stream.on('error', onEnd);
        if (!probing) resolve({ ok: true });
      }, reject);
    });
  }

  /**
   * Calls `accept` once the candidate really runs (the exec reports it running with a pid), not
   * merely after a delay: over a slow connection (SSH) the "not found" end of a missing shell can
   * arrive well after any fixed delay. An exec that ended is left to the stream's end handler.
   */
  private async whenStarted(s: ExecSession, accept: () => void): Promise<void> {
    for (let i = 0; i < 50; i++) {
      const state = await s.inspect().catch(() => undefined);
      if (state?.running && state.pid > 0) return accept();
      if (state && !state.running && state.exitCode !== undefined) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    accept();
  }

  private async exitCode(s: ExecSession): Promise<number | undefined> {
    for (let i = 0; i < 20; i++) {
      try {
        const r = await s.inspect();
        if (!r.running) return r.exitCode;
      } catch {
        return undefined;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  }

  private finish(code: number | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.io.write(`\r\n[process exited with code ${code ?? 'unknown'}]\r\n`);
    this.io.exit(code);
  }

  input(data: string): void {
    const session = this.session;
    if (!session) {
      this.queuedInput.push(data);
      return;
    }
    // Chained, so keystrokes keep their order while the first-output resize is on its way.
    this.inputGate = this.inputGate.then(() => session.stream.write(data));
  }

  resize(cols: number, rows: number): void {
    this.dims = { cols, rows };
    if (this.session) void this.session.resize(cols, rows);
  }

  /** The user closed the terminal: end the process's stdin and drop the stream. */
  close(): void {
    this.closed = true;
    const s = this.session;
    this.session = undefined;
    if (s) {
      s.stream.end();
      setTimeout(() => s.stream.destroy(), 1000).unref();
    }
  }
}
