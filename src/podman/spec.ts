// The container create spec (libpod's SpecGenerator, POST /libpod/containers/create): the fields
// this project sets, typed, so a misspelt one is a compile error instead of a silent default.
import type { PortMappingSpec } from './ports';

/** A namespace choice: private, none, host, container (value: its id), pod, path (value: the path). */
export interface NamespaceSpec {
  nsmode: 'private' | 'none' | 'host' | 'container' | 'pod' | 'path' | 'slirp4netns' | 'bridge';
  value?: string;
}

/** An OCI mount: a bind (source on the Podman host), tmpfs, ... */
export interface MountSpec {
  type: string;
  source?: string;
  destination: string;
  options?: string[];
}

/** A named volume mounted at `Dest`. */
export interface NamedVolumeSpec {
  Name: string;
  Dest: string;
  Options?: string[];
}

/** An image mounted as a volume (libpod image_volumes). */
export interface ImageVolumeSpec {
  source: string;
  destination: string;
  rw?: boolean;
}

export interface ContainerCreateSpec {
  image: string;
  name?: string;
  command?: string[];
  entrypoint?: string[];
  env?: Record<string, string>;
  labels?: Record<string, string>;
  work_dir?: string;
  pod?: string;
  init?: boolean;
  /** Removed by Podman once it exits. */
  remove?: boolean;
  cap_add?: string[];
  /** Seconds Podman waits after the stop signal before it kills (Podman's default: 10). */
  stop_timeout?: number;
  pidns?: NamespaceSpec;
  netns?: NamespaceSpec;
  mounts?: MountSpec[];
  volumes?: NamedVolumeSpec[];
  image_volumes?: ImageVolumeSpec[];
  portmappings?: PortMappingSpec[];
}
