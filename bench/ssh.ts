// The SSH transport against the netns test host (scripts/ssh-host-sandbox.mjs), side by side with
// Podman's own remote client (`podman --url ssh://…`, a new SSH session per call): a list of 200
// containers (with the server's own time for it), a stop + start, the event → tree change over the
// link minus a bare subscriber's, a new connection to its first full tree (./sshTree.ts: through the
// explorer's own model), and a 200 MB build context sent over the link. The load average is in the
// output: this machine is shared, so the ratios of one run are what count.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildImage } from '../src/podman/build';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import type { PodmanClient } from '../src/podman/client';
import type { SshLink } from '../src/podman/ssh/link';
import { BUSYBOX } from '../test/harness/podman';
import { remoteClient, sharedHosts, sshHome, stopSharedHosts, type SshHosts } from '../test/harness/ssh';
import { connectToTree, eventOverhead, percentile, type Change } from './sshTree';

const REMOTE_SOCKET = '/run/podman/podman.sock';
const RUNS = 7;

const execFileP = promisify(execFile);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function cli(hosts: SshHosts, known: string) {
  const url = `ssh://root@${hosts.target.address}:22${hosts.socketPath}`;
  return (args: string[]) =>
    execFileP('podman', ['--url', url, '--identity', hosts.keys.ed25519, ...args], {
      env: { ...process.env, HOME: known },
      maxBuffer: 64 << 20,
    });
}

/** The 200 containers of the list (created 4 at a time: the CLI on the host is slow to start). */
async function ensureContainers(hosts: SshHosts, count: number): Promise<void> {
  const have = new Set((await hosts.podman(['ps', '-a', '--format', '{{.Names}}'])).split('\n'));
  const missing = [...Array(count).keys()].map((i) => `bench-${i}`).filter((n) => !have.has(n));
  const create = async (): Promise<void> => {
    for (let name = missing.pop(); name; name = missing.pop()) {
      await hosts.podman(['create', '--name', name, 'localhost/pw-busybox:latest', 'true']);
    }
  };
  await Promise.all([create(), create(), create(), create()]);
}

export async function benchSsh(): Promise<Record<string, number>> {
  const hosts = await sharedHosts();
  const env = sshHome({ knownHosts: hosts.knownHosts() });
  const podman = cli(hosts, env.home);
  const target = { host: hosts.target.address, user: 'root', identityFiles: [hosts.keys.ed25519] };
  const made: PodmanClient[] = [];
  const connect = () => {
    const made1 = remoteClient(hosts, { target, env });
    made.push(made1.client);
    return made1;
  };
  try {
    await ensureContainers(hosts, 200);
    const tree = await treeFigures(connect);
    const { client, link } = remoteClient(hosts, { target, env });
    made.push(client);
    await client.ping();
    const list = await listFigures(client, link, podman, hosts.servicePid());
    const action = await actionFigures(client, link, podman);
    const events = await eventOverhead(client, eventChanges(hosts));
    const build = await buildRatio(client, podman, { mb: 200 });
    if (link.connections !== 1) {
      throw new Error(`the link reconnected ${link.connections - 1} times during the benchmark`);
    }
    return {
      ...list,
      ...action,
      ssh_event_overhead_ms: percentile(events.overhead, 50),
      ssh_event_overhead_p95_ms: percentile(events.overhead, 95),
      ssh_event_overhead_create_p50_ms: percentile(
        events.overhead.filter((_, i) => i % 4 === 0),
        50,
      ),
      ssh_event_second_stream_skew_p50_ms: percentile(events.streamSkew, 50),
      ssh_event_second_stream_skew_max_ms: Math.max(...events.streamSkew.map(Math.abs)),
      ...tree,
      ssh_build_context_ratio_vs_cli: build.ratio,
      ssh_build_context_200mb_ms: build.ourMs,
      ssh_build_context_200mb_cli_ms: build.cliMs,
      load_average_1m: loadavg()[0],
    };
  } finally {
    for (const c of made) c.dispose();
    env.cleanup();
    await stopSharedHosts();
  }
}

