// Operations on a compose project as it runs, found by its labels (so a project started by
// docker-compose or podman-compose is handled too): list, down, start, stop, restart, logs.
import type { Readable } from 'node:stream';
import type { PodmanClient } from '../../podman/client';
import type { ContainerSummary } from '../../podman/models';
import { LABEL } from './spec';

const PROJECT_LABELS = [LABEL.project, LABEL.podmanProject];
const SERVICE_LABELS = [LABEL.service, LABEL.podmanService];

/** The project's containers (either tool's label), infra containers left out. */
export async function listProjectContainers(client: PodmanClient, project: string): Promise<ContainerSummary[]> {
  const lists = await Promise.all(PROJECT_LABELS.map((l) => client.listContainers({ label: [`${l}=${project}`] })));
  const byId = new Map(lists.flat().map((c) => [c.id, c]));
  return [...byId.values()].filter((c) => !c.isInfra);
}

export function serviceOf(c: ContainerSummary): string {
  for (const l of SERVICE_LABELS) if (c.labels[l]) return c.labels[l];
  return c.name;
}

/** Containers of the named services (all when none named). */
export async function serviceContainers(client: PodmanClient, project: string, services: string[] = []) {
  const all = await listProjectContainers(client, project);
  return services.length ? all.filter((c) => services.includes(serviceOf(c))) : all;
}

export interface StopOptions {
  services?: string[];
  /** Seconds before SIGKILL (default: each container's own stop timeout, from stop_grace_period). */
  timeout?: number;
  /** Compose's stop order from the file (the model's `stopOrder`); absent: all at once. */
  order?: string[][];
}

/**
 * Runs `act` on every container in Compose's stop order: level after level, the containers of one
 * level at once. A container whose service is not in the order (not in the file) goes with the
 * first level; without an order (a project whose file is not known) everything goes at once.
 */
export async function inStopOrder(
  containers: ContainerSummary[],
  order: string[][] | undefined,
  act: (c: ContainerSummary) => Promise<void>,
): Promise<void> {
  const levelOf = new Map((order ?? []).flatMap((services, i) => services.map((s) => [s, i] as const)));
  const levels: ContainerSummary[][] = [];
  for (const c of containers) (levels[levelOf.get(serviceOf(c)) ?? 0] ??= []).push(c);
  for (const level of levels) if (level) await Promise.all(level.map(act));
}

const isUp = (c: ContainerSummary) => c.state === 'running' || c.state === 'paused';
const stopQuery = (timeout?: number) => (timeout === undefined ? {} : { timeout });

export async function stopProject(client: PodmanClient, project: string, o: StopOptions = {}): Promise<string[]> {
  const containers = (await serviceContainers(client, project, o.services)).filter(isUp);
  await inStopOrder(containers, o.order, (c) => client.containerAction(c.id, 'stop', stopQuery(o.timeout)));
  return containers.map((c) => c.name);
}

export async function startProject(client: PodmanClient, project: string, services: string[] = []): Promise<string[]> {
  const containers = (await serviceContainers(client, project, services)).filter((c) => c.state !== 'running');
  // Oldest first: the order they were created in follows their dependencies.
  for (const c of containers.sort((a, b) => a.created - b.created)) await client.containerAction(c.id, 'start');
  return containers.map((c) => c.name);
}

export async function restartProject(client: PodmanClient, project: string, o: StopOptions = {}): Promise<string[]> {
  await stopProject(client, project, o);
  return startProject(client, project, o.services);
}

export interface DownOptions extends StopOptions {
  /** Also remove the project's named volumes (and anonymous ones of its containers). */
  volumes?: boolean;
  /** Also remove images: all the project's containers used, or only those built for it. */
  images?: 'all' | 'local';
}

export interface DownResult {
  containers: string[];
  networks: string[];
  volumes: string[];
  pods: string[];
  images: string[];
}

async function labelled(
  client: PodmanClient,
  kind: 'networks' | 'volumes' | 'pods',
  project: string,
): Promise<string[]> {
  const names = new Set<string>();
  for (const l of PROJECT_LABELS) {
    const raw = (await client.libpod('GET', `/${kind}/json`, {
      query: { filters: { label: [`${l}=${project}`] } },
    })) as { Name?: string; name?: string }[] | null;
    for (const r of raw ?? []) names.add(String(r.Name ?? r.name));
  }
  return [...names];
}

