// Compose language benchmarks, run by bench/run.ts (or directly: node --import tsx
// bench/composeLanguage.ts). Goal: compose_check_200_services_ms < 50 — every diagnostic of a
// 200-service file (YAML, schema, references, cycles, ports, interpolation) after an edit of one
// service, median of warm runs; `_cold_ms` is the same check of a file none of whose blocks was
// seen before (every service renamed). `_cpu_ms` are the CPU times of those runs (steadier on a
// shared machine).
// The same file through `docker-compose config -q` (Debian's docker-compose, which parses,
// interpolates and validates it) gives the ratio.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeOptions, composeService } from '../src/languages/compose';
import { convertCompose } from '../src/languages/compose/convert';
import { nodeFileAccess } from '../src/languages/nodeFiles';
import { EMPTY_LIVE_DATA } from '../src/languages/types';

/** 200 services with the keys users write most, on 10 networks and 20 volumes. */
export function composeOf200(): string {
  const lines = ['services:']; // no `name:`: Debian's docker-compose 1.29 rejects it
  for (let i = 0; i < 200; i++) {
    lines.push(
      `  svc${i}:`,
      `    image: "docker.io/library/busybox:\${TAG:-latest}"`,
      `    command: ["sh", "-c", "echo ${i} && sleep 3600"]`,
      '    environment:',
      `      INDEX: "${i}"`,
      '      MODE: ${MODE:-bench}',
      '    ports:',
      `      - "${10000 + i}:80"`,
      '    volumes:',
      `      - data${i % 20}:/data`,
      `    networks: [net${i % 10}]`,
      '    healthcheck:',
      '      test: ["CMD", "true"]',
      '      interval: 10s',
      '    restart: unless-stopped',
      ...(i > 0 ? ['    depends_on:', `      svc${i - 1}:`, '        condition: service_started'] : []),
      '    labels:',
      `      bench.index: "${i}"`,
    );
  }
  lines.push('networks:', ...Array.from({ length: 10 }, (_, i) => `  net${i}: {}`));
  lines.push('volumes:', ...Array.from({ length: 20 }, (_, i) => `  data${i}: {}`));
  return lines.join('\n') + '\n';
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median wall and CPU milliseconds of `n` runs. */
async function timed(n: number, run: (i: number) => unknown): Promise<{ wall: number; cpu: number }> {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < n; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const diagnostics = (await run(i)) as unknown[];
    walls.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpus.push((cpu.user + cpu.system) / 1000);
    if (diagnostics.length) throw new Error(`run ${i} of the bench file has diagnostics`);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

function dockerComposeMs(dir: string): number | undefined {
  try {
    execFileSync('docker-compose', ['version'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    execFileSync('docker-compose', ['-f', join(dir, 'compose.yaml'), 'config', '-q'], { stdio: 'ignore', cwd: dir });
    runs.push(performance.now() - t0);
  }
  return median(runs);
}

export async function benchComposeLanguage(): Promise<Record<string, number>> {
  composeOptions.env = () => ({});
  const dir = mkdtempSync(join(tmpdir(), 'bench-compose-'));
  try {
    const text = composeOf200();
    writeFileSync(join(dir, 'compose.yaml'), text);
    const doc = { uri: pathToFileURL(join(dir, 'compose.yaml')).href, languageId: 'yaml', text };
    const ctx = { files: nodeFileAccess, live: EMPTY_LIVE_DATA };
    let t0 = performance.now();
    const first = await composeService.diagnostics(doc, ctx);
    const firstMs = performance.now() - t0;
    if (first.length) throw new Error(`the bench file has diagnostics: ${first[0].message}`);
    // After an edit (what the language server does on each change): one service changed per run,
    // a different one each time; the other blocks' parses and checks are reused.
    const edit = (i: number) => text.replace(`      INDEX: "${(i * 37) % 200}"`, `      INDEX: "edited ${i}"`);
    // The server runs for hours: ten unmeasured edits first, so the measured runs are JIT-warm.
    for (let i = 100; i < 110; i++) await composeService.diagnostics({ ...doc, text: edit(i) }, ctx);
    const warm = await timed(20, (i) => composeService.diagnostics({ ...doc, text: edit(i) }, ctx));
    // Cold: every service renamed (references too), so no block has been seen before.
    const renamed = (i: number) => text.replace(/svc(\d+)/g, `svc$1r${i}`);
    const cold = await timed(10, (i) => composeService.diagnostics({ ...doc, text: renamed(i) }, ctx));
    const convertRuns: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      await convertCompose({ path: join(dir, 'compose.yaml'), text, to: 'quadlet', files: nodeFileAccess });
      convertRuns.push(performance.now() - t0);
    }
    const check = warm.wall;
    const out: Record<string, number> = {
      compose_check_200_services_ms: Number(check.toFixed(2)),
      // CPU time of the same runs: what the check costs when other processes share the cores.
      compose_check_200_services_cpu_ms: Number(warm.cpu.toFixed(2)),
      compose_check_200_services_cold_ms: Number(cold.wall.toFixed(2)),
      compose_check_200_services_cold_cpu_ms: Number(cold.cpu.toFixed(2)),
      compose_check_200_services_first_ms: Number(firstMs.toFixed(1)),
      compose_convert_quadlet_200_services_ms: Number(median(convertRuns).toFixed(2)),
    };
    const cli = dockerComposeMs(dir);
    if (cli !== undefined) {
      out.compose_check_200_services_docker_compose_config_ms = Number(cli.toFixed(1));
      out.compose_check_200_services_ratio_vs_docker_compose = Number((cli / check).toFixed(1));
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchComposeLanguage().then((r) => console.log(JSON.stringify(r, null, 2)));
}
