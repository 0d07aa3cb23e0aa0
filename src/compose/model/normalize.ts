// Merged compose data → the typed model: each service's keys read into their normalized forms,
// top-level networks/volumes/secrets/configs named as Podman will know them, and an issue at the
// value's position for each value of the wrong form.
import type {
  ComposeFileResource,
  ComposeIssue,
  ComposeNetwork,
  ComposeService,
  ComposeVolume,
  Dependency,
  DependsCondition,
  FileReference,
  Healthcheck,
  ServiceNetwork,
} from './types';
import { type Positions, pathKey } from './source';
import {
  commandValue,
  keyValues,
  parseBytes,
  parseDuration,
  parsePort,
  parseServiceVolume,
  scalarText,
  ValueError,
} from './values';

type Data = Record<string, unknown>;
const isMap = (v: unknown): v is Data => !!v && typeof v === 'object' && !Array.isArray(v);

/** Reports issues at positions while reading one service. */
export class IssueSink {
  constructor(
    readonly positions: Positions,
    readonly issues: ComposeIssue[],
  ) {}
  add(severity: ComposeIssue['severity'], message: string, path: (string | number)[]): void {
    const range = this.nearest(path);
    this.issues.push({ severity, message, path, range, file: range?.file });
  }
  private nearest(path: (string | number)[]) {
    for (let n = path.length; n >= 0; n--) {
      const r = this.positions.get(pathKey(path.slice(0, n)));
      if (r) return r;
    }
    return undefined;
  }
  /** Runs a parser; on ValueError reports it at `path` and returns undefined. */
  try<T>(path: (string | number)[], parse: () => T): T | undefined {
    try {
      return parse();
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      this.add('error', e.message, path);
      return undefined;
    }
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(scalarText) : v == null ? [] : [scalarText(v)]);
const optString = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : scalarText(v));

function stringRecord(v: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(keyValues(v)).map(([k, val]) => [k, val ?? '']));
}

const CONDITIONS: DependsCondition[] = ['service_started', 'service_healthy', 'service_completed_successfully'];

function dependsOn(v: unknown, path: (string | number)[], sink: IssueSink): Record<string, Dependency> {
  const out: Record<string, Dependency> = {};
  const entries: [string, unknown][] = Array.isArray(v)
    ? v.map((s) => [String(s), {}])
    : Object.entries(isMap(v) ? v : {});
  for (const [name, spec] of entries) {
    const o = isMap(spec) ? spec : {};
    const condition = String(o.condition ?? 'service_started') as DependsCondition;
    if (!CONDITIONS.includes(condition)) {
      sink.add('error', `Unknown depends_on condition "${condition}" (${CONDITIONS.join(', ')})`, [
        ...path,
        name,
        'condition',
      ]);
    }
    out[name] = { condition, required: o.required !== false, restart: o.restart === true };
  }
  return out;
}

function healthcheck(v: unknown, path: (string | number)[], sink: IssueSink): Healthcheck | undefined {
  if (!isMap(v)) return undefined;
  const ns = (key: string) =>
    v[key] === undefined ? undefined : sink.try([...path, key], () => Math.round(parseDuration(v[key]) * 1e9));
  const test = v.test === undefined ? undefined : typeof v.test === 'string' ? ['CMD-SHELL', v.test] : strings(v.test);
  return {
    test,
    intervalNs: ns('interval'),
    timeoutNs: ns('timeout'),
    startPeriodNs: ns('start_period'),
    retries: v.retries === undefined ? undefined : Number(v.retries),
    disable: v.disable === true || test?.[0] === 'NONE',
  };
}

function serviceNetworks(v: unknown): Record<string, ServiceNetwork> {
  const entries: [string, unknown][] = Array.isArray(v)
    ? v.map((n) => [String(n), null])
    : Object.entries(isMap(v) ? v : {});
  return Object.fromEntries(
    entries.map(([name, o]) => {
      const spec = isMap(o) ? o : {};
      return [
        name,
        {
          aliases: strings(spec.aliases),
          ipv4Address: optString(spec.ipv4_address),
          ipv6Address: optString(spec.ipv6_address),
        },
      ];
    }),
  );
}

function fileRefs(v: unknown): FileReference[] {
  return (Array.isArray(v) ? v : []).map((item) => {
    const o = isMap(item) ? item : { source: String(item) };
    const source = String(o.source);
    const target = o.target ? String(o.target) : source;
    return {
      source,
      target,
      uid: optString(o.uid),
      gid: optString(o.gid),
      mode: o.mode === undefined ? undefined : typeof o.mode === 'number' ? o.mode : parseInt(String(o.mode), 8),
    };
  });
}

/** Keys the model reads; any other (non x-) key is listed in `otherKeys`. */
const KNOWN = new Set(
  (
    'name image build command entrypoint environment env_file ports expose volumes networks network_mode depends_on ' +
    'healthcheck restart labels user working_dir hostname container_name cap_add cap_drop devices init read_only ' +
    'privileged tty stdin_open stop_signal stop_grace_period deploy scale profiles pull_policy secrets configs ' +
    'extra_hosts dns extends mem_limit cpus pids_limit'
  ).split(' '),
);

