// The pseudoterminal of a CustomExecution task: runs `run()` once when opened, closes with its
// exit code, and aborts it when the user closes the terminal. Text is written with CRLF.
import * as vscode from 'vscode';

export abstract class TaskTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  /** Aborted when the terminal is closed: pass its signal to long requests. */
  protected readonly abort = new AbortController();

  /** Does the work; resolves with the exit code (0 for success). */
  protected abstract run(): Promise<number>;

  open(): void {
    this.run().then(
      (code) => this.closeEmitter.fire(code),
      (e: unknown) => {
        this.line(`error: ${e instanceof Error ? e.message : String(e)}`);
        this.closeEmitter.fire(1);
      },
    );
  }

  close(): void {
    this.abort.abort();
  }

  protected write(text: string): void {
    this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n'));
  }

  protected line(text: string): void {
    this.write(`${text}\n`);
  }
}
