// Streams the logs of one or more containers into a BoundedWriter: demultiplexes frames,
// decodes UTF-8 across chunk boundaries, prefixes lines with the container name when asked,
// and pauses/resumes every HTTP stream together (backpressure). No vscode import.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { FrameDemuxer } from '../../podman/client';
import { BoundedWriter, type BoundedWriterOptions, LineFormatter } from './boundedWriter';

export interface LogSource {
  logs(
    id: string,
    o: { follow?: boolean; tail?: number; timestamps?: boolean; signal?: AbortSignal },
  ): Promise<Readable>;
}

export interface LogTarget {
  id: string;
  name: string;
}

export interface LogPumpOptions extends BoundedWriterOptions {
  follow: boolean;
  tail?: number;
  timestamps: boolean;
  /** Prefix each line with the container name (pod logs). */
  prefix: boolean;
}

const COLORS = [36, 33, 35, 32, 34, 91, 96, 93];

export class LogPump {
  readonly writer: BoundedWriter;
  private streams: Readable[] = [];
  private abort = new AbortController();
  private open = 0;
  private stopped = false;
  /** Bytes received from Podman. */
  receivedBytes = 0;

  constructor(
    private readonly source: LogSource,
    sink: (text: string) => void,
    private readonly o: LogPumpOptions,
    private readonly onEnd: (error?: unknown) => void = () => {},
  ) {
    this.writer = new BoundedWriter(
      sink,
      { pause: () => this.streams.forEach((s) => s.pause()), resume: () => this.streams.forEach((s) => s.resume()) },
      o,
    );
  }

  async start(targets: LogTarget[]): Promise<void> {
    const width = Math.max(0, ...targets.map((t) => t.name.length));
    await Promise.all(
      targets.map(async (t, i) => {
        const stream = await this.source.logs(t.id, {
          follow: this.o.follow,
          tail: this.o.tail,
          timestamps: this.o.timestamps,
          signal: this.abort.signal,
        });
        if (this.stopped) {
          stream.destroy();
          return;
        }
        this.streams.push(stream);
        this.open++;
        if (this.writer.isPaused) stream.pause();
        const prefix = this.o.prefix ? `\x1b[${COLORS[i % COLORS.length]}m${t.name.padEnd(width)}\x1b[0m | ` : '';
        const out = new LineFormatter(prefix);
        const err = new LineFormatter(prefix);
        const dec = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
        const demux = new FrameDemuxer((kind, data) => {
          const which = kind === 'stderr' ? 'stderr' : 'stdout';
          const text = dec[which].write(data);
          if (text) this.writer.push((which === 'stderr' ? err : out).format(text));
        });
        let mode: 'mux' | 'raw' | undefined;
        stream.on('data', (chunk: Buffer) => {
          this.receivedBytes += chunk.length;
          // A TTY container's logs are raw bytes; others are multiplexed frames.
          mode ??=
            chunk.length >= 8 && chunk[0] <= 2 && chunk[1] === 0 && chunk[2] === 0 && chunk[3] === 0 ? 'mux' : 'raw';
          if (mode === 'mux') demux.push(chunk);
          else {
            const text = dec.stdout.write(chunk);
            if (text) this.writer.push(out.format(text));
          }
        });
        let finished = false;
        const done = (e?: unknown) => {
          if (finished) return;
          finished = true;
          stream.removeAllListeners('data');
          this.open--;
          if (this.open === 0 && !this.stopped) this.onEnd(e);
        };
        stream.once('end', () => done());
        stream.once('error', (e) => done(e));
        stream.once('close', () => done());
      }),
    );
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    for (const s of this.streams) s.destroy();
    this.streams = [];
    this.writer.dispose();
  }
}
