// The processes of a running container (libpod top), and which of them is the container's main one.
import type { PodmanClient } from './client';

export interface ProcessRow {
  pid: number;
  ppid: number;
  command: string;
}

/** The container's processes, PIDs as seen inside it. */
export async function listProcesses(client: PodmanClient, id: string): Promise<ProcessRow[]> {
  const rows = await client.top(id, 'pid,ppid,args');
  return rows
    .map((row) => ({ pid: Number(row.PID), ppid: Number(row.PPID), command: row.COMMAND ?? row.ARGS ?? '' }))
    .filter((row) => Number.isInteger(row.pid));
}

const INIT = /(^|\/)(catatonit|tini|dumb-init|podman-init|docker-init)(\s|$)/;

/** The container's main process: PID 1, or its first child when PID 1 is an init (Init: true). */
export function mainProcess(rows: ProcessRow[]): ProcessRow | undefined {
  const one = rows.find((row) => row.pid === 1);
  if (one && INIT.test(one.command)) {
    return rows.filter((row) => row.ppid === 1).sort((a, b) => a.pid - b.pid)[0] ?? one;
  }
  return one ?? [...rows].sort((a, b) => a.pid - b.pid)[0];
}
