// Benchmarks of the explorer and the Podman client under it (event stream, store, tree, list
// requests, idle cost, bundle size), against a real private Podman.
// Figures (median of >= 5 runs unless said otherwise):
//   event_to_tree_ms / event_stream_ms  start call returning → tree change / bare subscriber's event
//   change_apply_1000_ms                 1,000 containers in 50 pods: event arriving → tree change
//   list_1000_ms / podman_list_1000_ms    load + build every tree item, beyond Podman's own answer time
//   list_200_ratio_vs_cli                 `podman ps --all --format json` + parse, divided by our list
//   idle_cpu_ratio_vs_polling             60 s idle with 200 containers: CLI poll every 2 s / our explorer
//   idle_requests_per_min                 API requests beyond the event stream in that minute
//   bundle_kb / extension_bundle_kb        the packaged dist/*.js / dist/extension.js alone
//   extension_load_ms                     reading dist/extension.js in a fresh Node (a stand-in
//                                         vscode): the load before activate(), which activate_ms leaves out
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as http from 'node:http';
import { join, resolve as resolvePath } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { ExplorerModel, VIEW_KINDS, type ViewKind } from '../src/explorer/model/tree';
import { PodmanClient } from '../src/podman/client';
import { ExplorerFollower } from '../src/explorer/model/follower';
import type { StoreClient } from '../src/explorer/model/store';
import { parseContainer, parseImage, parseList, parseNetwork, parsePod, parseVolume } from '../src/podman/models';
import { cpuMeter, cpuOfPolling } from './cpu';

const execFileP = promisify(execFile);

interface Sandbox {
  dir: string;
  socketPath: string;
  pid: number;
  /** The argument array that runs the sandbox's podman, its global flags and environment. */
  command: string[];
  podmanArgs: string[];
  env: NodeJS.ProcessEnv;
  stop(o?: { cleanup?: boolean }): Promise<void>;
  podman(args: string[], o?: { timeoutMs?: number }): Promise<string>;
}
type SandboxModule = {
  startSandbox(o?: object): Promise<Sandbox>;
  BUSYBOX_IMAGE: string;
};
const sandboxModule = () => import('../scripts/podman-sandbox.mjs' as string) as Promise<SandboxModule>;

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates containers through the API, `perPod` of them in each pod, a few at a time. */
async function populate(
  client: PodmanClient,
  image: string,
  count: number,
  pods: number,
  prefix: string,
): Promise<void> {
  const podNames = Array.from({ length: pods }, (_, i) => `${prefix}-pod-${i}`);
  for (const p of podNames) await client.libpod('POST', '/pods/create', { body: { name: p, no_infra: true } });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await client.createContainer({
        name: `${prefix}-c-${i}`,
        image,
        command: ['sleep', 'infinity'],
        ...(pods ? { pod: podNames[i % pods] } : {}),
        labels: { bench: prefix },
      });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

/**
 * What a visible, fully expanded tree does: ask for every node's children after each refresh of
 * a whole view (VS Code calls getChildren again), so the model knows which nodes are shown.
 */
function renderAll(model: ExplorerModel, views: ViewKind[] = [...VIEW_KINDS]): void {
  for (const view of views) {
    const stack = [...model.children(view)];
    while (stack.length) stack.push(...model.children(view, stack.pop()!));
  }
}

function followAsVisibleTree(model: ExplorerModel): void {
  model.onDidChange((changes) =>
    renderAll(
      model,
      changes.filter((c) => !c.nodes).map((c) => c.view),
    ),
  );
}

function httpGetText(socketPath: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** A subscriber with nothing of ours in between: raw HTTP, newline-delimited JSON. */
function bareSubscriber(socketPath: string, prefix: string, onStart: (name: string, t: number) => void): () => void {
  const req = http.request({ socketPath, path: `${prefix}/events?stream=true`, method: 'GET' }, (res) => {
    let buf = '';
    res.on('data', (c: Buffer) => {
      const t = performance.now();
      buf += c.toString('utf8');
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) {
        try {
          const e = JSON.parse(l) as {
            Type?: string;
            Action?: string;
            status?: string;
            Actor?: { Attributes?: { name?: string } };
          };
          if (e.Type === 'container' && (e.Action ?? e.status) === 'start') onStart(e.Actor?.Attributes?.name ?? '', t);
        } catch {
          /* partial */
        }
      }
    });
  });
  req.end();
  return () => req.destroy();
}

export async function benchFoundation(o: { idleSeconds?: number } = {}): Promise<Record<string, number>> {
  const out: Record<string, number> = { bundle_kb: bundleKb(), extension_bundle_kb: extensionBundleKb() };
  Object.assign(out, { extension_load_ms: extensionLoadMs(), activate_ms: activateMs() });
  const m = await sandboxModule();
  const sb = await m.startSandbox();
  try {
    const client = new PodmanClient(sb.socketPath);
    await client.ping();
    const image = m.BUSYBOX_IMAGE;
    Object.assign(out, await eventToTree(sb, client, image));
    // ---- 200 containers: CLI ratio and idle cost ----
    await populate(client, image, 200, 10, 'b200');
    Object.assign(out, await list200VsCli(sb, client));
    Object.assign(out, await idleCost(sb, client, o.idleSeconds ?? Number(process.env.BENCH_IDLE_SECONDS ?? 60)));
    // ---- 1,000 containers in 50 pods ----
    await populate(client, image, 800, 40, 'b1000');
    Object.assign(out, await list1000(sb, client));
    Object.assign(out, await changeApply1000(client));
  } finally {
    await sb.stop({ cleanup: true });
  }
  return out;
}

/** Size of the packaged dist/*.js, in KiB. */
function bundleKb(): number {
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'ignore' });
  return Math.round(
    readdirSync('dist')
      .filter((f) => f.endsWith('.js'))
      .reduce((n, f) => n + statSync(join('dist', f)).size, 0) / 1024,
  );
}

