// A compose service → libpod's container create spec (POST /libpod/containers/create), with the
// Docker Compose labels and config hash, and a warning at its position for each key it cannot honour.
import { createHash } from 'node:crypto';
import { constants } from 'node:os';
import type { ContainerCreateSpec } from '../../podman/spec';
import type { ComposeProject, ComposeService } from '../model';
import { splitCommand } from '../model';

/** The Docker Compose labels (read by the tree, docker-compose and podman-compose). */
export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  hash: 'com.docker.compose.config-hash',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  oneoff: 'com.docker.compose.oneoff',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  podmanProject: 'io.podman.compose.project',
  podmanService: 'io.podman.compose.service',
} as const;

/** The libpod create spec fields the engine sets beyond the shared ContainerCreateSpec. */
export interface ComposeContainerSpec extends ContainerCreateSpec {
  user?: string;
  hostname?: string;
  cap_drop?: string[];
  devices?: { path: string }[];
  read_only_filesystem?: boolean;
  privileged?: boolean;
  terminal?: boolean;
  stdin?: boolean;
  stop_signal?: number;
  restart_policy?: string;
  restart_tries?: number;
  healthconfig?: { Test: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number };
  resource_limits?: {
    memory?: { limit: number };
    cpu?: { quota: number; period: number };
    pids?: { limit: number };
  };
  expose?: Record<number, string>;
  networks?: Record<string, { aliases?: string[]; static_ips?: string[]; static_mac?: string }>;
  hostadd?: string[];
  dns_server?: string[];
}

/** Service keys the model reads and this engine runs; the others are warned about. */
export const UNSUPPORTED_NOTE: Record<string, string> = {
  logging: 'the container uses Podman\u2019s log driver',
};

export function containerName(project: string, service: ComposeService, n: number): string {
  return service.containerName ?? `${project}-${service.name}-${n}`;
}

/** The image a service runs: `image:`, or the name Compose gives a built one (`<project>-<service>`). */
export function serviceImage(project: ComposeProject, service: ComposeService): string {
  return service.image ?? `${project.name}-${service.name}`;
}

/** Hash of what makes the container: the service as merged, interpolated, resolved (keys sorted). */
export function configHash(service: ComposeService, extra: unknown = {}): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  const { environment, ...raw } = service.raw;
  void environment;
  return createHash('sha256')
    .update(JSON.stringify(sorted({ raw, env: service.environment, extra })))
    .digest('hex');
}

const commandList = (c: string[] | string | undefined): string[] | undefined =>
  c === undefined ? undefined : Array.isArray(c) ? c : splitCommand(c);

function signalNumber(name: string | undefined): number | undefined {
  if (!name) return undefined;
  const key = (
    name.toUpperCase().startsWith('SIG') ? name.toUpperCase() : `SIG${name.toUpperCase()}`
  ) as keyof typeof constants.signals;
  return /^\d+$/.test(name) ? Number(name) : constants.signals[key];
}

function healthconfig(service: ComposeService): ComposeContainerSpec['healthconfig'] {
  const h = service.healthcheck;
  if (!h) return undefined;
  if (h.disable) return { Test: ['NONE'] };
  if (!h.test) return undefined;
  return {
    Test: h.test,
    Interval: h.intervalNs ?? 30e9,
    Timeout: h.timeoutNs ?? 30e9,
    Retries: h.retries ?? 3,
    StartPeriod: h.startPeriodNs ?? 0,
  };
}

function resourceLimits(service: ComposeService): ComposeContainerSpec['resource_limits'] {
  const l = service.limits;
  if (l.cpus === undefined && l.memoryBytes === undefined && l.pids === undefined) return undefined;
  return {
    ...(l.memoryBytes !== undefined ? { memory: { limit: l.memoryBytes } } : {}),
    ...(l.cpus !== undefined ? { cpu: { quota: Math.round(l.cpus * 100000), period: 100000 } } : {}),
    ...(l.pids !== undefined ? { pids: { limit: l.pids } } : {}),
  };
}

function restartPolicy(restart: string | undefined): Pick<ComposeContainerSpec, 'restart_policy' | 'restart_tries'> {
  if (!restart || restart === 'no') return {};
  const [policy, tries] = restart.split(':');
  return { restart_policy: policy, ...(tries ? { restart_tries: Number(tries) } : {}) };
}

export interface SpecContext {
  project: ComposeProject;
  /** Container number (1-based replica). */
  number: number;
  hash: string;
  /** The pod the container joins (podman.compose.pod), if any. */
  pod?: string;
  /** Network name → static address and host entries, where the network has no DNS. */
  addressing: { networks: Record<string, { aliases: string[]; staticIp?: string }>; hosts: string[] };
}

/**
 * The MAC of a static address, fixed by it (locally administered, 02:50:<address>), so a
 * recreated container answers at once: its neighbours' ARP caches still hold the right MAC.
 */
export function staticMac(ip: string): string {
  return ['02', '50', ...ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))].join(':');
}

