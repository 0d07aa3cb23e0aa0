// Plain models of what the Podman API returns, and the parsers that validate answers at the
// boundary: a field of the wrong type becomes a safe default instead of a crash deeper in.
import { COMPOSE_PROJECT_LABELS } from './labels';

export type ContainerState =
  | 'created'
  | 'running'
  | 'paused'
  | 'exited'
  | 'stopped'
  | 'stopping'
  | 'removing'
  | 'configured'
  | 'initialized'
  | 'unknown';

export interface PortMapping {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
  range: number;
}

export interface ContainerSummary {
  id: string;
  name: string;
  names: string[];
  image: string;
  imageId: string;
  command: string[];
  state: ContainerState;
  status: string;
  created: number; // ms since epoch
  startedAt: number; // s since epoch, 0 if never
  exitCode: number;
  ports: PortMapping[];
  labels: Record<string, string>;
  podId: string;
  podName: string;
  isInfra: boolean;
  networks: string[];
  /** Compose project from its labels, if any. */
  composeProject?: string;
}

export interface PodSummary {
  id: string;
  name: string;
  status: string; // Running, Stopped, Exited, Paused, Degraded, Created, Error
  infraId: string;
  created: number;
  labels: Record<string, string>;
  containers: { id: string; name: string; status: string }[];
}

export interface ImageSummary {
  id: string;
  repoTags: string[];
  /** registry/repository@digest of the manifests the image was pulled or pushed as. */
  repoDigests?: string[];
  created: number; // ms
  size: number;
  containers: number;
  dangling: boolean;
  labels: Record<string, string>;
}

export interface VolumeSummary {
  name: string;
  driver: string;
  mountpoint: string;
  created: string;
  labels: Record<string, string>;
}

export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  iface: string;
  subnets: string[];
  internal: boolean;
  labels: Record<string, string>;
}

export interface PodmanEvent {
  type: string; // container, pod, image, volume, network, system
  action: string; // libpod names: create, start, died, stop, pause, unpause, remove, cleanup, ...
  id: string;
  name: string;
  attributes: Record<string, string>;
  timeNano: bigint;
  /** Seconds since epoch (for `since=` replays). */
  time: number;
  /** health_status events: healthy, unhealthy or starting (the event's top-level HealthStatus). */
  healthStatus?: string;
}

type Json = unknown;
const obj = (v: Json): Record<string, Json> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>) : {};
const str = (v: Json, d = ''): string => (typeof v === 'string' ? v : d);
const num = (v: Json, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const bool = (v: Json): boolean => v === true;
const arr = (v: Json): Json[] => (Array.isArray(v) ? v : []);
const strArr = (v: Json): string[] => arr(v).filter((x): x is string => typeof x === 'string');
export function strMap(v: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) if (typeof x === 'string') out[k] = x;
  return out;
}
const isoMs = (v: Json): number => {
  if (typeof v === 'number') return v * 1000;
  const t = Date.parse(str(v));
  return Number.isNaN(t) ? 0 : t;
};

const STATES = new Set<ContainerState>([
  'created',
  'running',
  'paused',
  'exited',
  'stopped',
  'stopping',
  'removing',
  'configured',
  'initialized',
]);
export function parseState(v: Json): ContainerState {
  const s = str(v).toLowerCase();
  return STATES.has(s as ContainerState) ? (s as ContainerState) : 'unknown';
}