/** Size of the packaged dist/extension.js (after bundleKb's build), in KiB. */
function extensionBundleKb(): number {
  return Math.round(statSync(join('dist', 'extension.js')).size / 1024);
}

/** Reading the packaged dist/extension.js, in a fresh Node each time (median of 7). */
function extensionLoadMs(): number {
  const standIn = JSON.stringify(resolvePath('scripts/stand-in-vscode.cjs'));
  const bundle = JSON.stringify(resolvePath('dist/extension.js'));
  const script = `require(${standIn}); const t = performance.now(); require(${bundle}); console.log(performance.now() - t);`;
  const runs = Array.from({ length: 7 }, () =>
    Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })),
  );
  return round(median(runs));
}

/** Activation, measured inside the real VS Code host. */
function activateMs(): number {
  const outFile = join(process.cwd(), '.test-work', 'bench-activate.json');
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    execFileSync(process.execPath, ['scripts/run-vscode-tests.mjs', 'activates quickly'], {
      stdio: 'ignore',
      env: { ...process.env, PODMAN_WORKBENCH_BENCH_OUT: outFile },
    });
    runs.push((JSON.parse(readFileSync(outFile, 'utf8')) as { activate_ms: number }).activate_ms);
  }
  return round(median(runs));
}

/** `podman ps --all --format json` through the sandbox's CLI; its standard output. */
async function cliPs(sb: Sandbox): Promise<string> {
  const { stdout } = await execFileP(
    sb.command[0],
    [...sb.command.slice(1), ...sb.podmanArgs, 'ps', '--all', '--format', 'json'],
    {
      env: sb.env,
      maxBuffer: 64 << 20,
    },
  );
  return stdout;
}

/** Event → tree, beside a bare subscriber; removes its containers afterwards. */
async function eventToTree(sb: Sandbox, client: PodmanClient, image: string): Promise<Record<string, number>> {
  const model = new ExplorerModel();
  followAsVisibleTree(model);
  const treeTimes = new Map<string, number>();
  model.onDidChange(() => {
    const t = performance.now();
    for (const c of model.store.containers.values()) {
      if (c.state === 'running' && c.name.startsWith('ev-') && !treeTimes.has(c.name)) treeTimes.set(c.name, t);
    }
  });
  const sub = new ExplorerFollower(client, model, { onProblem: () => undefined });
  await sub.start();
  const streamTimes = new Map<string, number>();
  const stopBare = bareSubscriber(sb.socketPath, client.libpodPrefix, (name, t) => streamTimes.set(name, t));
  await sleep(500);
  const toTree: number[] = [];
  const toStream: number[] = [];
  for (let i = 0; i < 7; i++) {
    const name = `ev-${i}`;
    const id = await client.createContainer({ name, image, command: ['sleep', 'infinity'] });
    await sleep(300);
    await client.containerAction(id, 'start');
    const t0 = performance.now();
    const until = Date.now() + 5000;
    while ((!treeTimes.has(name) || !streamTimes.has(name)) && Date.now() < until) await sleep(2);
    toTree.push(Math.max(0, (treeTimes.get(name) ?? NaN) - t0));
    toStream.push(Math.max(0, (streamTimes.get(name) ?? NaN) - t0));
  }
  sub.stop();
  stopBare();
  const out = {
    event_to_tree_ms: round(median(toTree)),
    event_stream_ms: round(median(toStream)),
    event_overhead_ms: round(median(toTree.map((t, i) => t - toStream[i]))),
  };
  await sb.podman(['rm', '-af', '-t', '0']);
  return out;
}

