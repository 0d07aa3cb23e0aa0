// A managed subscription to Podman's event stream: parses newline-delimited JSON,
// reconnects with backoff when the stream drops, and replays what it missed with `since`
// (dropping the duplicates a replay of the last second brings back).
import type { Readable } from 'node:stream';
import type { PodmanClient } from './client';
import { classifyError, type PodmanError } from './errors';
import { type PodmanEvent, parseEvent } from './models';

export type StreamStatus =
  { state: 'connecting' } | { state: 'connected' } | { state: 'disconnected'; error: PodmanError; retryInMs: number };

export interface EventSubscriptionOptions {
  /** Called for every event, in order; events of one read arrive together before `onBatchEnd`. */
  onEvent(event: PodmanEvent): void;
  /** Called after each chunk of events was delivered (a natural point to flush UI updates). */
  onBatchEnd?(): void;
  onStatus?(status: StreamStatus): void;
  /** Backoff steps in ms; the last one repeats. */
  backoffMs?: number[];
}

export class EventSubscription {
  private stream: Readable | undefined;
  private abort: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private attempt = 0;
  private lastTime: number | undefined; // seconds of the newest event seen
  private connectedAt: number | undefined; // seconds when the stream was last (re)connected
  // Keys of the events of the newest two seconds, to drop the ones a replay brings back.
  private seen = new Map<number, Set<string>>();
  private partial = '';

  constructor(
    private readonly client: PodmanClient,
    private readonly opts: EventSubscriptionOptions,
  ) {}

  get running(): boolean {
    return !this.stopped;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.stream?.destroy();
    this.stream = undefined;
  }

  /** Sets where a fresh subscription starts replaying from (seconds since epoch). */
  resumeFrom(timeSeconds: number): void {
    this.connectedAt = timeSeconds;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.opts.onStatus?.({ state: 'connecting' });
    this.abort = new AbortController();
    let stream: Readable;
    try {
      // Replay from the newest event seen, else from when the previous stream connected.
      stream = await this.client.eventStream({ since: this.lastTime ?? this.connectedAt, signal: this.abort.signal });
    } catch (e) {
      this.scheduleReconnect(classifyError(e, this.client.socketPath));
      return;
    }
    if (this.stopped) {
      stream.destroy();
      return;
    }
    this.stream = stream;
    this.connectedAt ??= Math.floor(Date.now() / 1000) - 1;
    this.attempt = 0;
    this.partial = '';
    this.opts.onStatus?.({ state: 'connected' });
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    const ended = (err?: unknown) => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      if (this.stopped) return;
      this.scheduleReconnect(
        classifyError(
          err ?? Object.assign(new Error('The event stream ended.'), { code: 'ECONNREFUSED' }),
          this.client.socketPath,
        ),
      );
    };
    stream.on('error', ended);
    stream.on('end', () => ended());
    stream.on('close', () => ended());
  }

  private scheduleReconnect(error: PodmanError): void {
    if (this.stopped) return;
    const steps = this.opts.backoffMs ?? [100, 250, 500, 1000, 2000, 5000];
    const retryInMs = steps[Math.min(this.attempt, steps.length - 1)];
    this.attempt++;
    this.opts.onStatus?.({ state: 'disconnected', error, retryInMs });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, retryInMs);
  }

  private onData(chunk: Buffer): void {
    const text = this.partial + chunk.toString('utf8');
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    let delivered = false;
    for (const line of lines) {
      const t = line.trim();
      if (!t) continue;
      let raw: unknown;
      try {
        raw = JSON.parse(t);
      } catch {
        continue; // not an event: ignore rather than break the stream
      }
      const ev = parseEvent(raw);
      if (!ev || this.isDuplicate(ev)) continue;
      delivered = true;
      this.opts.onEvent(ev);
    }
    // A partial line that is already a whole JSON object (no trailing newline yet) is delivered now.
    if (this.partial.trim().endsWith('}')) {
      try {
        const ev = parseEvent(JSON.parse(this.partial));
        this.partial = '';
        if (ev && !this.isDuplicate(ev)) {
          delivered = true;
          this.opts.onEvent(ev);
        }
      } catch {
        /* wait for the rest */
      }
    }
    if (delivered) this.opts.onBatchEnd?.();
  }

  /**
   * A replay (`since` = the newest second seen) repeats that second's events: those are dropped
   * by key. Events are not strictly ordered by time on the stream (with the file logger, an event
   * written by another process can come up to a few hundred ms late, seen on 4.3 and 5.x), so a
   * late event of the second before the newest is still delivered; older ones can only be replays.
   */
  private isDuplicate(ev: PodmanEvent): boolean {
    const key = `${ev.timeNano}|${ev.type}|${ev.action}|${ev.id}`;
    if (this.lastTime !== undefined && ev.time < this.lastTime - 1) return true;
    let keys = this.seen.get(ev.time);
    if (keys?.has(key)) return true;
    if (!keys) this.seen.set(ev.time, (keys = new Set()));
    keys.add(key);
    if (this.lastTime === undefined || ev.time > this.lastTime) {
      this.lastTime = ev.time;
      for (const t of this.seen.keys()) if (t < ev.time - 1) this.seen.delete(t);
    }
    return false;
  }
}
