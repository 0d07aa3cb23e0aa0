// The Stats webview (browser code, bundled with uPlot by esbuild): live charts of CPU, memory
// against its limit, network and block I/O rates and PIDs, one line per container, each line with
// a dash pattern of its own and a table of the latest figures in words (readable without colour).
// It keeps at most MAX_POINTS per line and answers every drawing with what it drew, once painted.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './stats.css';
import type { FromStatsView, StatsPoint, ToStatsView } from '../protocol';

declare function acquireVsCodeApi(): { postMessage(m: FromStatsView): void };
const vscode = acquireVsCodeApi();
const MAX_POINTS = 300;

interface Line {
  id: string;
  name: string;
  cpu: (number | null)[];
  mem: (number | null)[];
  netRx: (number | null)[];
  netTx: (number | null)[];
  blkR: (number | null)[];
  blkW: (number | null)[];
  pids: (number | null)[];
  last?: StatsPoint;
}

const times: number[] = [];
let limit: (number | null)[] = [];
const lines = new Map<string, Line>();
let lastTime = 0;
let charts: uPlot[] = [];
let chartKeys = '';
const app = document.getElementById('app') as HTMLElement;
app.innerHTML =
  '<p id="status" role="status"></p><div id="charts"></div><table id="latest" aria-label="Latest figures"></table>';
const statusEl = document.getElementById('status') as HTMLElement;
const chartsEl = document.getElementById('charts') as HTMLElement;
const tableEl = document.getElementById('latest') as HTMLTableElement;

const css = (name: string, fallback: string) =>
  getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
const PALETTE = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'];
const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 6]];
const color = (i: number) => css(`--vscode-charts-${PALETTE[i % PALETTE.length]}`, '#3794ff');
const dash = (i: number) => DASHES[i % DASHES.length];

