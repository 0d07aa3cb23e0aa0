// Plain fixtures for the explorer's unit tests: summaries and a fake client.
import type {
  ContainerSummary,
  ImageSummary,
  NetworkSummary,
  PodmanEvent,
  PodSummary,
  VolumeSummary,
} from '../../../../src/podman/models';
import type { StoreClient } from '../../../../src/explorer/model/store';

let seq = 0;
export const hex = (n: number) => n.toString(16).padStart(12, '0').padEnd(64, 'a');

export function ctr(p: Partial<ContainerSummary> & { name: string }): ContainerSummary {
  return {
    id: p.id ?? hex(++seq),
    names: [p.name],
    image: 'localhost/app:1',
    imageId: 'img1',
    command: ['sleep'],
    state: 'running',
    status: 'Up 2 minutes',
    created: 1_700_000_000_000,
    startedAt: 1_700_000_000,
    exitCode: 0,
    ports: [],
    labels: {},
    podId: '',
    podName: '',
    isInfra: false,
    networks: ['podman'],
    ...p,
  };
}

export function pod(p: Partial<PodSummary> & { name: string }): PodSummary {
  return {
    id: p.id ?? hex(++seq),
    status: 'Running',
    infraId: '',
    created: 1_700_000_000_000,
    labels: {},
    containers: [],
    ...p,
  };
}

export function image(p: Partial<ImageSummary>): ImageSummary {
  return {
    id: p.id ?? hex(++seq),
    repoTags: [],
    created: 0,
    size: 1234,
    containers: 0,
    dangling: false,
    labels: {},
    ...p,
  };
}

export function ev(type: string, action: string, id: string, attributes: Record<string, string> = {}): PodmanEvent {
  return { type, action, id, name: attributes.name ?? '', attributes, timeNano: 0n, time: 1_700_000_100 };
}

export class FakeClient implements StoreClient {
  calls: string[] = [];
  constructor(
    public containers: ContainerSummary[] = [],
    public pods: PodSummary[] = [],
    public images: ImageSummary[] = [],
    public volumes: VolumeSummary[] = [],
    public networks: NetworkSummary[] = [],
  ) {}
  async listContainers() {
    this.calls.push('listContainers');
    return [...this.containers];
  }
  async getContainer(id: string) {
    this.calls.push(`getContainer ${id}`);
    return this.containers.find((c) => c.id === id);
  }
  async listPods(filters?: Record<string, string[]>) {
    this.calls.push(filters ? `listPods ${filters.id?.[0]}` : 'listPods');
    return filters?.id ? this.pods.filter((p) => p.id === filters.id[0]) : [...this.pods];
  }
  async listImages() {
    this.calls.push('listImages');
    return [...this.images];
  }
  async listVolumes() {
    this.calls.push('listVolumes');
    return [...this.volumes];
  }
  async listNetworks() {
    this.calls.push('listNetworks');
    return [...this.networks];
  }
}

export const tick = () => new Promise((r) => setImmediate(r));
