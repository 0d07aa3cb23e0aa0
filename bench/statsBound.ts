// The bound of stats_idle_cpu_ratio_vs_cli, measured per Podman target outside VS Code: 50 running
// containers, the product's own stats stream (StatsStream, one request for all at 2 s) with no
// extension host around it, against `podman stats --no-stream --format json` every 2 s. The
// service's CPU per frame is its own pass over the containers (Podman's work, the same pass a CLI
// call makes); the CLI's CPU per call over it is the best ratio any client of that service can
// reach at the same interval, whatever the extension host spends.
import { PodmanClient } from '../src/podman/client';
import { StatsStream } from '../src/podman/stats';
import type { ServiceSandbox } from '../scripts/podman-sandbox.mjs' with { 'resolution-mode': 'import' };
import { cpuPartsMeter, cpuPartsOfPolling } from './cpu';

type Start = () => Promise<ServiceSandbox>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number) => Math.round(x * 10) / 10;

const TARGETS: { id: string; start: () => Promise<Start> }[] = [
  {
    id: 'podman4',
    start: async () => {
      const m = (await import('../scripts/podman-sandbox.mjs' as string)) as { startSandbox: Start };
      return () => m.startSandbox();
    },
  },
  {
    id: 'podman5',
    start: async () => {
      const m = (await import('../scripts/podman5-sandbox.mjs' as string)) as { startPodman5Sandbox: Start };
      return () => m.startPodman5Sandbox();
    },
  },
];

async function run50(client: PodmanClient, image: string): Promise<void> {
  for (let i = 0; i < 50; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, j) => {
        const body = { image, name: `pw-bound-${i + j}`, command: ['sleep', '3600'] };
        const { Id } = (await client.libpod('POST', '/containers/create', { body })) as { Id: string };
        await client.containerAction(Id, 'start');
      }),
    );
  }
}

/** The product's stream alone for `seconds`: the service's CPU and this process's, per frame. */
async function streamAlone(sb: ServiceSandbox, client: PodmanClient, seconds: number) {
  const stream = new StatsStream(client, { intervalSeconds: 2 });
  let full!: () => void;
  const ready = new Promise<void>((r) => (full = r));
  const sub = stream.subscribe({ onFrame: (f) => f.samples.length >= 50 && full() });
  try {
    await ready;
    const frames0 = stream.frames;
    const meter = cpuPartsMeter(sb.pid);
    await sleep(seconds * 1000);
    return { parts: meter(), frames: stream.frames - frames0 };
  } finally {
    sub.dispose();
  }
}

async function boundOf(id: string, start: Start, image: string, seconds: number): Promise<Record<string, number>> {
  const sb = await start();
  try {
    const client = new PodmanClient(sb.socketPath);
    await run50(client, image);
    const ours = await streamAlone(sb, client, seconds);
    await sleep(2000);
    let calls = 0;
    const cli = await cpuPartsOfPolling(sb.pid, seconds, async () => {
      calls++;
      const listed = JSON.parse(await sb.podman(['stats', '--no-stream', '--format', 'json'])) as unknown[];
      if (listed.length < 50) throw new Error(`the CLI listed ${listed.length} containers`);
    });
    const serviceMs = (ours.parts.service * 1000) / Math.max(ours.frames, 1);
    const cliMs = (cli.total * 1000) / Math.max(calls, 1);
    return {
      [`stats_bound_${id}_frames`]: ours.frames,
      [`stats_bound_${id}_service_ms_per_frame`]: round(serviceMs),
      [`stats_bound_${id}_stream_host_ms_per_frame`]: round((ours.parts.host * 1000) / Math.max(ours.frames, 1)),
      [`stats_bound_${id}_cli_ms_per_call`]: round(cliMs),
      [`stats_bound_${id}_cli_service_ms_per_call`]: round((cli.service * 1000) / Math.max(calls, 1)),
      [`stats_bound_${id}_ratio_max`]: Math.round((cliMs / Math.max(serviceMs, 0.1)) * 100) / 100,
    };
  } finally {
    await sb.stop({ cleanup: true });
  }
}

/** Per target: the service's own CPU per frame, the CLI's per call, and the best ratio they allow. */
export async function statsBound(
  seconds: number,
  image = 'localhost/pw-busybox:latest',
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TARGETS) {
    try {
      Object.assign(out, await boundOf(t.id, await t.start(), image, seconds));
    } catch (e) {
      process.stderr.write(`bench monitor: the stats bound on ${t.id} was not measured: ${String(e)}\n`);
    }
  }
  return out;
}