function mountsAndVolumes(ctx: SpecContext, service: ComposeService) {
  const mounts: NonNullable<ContainerCreateSpec['mounts']> = [];
  const volumes: NonNullable<ContainerCreateSpec['volumes']> = [];
  for (const v of service.volumes) {
    const opts = [v.readOnly ? 'ro' : 'rw', ...(v.selinux ? [v.selinux] : []), ...v.extraOptions];
    if (v.type === 'bind') {
      mounts.push({ type: 'bind', source: v.source, destination: v.target, options: ['rbind', ...opts] });
    } else if (v.type === 'tmpfs') {
      mounts.push({
        type: 'tmpfs',
        source: 'tmpfs',
        destination: v.target,
        options: v.tmpfsSize ? [`size=${v.tmpfsSize}`] : [],
      });
    } else if (v.type === 'volume') {
      const name = v.source ? (ctx.project.volumes[v.source]?.name ?? v.source) : '';
      volumes.push({ Name: name, Dest: v.target, Options: [...opts, ...(v.nocopy ? ['nocopy'] : [])] });
    }
  }
  for (const ref of [...service.secrets, ...service.configs]) {
    const res = ctx.project.secrets[ref.source] ?? ctx.project.configs[ref.source];
    if (res?.file) mounts.push({ type: 'bind', source: res.file, destination: ref.target, options: ['rbind', 'ro'] });
  }
  return { mounts, volumes };
}

/** The create spec of one container of a service. */
export function containerSpec(ctx: SpecContext, service: ComposeService, image: string): ComposeContainerSpec {
  const p = ctx.project;
  const { mounts, volumes } = mountsAndVolumes(ctx, service);
  const networks = Object.fromEntries(
    Object.entries(ctx.addressing.networks).map(([name, a]) => [
      name,
      { aliases: a.aliases, ...(a.staticIp ? { static_ips: [a.staticIp], static_mac: staticMac(a.staticIp) } : {}) },
    ]),
  );
  const spec: ComposeContainerSpec = {
    image,
    name: containerName(p.name, service, ctx.number),
    command: commandList(service.command),
    entrypoint: commandList(service.entrypoint),
    env: service.environment,
    labels: {
      ...service.labels,
      [LABEL.project]: p.name,
      [LABEL.service]: service.name,
      [LABEL.number]: String(ctx.number),
      [LABEL.hash]: ctx.hash,
      [LABEL.workingDir]: p.workingDir,
      [LABEL.configFiles]: p.files.join(','),
      [LABEL.oneoff]: 'False',
    },
    work_dir: service.workingDir,
    user: service.user,
    hostname: service.hostname,
    cap_add: service.capAdd.length ? service.capAdd : undefined,
    cap_drop: service.capDrop.length ? service.capDrop : undefined,
    devices: service.devices.length ? service.devices.map((path) => ({ path })) : undefined,
    init: service.init,
    read_only_filesystem: service.readOnly,
    privileged: service.privileged,
    terminal: service.tty,
    stdin: service.stdinOpen,
    stop_signal: signalNumber(service.stopSignal),
    stop_timeout: service.stopGracePeriod === undefined ? undefined : Math.ceil(service.stopGracePeriod),
    ...restartPolicy(service.restart),
    healthconfig: healthconfig(service),
    resource_limits: resourceLimits(service),
    mounts: mounts.length ? mounts : undefined,
    volumes: volumes.length ? volumes : undefined,
    hostadd: [...service.extraHosts, ...ctx.addressing.hosts],
    dns_server: service.dns.length ? service.dns : undefined,
  };
  if (ctx.pod) spec.pod = ctx.pod;
  else if (service.networkMode) spec.netns = networkMode(service.networkMode);
  else {
    spec.netns = { nsmode: 'bridge' };
    spec.networks = networks;
    spec.portmappings = portMappings(service);
    spec.expose = exposed(service);
  }
  return spec;
}

function networkMode(mode: string): ContainerCreateSpec['netns'] {
  if (mode === 'host' || mode === 'none') return { nsmode: mode };
  if (mode.startsWith('container:')) return { nsmode: 'container', value: mode.slice('container:'.length) };
  return { nsmode: 'bridge' };
}

export function portMappings(service: ComposeService): NonNullable<ContainerCreateSpec['portmappings']> {
  return service.ports.map((p) => {
    const [first] = (p.published ?? '').split('-');
    return {
      container_port: p.target,
      ...(first ? { host_port: Number(first) } : {}),
      ...(p.hostIp && p.hostIp !== '0.0.0.0' ? { host_ip: p.hostIp } : {}),
      ...(p.range > 1 ? { range: p.range } : {}),
      protocol: p.protocol,
    };
  });
}

function exposed(service: ComposeService): Record<number, string> | undefined {
  if (!service.expose.length) return undefined;
  return Object.fromEntries(
    service.expose.map((e) => {
      const [port, proto = 'tcp'] = e.split('/');
      return [Number(port.split('-')[0]), proto];
    }),
  );
}
