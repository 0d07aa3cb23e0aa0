// Figures of `npm run bench -- monitor` measured in the real extension host (monitor.test.ts runs
// them when PODMAN_WORKBENCH_BENCH_OUT is set): the idle cost of the Stats panel open for 50
// containers against `podman stats --no-stream` every 2 s, and 1,000 real events of Podman's log
// loaded into the Events view, with Podman's own read and `podman events` timed apart.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { cpuPartsMeter, cpuPartsOfPolling, type CpuParts } from '../../bench/cpu';
import type { EventsPanel } from '../../src/monitor/events';
import type { StatsPanel } from '../../src/monitor/statsPanel';
import type { PodmanClient } from '../../src/podman/client';
import { listEvents } from '../../src/podman/monitor';
import { EXTENSION_ID, workbenchApi } from './util';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const started = Date.now();
/** A line in the run's log per step (a loaded machine makes a step slow: the log says which). */
const step = (what: string) => console.log(`bench monitor +${Math.round((Date.now() - started) / 1000)} s: ${what}`);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

/** The sandbox's podman CLI (its global flags and environment), as the test harness started it. */
async function sandboxCli(): Promise<(args: string[]) => Promise<string>> {
  const dir = process.env.PODMAN_WORKBENCH_TEST_DIR;
  if (!dir) throw new Error('PODMAN_WORKBENCH_TEST_DIR is not set in the extension host');
  const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
  const url = pathToFileURL(join(root, 'scripts', 'podman-sandbox.mjs')).href;
  // A real dynamic import at run time (the bundler would otherwise rewrite it).
  const load = new Function('u', 'return import(u)') as (
    u: string,
  ) => Promise<typeof import('../../scripts/podman-sandbox.mjs', { with: { 'resolution-mode': 'import' } })>;
  const sandbox = await load(url);
  return (args) => sandbox.podman(dir, args);
}

/** The pid of the Podman service listening on `socket` (its command line names the socket). */
function servicePid(socket: string): number {
  for (const entry of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes('service') && args.includes(`unix://${socket}`)) return Number(entry);
    } catch {
      /* gone */
    }
  }
  throw new Error(`no Podman service process for ${socket}`);
}

async function createMany(client: PodmanClient, image: string, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, async (_, j) => {
      const body = { image, name: `${prefix}-${i + j}`, command: ['sleep', '3600'] };
      const { Id } = (await client.libpod('POST', '/containers/create', { body })) as { Id: string };
      await client.containerAction(Id, 'start');
      return Id;
    });
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

/** A span's CPU by part, in seconds, under `prefix` (…_service_s, …_host_s, …_children_s). */
function partFigures(prefix: string, parts: CpuParts): Record<string, number> {
  return {
    [`${prefix}_service_s`]: round(parts.service, 2),
    [`${prefix}_host_s`]: round(parts.host, 2),
    [`${prefix}_children_s`]: round(parts.children, 2),
  };
}

/** Ours with the Stats panel open for `seconds`: the CPU by part, and the stream's frames and handling. */
async function oursOpen(pid: number, seconds: number) {
  const panel = (await vscode.commands.executeCommand('podman.stats.show')) as StatsPanel;
  await panel.waitForDrawn((d) => d.live && Object.keys(d.lastCpu).length >= 50, 60_000);
  const latencies0 = panel.latencies.length;
  step('the Stats panel drew 50 lines');
  const stream = (await workbenchApi()).workbench.monitor?.stats.current();
  const frames0 = stream?.frames ?? 0;
  const handling0 = stream?.handlingCpuMs ?? 0;
  const meter = cpuPartsMeter(pid);
  await sleep(seconds * 1000);
  const parts = meter();
  const frames = (stream?.frames ?? 0) - frames0;
  const handlingMs = (stream?.handlingCpuMs ?? 0) - handling0;
  const latencies = panel.latencies.slice(latencies0);
  const transit = panel.transit.slice(latencies0);
  panel.dispose();
  step(
    `ours measured: ${parts.total.toFixed(2)} s CPU (service ${parts.service.toFixed(2)}, host ${parts.host.toFixed(2)}), ${frames} frames`,
  );
  return { parts, frames, handlingMs, latencies, transit };
}

