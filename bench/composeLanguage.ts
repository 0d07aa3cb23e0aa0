// Compose language benchmarks, run by bench/run.ts (or directly: node --import tsx
// bench/composeLanguage.ts). Goal: compose_check_200_services_ms < 50 — every diagnostic of a
// 200-service file (YAML, schema, references, cycles, ports, interpolation), median of warm runs.
// compose_check_200_services_cpu_ms is the CPU time of those runs (steadier on a shared machine).
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
    const runs: number[] = [];
    const cpuRuns: number[] = [];
    for (let i = 0; i < 20; i++) {
      // A new text each time: nothing is served from the parse cache.
      const edited = { ...doc, text: `${text}# run ${i}\n` };
      const cpu0 = process.cpuUsage();
      t0 = performance.now();
      await composeService.diagnostics(edited, ctx);
      runs.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      cpuRuns.push((cpu.user + cpu.system) / 1000);
    }
    const convertRuns: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      await convertCompose({ path: join(dir, 'compose.yaml'), text, to: 'quadlet', files: nodeFileAccess });
      convertRuns.push(performance.now() - t0);
    }
    const check = median(runs);
    const out: Record<string, number> = {
      compose_check_200_services_ms: Number(check.toFixed(2)),
      // CPU time of the same runs: what the check costs when other processes share the cores.
      compose_check_200_services_cpu_ms: Number(median(cpuRuns).toFixed(2)),
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
