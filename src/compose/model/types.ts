// The typed, normalized Compose project model: what the loader makes of compose files after
// interpolation, merging, include, extends and profiles, with every value's file position kept.
// Plain data, no `vscode`: the engine, the language service and the converters read it.

/** A place in a compose file (0-based line and character, LSP style). */
export interface SourceRange {
  file: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

export interface ComposeIssue {
  severity: 'error' | 'warning';
  message: string;
  /** Where it is; absent when it concerns no one place (a missing file has only `file`). */
  range?: SourceRange;
  file?: string;
  /** The path of the value in the model, e.g. ['services', 'web', 'ports', 0]. */
  path?: (string | number)[];
}

export interface BuildSpec {
  /** Absolute folder. */
  context: string;
  /** Relative to the context (as the build reads it), e.g. "Containerfile". */
  dockerfile?: string;
  args: Record<string, string>;
  target?: string;
  /** Ids of top-level secrets given to the build. */
  secrets: string[];
  labels: Record<string, string>;
  tags: string[];
}

export interface PortSpec {
  /** Container port (the first of a range). */
  target: number;
  /** Host port or range as written ("8080", "8000-8009"); absent: Podman picks one. */
  published?: string;
  hostIp?: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  /** Number of consecutive ports (1 unless a range). */
  range: number;
}

export interface ServiceVolume {
  type: 'volume' | 'bind' | 'tmpfs' | 'npipe' | 'image' | 'cluster';
  /** A volume's key in `volumes:` (absent: anonymous), or the absolute host path of a bind. */
  source?: string;
  target: string;
  readOnly: boolean;
  /** Bind: create the host folder when missing (default true, as Compose). */
  createHostPath: boolean;
  /** Bind: SELinux relabel "z" or "Z". */
  selinux?: 'z' | 'Z';
  /** Tmpfs size in bytes. */
  tmpfsSize?: number;
  /** Volume: don't copy the image's content into a new volume. */
  nocopy: boolean;
  /** Mode/propagation options as written after the second colon that are none of the above. */
  extraOptions: string[];
}

export interface ServiceNetwork {
  aliases: string[];
  ipv4Address?: string;
  ipv6Address?: string;
}

export type DependsCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  condition: DependsCondition;
  /** A missing required dependency is an error; an optional one is skipped with a warning. */
  required: boolean;
  restart: boolean;
}

export interface Healthcheck {
  /** ["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"]. */
  test?: string[];
  /** Nanoseconds, as Podman's API wants them. */
  intervalNs?: number;
  timeoutNs?: number;
  startPeriodNs?: number;
  retries?: number;
  disable: boolean;
}

export interface ResourceLimits {
  /** Number of CPUs (fractions allowed). */
  cpus?: number;
  memoryBytes?: number;
  pids?: number;
}

export interface FileReference {
  /** The key in top-level secrets/configs. */
  source: string;
  /** Absolute path in the container. */
  target: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export interface ComposeService {
  name: string;
  image?: string;
  build?: BuildSpec;
  /** Exec form, or a shell string as written (which the engine splits like Compose does). */
  command?: string[] | string;
  entrypoint?: string[] | string;
  /** env_file values first, then `environment` over them (value absent: taken from the host env). */
  environment: Record<string, string>;
  ports: PortSpec[];
  expose: string[];
  volumes: ServiceVolume[];
  /** Absent (the key not written): the project's default network. */
  networks: Record<string, ServiceNetwork>;
  networkMode?: string;
  dependsOn: Record<string, Dependency>;
  healthcheck?: Healthcheck;
  restart?: string;
  labels: Record<string, string>;
  user?: string;
  workingDir?: string;
  hostname?: string;
  containerName?: string;
  capAdd: string[];
  capDrop: string[];
  devices: string[];
  init?: boolean;
  readOnly?: boolean;
  privileged?: boolean;
  tty?: boolean;
  stdinOpen?: boolean;
  stopSignal?: string;
  /** Seconds. */
  stopGracePeriod?: number;
  limits: ResourceLimits;
  /** Replicas from `deploy.replicas` or `scale` (default 1). */
  replicas: number;
  profiles: string[];
  pullPolicy?: string;
  secrets: FileReference[];
  configs: FileReference[];
  extraHosts: string[];
  dns: string[];
  /** Keys the loader read but the engine does not run, for warnings at their position. */
  otherKeys: string[];
  /** The service as merged and interpolated (plain YAML data; paths absolute): the config hash input. */
  raw: Record<string, unknown>;
}

export interface ComposeNetwork {
  key: string;
  /** The name Podman knows it by: `name:`, or `<project>_<key>`; external: `name:` or the key. */
  name: string;
  external: boolean;
  driver?: string;
  internal: boolean;
  labels: Record<string, string>;
  enableIpv6: boolean;
}

export interface ComposeVolume {
  key: string;
  name: string;
  external: boolean;
  driver?: string;
  driverOpts: Record<string, string>;
  labels: Record<string, string>;
}

export interface ComposeFileResource {
  key: string;
  name: string;
  /** Absolute path of the file (file-based); environment-based ones carry `environment`. */
  file?: string;
  environment?: string;
  content?: string;
  external: boolean;
}

export interface ComposeProject {
  name: string;
  /** Absolute folder relative paths were resolved against. */
  workingDir: string;
  /** The compose files, absolute, in merge order (includes and extends files not listed). */
  files: string[];
  services: Record<string, ComposeService>;
  networks: Record<string, ComposeNetwork>;
  volumes: Record<string, ComposeVolume>;
  secrets: Record<string, ComposeFileResource>;
  configs: Record<string, ComposeFileResource>;
  /**
   * The top-level networks, volumes, secrets and configs as merged and interpolated (plain YAML
   * data; file paths absolute), as `raw` is for a service: what the converters read.
   */
  sections: Record<'networks' | 'volumes' | 'secrets' | 'configs', Record<string, Record<string, unknown>>>;
  /** The environment interpolation used (host env over the project's .env). */
  environment: Record<string, string>;
  /** Where each value came from, by its path joined with "/" (e.g. "services/web/ports/0"). */
  positions: Map<string, SourceRange>;
  issues: ComposeIssue[];
}

/** Where the loader reads files (the language server passes open documents' text). */
export interface ComposeFileAccess {
  readFile(path: string): string | undefined;
  exists(path: string): boolean;
  isDirectory?(path: string): boolean;
}
