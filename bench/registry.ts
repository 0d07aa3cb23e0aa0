// Benchmark group "registry", against a private Podman and a real registry on loopback (TLS,
// htpasswd): the newer-image check of 50 local images (goal < 300 ms), listing a repository of
// 1,000 tags (goal < 300 ms), and our pull through the socket against `podman pull` of the same
// image, both after removing it (goal: ratio ≤ 1.1). Prints the figures and the ratio as JSON.
import { execFileSync } from 'node:child_process';
import * as https from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PodmanClient } from '../src/podman/client';
import { DistributionClient, MANIFEST_TYPES } from '../src/podman/distribution';
import { registryFreshness } from '../src/podman/outdated';
import type { RegistryCredentials } from '../src/podman/registryConfig';
import { pullImage, pushImage, tagImage } from '../src/podman/registryTransfer';
import { tagNodes } from '../src/registries/nodes';
import type { RegistrySandbox } from '../scripts/registry-sandbox.mjs' with { 'resolution-mode': 'import' };

interface Sandbox {
  dir: string;
  socketPath: string;
  podman(args: string[], o?: { timeoutMs?: number }): Promise<string>;
  stop(o?: { cleanup?: boolean }): Promise<void>;
}
const BUSYBOX = 'localhost/pw-busybox:latest';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A raw PUT of a manifest (the benchmark's set-up of 1,000 tags, without 1,000 pushes). */
function putManifest(reg: RegistrySandbox, repo: string, tag: string, type: string, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${reg.url}/v2/${repo}/manifests/${tag}`,
      {
        method: 'PUT',
        ca: reg.ca,
        headers: {
          'Content-Type': type,
          Authorization: `Basic ${Buffer.from(`${reg.user}:${reg.password}`).toString('base64')}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          (res.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`PUT ${tag}: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function rawManifest(reg: RegistrySandbox, repo: string, tag: string): Promise<{ type: string; body: Buffer }> {
  const creds = Buffer.from(`${reg.user}:${reg.password}`).toString('base64');
  return new Promise((resolve, reject) => {
    https
      .get(
        `${reg.url}/v2/${repo}/manifests/${tag}`,
        { ca: reg.ca, headers: { Accept: MANIFEST_TYPES, Authorization: `Basic ${creds}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ type: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
        },
      )
      .on('error', reject);
  });
}

/**
 * 50 local images, each its own repository in the registry. Pushed from here, so Podman recorded
 * no registry digest for them: the check recognises them by their config (one more GET each, cold).
 */
async function push50(client: PodmanClient, reg: RegistrySandbox, credentials: RegistryCredentials): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const ref = `${reg.host}/bench-outdated-${i}:1`;
    await tagImage(client, BUSYBOX, ref);
    await pushImage(client, ref, ref, { credentials });
  }
}

/**
 * The newer-image check of the 50 images, cold (a new client and cache each run: TLS handshakes
 * and all), through `registry`; `cached`: a second check on the same checker.
 */
async function outdatedCheck(
  client: PodmanClient,
  registry: () => DistributionClient,
): Promise<{ cold: number; cached: number; cpu: number; requests: number }> {
  const images = await client.listImages();
  const cold: number[] = [];
  const cached: number[] = [];
  const cpu: number[] = [];
  let requests = 0;
  for (let run = 0; run < 5; run++) {
    const distribution = registry();
    const checker = registryFreshness(() => distribution);
    const c0 = process.cpuUsage();
    let t0 = performance.now();
    const results = await checker.checkAll(images);
    cold.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    requests = distribution.requestCount;
    const current = [...results.values()].filter(
      (r) => r.reference.includes('bench-outdated-') && r.state === 'current',
    );
    if (current.length !== 50) {
      throw new Error(`${current.length} of 50 images checked as current: ${JSON.stringify([...results.values()][0])}`);
    }
    t0 = performance.now();
    await checker.checkAll(images);
    cached.push(performance.now() - t0);
    distribution.dispose();
  }
  return { cold: median(cold), cached: median(cached), cpu: median(cpu), requests };
}