function limits(s: Data, path: (string | number)[], sink: IssueSink) {
  const deploy = isMap(s.deploy) ? s.deploy : {};
  const resources = isMap(deploy.resources) ? deploy.resources : {};
  const l = isMap(resources.limits) ? resources.limits : {};
  const at = [...path, 'deploy', 'resources', 'limits'];
  const memory = l.memory ?? s.mem_limit;
  return {
    cpus: (l.cpus ?? s.cpus) ? Number(l.cpus ?? s.cpus) : undefined,
    memoryBytes: memory === undefined ? undefined : sink.try([...at, 'memory'], () => parseBytes(memory)),
    pids: (l.pids ?? s.pids_limit) ? Number(l.pids ?? s.pids_limit) : undefined,
  };
}

function replicas(s: Data): number {
  const deploy = isMap(s.deploy) ? s.deploy : {};
  const n = deploy.replicas ?? s.scale;
  return n === undefined || n === null ? 1 : Number(n);
}

/** One merged, extends-resolved service → its typed form. `environment` must already hold env_file values. */
export function normalizeService(name: string, s: Data, sink: IssueSink): ComposeService {
  const path = ['services', name];
  const list = <T>(key: string, parse: (v: unknown) => T): T[] =>
    (Array.isArray(s[key]) ? (s[key] as unknown[]) : []).flatMap((v, i) => {
      const r = sink.try([...path, key, i], () => parse(v));
      return r === undefined ? [] : [r];
    });
  const build = isMap(s.build) ? s.build : undefined;
  return {
    name,
    image: optString(s.image),
    build: build && {
      context: String(build.context ?? '.'),
      dockerfile: optString(build.dockerfile),
      args: stringRecord(build.args),
      target: optString(build.target),
      secrets: fileRefs(build.secrets).map((r) => r.source),
      labels: stringRecord(build.labels),
      tags: strings(build.tags),
    },
    command: commandValue(s.command),
    entrypoint: commandValue(s.entrypoint),
    environment: stringRecord(s.environment),
    ports: list('ports', parsePort),
    expose: strings(s.expose),
    volumes: list('volumes', parseServiceVolume),
    networks: serviceNetworks(s.networks),
    networkMode: optString(s.network_mode),
    dependsOn: dependsOn(s.depends_on, [...path, 'depends_on'], sink),
    healthcheck: healthcheck(s.healthcheck, [...path, 'healthcheck'], sink),
    restart: optString(s.restart),
    labels: stringRecord(s.labels),
    user: optString(s.user),
    workingDir: optString(s.working_dir),
    hostname: optString(s.hostname),
    containerName: optString(s.container_name),
    capAdd: strings(s.cap_add),
    capDrop: strings(s.cap_drop),
    devices: strings(s.devices),
    init: typeof s.init === 'boolean' ? s.init : undefined,
    readOnly: typeof s.read_only === 'boolean' ? s.read_only : undefined,
    privileged: typeof s.privileged === 'boolean' ? s.privileged : undefined,
    tty: typeof s.tty === 'boolean' ? s.tty : undefined,
    stdinOpen: typeof s.stdin_open === 'boolean' ? s.stdin_open : undefined,
    stopSignal: optString(s.stop_signal),
    stopGracePeriod:
      s.stop_grace_period === undefined
        ? undefined
        : sink.try([...path, 'stop_grace_period'], () => parseDuration(s.stop_grace_period)),
    limits: limits(s, path, sink),
    replicas: replicas(s),
    profiles: strings(s.profiles),
    pullPolicy: optString(s.pull_policy),
    secrets: fileRefs(s.secrets).map((r) => ({
      ...r,
      target: r.target.startsWith('/') ? r.target : `/run/secrets/${r.target}`,
    })),
    configs: fileRefs(s.configs).map((r) => ({ ...r, target: r.target.startsWith('/') ? r.target : `/${r.target}` })),
    extraHosts: Object.entries(keyValues(s.extra_hosts, ':')).map(([h, ip]) => `${h}:${ip ?? ''}`),
    dns: strings(s.dns),
    otherKeys: Object.keys(s).filter((k) => !KNOWN.has(k) && !k.startsWith('x-')),
    raw: s,
  };
}

/** The name Podman knows a project resource by. */
function resourceName(project: string, key: string, o: Data): string {
  if (o.name) return String(o.name);
  return o.external === true || isMap(o.external) ? key : `${project}_${key}`;
}

/**
 * A top-level section (networks, volumes, secrets, configs) by key: each entry's key, the name
 * Podman knows it by, whether it is external, and what `read` takes from its mapping.
 */
function resources<T>(
  project: string,
  data: unknown,
  read: (o: Data) => T,
): Record<string, { key: string; name: string; external: boolean } & T> {
  return Object.fromEntries(
    Object.entries(isMap(data) ? data : {}).map(([key, v]) => {
      const o = isMap(v) ? v : {};
      const external = o.external === true || isMap(o.external);
      return [key, { key, name: resourceName(project, key, o), external, ...read(o) }];
    }),
  );
}

export function normalizeNetworks(project: string, data: unknown): Record<string, ComposeNetwork> {
  return resources(project, data, (o) => ({
    driver: optString(o.driver),
    internal: o.internal === true,
    labels: stringRecord(o.labels),
    enableIpv6: o.enable_ipv6 === true,
  }));
}

export function normalizeVolumes(project: string, data: unknown): Record<string, ComposeVolume> {
  return resources(project, data, (o) => ({
    driver: optString(o.driver),
    driverOpts: stringRecord(o.driver_opts),
    labels: stringRecord(o.labels),
  }));
}

export function normalizeFileResources(project: string, data: unknown): Record<string, ComposeFileResource> {
  return resources(project, data, (o) => ({
    file: optString(o.file),
    environment: optString(o.environment),
    content: optString(o.content),
  }));
}