export function parseContainer(raw: Json): ContainerSummary | undefined {
  const o = obj(raw);
  const id = str(o.Id);
  if (!id) return undefined;
  const names = strArr(o.Names).map((n) => n.replace(/^\//, ''));
  const labels = strMap(o.Labels);
  const ports = arr(o.Ports).map((p) => {
    const q = obj(p);
    return {
      hostIp: str(q.host_ip ?? q.IP),
      hostPort: num(q.host_port ?? q.PublicPort),
      containerPort: num(q.container_port ?? q.PrivatePort),
      protocol: str(q.protocol ?? q.Type, 'tcp'),
      range: num(q.range, 1),
    };
  });
  const composeProject = COMPOSE_PROJECT_LABELS.map((l) => labels[l]).find(Boolean);
  return {
    id,
    name: names[0] ?? id.slice(0, 12),
    names,
    image: str(o.Image),
    imageId: str(o.ImageID),
    command: strArr(o.Command),
    state: parseState(o.State),
    status: str(o.Status),
    created: isoMs(o.Created),
    startedAt: num(o.StartedAt),
    exitCode: num(o.ExitCode),
    ports,
    labels,
    podId: str(o.Pod),
    podName: str(o.PodName),
    isInfra: bool(o.IsInfra),
    networks: strArr(o.Networks),
    ...(composeProject ? { composeProject } : {}),
  };
}

/**
 * The list entry of one container, from its libpod inspect (`GET /containers/{id}/json`): Podman 4.3
 * answers it from that container alone, while a list filtered by id still loads every container
 * (50 times the server's work with 200 of them). Undefined when the inspect cannot give exactly
 * what the list gives: a container in a pod (the list adds the pod's name) or with published ports
 * (the list keeps their ranges as given; inspect expands them); the caller lists it then.
 */
export function containerFromInspect(raw: Json): ContainerSummary | undefined {
  const o = obj(raw);
  const config = obj(o.Config);
  const state = obj(o.State);
  const network = obj(o.NetworkSettings);
  const published = Object.values(obj(network.Ports)).some((bindings) => arr(bindings).length > 0);
  if (!str(o.Id) || str(o.Pod) || published) return undefined;
  const health = obj(state.Health ?? state.Healthcheck);
  return parseContainer({
    Id: o.Id,
    Names: [o.Name],
    Image: o.ImageName,
    ImageID: o.Image,
    Command: config.Cmd,
    State: state.Status,
    Status: str(health.Status),
    Created: o.Created,
    StartedAt: unixSeconds(state.StartedAt),
    ExitCode: state.ExitCode,
    Ports: [],
    Labels: config.Labels,
    Pod: '',
    PodName: '',
    IsInfra: o.IsInfra,
    Networks: Object.keys(obj(network.Networks)),
  });
}

/** Go's time.Unix() of an RFC 3339 time (the zero time included: -62135596800). */
function unixSeconds(v: Json): number {
  const ms = Date.parse(str(v));
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

export function parsePod(raw: Json): PodSummary | undefined {
  const o = obj(raw);
  const id = str(o.Id);
  if (!id) return undefined;
  return {
    id,
    name: str(o.Name, id.slice(0, 12)),
    status: str(o.Status, 'Unknown'),
    infraId: str(o.InfraId),
    created: isoMs(o.Created),
    labels: strMap(o.Labels),
    containers: arr(o.Containers).map((c) => {
      const q = obj(c);
      return { id: str(q.Id), name: str(q.Names), status: str(q.Status) };
    }),
  };
}

export function parseImage(raw: Json): ImageSummary | undefined {
  const o = obj(raw);
  const id = str(o.Id).replace(/^sha256:/, '');
  if (!id) return undefined;
  const repoTags = strArr(o.RepoTags).filter((t) => t !== '<none>:<none>' && t !== '<none>');
  return {
    id,
    repoTags,
    repoDigests: strArr(o.RepoDigests),
    created: isoMs(o.Created),
    size: num(o.Size),
    containers: num(o.Containers),
    dangling: o.Dangling === true || repoTags.length === 0,
    labels: strMap(o.Labels),
  };
}

export function parseVolume(raw: Json): VolumeSummary | undefined {
  const o = obj(raw);
  const name = str(o.Name);
  if (!name) return undefined;
  return {
    name,
    driver: str(o.Driver, 'local'),
    mountpoint: str(o.Mountpoint),
    created: str(o.CreatedAt),
    labels: strMap(o.Labels),
  };
}

export function parseNetwork(raw: Json): NetworkSummary | undefined {
  const o = obj(raw);
  const name = str(o.name ?? o.Name);
  if (!name) return undefined;
  return {
    id: str(o.id ?? o.Id),
    name,
    driver: str(o.driver ?? o.Driver),
    iface: str(o.network_interface),
    subnets: arr(o.subnets)
      .map((s) => str(obj(s).subnet))
      .filter(Boolean),
    internal: bool(o.internal ?? o.Internal),
    labels: strMap(o.labels ?? o.Labels),
  };
}

/** Compat (Docker) action names mapped to libpod's, so consumers see one vocabulary. */
const COMPAT_ACTIONS: Record<string, string> = { die: 'died', destroy: 'remove', delete: 'remove', untag: 'untag' };

export function parseEvent(raw: Json): PodmanEvent | undefined {
  const o = obj(raw);
  const type = str(o.Type ?? o.type).toLowerCase();
  const rawAction = str(o.Action ?? o.status);
  if (!type || !rawAction) return undefined;
  const action = COMPAT_ACTIONS[rawAction] ?? rawAction;
  const actor = obj(o.Actor);
  const attributes = strMap(actor.Attributes);
  const timeNano =
    typeof o.timeNano === 'number' ? BigInt(Math.round(o.timeNano)) : BigInt(num(o.time)) * 1_000_000_000n;
  const healthStatus = str(o.HealthStatus);
  return {
    type,
    action,
    id: str(actor.ID ?? o.id),
    // Network events (Podman 4.4+; 4.3 emits none) leave `name` empty and name the network in `network`.
    name: attributes.name || (type === 'network' ? (attributes.network ?? '') : ''),
    attributes,
    timeNano,
    time: num(o.time),
    ...(healthStatus ? { healthStatus } : {}),
  };
}

export function parseList<T>(raw: Json, parse: (x: Json) => T | undefined): T[] {
  const out: T[] = [];
  for (const x of arr(raw)) {
    const v = parse(x);
    if (v !== undefined) out.push(v);
  }
  return out;
}

/** The state a container event puts the container in, if the event says it (no re-list needed). */
export function stateAfterEvent(action: string): ContainerState | undefined {
  switch (action) {
    case 'start':
    case 'restart':
    case 'unpause':
      return 'running';
    case 'pause':
      return 'paused';
    case 'died':
    case 'stop':
      return 'exited';
    case 'create':
    case 'init':
      return 'created';
    default:
      return undefined;
  }
}