function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  const u = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < u.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n.toFixed(n >= 10 || i === 0 ? 0 : 1)} ${u[i]}`;
}

function newLine(p: StatsPoint): Line {
  const pad = () => times.map(() => null) as (number | null)[];
  return {
    id: p.id,
    name: p.name,
    cpu: pad(),
    mem: pad(),
    netRx: pad(),
    netTx: pad(),
    blkR: pad(),
    blkW: pad(),
    pids: pad(),
  };
}

/** Appends one frame: rates from the previous sample of the same container; gaps where one is missing. */
function addFrame(time: number, points: StatsPoint[]): void {
  const dt = lastTime ? Math.max(0.001, (time - lastTime) / 1000) : 1;
  times.push(time / 1000);
  const seen = new Set<string>();
  let minLimit: number | null = null;
  for (const p of points) {
    let l = lines.get(p.id);
    if (!l) lines.set(p.id, (l = newLine(p)));
    seen.add(p.id);
    const rate = (now: number, before: number | undefined) =>
      before === undefined ? null : Math.max(0, now - before) / dt;
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
  limit.push(minLimit);
  // A container that stopped: its line ends (nulls), no error.
  for (const l of lines.values()) {
    if (seen.has(l.id)) continue;
    for (const k of ['cpu', 'mem', 'netRx', 'netTx', 'blkR', 'blkW', 'pids'] as const) l[k].push(null);
    l.last = undefined;
  }
  lastTime = time;
  trim();
}

function trim(): void {
  const extra = times.length - MAX_POINTS;
  if (extra <= 0) return;
  times.splice(0, extra);
  limit = limit.slice(extra);
  for (const [id, l] of lines) {
    for (const k of ['cpu', 'mem', 'netRx', 'netTx', 'blkR', 'blkW', 'pids'] as const) l[k].splice(0, extra);
    if (l.cpu.every((v) => v === null)) lines.delete(id); // aged out entirely
  }
}

type Metric = 'cpu' | 'mem' | 'netRx' | 'netTx' | 'blkR' | 'blkW' | 'pids';
interface ChartSpec {
  title: string;
  series: { metric: Metric; suffix: string; dashOffset: number }[];
  value: (v: number | null) => string;
  withLimit?: boolean;
}
const SPECS: ChartSpec[] = [
  {
    title: 'CPU %',
    series: [{ metric: 'cpu', suffix: '', dashOffset: 0 }],
    value: (v) => (v === null ? '–' : `${v.toFixed(1)} %`),
  },
  {
    title: 'Memory (dashed grey: limit, when near the usage)',
    series: [{ metric: 'mem', suffix: '', dashOffset: 0 }],
    value: bytes,
    withLimit: true,
  },
  {
    title: 'Network per second (rx, tx)',
    series: [
      { metric: 'netRx', suffix: ' rx', dashOffset: 0 },
      { metric: 'netTx', suffix: ' tx', dashOffset: 1 },
    ],
    value: (v) => `${bytes(v)}/s`,
  },
  {
    title: 'Block I/O per second (read, write)',
    series: [
      { metric: 'blkR', suffix: ' read', dashOffset: 0 },
      { metric: 'blkW', suffix: ' write', dashOffset: 1 },
    ],
    value: (v) => `${bytes(v)}/s`,
  },
  {
    title: 'PIDs',
    series: [{ metric: 'pids', suffix: '', dashOffset: 0 }],
    value: (v) => (v === null ? '–' : String(v)),
  },
];

function chartOptions(spec: ChartSpec, list: Line[]): uPlot.Options {
  const fg = css('--vscode-foreground', '#ccc');
  const grid = css('--vscode-editorWidget-border', '#444');
  const series: uPlot.Series[] = [{ label: 'time' }];
  list.forEach((l, i) => {
    for (const s of spec.series) {
      series.push({
        label: `${l.name}${s.suffix}`,
        stroke: color(i),
        dash: dash(i + s.dashOffset * 3),
        width: 1.5,
        value: (_u, v) => spec.value(v),
      });
    }
  });
  if (spec.withLimit) {
    series.push({
      label: 'limit',
      stroke: css('--vscode-descriptionForeground', '#888'),
      dash: [3, 3],
      value: (_u, v) => bytes(v),
    });
  }
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
  return {
    title: spec.title,
    width: Math.max(300, chartsEl.clientWidth - 8),
    height: 170,
    series,
    scales: { x: { time: true } },
    axes: [axis, { ...axis, size: 70, values: (_u, vals) => vals.map((v) => spec.value(v)) }],
  };
}

/** The largest value of some series (a loop: spreading thousands of points into Math.max is slow). */
function highest(series: (number | null)[][]): number {
  let top = 0;
  for (const values of series) for (const v of values) if (v !== null && v > top) top = v;
  return top;
}

function chartData(spec: ChartSpec, list: Line[]): uPlot.AlignedData {
  const out: (number | null)[][] = [times];
  for (const l of list) for (const s of spec.series) out.push(l[s.metric]);
  if (spec.withLimit) {
    // A limit far above the usage (no limit set: the host's memory) would flatten every line: the table says it.
    const far = highest([limit]) > 4 * highest(list.map((l) => l.mem));
    out.push(far ? limit.map(() => null) : limit);
  }
  return out as uPlot.AlignedData;
}

/** Draws the charts and the table for the lines as they are now. */
function draw(): Line[] {
  const list = [...lines.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  const keys = list.map((l) => l.id).join(',');
  if (keys !== chartKeys) {
    for (const c of charts) c.destroy();
    chartsEl.textContent = '';
    charts = SPECS.map((spec) => new uPlot(chartOptions(spec, list), chartData(spec, list), chartsEl));
    chartKeys = keys;
  } else {
    SPECS.forEach((spec, i) => charts[i].setData(chartData(spec, list)));
  }
  drawTable(list);
  return list;
}

/**
 * The frame to draw next: frames that arrive while a drawing is pending are added to the lines
 * at once and drawn together at the next animation frame (one drawing per frame of the screen,
 * however many arrive), the newest one reported. A page the browser does not paint (hidden)
 * gets no animation frame: a timer draws it then.
 */
let pending: { frameTime: number; receivedAt: number; live: boolean } | undefined;
const NO_ANIMATION_FRAME_MS = 250;

function scheduleDraw(frameTime: number, live: boolean): void {
  const first = !pending;
  pending = { frameTime, receivedAt: pending?.receivedAt ?? Date.now(), live: live || !!pending?.live };
  if (!first) return;
  const timer = setTimeout(flushDraw, NO_ANIMATION_FRAME_MS);
  requestAnimationFrame(() => {
    clearTimeout(timer);
    flushDraw();
  });
}

function flushDraw(): void {
  const drawing = pending;
  pending = undefined;
  if (!drawing) return;
  const list = draw();
  const lastCpu: Record<string, number | null> = {};
  for (const l of list) lastCpu[l.name] = l.cpu[l.cpu.length - 1] ?? null;
  // uPlot paints in a microtask queued by setData: this one runs after it, once the canvas shows the frame.
  queueMicrotask(() =>
    vscode.postMessage({ type: 'drawn', ...drawing, drawnAt: Date.now(), lastCpu, points: times.length }),
  );
}

function drawTable(list: Line[]): void {
  const head =
    '<tr><th scope="col">Container</th><th>CPU</th><th>Memory / limit</th><th>Net rx / tx</th><th>Block read / write</th><th>PIDs</th></tr>';
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const rows = list.map((l) => {
    const p = l.last;
    if (!p) return `<tr><th scope="row">${esc(l.name)}</th><td colspan="5">not running</td></tr>`;
    return `<tr><th scope="row">${esc(l.name)}</th><td>${p.cpu.toFixed(1)} %</td><td>${bytes(p.memUsage)} / ${bytes(p.memLimit)}</td><td>${bytes(p.netRx)} / ${bytes(p.netTx)}</td><td>${bytes(p.blockRead)} / ${bytes(p.blockWrite)}</td><td>${p.pids}</td></tr>`;
  });
  tableEl.innerHTML = head + rows.join('');
}

window.addEventListener('message', (e: MessageEvent<ToStatsView>) => {
  const m = e.data;
  if (m.type === 'frame') {
    addFrame(m.time, m.points);
    statusEl.textContent = m.points.length ? '' : 'No running container to show.';
    scheduleDraw(m.time, true);
  } else if (m.type === 'history') {
    for (const f of m.frames) addFrame(f.time, f.points);
    if (m.frames.length) scheduleDraw(m.frames[m.frames.length - 1].time, false);
  } else if (m.type === 'status') {
    statusEl.textContent = m.fix ? `${m.text} Fix: ${m.fix}` : m.text;
    statusEl.className = m.kind;
  }
});
window.addEventListener('resize', () => {
  for (const c of charts) c.setSize({ width: Math.max(300, chartsEl.clientWidth - 8), height: 170 });
});
vscode.postMessage({ type: 'ready' });
