// The explorer over SSH, through the code the tree provider renders from (ExplorerForest,
// ExplorerFollower: no vscode): the time from an event's arrival to the tree's change (minus a bare
// subscriber's arrival on the same link), and the time from enabling a remote connection to its
// first full tree. Used by bench/ssh.ts.
import { EventSubscription } from '../src/podman/events';
import { stateAfterEvent, type PodmanEvent } from '../src/podman/models';
import { ExplorerFollower } from '../src/explorer/model/follower';
import { ExplorerForest } from '../src/explorer/model/forest';
import type { ViewKind } from '../src/explorer/model/nodes';
import type { PodmanClient } from '../src/podman/client';
import type { SshLink } from '../src/podman/ssh/link';
import { checkHealth } from '../src/connections/health';

const CONN = 'ssh-bench';

export const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
};

/** A forest showing one connection, as LiveExplorer sets it up for an enabled endpoint. */
export function forestFor(client: PodmanClient): { forest: ExplorerForest; follower: ExplorerFollower } {
  const forest = new ExplorerForest();
  forest.setConnections([{ id: CONN, label: 'bench', uri: client.socketPath, active: true }]);
  const model = forest.model(CONN);
  if (!model) throw new Error('no model for the connection');
  const follower = new ExplorerFollower(client, model, { onProblem: () => undefined });
  return { forest, follower };
}

/** Every item the four views would show (what VS Code asks the provider for after a change). */
export function renderAll(forest: ExplorerForest): number {
  let n = 0;
  const walk = (view: ViewKind, parent?: Parameters<ExplorerForest['children']>[1]) => {
    for (const node of forest.children(view, parent)) {
      const it = forest.item(node);
      n++;
      if (it.collapsible !== 'none') walk(view, node);
    }
  };
  for (const v of ['containers', 'images', 'volumes', 'networks'] as const) walk(v);
  return n;
}

/**
 * Enabling a connection up to its first full tree: the SSH handshake, the health check as the
 * ConnectionManager runs it (connections/health.ts: usable after /_ping, /libpod/info in parallel),
 * the follower's subscription and load, and every item rendered once; `phases` splits the time into
 * those three, and `detailsMs` is when /info answered (rootless/rootful on the root's label).
 */
export async function connectToTree(
  makeClient: () => { client: PodmanClient; link: SshLink },
  expectContainers: number,
): Promise<{
  ms: number;
  cpuMs: number;
  phases: Record<'handshake' | 'health' | 'load', number>;
  detailsMs: number;
  client: PodmanClient;
  follower: ExplorerFollower;
}> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { client, link } = makeClient();
  await link.connect();
  const t1 = performance.now();
  const endpoint = { id: CONN, label: 'bench', source: 'connection' as const, uri: client.socketPath };
  const check = await checkHealth(endpoint, () => client);
  if (check.health.state !== 'ok') throw new Error(`health: ${JSON.stringify(check.health)}`);
  let detailsAt = 0;
  const details = check.details?.then((h) => ((detailsAt = performance.now()), h));
  const t2 = performance.now();
  const { forest, follower } = forestFor(client);
  await follower.start();
  const model = forest.model(CONN);
  const rendered = renderAll(forest);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (!model?.store.loaded || model.store.containers.size < expectContainers || rendered < expectContainers) {
    throw new Error(`the first tree had ${model?.store.containers.size} containers, ${rendered} items`);
  }
  const phases = { handshake: t1 - t0, health: t2 - t1, load: t0 + ms - t2 };
  const full = await details;
  if (full?.state !== 'ok' || full.info.rootless === undefined) throw new Error(`/info: ${JSON.stringify(full)}`);
  const detailsMs = detailsAt - t0;
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, phases, detailsMs, client, follower };
}

const keyOf = (name: string, state: string) => `${name}|${state}`;

/** One change made on the host: the container's name, the state it ends in, and how. */
export interface Change {
  name: string;
  state: 'created' | 'running' | 'exited' | 'removed';
  run(): Promise<unknown>;
}

/** The state a container event leaves it in (a remove: gone), keyed by its name. */
function stateKey(e: PodmanEvent): string | undefined {
  if (e.type !== 'container' || !e.name) return undefined;
  const state = e.action === 'remove' ? 'removed' : stateAfterEvent(e.action);
  return state && keyOf(e.name, state);
}

/** Records the first time each key is seen. */
const firstSeen = (into: Map<string, number>) => (e: PodmanEvent) => {
  const key = stateKey(e);
  if (key && !into.has(key)) into.set(key, performance.now());
};

/**
 * Event → tree change minus a bare subscriber's arrival, per change (p50/p95 of `overhead`): the
 * forest's change that shows the container in its new state (its item rendered), against the
 * arrival of the event on the follower's own stream, timestamped as a bare subscriber would do
 * (before the model sees it). A second events request is also run as a bare subscriber:
 * `streamSkew` is its arrival minus the follower stream's. It is not the reference, because
 * Podman 4.3 serves each events request from its own tail of the events file: two streams on the
 * same link see one event up to a poll interval apart, which would swamp the overhead measured.
 */
export async function eventOverhead(
  client: PodmanClient,
  changes: Change[],
): Promise<{ overhead: number[]; streamSkew: number[] }> {
  const { forest, follower } = forestFor(client);
  const model = forest.model(CONN)!;
  const errors: string[] = [];
  model.store.onError = (e, what) => errors.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  const arrived = new Map<string, number>();
  const bare = new Map<string, number>();
  const tree = new Map<string, number>();
  const apply = model.applyEvent.bind(model);
  const stamp = firstSeen(arrived);
  model.applyEvent = (e: PodmanEvent) => (stamp(e), apply(e));
  const sub = new EventSubscription(client, { onEvent: firstSeen(bare) });
  const watching = new Map<string, Change>();
  const listener = forest.onDidChange(() => {
    for (const [key, change] of watching) {
      const c = model.store.containerByName(change.name);
      const now = change.state === 'removed' ? !c : c?.state === change.state;
      if (!now || tree.has(key)) continue;
      // What the provider does next: the container's item, and the root list it sits in.
      if (c) forest.item({ kind: 'container', id: `container:${c.id}`, view: 'containers', containerId: c.id });
      forest.children('containers');
      tree.set(key, performance.now());
    }
  });
  sub.start();
  await follower.start();
  await new Promise((r) => setTimeout(r, 500)); // both streams connected
  const overhead: number[] = [];
  const streamSkew: number[] = [];
  try {
    for (const change of changes) {
      const key = keyOf(change.name, change.state);
      watching.set(key, change);
      await change.run();
      const t0 = performance.now();
      while (!(arrived.has(key) && tree.has(key) && bare.has(key))) {
        if (performance.now() - t0 > 30_000) {
          const seen = { arrived: arrived.has(key), tree: tree.has(key), bare: bare.has(key), errors };
          throw new Error(`no event or no tree change for ${key}: ${JSON.stringify(seen)}`);
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      watching.delete(key);
      overhead.push(tree.get(key)! - arrived.get(key)!);
      streamSkew.push(bare.get(key)! - arrived.get(key)!);
    }
  } finally {
    listener.dispose();
    sub.stop();
    follower.stop();
  }
  return { overhead, streamSkew };
}