/** A repository with 1,000 tags, listed (with pagination) the way the Registries view asks. */
async function tags1000(client: PodmanClient, reg: RegistrySandbox, credentials: RegistryCredentials): Promise<number> {
  const ref = `${reg.host}/bench-tags:t0`;
  await tagImage(client, BUSYBOX, ref);
  await pushImage(client, ref, ref, { credentials });
  const { type, body } = await rawManifest(reg, 'bench-tags', 't0');
  for (let i = 1; i < 1000; i += 20) {
    await Promise.all(
      Array.from({ length: 20 }, (_, k) => i + k)
        .filter((n) => n < 1000)
        .map((n) => putManifest(reg, 'bench-tags', `t${n}`, type, body)),
    );
  }
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const registry = new DistributionClient({ registry: reg.host, credentials, ca: [reg.ca ?? ''] });
    const t0 = performance.now();
    const tags = await registry.tags('bench-tags');
    const nodes = tagNodes(`registry:${reg.host}/bench-tags`, reg.host, 'bench-tags', tags);
    times.push(performance.now() - t0);
    if (nodes.length !== 1000) throw new Error(`listed ${nodes.length} tags`);
    registry.dispose();
  }
  return median(times);
}

/** Our pull through the socket against the CLI's, alternating, of a 64 MB image removed before each. */
async function pullRatio(
  sb: Sandbox,
  client: PodmanClient,
  reg: RegistrySandbox,
  credentials: RegistryCredentials,
): Promise<{ ours: number; cli: number }> {
  const ref = `${reg.host}/bench-pull:1`;
  const work = mkdtempSync(join(sb.dir, 'bench-'));
  execFileSync('dd', ['if=/dev/urandom', `of=${join(work, 'blob')}`, 'bs=1M', 'count=64'], { stdio: 'ignore' });
  execFileSync('tar', ['-C', work, '-cf', `${work}.tar`, 'blob']);
  await sb.podman(['import', `${work}.tar`, ref]);
  rmSync(work, { recursive: true, force: true });
  rmSync(`${work}.tar`, { force: true });
  await pushImage(client, ref, ref, { credentials });
  const ours: number[] = [];
  const cli: number[] = [];
  for (let run = 0; run < 3; run++) {
    await client.removeImage(ref);
    let t0 = performance.now();
    await pullImage(client, ref, { credentials });
    ours.push(performance.now() - t0);
    await client.removeImage(ref);
    t0 = performance.now();
    await sb.podman(['pull', '--quiet', '--creds', `${reg.user}:${reg.password}`, ref], { timeoutMs: 300_000 });
    cli.push(performance.now() - t0);
  }
  return { ours: median(ours), cli: median(cli) };
}

export async function benchRegistry(): Promise<Record<string, number>> {
  const sandboxes = (await import('../scripts/podman-sandbox.mjs' as string)) as { startSandbox(): Promise<Sandbox> };
  const registries = (await import('../scripts/registry-sandbox.mjs' as string)) as {
    startRegistry(o: { podman?: { dir: string }[]; auth?: boolean; storage?: string }): Promise<RegistrySandbox>;
  };
  const sb = await sandboxes.startSandbox();
  const reg = await registries.startRegistry({ podman: [sb] });
  // The same repositories served without htpasswd: the registry's bcrypt check of every request
  // (tens of ms on a loaded 2-core machine) is the registry's cost, not the check's.
  const open = await registries.startRegistry({ podman: [], auth: false, storage: reg.storage });
  try {
    const client = new PodmanClient(sb.socketPath);
    await client.ping();
    const credentials = { username: reg.user ?? '', password: reg.password ?? '', serveraddress: reg.host };
    await push50(client, reg, credentials);
    const plain = await outdatedCheck(
      client,
      () => new DistributionClient({ registry: open.host, ca: [open.ca ?? ''] }),
    );
    const htpasswd = await outdatedCheck(
      client,
      () => new DistributionClient({ registry: reg.host, credentials, ca: [reg.ca ?? ''] }),
    );
    const tags = await tags1000(client, reg, credentials);
    const pull = await pullRatio(sb, client, reg, credentials);
    const r1 = (x: number): number => Math.round(x * 10) / 10;
    return {
      outdated_check_50_images_ms: r1(plain.cold),
      outdated_check_50_images_cached_ms: r1(plain.cached),
      outdated_check_50_images_cpu_ms: r1(plain.cpu),
      outdated_check_50_images_requests: plain.requests,
      outdated_check_50_images_htpasswd_ms: r1(htpasswd.cold),
      outdated_check_50_images_htpasswd_requests: htpasswd.requests,
      registry_tags_1000_ms: r1(tags),
      pull_ours_ms: Math.round(pull.ours),
      pull_cli_ms: Math.round(pull.cli),
      pull_overhead_ratio_vs_cli: Math.round((pull.ours / pull.cli) * 100) / 100,
      load_average_1min: r1(Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0])),
    };
  } finally {
    await open.stop();
    await reg.stop();
    await sb.stop({ cleanup: true });
  }
}
