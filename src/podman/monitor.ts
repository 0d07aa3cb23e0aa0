// The libpod endpoints behind monitoring, validated at the boundary: the stats stream, the health
// check and its log, processes of a pod, events between two times, disk usage, and a signal sent
// to one process. No `vscode` import.
import type { Readable } from 'node:stream';
import type { PodmanClient } from './client';
import { execCollect } from './exec';
import { PodmanError } from './errors';
import { type PodmanEvent, parseEvent } from './models';

type Json = unknown;
const obj = (v: Json): Record<string, Json> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>) : {};
const str = (v: Json): string => (typeof v === 'string' ? v : '');
const num = (v: Json): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const arr = (v: Json): Json[] => (Array.isArray(v) ? v : []);

/** The stats of every running container, one JSON frame per `intervalSeconds`, in one request. */
export async function openStatsStream(
  client: PodmanClient,
  o: { intervalSeconds: number; signal?: AbortSignal },
): Promise<Readable> {
  return (await client.libpod('GET', '/containers/stats', {
    query: { stream: true, interval: Math.max(1, Math.round(o.intervalSeconds)) },
    stream: true,
    signal: o.signal,
  })) as Readable;
}

export interface HealthRun {
  start: string;
  end: string;
  exitCode: number;
  output: string;
}
export interface HealthReport {
  /** healthy, unhealthy, starting (or "" when the container has no health check). */
  status: string;
  failingStreak: number;
  log: HealthRun[];
}

export function parseHealth(raw: Json): HealthReport {
  const o = obj(raw);
  return {
    status: str(o.Status),
    failingStreak: num(o.FailingStreak),
    log: arr(o.Log).map((x) => {
      const r = obj(x);
      return { start: str(r.Start), end: str(r.End), exitCode: num(r.ExitCode), output: str(r.Output) };
    }),
  };
}

/**
 * Runs the container's health check now (libpod healthcheck) and returns its state with the log
 * as inspect has it (the endpoint's own answer leaves the log out).
 */
export async function runHealthCheck(client: PodmanClient, id: string): Promise<HealthReport> {
  const now = parseHealth(await client.libpod('GET', `/containers/${encodeURIComponent(id)}/healthcheck`));
  const log = await healthLog(client, id);
  return { ...now, log: log?.log.length ? log.log : now.log };
}

/** The health state and log of a container from inspect; undefined when it has no health check. */
export async function healthLog(client: PodmanClient, id: string): Promise<HealthReport | undefined> {
  const raw = obj(await client.libpod('GET', `/containers/${encodeURIComponent(id)}/json`));
  const health = obj(raw.State).Health ?? obj(raw.State).Healthcheck;
  if (!health || !str(obj(health).Status)) return undefined;
  return parseHealth(health);
}

/** The health command of a container as Podman runs it (CMD-SHELL ... or CMD ...) and its timeout, if any. */
export async function healthCommand(
  client: PodmanClient,
  id: string,
): Promise<{ test: string[]; timeoutMs: number } | undefined> {
  const raw = obj(await client.libpod('GET', `/containers/${encodeURIComponent(id)}/json`));
  const check = obj(obj(raw.Config).Healthcheck);
  const test = arr(check.Test).filter((x): x is string => typeof x === 'string');
  if (!test.length || test[0] === 'NONE') return undefined;
  // Podman's default health timeout is 30 s; the inspect value is in nanoseconds.
  return { test, timeoutMs: num(check.Timeout) ? num(check.Timeout) / 1e6 : 30_000 };
}

/** A HEALTHCHECK/HealthCmd test as an argument array for exec (a shell form runs through /bin/sh -c). */
export function healthArgv(test: string[]): string[] {
  if (test[0] === 'CMD-SHELL') return ['/bin/sh', '-c', test.slice(1).join(' ')];
  if (test[0] === 'CMD') return test.slice(1);
  return test;
}

export interface CommandResult {
  exitCode: number | undefined;
  output: string;
  timedOut: boolean;
}

/** Runs a health command in a running container, bounded by `timeoutMs` (the container's own health timeout). */
export async function runInContainer(
  client: PodmanClient,
  id: string,
  argv: string[],
  timeoutMs: number,
): Promise<CommandResult> {
  try {
    const r = await execCollect(client, id, argv, timeoutMs);
    return { exitCode: r.exitCode, output: (r.stdout.toString('utf8') + r.stderr).trim(), timedOut: false };
  } catch (e) {
    if (e instanceof Error && /did not finish within/.test(e.message)) {
      return { exitCode: undefined, output: e.message, timedOut: true };
    }
    throw e;
  }
}

/** Sends `signal` to one process of a container (through `kill` in the container: libpod has no endpoint). */
export async function signalProcess(client: PodmanClient, id: string, pid: string, signal: string): Promise<void> {
  if (!/^\d+$/.test(pid)) throw new PodmanError('server', `Not a process id: ${pid}.`);
  if (!/^(SIG)?[A-Z0-9]+$/.test(signal)) throw new PodmanError('server', `Not a signal name: ${signal}.`);
  const r = await execCollect(client, id, ['kill', `-${signal.replace(/^SIG/, '')}`, pid], 10_000);
  if (r.exitCode !== 0) {
    throw new PodmanError('server', `kill -${signal} ${pid} failed (${r.exitCode}): ${r.stderr.trim() || 'no output'}`);
  }
}

