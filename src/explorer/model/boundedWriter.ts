// A writer between a fast producer (a container's log stream) and a slow consumer (a terminal).
// Text is queued and flushed every `flushMs` up to `budgetChars` per flush; when more than
// `highWaterChars` wait, the producer is paused (HTTP backpressure reaches Podman), and it is
// resumed once the queue drained below `lowWaterChars`. So memory stays bounded and the UI
// thread never receives more than the budget per frame, whatever the container writes.

export interface Flow {
  pause(): void;
  resume(): void;
}

export interface BoundedWriterOptions {
  flushMs?: number;
  budgetChars?: number;
  highWaterChars?: number;
  lowWaterChars?: number;
}

export class BoundedWriter {
  private queue: string[] = [];
  private head = 0; // chars of queue[0] already written
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private disposed = false;
  /** Chars queued and not yet written. */
  pendingChars = 0;
  /** The most that was ever queued at once (tests assert it stays bounded). */
  maxPendingChars = 0;
  pauses = 0;
  writtenChars = 0;
  readonly flushMs: number;
  readonly budgetChars: number;
  readonly highWaterChars: number;
  readonly lowWaterChars: number;

  constructor(
    private readonly sink: (text: string) => void,
    private readonly flow: Flow,
    o: BoundedWriterOptions = {},
  ) {
    this.flushMs = o.flushMs ?? 16;
    this.budgetChars = o.budgetChars ?? 64 * 1024; // ≈4 M chars/s into a terminal at most
    this.highWaterChars = o.highWaterChars ?? 1024 * 1024;
    this.lowWaterChars = o.lowWaterChars ?? 256 * 1024;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  push(text: string): void {
    if (this.disposed || !text) return;
    this.queue.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars > this.maxPendingChars) this.maxPendingChars = this.pendingChars;
    if (!this.paused && this.pendingChars > this.highWaterChars) {
      this.paused = true;
      this.pauses++;
      this.flow.pause();
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.disposed || this.pendingChars === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.flushMs);
  }

  /** Writes up to one budget of queued text now. */
  flush(): void {
    if (this.disposed) return;
    let budget = this.budgetChars;
    const parts: string[] = [];
    while (budget > 0 && this.queue.length) {
      const s = this.queue[0];
      const rest = s.length - this.head;
      if (rest <= budget) {
        parts.push(this.head ? s.slice(this.head) : s);
        budget -= rest;
        this.queue.shift();
        this.head = 0;
      } else {
        // Do not split a surrogate pair.
        let end = this.head + budget;
        const code = s.charCodeAt(end - 1);
        if (code >= 0xd800 && code <= 0xdbff) end--;
        parts.push(s.slice(this.head, end));
        budget -= end - this.head;
        this.head = end;
        break;
      }
    }
    const text = parts.join('');
    this.pendingChars -= text.length;
    this.writtenChars += text.length;
    if (text) this.sink(text);
    if (this.paused && this.pendingChars <= this.lowWaterChars) {
      this.paused = false;
      this.flow.resume();
    }
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.pendingChars = 0;
  }
}

/** Turns stream text into terminal lines: `\n` → `\r\n`, with an optional prefix per line. */
export class LineFormatter {
  private atLineStart = true;
  constructor(private readonly prefix = '') {}
  format(text: string): string {
    let out = '';
    const parts = text.split('\n');
    for (let i = 0; i < parts.length; i++) {
      const seg = parts[i];
      const last = i === parts.length - 1;
      if (seg.length || !last) {
        if (this.atLineStart && this.prefix) out += this.prefix;
        out += seg.endsWith('\r') ? seg.slice(0, -1) : seg;
        this.atLineStart = false;
      }
      if (!last) {
        out += '\r\n';
        this.atLineStart = true;
      }
    }
    return out;
  }
}
