// Benchmarks of image archives against a real private Podman: a 200 MB image saved to a tar and
// loaded back through src/podman/transfer.ts (the code the extension host runs), with the heap
// growth of this process while it streams, and the time against `podman save` / `podman load`.
//   save_200mb_heap_growth_mb   V8 heap above the start while saving (goal < 32)
//   save_200mb_memory_growth_mb heap + array buffers (the Buffers in flight, and those not yet collected)
//   load_200mb_heap_growth_mb / load_200mb_memory_growth_mb   the same while loading it back
//   save_200mb_ms / load_200mb_ms           our save and load (median of 3)
//   save_200mb_ratio_vs_cli / load_…        ours divided by `podman save -o` / `podman load -i`
//                                           (the CLI reads the store itself; we go through the socket)
//   save_200mb_ratio_vs_curl                ours divided by curl reading the same endpoint (our overhead)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PodmanClient } from '../src/podman/client';
import { importImage, loadImages, saveImages } from '../src/podman/transfer';
import { median } from './foundation';

interface Sandbox {
  dir: string;
  socketPath: string;
  stop(o?: { cleanup?: boolean }): Promise<void>;
  podman(args: string[], o?: { timeoutMs?: number }): Promise<string>;
}
const sandboxModule = () =>
  import('../scripts/podman-sandbox.mjs' as string) as Promise<{ startSandbox(o?: object): Promise<Sandbox> }>;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Runs `work` while sampling memory every 5 ms; the growth above the start, in MB: heap, heap + buffers. */
async function growth(work: () => Promise<unknown>): Promise<{ heap: number; memory: number }> {
  gc();
  const start = process.memoryUsage();
  const peak = { heap: 0, memory: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.heap = Math.max(peak.heap, m.heapUsed - start.heapUsed);
    peak.memory = Math.max(peak.memory, m.heapUsed + m.arrayBuffers - start.heapUsed - start.arrayBuffers);
  };
  const timer = setInterval(sample, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
    sample();
  }
  return { heap: peak.heap / 1024 / 1024, memory: peak.memory / 1024 / 1024 };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

/** A 200 MB image of random bytes (nothing compresses), imported through the socket. */
async function makeImage(client: PodmanClient, dir: string, name: string): Promise<void> {
  const root = join(dir, 'root');
  fs.mkdirSync(root);
  const fd = fs.openSync(join(root, 'blob'), 'w');
  for (let i = 0; i < 200; i++) fs.writeSync(fd, randomBytes(1 << 20));
  fs.closeSync(fd);
  execFileSync('tar', ['-C', root, '-cf', join(dir, 'src.tar'), '.']);
  fs.rmSync(root, { recursive: true });
  await importImage(client, join(dir, 'src.tar'), { reference: name });
  fs.rmSync(join(dir, 'src.tar'));
}

export async function benchImages(): Promise<Record<string, number>> {
  const sb = await (await sandboxModule()).startSandbox();
  const dir = fs.mkdtempSync(join(tmpdir(), 'pw-bench-images-'));
  const name = 'localhost/pw-bench-200mb:1';
  try {
    const client = new PodmanClient(sb.socketPath);
    await client.ping();
    await makeImage(client, dir, name);
    const tar = join(dir, 'ours.tar');
    const cliTar = join(dir, 'cli.tar');
    const save = () => saveImages(client, [name], tar, { format: 'docker-archive' });
    const saveGrowth = await growth(save);
    const ours: number[] = [];
    const cli: number[] = [];
    const curl: number[] = [];
    const endpoint = `http://d/v${(await client.ping()).libpodApiVersion}/libpod/images/${encodeURIComponent(name)}/get?format=docker-archive&compress=false`;
    for (let i = 0; i < 3; i++) {
      fs.rmSync(tar, { force: true });
      ours.push(await timed(save));
      fs.rmSync(cliTar, { force: true });
      cli.push(
        await timed(() =>
          sb.podman(['save', '--format', 'docker-archive', '-o', cliTar, name], { timeoutMs: 300_000 }),
        ),
      );
      curl.push(
        await timed(async () => execFileSync('curl', ['-sf', '--unix-socket', sb.socketPath, '-o', cliTar, endpoint])),
      );
    }
    // Each load starts without the image, so both load every layer (the removal is not timed).
    const load = () => loadImages(client, tar);
    await client.removeImage(name, { force: true });
    const loadGrowth = await growth(load);
    const oursLoad: number[] = [];
    const cliLoad: number[] = [];
    for (let i = 0; i < 3; i++) {
      await client.removeImage(name, { force: true });
      oursLoad.push(await timed(load));
      await client.removeImage(name, { force: true });
      cliLoad.push(await timed(() => sb.podman(['load', '-i', cliTar], { timeoutMs: 300_000 })));
    }
    return {
      save_200mb_heap_growth_mb: round(saveGrowth.heap, 1),
      save_200mb_memory_growth_mb: round(saveGrowth.memory, 1),
      load_200mb_heap_growth_mb: round(loadGrowth.heap, 1),
      load_200mb_memory_growth_mb: round(loadGrowth.memory, 1),
      save_200mb_ms: Math.round(median(ours)),
      save_200mb_ratio_vs_cli: round(median(ours) / median(cli)),
      save_200mb_ratio_vs_curl: round(median(ours) / median(curl)),
      load_200mb_ms: Math.round(median(oursLoad)),
      load_200mb_ratio_vs_cli: round(median(oursLoad) / median(cliLoad)),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await sb.stop({ cleanup: true });
  }
}
