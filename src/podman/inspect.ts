// Typed inspect records (container, image, pod, volume, network), validated at the boundary.
// They keep Podman's own field names and every field Podman sends: the inspect document shows them
// and the Quadlet generator reads them as `podman inspect` prints them. The fields typed here are
// checked; one of the wrong type is dropped (read as absent) instead of misleading a consumer.
// Only fields of one type in every supported Podman are typed (Config.Entrypoint of a container is
// a string before Podman 5 and a list since).
import { PodmanError } from './errors';

type Check = 'string' | 'number' | 'boolean' | 'strings' | 'stringMap' | Shape | [Shape];
interface Shape {
  [field: string]: Check;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** `value` if it passes `check` (objects: a copy with the failing fields dropped), else undefined. */
function conform(value: unknown, check: Check): unknown {
  if (value === null && check !== 'string' && check !== 'number' && check !== 'boolean') return null;
  if (check === 'strings') return Array.isArray(value) && value.every((x) => typeof x === 'string') ? value : undefined;
  if (check === 'stringMap') {
    return isObject(value) && Object.values(value).every((x) => typeof x === 'string') ? value : undefined;
  }
  if (typeof check === 'string') return typeof value === check ? value : undefined;
  if (Array.isArray(check)) {
    return Array.isArray(value)
      ? value.map((x) => conform(x, check[0])).filter((x) => x !== undefined && x !== null)
      : undefined;
  }
  if (!isObject(value)) return undefined;
  const out: Record<string, unknown> = { ...value };
  for (const [field, fieldCheck] of Object.entries(check)) {
    if (!(field in out)) continue;
    const v = conform(out[field], fieldCheck);
    if (v === undefined) delete out[field];
    else out[field] = v;
  }
  return out;
}

/** Validates an inspect answer against `shape`; `key` must be a non-empty string. */
function record<T>(raw: unknown, shape: Shape, key: string, what: string): T {
  const out = conform(raw, shape) as Record<string, unknown> | undefined;
  if (!out || typeof out[key] !== 'string' || !out[key]) {
    throw new PodmanError('server', `Podman answered the ${what} inspect without ${key}.`);
  }
  return out as T;
}

export interface InspectMount {
  Type?: string;
  Name?: string;
  Source?: string;
  Destination?: string;
  RW?: boolean;
  [field: string]: unknown;
}

export interface ContainerInspect {
  Id: string;
  Name?: string;
  Image?: string;
  ImageName?: string;
  Pod?: string;
  State?: {
    Status?: string;
    Running?: boolean;
    Paused?: boolean;
    Pid?: number;
    ExitCode?: number;
    [f: string]: unknown;
  };
  Config?: {
    Env?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
    Image?: string;
    [field: string]: unknown;
  };
  HostConfig?: {
    SecurityOpt?: string[] | null;
    CapAdd?: string[] | null;
    Privileged?: boolean;
    Init?: boolean;
    [field: string]: unknown;
  };
  Mounts?: InspectMount[] | null;
  [field: string]: unknown;
}

const MOUNT: Shape = { Type: 'string', Name: 'string', Source: 'string', Destination: 'string', RW: 'boolean' };

const CONTAINER: Shape = {
  Id: 'string',
  Name: 'string',
  Image: 'string',
  ImageName: 'string',
  Pod: 'string',
  State: { Status: 'string', Running: 'boolean', Paused: 'boolean', Pid: 'number', ExitCode: 'number' },
  Config: { Env: 'strings', Cmd: 'strings', WorkingDir: 'string', Labels: 'stringMap', Image: 'string' },
  HostConfig: { SecurityOpt: 'strings', CapAdd: 'strings', Privileged: 'boolean', Init: 'boolean' },
  Mounts: [MOUNT],
};

export function parseContainerInspect(raw: unknown): ContainerInspect {
  return record(raw, CONTAINER, 'Id', 'container');
}

export interface ImageInspect {
  Id: string;
  RepoTags?: string[] | null;
  Digest?: string;
  Size?: number;
  Config?: {
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    [field: string]: unknown;
  };
  Labels?: Record<string, string> | null;
  [field: string]: unknown;
}

const IMAGE: Shape = {
  Id: 'string',
  RepoTags: 'strings',
  Digest: 'string',
  Size: 'number',
  Config: { Entrypoint: 'strings', Cmd: 'strings', WorkingDir: 'string', Env: 'strings', Labels: 'stringMap' },
  Labels: 'stringMap',
};

export function parseImageInspect(raw: unknown): ImageInspect {
  return record(raw, IMAGE, 'Id', 'image');
}

export interface PodInspect {
  Id: string;
  Name?: string;
  State?: string;
  InfraContainerID?: string;
  Labels?: Record<string, string> | null;
  Containers?: { Id?: string; Name?: string; State?: string; [field: string]: unknown }[] | null;
  [field: string]: unknown;
}

const POD: Shape = {
  Id: 'string',
  Name: 'string',
  State: 'string',
  InfraContainerID: 'string',
  Labels: 'stringMap',
  Containers: [{ Id: 'string', Name: 'string', State: 'string' }],
};

export function parsePodInspect(raw: unknown): PodInspect {
  return record(raw, POD, 'Id', 'pod');
}

export interface VolumeInspect {
  Name: string;
  Driver?: string;
  Mountpoint?: string;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
  [field: string]: unknown;
}

const VOLUME: Shape = {
  Name: 'string',
  Driver: 'string',
  Mountpoint: 'string',
  Labels: 'stringMap',
  Options: 'stringMap',
};

export function parseVolumeInspect(raw: unknown): VolumeInspect {
  return record(raw, VOLUME, 'Name', 'volume');
}

/** libpod's network (lower-case field names, as netavark's). */
export interface NetworkInspect {
  name: string;
  id?: string;
  driver?: string;
  network_interface?: string;
  internal?: boolean;
  dns_enabled?: boolean;
  labels?: Record<string, string> | null;
  subnets?: { subnet?: string; gateway?: string; [field: string]: unknown }[] | null;
  [field: string]: unknown;
}

const NETWORK: Shape = {
  name: 'string',
  id: 'string',
  driver: 'string',
  network_interface: 'string',
  internal: 'boolean',
  dns_enabled: 'boolean',
  labels: 'stringMap',
  subnets: [{ subnet: 'string', gateway: 'string' }],
};

export function parseNetworkInspect(raw: unknown): NetworkInspect {
  return record(raw, NETWORK, 'name', 'network');
}
