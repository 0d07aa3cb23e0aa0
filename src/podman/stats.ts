// Live resource figures: ONE libpod stats stream per connection (all running containers in one
// request, `GET /libpod/containers/stats?stream=true`), parsed and validated at the boundary into
// samples, kept as a bounded history per container. The stream runs only while someone listens
// (`subscribe`), reconnects with backoff when it dies and keeps the history it had. A rootless
// Podman on cgroup v1 answers 409: that is reported once as `unavailable` with the reason and the
// fix, and not retried in a loop. No `vscode` import.
import type { Readable } from 'node:stream';
import type { PodmanClient } from './client';
import { classifyError, PodmanError } from './errors';
import { openStatsStream } from './monitor';
import type { StatsSample } from './statsSample';

export type { StatsFigures, StatsSample } from './statsSample';

export interface StatsFrame {
  time: number;
  samples: StatsSample[];
  /** The frame's own Error (Podman reports per-frame errors there). */
  error?: string;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/**
 * Bytes received and sent. Podman 4 has NetInput/NetOutput; Podman 5 dropped them for `Network`,
 * one entry per interface of the container ({"eth0": {"RxBytes": …, "TxBytes": …}}), summed here.
 */
function networkBytes(s: Record<string, unknown>): { netRx: number; netTx: number } {
  const perInterface = s.Network;
  if (!perInterface || typeof perInterface !== 'object') return { netRx: num(s.NetInput), netTx: num(s.NetOutput) };
  let netRx = 0;
  let netTx = 0;
  for (const counters of Object.values(perInterface as Record<string, { RxBytes?: unknown; TxBytes?: unknown }>)) {
    netRx += num(counters?.RxBytes);
    netTx += num(counters?.TxBytes);
  }
  return { netRx, netTx };
}

/** One line of the stream, validated: samples with an id, numbers that are numbers. */
export function parseStatsFrame(raw: unknown, time = Date.now()): StatsFrame | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as { Error?: unknown; Stats?: unknown };
  const error = o.Error ? String((o.Error as { message?: unknown })?.message ?? JSON.stringify(o.Error)) : undefined;
  const list = Array.isArray(o.Stats) ? o.Stats : [];
  const samples: StatsSample[] = [];
  for (const s of list as Record<string, unknown>[]) {
    if (!s || typeof s !== 'object' || typeof s.ContainerID !== 'string' || !s.ContainerID) continue;
    // Podman 4.3 keeps a container that stopped in the stream, all zeros: it is not running, so no sample.
    if (num(s.SystemNano) === 0 && num(s.PIDs) === 0 && num(s.MemLimit) === 0) continue;
    samples.push({
      id: s.ContainerID,
      name: typeof s.Name === 'string' ? s.Name : s.ContainerID.slice(0, 12),
      time,
      cpu: num(s.CPU),
      memUsage: num(s.MemUsage),
      memLimit: num(s.MemLimit),
      ...networkBytes(s),
      blockRead: num(s.BlockInput),
      blockWrite: num(s.BlockOutput),
      pids: num(s.PIDs),
    });
  }
  return { time, samples, ...(error ? { error } : {}) };
}

/** The last samples of every container, bounded in count and age (no growth while a panel stays open). */
export class StatsHistory {
  private readonly series = new Map<string, StatsSample[]>();

  constructor(
    readonly maxSamples = 300,
    readonly maxAgeMs = 10 * 60_000,
  ) {}

  add(frame: StatsFrame): void {
    for (const s of frame.samples) {
      let list = this.series.get(s.id);
      if (!list) this.series.set(s.id, (list = []));
      list.push(s);
      if (list.length > this.maxSamples) list.splice(0, list.length - this.maxSamples);
    }
    // A container that stopped keeps its line until its last sample ages out.
    for (const [id, list] of this.series) {
      if (!list.length || frame.time - list[list.length - 1].time > this.maxAgeMs) this.series.delete(id);
    }
  }

  of(id: string): readonly StatsSample[] {
    return this.series.get(id) ?? [];
  }
  latest(id: string): StatsSample | undefined {
    const list = this.series.get(id);
    return list?.[list.length - 1];
  }
  ids(): string[] {
    return [...this.series.keys()];
  }
  /** Samples held, all containers together (tests read it to see memory stays bounded). */
  get size(): number {
    let n = 0;
    for (const l of this.series.values()) n += l.length;
    return n;
  }
}

export type StatsStatus =
  | { state: 'idle' }
  | { state: 'connecting' }
  | { state: 'streaming' }
  | { state: 'unavailable'; error: PodmanError }
  | { state: 'disconnected'; error: PodmanError; retryInMs: number };

/** What a 409 of the stats endpoint means, said the way a user can act on it. */
export function statsUnavailable(e: PodmanError): PodmanError {
  if (e.kind !== 'conflict' && !/cgroup/i.test(e.message)) return e;
  return new PodmanError(
    'unsupported',
    `Podman cannot report resource usage on this connection (${e.message || 'HTTP 409'}): a rootless Podman on cgroup v1 has no cgroup of its own to read.`,
    'Boot the host with cgroup v2 (systemd.unified_cgroup_hierarchy=1 on the kernel command line), or use a rootful connection.',
    e.statusCode,
    { cause: e },
  );
}

