// The project's shared resources through the socket: its networks (DNS-enabled; where the
// network has no DNS, as CNI without dnsname on Podman 4.3, static addresses and host entries so
// services still find each other by name), named volumes, the pod, and images (pulled or built).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { PodmanClient } from '../../podman/client';
import { buildImage } from '../../podman/build';
import { PodmanError } from '../../podman/errors';
import type { ComposeProject, ComposeService } from '../model';
import { containerName, LABEL } from './spec';

/** By its kind, not its class: a client from another bundle (the extension's, in tests) throws its own PodmanError. */
export const errorKind = (e: unknown): string | undefined => (e as { kind?: string } | undefined)?.kind;
const isNotFound = (e: unknown) => errorKind(e) === 'not-found';

export function projectLabels(project: ComposeProject): Record<string, string> {
  return { [LABEL.project]: project.name, [LABEL.podmanProject]: project.name };
}

/** The networks a service joins (keys of project.networks); none with network_mode. */
export function serviceNetworkKeys(service: ComposeService): string[] {
  if (service.networkMode) return [];
  const keys = Object.keys(service.networks);
  return keys.length ? keys : ['default'];
}

export interface NetworkState {
  name: string;
  dns: boolean;
  /** The first IPv4 subnet, as [base address as a number, prefix length]. */
  subnet?: [number, number];
}

function ipv4(text: string): number {
  return text.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}
const ipText = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

function networkState(name: string, raw: unknown): NetworkState {
  const r = raw as { dns_enabled?: boolean; subnets?: { subnet?: string }[] | null };
  const v4 = (r.subnets ?? []).map((s) => s.subnet ?? '').find((s) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(s));
  const [addr, prefix] = v4 ? v4.split('/') : [];
  return { name, dns: r.dns_enabled === true, subnet: v4 ? [ipv4(addr), Number(prefix)] : undefined };
}

/** Creates the project networks the services use (if missing); external ones must exist. */
export async function ensureNetworks(
  client: PodmanClient,
  project: ComposeProject,
  keys: string[],
  created: string[],
): Promise<Record<string, NetworkState>> {
  const states: Record<string, NetworkState> = {};
  for (const key of keys) {
    const net = project.networks[key];
    try {
      states[key] = networkState(
        net.name,
        await client.libpod('GET', `/networks/${encodeURIComponent(net.name)}/json`),
      );
      continue;
    } catch (e) {
      if (!isNotFound(e)) throw e;
      if (net.external) {
        throw new PodmanError('not-found', `The external network ${net.name} does not exist (create it first).`);
      }
    }
    const body = {
      name: net.name,
      driver: net.driver ?? 'bridge',
      internal: net.internal,
      ipv6_enabled: net.enableIpv6,
      dns_enabled: true,
      labels: { ...net.labels, ...projectLabels(project), [LABEL.network]: key },
    };
    await client.libpod('POST', '/networks/create', { body });
    created.push(`network ${net.name}`);
    states[key] = networkState(net.name, await client.libpod('GET', `/networks/${encodeURIComponent(net.name)}/json`));
  }
  return states;
}

const STRIDE = 10;
const FIRST = 20;

/**
 * Addressing of one container: its aliases per network and, on networks without DNS, a static
 * address (fixed by the service's place in the file and its number) plus host entries for every
 * service of the project on those networks.
 */
