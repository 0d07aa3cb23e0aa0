// Operations on a compose project as it runs, found by its labels (so a project started by
// docker-compose or podman-compose is handled too): list, down, start, stop, restart, logs.
import type { Readable } from 'node:stream';
import type { PodmanClient } from '../../podman/client';
import type { ContainerSummary } from '../../podman/models';
import type { ComposeProject } from '../model';
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
  /** Service → the services that depend on it (stopped first); absent: all at once. */
  dependents?: Map<string, string[]>;
}

/** Service → the services that depend on it, from the file (the stop order of Stop and Down). */
export function dependentsOf(project: ComposeProject): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const s of Object.values(project.services)) {
    for (const d of Object.keys(s.dependsOn)) map.set(d, [...(map.get(d) ?? []), s.name]);
  }
  return map;
}

/**
 * Runs `act` on every container in Compose's stop order: a service's containers once those of the
 * services that depend on it are done (a cycle's back edge is ignored), independent ones at once.
 * Without `dependents` (a project whose file is not known) everything goes at once.
 */
export async function inStopOrder(
  containers: ContainerSummary[],
  dependents: Map<string, string[]> | undefined,
  act: (c: ContainerSummary) => Promise<void>,
): Promise<void> {
  if (!dependents) {
    await Promise.all(containers.map(act));
    return;
  }
  const byService = new Map<string, ContainerSummary[]>();
  for (const c of containers) byService.set(serviceOf(c), [...(byService.get(serviceOf(c)) ?? []), c]);
  const done = new Map<string, Promise<void>>();
  const visit = (service: string, path: string[]): Promise<void> => {
    let p = done.get(service);
    if (!p) {
      const first = (dependents.get(service) ?? []).filter((d) => !path.includes(d)).map((d) => visit(d, [...path, d]));
      p = Promise.all(first).then(async () => {
        await Promise.all((byService.get(service) ?? []).map(act));
      });
      done.set(service, p);
    }
    return p;
  };
  await Promise.all([...byService.keys()].map((s) => visit(s, [s])));
}

const isUp = (c: ContainerSummary) => c.state === 'running' || c.state === 'paused';
const stopQuery = (timeout?: number) => (timeout === undefined ? {} : { timeout });

export async function stopProject(client: PodmanClient, project: string, o: StopOptions = {}): Promise<string[]> {
  const containers = (await serviceContainers(client, project, o.services)).filter(isUp);
  await inStopOrder(containers, o.dependents, (c) => client.containerAction(c.id, 'stop', stopQuery(o.timeout)));
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
 * Compose Down: every container stopped and removed, then the project's pods and networks (volumes,
 * images on request). With the file's dependencies known, each container is stopped in Compose's
 * order (its own grace period and signal) and removed in the background while the next ones stop;
 * without, one forced removal per container (stop and remove in one request), all at once. The
 * networks are removed once, at the end.
 */
export async function downProject(client: PodmanClient, project: string, o: DownOptions = {}): Promise<DownResult> {
  const [containers, pods, networks, volumes] = await Promise.all([
    listProjectContainers(client, project),
    labelled(client, 'pods', project),
    labelled(client, 'networks', project),
    o.volumes ? labelled(client, 'volumes', project) : [],
  ]);
  const remove = async (c: ContainerSummary) => {
    await client.libpod('DELETE', `/containers/${encodeURIComponent(c.id)}`, {
      query: { force: true, v: o.volumes === true, ...stopQuery(o.timeout) },
    });
  };
  // One removal at a time: concurrent forced removals of a pod's containers hung Podman 4.3's
  // service in the extension-host suite (a Down never returned).
  const ordered: ContainerSummary[] = [];
  await inStopOrder(containers, o.dependents, async (c) => void ordered.push(c));
  for (const c of ordered) {
    if (o.dependents && isUp(c)) await client.containerAction(c.id, 'stop', stopQuery(o.timeout));
    await remove(c);
  }
  await Promise.all(pods.map((p) => client.removePod(p, { force: true })));
  await Promise.all(networks.map((n) => client.removeNetwork(n)));
  await Promise.all(volumes.map((v) => client.removeVolume(v)));
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