/**
 * 50 running containers, the Stats panel open for all of them for `seconds`: the CPU of this
 * extension host (and any child it waited for) plus the Podman service's process tree; then the
 * same meter over `podman stats --no-stream --format json` run every 2 s for as long. Each side is
 * printed by part (the service, the extension host, the CLI's processes) and per frame or call.
 */
export async function statsIdleCost(client: PodmanClient, image: string, seconds: number) {
  const socket = process.env.PODMAN_WORKBENCH_TEST_SOCKET ?? '';
  const pid = servicePid(socket);
  const cli = await sandboxCli();
  const ids = await createMany(client, image, `pw-bench-stats-${Date.now()}`, 50);
  step('50 containers running');
  try {
    const ours = await oursOpen(pid, seconds);
    await sleep(2000);
    let calls = 0;
    const cliParts = await cpuPartsOfPolling(pid, seconds, async () => {
      calls++;
      const listed = JSON.parse(await cli(['stats', '--no-stream', '--format', 'json'])) as unknown[];
      if (listed.length < 50) throw new Error(`the CLI listed ${listed.length} containers`);
    });
    step(`the CLI measured: ${cliParts.total.toFixed(2)} s CPU in ${calls} calls`);
    const perFrame = (s: number) => round((s * 1000) / Math.max(ours.frames, 1));
    return {
      stats_idle_seconds: seconds,
      stats_idle_cli_calls: calls,
      stats_idle_frames: ours.frames,
      stats_idle_cpu_ours_s: round(ours.parts.total, 2),
      stats_idle_cpu_cli_s: round(cliParts.total, 2),
      stats_idle_cpu_ratio_vs_cli: round(cliParts.total / Math.max(ours.parts.total, 0.01), 2),
      ...partFigures('stats_idle_cpu_ours', ours.parts),
      ...partFigures('stats_idle_cpu_cli', cliParts),
      stats_idle_ours_service_ms_per_frame: perFrame(ours.parts.service),
      stats_idle_ours_host_ms_per_frame: perFrame(ours.parts.host),
      stats_idle_ours_frame_handling_ms_per_frame: round(ours.handlingMs / Math.max(ours.frames, 1)),
      stats_idle_cli_ms_per_call: round((cliParts.total * 1000) / Math.max(calls, 1)),
      stats_50_sample_to_chart_p95_ms: round(p95(ours.latencies)),
      stats_50_transit_p95_ms: round(p95(ours.transit)),
      stats_50_frames: ours.latencies.length,
    };
  } finally {
    for (let i = 0; i < ids.length; i += 10) {
      const batch = ids
        .slice(i, i + 10)
        // timeout 0: `sleep` as PID 1 ignores SIGTERM, and each removal would wait its 10 s stop timeout.
        .map((id) =>
          client.libpod('DELETE', `/containers/${id}`, { query: { force: true, timeout: 0 } }).catch(() => undefined),
        );
      await Promise.all(batch);
    }
  }
}

/**
 * 500 volumes created and removed: 1,000 events in Podman's log between the two times returned,
 * with the seconds it took and how often the explorer (which follows the events) listed volumes
 * meanwhile: its store refetches a list once per batch of the stream, one fetch at a time.
 */
async function thousandEvents(client: PodmanClient) {
  const since = Math.floor(Date.now() / 1000);
  const prefix = `pw-bench-ev-${Date.now()}`;
  const listVolumes = client.listVolumes.bind(client);
  let lists = 0;
  client.listVolumes = () => (lists++, listVolumes());
  const t0 = performance.now();
  try {
    for (let i = 0; i < 500; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, j) => {
          const name = `${prefix}-${i + j}`;
          await client.libpod('POST', '/volumes/create', { body: { Name: name } });
          await client.libpod('DELETE', `/volumes/${name}`);
        }),
      );
    }
  } finally {
    client.listVolumes = listVolumes;
  }
  const writeS = (performance.now() - t0) / 1000;
  await sleep(1100);
  return { since, until: Math.ceil(Date.now() / 1000), writeS, lists };
}

