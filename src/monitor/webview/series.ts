// The Stats webview's data (pure, no DOM, unit-tested): one line per container with its CPU,
// memory, I/O rates and PIDs, aligned on the frames' times, at most `maxPoints` per line. A
// container that stops ends its line (nulls); a line with no point left in the window is dropped,
// so a panel open for hours holds no more than the window.
import type { StatsPoint } from '../protocol';

export const METRICS = ['cpu', 'mem', 'netRx', 'netTx', 'blkR', 'blkW', 'pids'] as const;
export type Metric = (typeof METRICS)[number];

export type Line = { id: string; name: string; last?: StatsPoint } & Record<Metric, (number | null)[]>;

export class SeriesStore {
  /** Frame times in seconds (uPlot's x values). */
  readonly times: number[] = [];
  /** The smallest memory limit of each frame's containers (null: none reported). */
  limit: (number | null)[] = [];
  readonly lines = new Map<string, Line>();
  private lastTime = 0;

  constructor(readonly maxPoints = 300) {}

  private newLine(p: StatsPoint): Line {
    const line = { id: p.id, name: p.name } as Line;
    for (const k of METRICS) line[k] = this.times.map(() => null);
    return line;
  }

  /** Appends one frame: rates from the previous sample of the same container; gaps where one is missing. */
  addFrame(time: number, points: StatsPoint[]): void {
    const dt = this.lastTime ? Math.max(0.001, (time - this.lastTime) / 1000) : 1;
    const rate = (now: number, before: number | undefined) =>
      before === undefined ? null : Math.max(0, now - before) / dt;
    const seen = new Set<string>();
    let minLimit: number | null = null;
    for (const p of points) {
      let l = this.lines.get(p.id);
      if (!l) this.lines.set(p.id, (l = this.newLine(p)));
      seen.add(p.id);
      l.cpu.push(p.cpu);
      l.mem.push(p.memUsage);
      l.netRx.push(rate(p.netRx, l.last?.netRx));
      l.netTx.push(rate(p.netTx, l.last?.netTx));
      l.blkR.push(rate(p.blockRead, l.last?.blockRead));
      l.blkW.push(rate(p.blockWrite, l.last?.blockWrite));
      l.pids.push(p.pids);
      l.last = p;
      if (p.memLimit > 0) minLimit = minLimit === null ? p.memLimit : Math.min(minLimit, p.memLimit);
    }
    this.times.push(time / 1000);
    this.limit.push(minLimit);
    // A container that stopped: its line ends (nulls), no error.
    for (const l of this.lines.values()) {
      if (seen.has(l.id)) continue;
      for (const k of METRICS) l[k].push(null);
      l.last = undefined;
    }
    this.lastTime = time;
    this.trim();
  }

  private trim(): void {
    const extra = this.times.length - this.maxPoints;
    if (extra <= 0) return;
    this.times.splice(0, extra);
    this.limit = this.limit.slice(extra);
    for (const [id, l] of this.lines) {
      for (const k of METRICS) l[k].splice(0, extra);
      if (l.cpu.every((v) => v === null)) this.lines.delete(id); // aged out entirely
    }
  }

  /** Values held, all lines and metrics together (tests read it to see memory stays bounded). */
  get size(): number {
    let n = this.times.length + this.limit.length;
    for (const l of this.lines.values()) for (const k of METRICS) n += l[k].length;
    return n;
  }
}