async function removeImages(
  client: PodmanClient,
  project: string,
  containers: ContainerSummary[],
  mode: 'all' | 'local',
) {
  const images = [...new Set(containers.map((c) => c.image))].filter(
    (i) => mode === 'all' || new RegExp(`^(localhost/)?${project}[-_]`).test(i),
  );
  const removed: string[] = [];
  for (const image of images) {
    try {
      await client.removeImage(image);
      removed.push(image);
    } catch {
      /* still used by another container: kept, as Compose does */
    }
  }
  return removed;
}

/**
 * Compose Down: every container stopped in Compose's stop order (the containers of one level at
 * once, each with its own grace period and signal), then removed; then the project's pods and
 * networks, once (volumes, images on request). Removal waits for the stop, so Podman never stops
 * a container while it holds a pod's lock (see `removeStopped`).
 */
export async function downProject(client: PodmanClient, project: string, o: DownOptions = {}): Promise<DownResult> {
  const [containers, pods, networks, volumes] = await Promise.all([
    listProjectContainers(client, project),
    labelled(client, 'pods', project),
    labelled(client, 'networks', project),
    o.volumes ? labelled(client, 'volumes', project) : [],
  ]);
  await removeStopped(client, containers, o);
  await Promise.all(pods.map((p) => client.removePod(p, { force: true })));
  await Promise.all(networks.map((n) => client.removeNetwork(n)));
  await Promise.all(volumes.map((v) => client.removeVolume(v)));
  const images = o.images ? await removeImages(client, project, containers, o.images) : [];
  return { containers: containers.map((c) => c.name), networks, volumes, pods, images };
}

/**
 * Stops the containers (POST stop: it locks only the container), then removes them once stopped.
 *
 * Podman 4.3's forced removal of a running container of a pod (libpod removeContainer) locks the
 * pod, then the container, and keeps the pod locked through the whole stop (the signal, the wait
 * for the exit, the cleanup); only the container's lock is let go while it waits. Concurrent
 * forced removals of one pod's containers thus queue on the pod's lock behind stops, and any
 * party that holds a container's lock and then wants the pod's (a container's cleanup process,
 * as reported in containers/podman#14921 and #14976) deadlocks with a remover that wants that
 * container's lock back. Here no removal starts before its container has stopped, so no pod
 * lock is held across a stop.
 * Outside a pod each container is removed while the next level stops; a pod's containers are
 * removed one at a time after every stop (their removals queue on the pod's lock anyway).
 */
async function removeStopped(client: PodmanClient, containers: ContainerSummary[], o: DownOptions): Promise<void> {
  const remove = async (c: ContainerSummary) => {
    await client.libpod('DELETE', `/containers/${encodeURIComponent(c.id)}`, {
      query: { force: true, v: o.volumes === true },
    });
  };
  const inPod = (c: ContainerSummary) => Boolean(c.podId);
  const removals: Promise<void>[] = [];
  const failures: unknown[] = [];
  await inStopOrder(containers, o.order, async (c) => {
    if (c.state === 'running') await client.containerAction(c.id, 'stop', stopQuery(o.timeout));
    if (!inPod(c)) removals.push(remove(c).catch((e: unknown) => void failures.push(e)));
  });
  await Promise.all(removals);
  if (failures.length) throw failures[0];
  for (const c of containers.filter(inPod)) await remove(c);
}

/** Logs of the project's containers as streams, each with its service name, for merging. */
export async function projectLogs(
  client: PodmanClient,
  project: string,
  o: { services?: string[]; follow?: boolean; tail?: number; signal?: AbortSignal } = {},
): Promise<{ service: string; container: string; stream: Readable }[]> {
  const containers = await serviceContainers(client, project, o.services);
  return Promise.all(
    containers.map(async (c) => ({
      service: serviceOf(c),
      container: c.name,
      stream: await client.logs(c.id, { follow: o.follow, tail: o.tail, signal: o.signal }),
    })),
  );
}