export interface StatsListener {
  onFrame(frame: StatsFrame): void;
  onStatus?(status: StatsStatus): void;
}

export interface StatsStreamOptions {
  /** Seconds between frames (libpod's `interval`). */
  intervalSeconds?: number;
  backoffMs?: number[];
  history?: StatsHistory;
}

/** One stats stream for one connection, shared by every listener; runs only while one listens. */
export class StatsStream {
  readonly history: StatsHistory;
  private listeners = new Set<StatsListener>();
  private stream: Readable | undefined;
  private abort: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private partial = '';
  private current: StatsStatus = { state: 'idle' };
  /** Streams opened so far (tests and benchmarks read it: one per connection, more only on reconnects). */
  opened = 0;
  /** Frames delivered, and the CPU this process spent on them (parsing, history, listeners), for the benchmark. */
  frames = 0;
  handlingCpuMs = 0;

  constructor(
    readonly client: PodmanClient,
    private readonly opts: StatsStreamOptions = {},
  ) {
    this.history = opts.history ?? new StatsHistory();
  }

  get status(): StatsStatus {
    return this.current;
  }
  get listening(): number {
    return this.listeners.size;
  }

  /** Adds a listener (starting the stream for the first); dispose() removes it (stopping after the last). */
  subscribe(listener: StatsListener): { dispose(): void } {
    this.listeners.add(listener);
    listener.onStatus?.(this.current);
    if (this.listeners.size === 1) this.connect();
    return {
      dispose: () => {
        if (!this.listeners.delete(listener)) return;
        if (!this.listeners.size) this.halt();
      },
    };
  }

  /** Tries again after `unavailable` (the user fixed the host, or switched mode). */
  retry(): void {
    if (!this.listeners.size) return;
    this.halt();
    this.connect();
  }

  dispose(): void {
    this.listeners.clear();
    this.halt();
  }

  private setStatus(s: StatsStatus): void {
    this.current = s;
    for (const l of [...this.listeners]) l.onStatus?.(s);
  }

  private halt(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.abort = undefined;
    this.stream?.destroy();
    this.stream = undefined;
    if (this.current.state !== 'unavailable') this.current = { state: 'idle' };
  }

  private connect(): void {
    this.setStatus({ state: 'connecting' });
    const abort = (this.abort = new AbortController());
    this.opened++;
    openStatsStream(this.client, { intervalSeconds: this.opts.intervalSeconds ?? 1, signal: abort.signal })
      .then((stream) => this.attach(stream, abort))
      .catch((e: unknown) => {
        if (abort.signal.aborted) return;
        const err = classifyError(e, this.client.socketPath);
        if (err.kind === 'conflict') this.setStatus({ state: 'unavailable', error: statsUnavailable(err) });
        else this.scheduleReconnect(err);
      });
  }

  private attach(stream: Readable, abort: AbortController): void {
    if (abort.signal.aborted || !this.listeners.size) {
      stream.destroy();
      return;
    }
    this.stream = stream;
    this.partial = '';
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    const ended = (err?: unknown) => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      if (abort.signal.aborted || !this.listeners.size) return;
      const e = err ?? Object.assign(new Error('The stats stream ended.'), { code: 'ECONNREFUSED' });
      this.scheduleReconnect(classifyError(e, this.client.socketPath));
    };
    stream.on('error', ended);
    stream.on('end', () => ended());
    stream.on('close', () => ended());
  }

  private scheduleReconnect(error: PodmanError): void {
    if (!this.listeners.size) return;
    const steps = this.opts.backoffMs ?? [250, 500, 1000, 2000, 5000];
    const retryInMs = steps[Math.min(this.attempt, steps.length - 1)];
    this.attempt++;
    this.setStatus({ state: 'disconnected', error, retryInMs });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.listeners.size) this.connect();
    }, retryInMs);
  }

  private onData(chunk: Buffer): void {
    const before = process.cpuUsage();
    this.readLines(chunk);
    const spent = process.cpuUsage(before);
    this.handlingCpuMs += (spent.user + spent.system) / 1000;
  }

  private readLines(chunk: Buffer): void {
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      const text = line.trim();
      if (!text) continue;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        continue; // a broken line is skipped, not fatal
      }
      const frame = parseStatsFrame(raw);
      if (frame) this.deliver(frame);
    }
    if (this.partial.length > 4 * 1024 * 1024) this.partial = ''; // never hold an unbounded line
  }

  private deliver(frame: StatsFrame): void {
    if (this.current.state !== 'streaming') {
      this.attempt = 0;
      this.setStatus({ state: 'streaming' });
    }
    this.frames++;
    this.history.add(frame);
    for (const l of [...this.listeners]) l.onFrame(frame);
  }
}

/** Sums of the latest samples of a group of containers (a pod's line in the tree). */
export function sumLatest(history: StatsHistory, ids: string[]): { cpu: number; memUsage: number } | undefined {
  let any = false;
  let cpu = 0;
  let memUsage = 0;
  for (const id of ids) {
    const s = history.latest(id);
    if (!s) continue;
    any = true;
    cpu += s.cpu;
    memUsage += s.memUsage;
  }
  return any ? { cpu, memUsage } : undefined;
}