/** Listing 200 containers: our client against the CLI's `ps` plus parsing. */
async function list200VsCli(sb: Sandbox, client: PodmanClient): Promise<Record<string, number>> {
  const ours: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < 7; i++) {
    let t = performance.now();
    const list = await client.listContainers();
    ours.push(performance.now() - t);
    if (list.length < 200) throw new Error(`expected 200 containers, listed ${list.length}`);
    t = performance.now();
    JSON.parse(await cliPs(sb));
    cli.push(performance.now() - t);
  }
  return {
    list_200_ms: round(median(ours)),
    list_200_cli_ms: round(median(cli)),
    list_200_ratio_vs_cli: round(median(cli) / median(ours)),
  };
}

/** Idle cost over `seconds`: our explorer following events against a CLI poll every 2 s. */
async function idleCost(sb: Sandbox, client: PodmanClient, seconds: number): Promise<Record<string, number>> {
  // Our explorer with its views visible: loaded, following the event stream, nothing changing.
  const model = new ExplorerModel();
  const sub = new ExplorerFollower(client, model, { onProblem: () => undefined });
  await sub.start();
  await sleep(1000);
  const req0 = client.requestCount;
  const ours = cpuMeter(sb.pid);
  await sleep(seconds * 1000);
  const oursCpu = ours();
  const idleRequestsPerMin = round(((client.requestCount - req0) * 60) / seconds);
  sub.stop();
  // A CLI-driven tool: `podman ps --all --format json` every 2 s, parsed.
  const pollCpu = await cpuOfPolling(sb.pid, seconds, async () => void JSON.parse((await cliPs(sb)) || '[]'));
  return {
    idle_requests_per_min: idleRequestsPerMin,
    idle_cpu_ours_s: round(oursCpu, 3),
    idle_cpu_polling_s: round(pollCpu, 3),
    idle_cpu_ratio_vs_polling: round(pollCpu / Math.max(oursCpu, 0.001), 1),
  };
}

/** Loading 1,000 containers: Podman's answer time, then ours (parse, store, every tree item). */
async function list1000(sb: Sandbox, client: PodmanClient): Promise<Record<string, number>> {
  // Podman's own answer: the raw bytes of each list the explorer loads. Ours: everything after
  // (JSON parsing, validation, the store, every tree item of a fully expanded tree).
  const paths = ['/containers/json?all=true', '/pods/json', '/images/json', '/volumes/json', '/networks/json'];
  const podmanTimes: number[] = [];
  const ourTimes: number[] = [];
  let count = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const texts = await Promise.all(paths.map((p) => httpGetText(sb.socketPath, `${client.libpodPrefix}${p}`)));
    podmanTimes.push(performance.now() - t0);
    const t1 = performance.now();
    const [cs, ps, is, vs, ns] = texts.map((t) => JSON.parse(t) as unknown);
    const fake: StoreClient = {
      listContainers: async () => parseList(cs, parseContainer),
      getContainer: async () => undefined,
      listPods: async () => parseList(ps, parsePod),
      listImages: async () => parseList(is, parseImage),
      listVolumes: async () => parseList(vs, parseVolume),
      listNetworks: async () => parseList(ns, parseNetwork),
    };
    const model = new ExplorerModel();
    await model.load(fake);
    renderAll(model);
    count = model.buildAllItems().length;
    ourTimes.push(performance.now() - t1);
  }
  if (count < 1000) throw new Error(`expected 1000 containers, built ${count} items`);
  return { podman_list_1000_ms: round(median(podmanTimes)), list_1000_ms: round(median(ourTimes)) };
}

/** With 1,000 containers loaded: a start event arriving → the tree changed. */
async function changeApply1000(client: PodmanClient): Promise<Record<string, number>> {
  const model = new ExplorerModel();
  followAsVisibleTree(model);
  await model.load(client);
  const names = [...model.store.containers.values()]
    .filter((c) => c.name.startsWith('b1000-c-'))
    .slice(0, 7)
    .map((c) => c.name);
  let arrived = 0;
  let target = '';
  const times: number[] = [];
  model.onDidChange(() => {
    const c = [...model.store.containers.values()].find((x) => x.name === target);
    if (c?.state === 'running' && arrived) {
      times.push(performance.now() - arrived);
      arrived = 0;
    }
  });
  // The event's arrival is taken where the follower hands it to the model.
  const apply = model.applyEvent.bind(model);
  model.applyEvent = (e) => {
    if (e.type === 'container' && e.action === 'start' && e.name === target) arrived = performance.now();
    apply(e);
  };
  const sub = new ExplorerFollower(client, model, { onProblem: () => undefined });
  await sub.start();
  await sleep(500);
  for (const n of names) {
    target = n;
    const before = times.length;
    await client.containerAction(n, 'start');
    const until = Date.now() + 5000;
    while (times.length === before && Date.now() < until) await sleep(2);
  }
  sub.stop();
  return { change_apply_1000_ms: round(median(times), 3) };
}
