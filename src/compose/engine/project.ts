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

/**
 * Groups containers into stop waves: a container goes after those whose service depends on its
 * service (read from the compose label `com.docker.compose.depends_on` when present), else one wave.
 */
function stopWaves(containers: ContainerSummary[], dependents?: Map<string, string[]>): ContainerSummary[][] {
  if (!dependents) return [containers];
  const level = new Map<string, number>();
  const depth = (s: string, seen: string[] = []): number => {
    if (level.has(s)) return level.get(s) as number;
    if (seen.includes(s)) return 0;
    const d = Math.max(-1, ...(dependents.get(s) ?? []).map((x) => depth(x, [...seen, s]))) + 1;
    level.set(s, d);
    return d;
  };
  const waves: ContainerSummary[][] = [];
  for (const c of containers) (waves[depth(serviceOf(c))] ??= []).push(c);
  return waves.filter(Boolean);
}

export interface StopOptions {
  services?: string[];
  /** Seconds before SIGKILL (default: each container's own stop timeout). */
  timeout?: number;
  /** Service → the services that depend on it (stopped first); absent: all at once. */
  dependents?: Map<string, string[]>;
}

export async function stopProject(client: PodmanClient, project: string, o: StopOptions = {}): Promise<string[]> {
  const containers = (await serviceContainers(client, project, o.services)).filter(
    (c) => c.state === 'running' || c.state === 'paused',
  );
  for (const wave of stopWaves(containers, o.dependents)) {
    await Promise.all(
      wave.map((c) => client.containerAction(c.id, 'stop', o.timeout === undefined ? {} : { timeout: o.timeout })),
    );
  }
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

/** Compose Down: stops and removes the project's containers, pods and networks (volumes, images on request). */
export async function downProject(client: PodmanClient, project: string, o: DownOptions = {}): Promise<DownResult> {
  const containers = await listProjectContainers(client, project);
  // In dependency order when it is known; else a forced removal stops and removes in one request.
  if (o.dependents) await stopProject(client, project, o);
  await Promise.all(containers.map((c) => client.removeContainer(c.id, { force: true, volumes: o.volumes === true })));
  const pods = await labelled(client, 'pods', project);
  for (const p of pods) await client.removePod(p, { force: true });
  const networks = await labelled(client, 'networks', project);
  for (const n of networks) await client.removeNetwork(n);
  const volumes = o.volumes ? await labelled(client, 'volumes', project) : [];
  for (const v of volumes) await client.removeVolume(v);
  const images = o.images ? await removeImages(client, project, containers, o.images) : [];
  return { containers: containers.map((c) => c.name), networks, volumes, pods, images };
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
