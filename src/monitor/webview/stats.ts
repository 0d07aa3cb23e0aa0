// The Stats webview (browser code, bundled with uPlot by esbuild): live charts of CPU, memory
// against its limit, network and block I/O rates and PIDs, one line per container, each line with
// a dash pattern of its own and a table of the latest figures in words (readable without colour).
// It keeps at most 300 points per line (series.ts) and answers every drawing with what it drew, once painted.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './stats.css';
import type { FromStatsView, ToStatsView } from '../protocol';
import { SeriesStore, type Line, type Metric } from './series';

declare function acquireVsCodeApi(): { postMessage(m: FromStatsView): void };
const vscode = acquireVsCodeApi();
const series = new SeriesStore(300);
const { times, lines } = series;

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
    const far = highest([series.limit]) > 4 * highest(list.map((l) => l.mem));
    out.push(far ? series.limit.map(() => null) : series.limit);
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
    series.addFrame(m.time, m.points);
    statusEl.textContent = m.points.length ? '' : 'No running container to show.';
    scheduleDraw(m.time, true);
  } else if (m.type === 'history') {
    for (const f of m.frames) series.addFrame(f.time, f.points);
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