/** A new link to the first full tree of 200 containers, 3 times (a new SSH connection each). */
async function treeFigures(connect: () => { client: PodmanClient; link: SshLink }): Promise<Record<string, number>> {
  const runs: Awaited<ReturnType<typeof connectToTree>>[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await connectToTree(connect, 200);
    r.follower.stop();
    r.client.dispose();
    runs.push(r);
  }
  const of = (f: (r: (typeof runs)[number]) => number) => median(runs.map(f));
  return {
    ssh_connect_to_tree_ms: of((r) => r.ms),
    ssh_connect_to_tree_cpu_ms: of((r) => r.cpuMs),
    ssh_connect_to_tree_handshake_ms: of((r) => r.phases.handshake),
    ssh_connect_to_tree_health_ms: of((r) => r.phases.health),
    ssh_connect_to_tree_load_ms: of((r) => r.phases.load),
    // When /libpod/info answered (the root's rootless/rootful), in parallel with the load.
    ssh_connect_to_tree_info_ms: of((r) => r.detailsMs),
  };
}

/** curl on the host's socket: its own timings of one request (curl's start-up excluded), in ms. */
async function serverTimes(
  link: SshLink,
  method: string,
  path: string,
): Promise<{ firstByte: number; total: number; bytes: number }> {
  const w = '%{time_starttransfer} %{time_total} %{size_download}';
  const r = await link.exec([
    'curl',
    '-sS',
    '-X',
    method,
    '-o',
    '/dev/null',
    '-w',
    w,
    '--unix-socket',
    REMOTE_SOCKET,
    `http://d${path}`,
  ]);
  if (r.code !== 0) throw new Error(`curl on the host: ${r.stderr}`);
  const [firstByte, total, bytes] = r.stdout.trim().split(' ').map(Number);
  return { firstByte: firstByte * 1000, total: total * 1000, bytes };
}

/** User + system CPU time of a process (all its threads), in ms (/proc ticks: 10 ms each). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The list of 200 containers, Podman's CLI over a new SSH session vs ours over the open link,
 * and the server's own time for the same request (curl on the host's socket): runs interleaved,
 * so a load spike on this shared machine hits all three alike. The server's share, precisely:
 * curl's time to the first byte against its total (compute vs transfer), and the service
 * process's own CPU time per list (from /proc, over the RUNS lists made by curl alone).
 */
async function listFigures(
  client: PodmanClient,
  link: SshLink,
  podman: (args: string[]) => Promise<unknown>,
  servicePid: number,
): Promise<Record<string, number>> {
  const path = `${client.libpodPrefix}/containers/json?all=true`;
  const cliMs: number[] = [];
  const ourMs: number[] = [];
  const serverMs: number[] = [];
  const serverFirstByteMs: number[] = [];
  let serverCpu = 0;
  let ourCpu = 0;
  const requests0 = client.requestCount;
  await client.listContainers(); // warm: the channel and the JIT
  for (let i = 0; i < RUNS; i++) {
    cliMs.push(await timeIt(1, () => podman(['ps', '--all', '--format', 'json'])));
    const cpu0 = process.cpuUsage();
    ourMs.push(await timeIt(1, () => client.listContainers()));
    const cpu = process.cpuUsage(cpu0);
    ourCpu += (cpu.user + cpu.system) / 1000;
    const cpu1 = processCpuMs(servicePid);
    const server = await serverTimes(link, 'GET', path);
    serverCpu += processCpuMs(servicePid) - cpu1;
    serverMs.push(server.total);
    serverFirstByteMs.push(server.firstByte);
  }
  const requests = (client.requestCount - requests0) / (RUNS + 1);
  if (requests !== 1) throw new Error(`a list made ${requests} requests`);
  return {
    ssh_list_200_ratio_vs_cli: median(cliMs) / median(ourMs),
    ssh_list_200_ms: median(ourMs),
    ssh_list_200_cli_ms: median(cliMs),
    ssh_list_200_server_ms: median(serverMs),
    ssh_list_200_server_first_byte_ms: median(serverFirstByteMs),
    ssh_list_200_server_cpu_ms: serverCpu / RUNS,
    ssh_list_200_client_cpu_ms: ourCpu / RUNS,
    ssh_list_200_ratio_bound: median(cliMs) / median(serverMs),
  };
}

