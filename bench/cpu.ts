// CPU accounting shared by the benchmarks (and the extension-host benchmark figures): the CPU
// seconds of a process tree from /proc, this process's own, and those of its finished children,
// so that "ours" and "the CLI's" are measured the same way over the same span.
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ on Linux: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (field 3 onwards). */
function statFields(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds of a process and all its descendants, from /proc. */
export function treeCpuSeconds(pid: number): number {
  const byParent = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(Number(entry));
      const parent = Number(fields[1]);
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
      byParent.set(parent, [...(byParent.get(parent) ?? []), Number(entry)]);
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const next = stack.pop()!;
    total += cpu.get(next) ?? 0;
    stack.push(...(byParent.get(next) ?? []));
  }
  return total;
}

/** CPU seconds of this process's finished (waited-for) children and theirs: cutime + cstime. */
export function childrenCpuSeconds(): number {
  const fields = statFields('self');
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

/** CPU seconds of this process (user + system). */
export function selfCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** CPU seconds of one span, by where they were spent. */
export interface CpuParts {
  /** The Podman service's process tree. */
  service: number;
  /** This process (the extension host, or the benchmark's Node). */
  host: number;
  /** This process's finished children (a CLI run by execFile). */
  children: number;
  total: number;
}

/** A meter over one span returning its parts (see cpuMeter). */
export function cpuPartsMeter(servicePid: number): () => CpuParts {
  const read = () => ({ service: treeCpuSeconds(servicePid), host: selfCpuSeconds(), children: childrenCpuSeconds() });
  const start = read();
  return () => {
    const end = read();
    const service = end.service - start.service;
    const host = end.host - start.host;
    const children = end.children - start.children;
    return { service, host, children, total: service + host + children };
  };
}

/**
 * A meter over one span: the Podman service's process tree, this process and the children it
 * waited for (a CLI run by execFile). Both sides of a ratio read the same meter, so neither
 * leaves out a part the other counts.
 */
export function cpuMeter(servicePid: number): () => number {
  const parts = cpuPartsMeter(servicePid);
  return () => parts().total;
}

/**
 * What a CLI-driven tool does: `run` every `intervalMs` (from start to start) for `seconds`;
 * returns the CPU the meter of `servicePid` read over that span.
 */
export async function cpuOfPolling(
  servicePid: number,
  seconds: number,
  run: () => Promise<void>,
  intervalMs = 2000,
): Promise<number> {
  return (await cpuPartsOfPolling(servicePid, seconds, run, intervalMs)).total;
}

/** cpuOfPolling with the parts of the span (the service, this process, the CLI's processes). */
export async function cpuPartsOfPolling(
  servicePid: number,
  seconds: number,
  run: () => Promise<void>,
  intervalMs = 2000,
): Promise<CpuParts> {
  const meter = cpuPartsMeter(servicePid);
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const started = Date.now();
    await run();
    await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - started))));
  }
  return meter();
}
