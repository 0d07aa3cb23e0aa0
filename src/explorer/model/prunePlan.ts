// What "System Prune" will remove, computed from the store so the confirmation can list it.
import type { ContainerSummary, ImageSummary, NetworkSummary, PodSummary } from '../../podman/models';
import { imageLabel } from './tree';

export interface PrunePlan {
  containers: string[];
  pods: string[];
  images: string[];
  networks: string[];
  volumes: string[];
}

const DEFAULT_NETWORKS = new Set(['podman', 'bridge', 'host', 'none']);

export function prunePlan(s: {
  containers: Iterable<ContainerSummary>;
  pods: Iterable<PodSummary>;
  images: ImageSummary[];
  networks: NetworkSummary[];
  danglingVolumes?: string[];
}): PrunePlan {
  const containers = [...s.containers];
  const stopped = containers.filter((c) => c.state !== 'running' && c.state !== 'paused' && !c.isInfra);
  const remaining = containers.filter((c) => !stopped.includes(c));
  const usedNets = new Set(remaining.flatMap((c) => c.networks));
  const usedImages = new Set(remaining.map((c) => c.imageId.replace(/^sha256:/, '')));
  const pods = [...s.pods].filter((p) => !/^(running|degraded|paused)$/i.test(p.status));
  return {
    containers: stopped.map((c) => c.name).sort(),
    pods: pods.map((p) => p.name).sort(),
    images: s.images
      .filter((i) => i.dangling && !usedImages.has(i.id))
      .map(imageLabel)
      .sort(),
    networks: s.networks
      .filter((n) => !DEFAULT_NETWORKS.has(n.name) && !usedNets.has(n.name))
      .map((n) => n.name)
      .sort(),
    volumes: [...(s.danglingVolumes ?? [])].sort(),
  };
}

/** The plan as text for a modal dialog (long lists are cut). */
export function describePlan(p: PrunePlan, max = 15): string {
  const part = (title: string, names: string[]) =>
    names.length
      ? `${title} (${names.length}): ${names.slice(0, max).join(', ')}${names.length > max ? `, and ${names.length - max} more` : ''}`
      : '';
  const parts = [
    part('Stopped containers', p.containers),
    part('Stopped pods', p.pods),
    part('Dangling images', p.images),
    part('Unused networks', p.networks),
    part('Unused volumes', p.volumes),
  ].filter(Boolean);
  return parts.length ? parts.join('\n') : 'Nothing to remove.';
}