/**
 * A stop + start of one running container: `podman --url … stop/start` vs ours, and the server's
 * own time for the same two requests (curl on the host's socket), runs interleaved.
 */
async function actionFigures(
  client: PodmanClient,
  link: SshLink,
  podman: (args: string[]) => Promise<unknown>,
): Promise<Record<string, number>> {
  const id = await client.createContainer({
    image: 'localhost/pw-busybox:latest',
    name: `bench-action-${process.pid}`,
    command: ['sleep', '600'],
  });
  await client.containerAction(id, 'start');
  const prefix = `${client.libpodPrefix}/containers/${id}`;
  const cliMs: number[] = [];
  const ourMs: number[] = [];
  const serverMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    cliMs.push(
      await timeIt(1, async () => {
        await podman(['stop', '-t', '0', id]);
        await podman(['start', id]);
      }),
    );
    ourMs.push(
      await timeIt(1, async () => {
        await client.containerAction(id, 'stop', { timeout: 0 });
        await client.containerAction(id, 'start');
      }),
    );
    const stop = await serverTimes(link, 'POST', `${prefix}/stop?timeout=0`);
    const start = await serverTimes(link, 'POST', `${prefix}/start`);
    serverMs.push(stop.total + start.total);
  }
  await client.removeContainer(id, { force: true });
  return {
    ssh_action_ratio_vs_cli: median(cliMs) / median(ourMs),
    ssh_action_ms: median(ourMs),
    ssh_action_cli_ms: median(cliMs),
    ssh_action_server_ms: median(serverMs),
    ssh_action_ratio_bound: median(cliMs) / median(serverMs),
  };
}

/** Create, start, stop and remove of 5 containers, made with the CLI on the host: 20 events. */
function eventChanges(hosts: SshHosts): Change[] {
  const out: Change[] = [];
  for (let i = 0; i < 5; i++) {
    const name = `bench-ev-${i}-${process.pid}`;
    out.push(
      { name, state: 'created', run: () => hosts.podman(['create', '--name', name, BUSYBOX, 'sleep', '600']) },
      { name, state: 'running', run: () => hosts.podman(['start', name]) },
      { name, state: 'exited', run: () => hosts.podman(['stop', '-t', '0', name]) },
      { name, state: 'removed', run: () => hosts.podman(['rm', name]) },
    );
  }
  return out;
}

/**
 * A 200 MB build context, `podman --url … build` vs ours, alternated twice. The content is random
 * (a context of binaries; compression gains nothing) and differs per build, so no build hits
 * another's layer cache. `compressible` makes it one repeated byte instead.
 */
async function buildRatio(
  client: PodmanClient,
  podman: (args: string[]) => Promise<unknown>,
  o: { mb: number; compressible?: boolean },
): Promise<{ ratio: number; cliMs: number; ourMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-ctx-'));
  const blob = o.compressible ? Buffer.alloc(o.mb << 20, 7) : randomBytes(o.mb << 20);
  const fresh = (tag: string): void => {
    blob.write(`${tag}-${process.pid}-${Date.now()}`.padEnd(64, '.'), 0);
    writeFileSync(join(dir, 'blob'), blob);
  };
  try {
    writeFileSync(join(dir, 'Containerfile'), 'FROM localhost/pw-busybox:latest\nCOPY blob /blob\n');
    const cliMs: number[] = [];
    const ourMs: number[] = [];
    for (let i = 0; i < 2; i++) {
      fresh(`cli${i}`);
      cliMs.push(await timeIt(1, () => podman(['build', '-t', `localhost/bench-cli:${i}`, dir])));
      fresh(`ours${i}`);
      const tags = [`localhost/bench-ours:${i}`];
      ourMs.push(
        await timeIt(1, () => buildImage(client, { contextDir: dir, containerfile: join(dir, 'Containerfile'), tags })),
      );
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return { ratio: mean(cliMs) / mean(ourMs), cliMs: mean(cliMs), ourMs: mean(ourMs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