/** Lines of `podman events --format json` (each with an ISO "Time") before `until` (seconds). */
function cliRowsBefore(out: string, until: number): number {
  return out.split('\n').filter((l) => l.trim() && Date.parse((JSON.parse(l) as { Time: string }).Time) < until * 1000)
    .length;
}

/**
 * 1,000 real events loaded into the Events view by its own Load history (since/until): the whole
 * (request to rendered), Podman's answer to the same request alone, `podman events` for the same
 * range, and the view's parts (host → webview message, the webview's DOM work). Medians of 5.
 */
export async function eventsView1000(client: PodmanClient): Promise<Record<string, number>> {
  const cli = await sandboxCli();
  const { since, until, writeS, lists } = await thousandEvents(client);
  step(`1,000 events written in ${writeS.toFixed(1)} s; the explorer listed volumes ${lists} times meanwhile`);
  const panel = (await vscode.commands.executeCommand('podman.events.show')) as EventsPanel;
  // The first render (the last 10 minutes, posted when the webview is ready) must not be taken for a run's.
  if (!panel.table.lastRender) await panel.table.nextRender(60_000);
  const runs = { whole: [] as number[], podman: [] as number[], cli: [] as number[] };
  const parts = { transit: [] as number[], render: [] as number[], posted: [] as number[], shown: [] as number[] };
  const counts = { rows: 0, podmanCount: 0, cliCount: 0 };
  try {
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      counts.podmanCount = (await listEvents(client, { since, until })).length;
      runs.podman.push(performance.now() - t0);
      // The CLI reads the log as the service does: with --until (past) it answers nothing (see listEvents), so
      // it reads from --since to the end, as we do; its rows in the range are counted.
      const args = ['events', '--since', String(since), '--stream=false', '--format', 'json'];
      const c0 = performance.now();
      const out = await cli(args);
      runs.cli.push(performance.now() - c0);
      counts.cliCount = cliRowsBefore(out, until);
      const t1 = performance.now();
      const t1Epoch = Date.now();
      const rendered = panel.table.nextRender(30_000);
      await panel.load(String(since), String(until));
      const r = await rendered;
      runs.whole.push(performance.now() - t1);
      parts.transit.push(r.receivedAt - r.sentAt);
      parts.render.push(r.ms);
      parts.posted.push(r.sentAt - t1Epoch);
      parts.shown.push(r.doneAt - t1Epoch);
      counts.rows = r.rows;
      step(
        `events run ${i + 1}: ${Math.round(runs.whole[i])} ms, ${r.rows} rows, Podman ${Math.round(runs.podman[i])} ms`,
      );
    }
  } finally {
    panel.table.dispose();
  }
  if (counts.rows < 1000) {
    // Podman 4.3's file log reader was seen answering no event for such a range though the log held them.
    throw new Error(`the Events view rendered ${counts.rows} rows, not 1,000 (Podman answered ${counts.podmanCount})`);
  }
  const whole = median(runs.whole);
  const podman = median(runs.podman);
  return {
    events_view_1000_ms: round(whole),
    events_view_1000_podman_read_ms: round(podman),
    events_view_1000_ours_ms: round(whole - podman),
    events_view_1000_cli_ms: round(median(runs.cli)),
    events_view_1000_transit_ms: round(median(parts.transit)),
    events_view_1000_render_ms: round(median(parts.render)),
    // The request until the rows are posted (Podman's read, our parse and rows), and until the webview showed
    // them (events_view_1000_ms adds the webview's report travelling back to the host).
    events_view_1000_posted_ms: round(median(parts.posted)),
    events_view_1000_shown_ms: round(median(parts.shown)),
    events_view_1000_rows: counts.rows,
    events_view_1000_cli_rows: counts.cliCount,
    events_write_1000_s: round(writeS),
    events_write_explorer_volume_lists: lists,
  };
}
