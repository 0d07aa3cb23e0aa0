// DAP message framing over a byte stream: `Content-Length: N\r\n\r\n` + N bytes of JSON.
// Pure: no vscode import, no I/O.

export interface DapMessage {
  seq: number;
  type: 'request' | 'response' | 'event' | string;
  [key: string]: unknown;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** Incremental reader: push chunks, get whole messages through the callback. */
export class DapReader {
  private buf: Buffer = Buffer.alloc(0);
  constructor(
    private readonly onMessage: (msg: DapMessage) => void,
    private readonly onError: (err: Error, raw: string) => void = () => undefined,
  ) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const end = this.buf.indexOf(HEADER_END);
      if (end < 0) return;
      const header = this.buf.subarray(0, end).toString('ascii');
      const m = /Content-Length:\s*(\d+)/i.exec(header);
      if (!m) {
        // Not a DAP header (e.g. noise a debugger printed on stdout): drop up to the separator.
        this.onError(new Error('DAP header without Content-Length'), header);
        this.buf = this.buf.subarray(end + HEADER_END.length);
        continue;
      }
      const len = Number(m[1]);
      const start = end + HEADER_END.length;
      if (this.buf.length < start + len) return;
      const body = this.buf.subarray(start, start + len).toString('utf8');
      this.buf = this.buf.subarray(start + len);
      try {
        this.onMessage(JSON.parse(body) as DapMessage);
      } catch (e) {
        this.onError(e instanceof Error ? e : new Error(String(e)), body);
      }
    }
  }

  /** Bytes received that do not form a whole message yet. */
  get pending(): number {
    return this.buf.length;
  }
}

export function encodeDap(msg: object): Buffer {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}