/** Processes of every container of a pod (libpod pod top), rows keyed by title. */
export async function podTop(
  client: PodmanClient,
  pod: string,
  psArgs = 'pid,user,args',
): Promise<Record<string, string>[]> {
  const raw = obj(await client.libpod('GET', `/pods/${encodeURIComponent(pod)}/top`, { query: { ps_args: psArgs } }));
  const titles = arr(raw.Titles).map((t) => str(t).trim());
  return arr(raw.Processes).map((p) => Object.fromEntries(titles.map((t, i) => [t, str(arr(p)[i]).trim()])));
}

/**
 * The events between two times (seconds since epoch; `until` exclusive, as Podman's filter),
 * oldest first: the history of the Events view. `until` is applied here, never sent: Podman
 * 4.3's file log reader (libpod/events/logfile.go, also in 5.x) stops its tail of the log at
 * `until` from a goroutine that sleeps `time.Until(until)`, so a past `until` stops the reader at
 * once and a log of more than a few lines answers nothing for the range (seen: 0 of 200 events).
 * Without `until` and with stream=false the reader reads the log to its end and the answer ends.
 */
export async function listEvents(
  client: PodmanClient,
  o: { since: number; until?: number; signal?: AbortSignal },
): Promise<PodmanEvent[]> {
  const raw = await client.libpod('GET', '/events', {
    query: { stream: false, since: String(Math.floor(o.since)) },
    signal: o.signal,
  });
  const untilNano = o.until === undefined ? undefined : BigInt(Math.ceil(o.until)) * 1_000_000_000n;
  return parseEventLines(raw).filter((ev) => untilNano === undefined || ev.timeNano < untilNano);
}

/** Newline-delimited JSON events (without streaming dockerode hands them back as bytes), validated. */
export function parseEventLines(raw: unknown): PodmanEvent[] {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
  const lines = typeof text === 'string' ? text.split('\n') : Array.isArray(text) ? text : [text];
  const out: PodmanEvent[] = [];
  for (const line of lines) {
    let v: unknown = line;
    if (typeof line === 'string') {
      if (!line.trim()) continue;
      try {
        v = JSON.parse(line);
      } catch {
        continue;
      }
    }
    const ev = parseEvent(v);
    if (ev) out.push(ev);
  }
  return out;
}

export interface DiskUsageRow {
  kind: 'image' | 'container' | 'volume';
  id: string;
  name: string;
  size: number;
  /** What removing it would give back (unused images, stopped containers, unused volumes). */
  reclaimable: number;
  inUse: boolean;
}

/** libpod system/df, one row per object with its size and what is reclaimable. */
export function parseDiskUsage(raw: Json): DiskUsageRow[] {
  const o = obj(raw);
  const images = arr(o.Images).map((x): DiskUsageRow => {
    const i = obj(x);
    const inUse = num(i.Containers) > 0;
    const name = str(i.Repository) && str(i.Repository) !== '<none>' ? `${str(i.Repository)}:${str(i.Tag)}` : '<none>';
    return {
      kind: 'image',
      id: str(i.ImageID),
      name,
      size: num(i.Size),
      reclaimable: inUse ? 0 : num(i.UniqueSize) || num(i.Size),
      inUse,
    };
  });
  const containers = arr(o.Containers).map((x): DiskUsageRow => {
    const c = obj(x);
    const inUse = str(c.Status) === 'running' || str(c.Status) === 'paused';
    return {
      kind: 'container',
      id: str(c.ContainerID),
      name: str(c.Names),
      size: num(c.RWSize),
      reclaimable: inUse ? 0 : num(c.RWSize),
      inUse,
    };
  });
  const volumes = arr(o.Volumes).map((x): DiskUsageRow => {
    const v = obj(x);
    const inUse = num(v.Links) > 0;
    return {
      kind: 'volume',
      id: str(v.VolumeName),
      name: str(v.VolumeName),
      size: num(v.Size),
      reclaimable: num(v.ReclaimableSize),
      inUse,
    };
  });
  return [...images, ...containers, ...volumes];
}

export async function diskUsage(client: PodmanClient, signal?: AbortSignal): Promise<DiskUsageRow[]> {
  return parseDiskUsage(await client.libpod('GET', '/system/df', { signal }));
}

export interface DiskUsageTotals {
  kind: DiskUsageRow['kind'];
  count: number;
  size: number;
  reclaimable: number;
}

export function diskUsageTotals(rows: DiskUsageRow[]): DiskUsageTotals[] {
  return (['image', 'container', 'volume'] as const).map((kind) => {
    const of = rows.filter((r) => r.kind === kind);
    return {
      kind,
      count: of.length,
      size: of.reduce((a, r) => a + r.size, 0),
      reclaimable: of.reduce((a, r) => a + r.reclaimable, 0),
    };
  });
}