export function addressing(
  project: ComposeProject,
  service: ComposeService,
  n: number,
  networks: Record<string, NetworkState>,
): { networks: Record<string, { aliases: string[]; staticIp?: string }>; hosts: string[] } {
  const names = Object.keys(project.services);
  const address = (key: string, s: ComposeService, k: number): string | undefined => {
    const state = networks[key];
    if (!state || state.dns || !state.subnet || k > STRIDE) return undefined;
    const offset = FIRST + names.indexOf(s.name) * STRIDE + (k - 1);
    const size = 2 ** (32 - state.subnet[1]);
    return offset < size - 1 ? ipText(state.subnet[0] + offset) : undefined;
  };
  const out: Record<string, { aliases: string[]; staticIp?: string }> = {};
  const hosts: string[] = [];
  for (const key of serviceNetworkKeys(service)) {
    const state = networks[key];
    if (!state) continue;
    out[state.name] = {
      aliases: [service.name, ...(service.networks[key]?.aliases ?? [])],
      staticIp: address(key, service, n),
    };
    if (state.dns) continue;
    for (const other of Object.values(project.services)) {
      if (!serviceNetworkKeys(other).includes(key)) continue;
      for (let k = other.replicas; k >= 1; k--) {
        const ip = address(key, other, k);
        if (!ip) continue;
        const aliases = [...(other.networks[key]?.aliases ?? []), containerName(project.name, other, k)];
        for (const host of k === 1 ? [other.name, ...aliases] : aliases.slice(-1)) hosts.push(`${host}:${ip}`);
      }
    }
  }
  return { networks: out, hosts: [...new Set(hosts)] };
}

/** Creates the named volumes the services use (if missing); external ones must exist. */
export async function ensureVolumes(
  client: PodmanClient,
  project: ComposeProject,
  keys: string[],
  created: string[],
): Promise<void> {
  for (const key of keys) {
    const vol = project.volumes[key];
    try {
      await client.libpod('GET', `/volumes/${encodeURIComponent(vol.name)}/json`);
      continue;
    } catch (e) {
      if (!isNotFound(e)) throw e;
      if (vol.external) {
        throw new PodmanError('not-found', `The external volume ${vol.name} does not exist (create it first).`);
      }
    }
    const body = {
      Name: vol.name,
      ...(vol.driver ? { Driver: vol.driver } : {}),
      Options: vol.driverOpts,
      Label: { ...vol.labels, ...projectLabels(project), [LABEL.volume]: key },
    };
    await client.libpod('POST', '/volumes/create', { body });
    created.push(`volume ${vol.name}`);
  }
}

/** podman.compose.pod: one pod `pod_<project>` holding the project's ports (containers share its network). */
export async function ensurePod(
  client: PodmanClient,
  project: ComposeProject,
  portmappings: unknown[],
  created: string[],
): Promise<string> {
  const name = `pod_${project.name}`;
  try {
    await client.libpod('GET', `/pods/${encodeURIComponent(name)}/json`);
    return name;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  // Containers of a pod share its network: every service answers on localhost, so by name too.
  const hostadd = Object.keys(project.services).map((service) => `${service}:127.0.0.1`);
  await client.libpod('POST', '/pods/create', {
    body: { name, labels: projectLabels(project), portmappings, hostadd },
  });
  created.push(`pod ${name}`);
  return name;
}

export async function imageExists(client: PodmanClient, image: string): Promise<boolean> {
  try {
    await client.libpod('GET', `/images/${encodeURIComponent(image)}/exists`);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** Pulls an image through libpod; a pull error in the stream (HTTP 200) is thrown. */
export async function pullImage(client: PodmanClient, image: string, signal?: AbortSignal): Promise<void> {
  const stream = (await client.libpod('POST', '/images/pull', {
    query: { reference: image, policy: 'always', quiet: false },
    stream: true,
    signal,
  })) as Readable;
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const msg = JSON.parse(line) as { error?: string };
    if (msg.error) throw new PodmanError('server', `Pulling ${image} failed: ${msg.error}`);
  }
}

/** Builds a service's image with the existing socket build; the Containerfile is found as Compose does. */
export async function buildService(
  client: PodmanClient,
  project: ComposeProject,
  service: ComposeService,
  tag: string,
  o: { signal?: AbortSignal; onOutput?(text: string): void },
): Promise<void> {
  const b = service.build;
  if (!b) return;
  const containerfile = join(
    b.context,
    b.dockerfile ?? (existsSync(join(b.context, 'Containerfile')) ? 'Containerfile' : 'Dockerfile'),
  );
  const secrets = b.secrets.map((id) => ({ id, src: project.secrets[id]?.file ?? '' })).filter((s) => s.src);
  await buildImage(client, {
    contextDir: b.context,
    containerfile,
    tags: [tag, ...b.tags],
    buildArgs: b.args,
    target: b.target,
    secrets,
    signal: o.signal,
    onOutput: o.onOutput,
  });
}
