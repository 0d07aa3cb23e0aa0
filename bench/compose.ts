// Compose benchmark: Up and Down of a ten-service file (images present) by our engine through the
// socket, against Debian's podman-compose on the same private Podman (its podman CLI pointed at
// the socket by a remote wrapper). Ratios are podman-compose's time divided by ours (goal >= 3).
// Down is measured as the product runs it: with the file (Compose's stop order, a chain here) and
// without it (a project found by its labels only: everything at once). Each figure is the best of
// two rounds (the machine is shared). Podman's own time for the stops the order makes one after
// another is measured alone with curl on the socket (the floor of any Down through the stop endpoint).
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PodmanClient } from '../src/podman/client';
import { loadProject, stopOrder } from '../src/compose/model';
import { composeUp, downProject, listProjectContainers, serviceOf } from '../src/compose/engine';

const run = promisify(execFile);
const BUSYBOX = 'localhost/pw-busybox:latest';

/** Ten services that stop at once on SIGTERM (so Down measures the tools, not a 10 s grace period). */
function tenServices(): string {
  const lines = ['services:'];
  for (let i = 0; i < 10; i++) {
    lines.push(
      `  s${i}:`,
      `    image: ${BUSYBOX}`,
      `    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]`,
    );
    if (i > 0) lines.push(`    depends_on: [s${i - 1}]`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Podman's own time for the stops Compose's order makes one after another (a chain here: each
 * waits for the one before), each request sent with curl on the socket and timed by curl: what no
 * client of the stop endpoint can go below. Removals after them, timed the same way.
 */
async function serverFloor(client: PodmanClient, socketPath: string, project: ReturnType<typeof loadProject>) {
  await composeUp(client, project);
  const curl = async (method: string, path: string) => {
    const url = `http://d${client.libpodPrefix}${path}`;
    const { stdout } = await run('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{time_total}',
      '--unix-socket',
      socketPath,
      '-X',
      method,
      url,
    ]);
    return Number(stdout) * 1000;
  };
  const containers = await listProjectContainers(client, 'benchours');
  const byService = new Map(containers.map((c) => [serviceOf(c), c.id]));
  let stops = 0;
  let removals = 0;
  for (const service of stopOrder(project, []).flat()) {
    stops += await curl('POST', `/containers/${byService.get(service)}/stop`);
  }
  for (const id of byService.values()) removals += await curl('DELETE', `/containers/${id}?force=true`);
  await downProject(client, 'benchours');
  return { stops, removals };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function benchCompose(socketPath: string): Promise<Record<string, number>> {
  const client = new PodmanClient(socketPath);
  await client.ping();
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-compose-'));
  try {
    const file = join(dir, 'compose.yaml');
    writeFileSync(file, tenServices());
    const wrapper = join(dir, 'podman-remote');
    writeFileSync(wrapper, `#!/bin/sh\nexec podman --remote --url unix://${socketPath} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const pc = (args: string[]) =>
      run('podman-compose', ['--podman-path', wrapper, '-p', 'benchpc', '-f', file, ...args], { timeout: 600_000 });
    const project = loadProject({ workingDir: dir, projectName: 'benchours', env: {} });
    const best: Record<string, number> = {};
    const keep = (key: string, ms: number) => (best[key] = Math.min(best[key] ?? Infinity, ms));
    for (let round = 0; round < 2; round++) {
      keep('theirUp', await timed(() => pc(['up', '-d'])));
      keep('theirDown', await timed(() => pc(['down'])));
      keep('ourUp', await timed(() => composeUp(client, project)));
      keep('ourDown', await timed(() => downProject(client, 'benchours', { order: stopOrder(project, []) })));
      await composeUp(client, project);
      keep('ourDownUnordered', await timed(() => downProject(client, 'benchours')));
    }
    const floor = await serverFloor(client, socketPath, project);
    const ratio = (theirs: number, ours: number) => Number((theirs / ours).toFixed(2));
    return {
      compose_up_10_ms: Math.round(best.ourUp),
      compose_up_10_podman_compose_ms: Math.round(best.theirUp),
      compose_up_10_ratio_vs_podman_compose: ratio(best.theirUp, best.ourUp),
      compose_down_10_ms: Math.round(best.ourDown),
      compose_down_10_podman_compose_ms: Math.round(best.theirDown),
      compose_down_10_ratio_vs_podman_compose: ratio(best.theirDown, best.ourDown),
      compose_down_10_unordered_ms: Math.round(best.ourDownUnordered),
      compose_down_10_unordered_ratio_vs_podman_compose: ratio(best.theirDown, best.ourDownUnordered),
      // Podman's own work, alone (curl on the socket): the ten ordered stops, then the removals.
      compose_down_10_server_stops_in_order_ms: Math.round(floor.stops),
      compose_down_10_server_removals_ms: Math.round(floor.removals),
      // The best ratio a Down through the stop endpoint could reach: podman-compose's time over
      // Podman's own time for the ordered stops alone.
      compose_down_10_ratio_ceiling_by_server_stops: ratio(best.theirDown, floor.stops),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
