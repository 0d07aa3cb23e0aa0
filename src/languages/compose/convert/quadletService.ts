// One compose service as the sections of a Quadlet .container unit, through a table of the
// fields with a direct Quadlet key and small functions for the rest. No `vscode` import.
import { resolvePath } from '../context';
import { isRecord } from '../document';
import {
  dependsOn,
  healthCommand,
  keyValues,
  mountOf,
  portSpec,
  seconds,
  serviceNetworks,
  type ConvertProject,
  type Dict,
} from './project';
import { systemdWord, type Section } from './unitText';

export interface ServiceInput {
  project: ConvertProject;
  name: string;
  service: Dict;
  warn: (path: string, message: string) => void;
  unitOf: (kind: 'network' | 'volume', name: string) => string;
  /** The pod unit every container joins, when converting with podman.compose.pod. */
  pod?: string;
  /** True when a dependent waits for this service to be healthy. */
  notifyHealthy: boolean;
}

type Keys = [string, string][];

/** Fields written as one key each: compose field → Quadlet key (lists give one key per item). */
const DIRECT: [string, string][] = [
  ['container_name', 'ContainerName'],
  ['hostname', 'HostName'],
  ['working_dir', 'WorkingDir'],
  ['stop_signal', 'StopSignal'],
  ['cap_add', 'AddCapability'],
  ['cap_drop', 'DropCapability'],
  ['devices', 'AddDevice'],
  ['dns', 'DNS'],
  ['dns_search', 'DNSSearch'],
  ['dns_opt', 'DNSOption'],
  ['expose', 'ExposeHostPort'],
  ['tmpfs', 'Tmpfs'],
  ['group_add', 'GroupAdd'],
  ['shm_size', 'ShmSize'],
];

/** Fields written as one `PodmanArgs=` flag (true booleans give the bare flag). */
const AS_FLAG: [string, string][] = [
  ['privileged', '--privileged'],
  ['tty', '--tty'],
  ['stdin_open', '--interactive'],
  ['mem_limit', '--memory'],
  ['mem_reservation', '--memory-reservation'],
  ['cpus', '--cpus'],
  ['cpu_shares', '--cpu-shares'],
  ['pids_limit', '--pids-limit'],
  ['platform', '--platform'],
  ['mac_address', '--mac-address'],
  ['domainname', '--domainname'],
];

export const HANDLED_SERVICE_KEYS = new Set([
  ...DIRECT.map(([k]) => k),
  ...AS_FLAG.map(([k]) => k),
  ...[
    'image',
    'build',
    'env_file',
    'command',
    'entrypoint',
    'environment',
    'ports',
    'volumes',
    'networks',
    'network_mode',
  ],
  ...[
    'depends_on',
    'healthcheck',
    'restart',
    'labels',
    'annotations',
    'user',
    'init',
    'read_only',
    'stop_grace_period',
  ],
  ...['sysctls', 'ulimits', 'extra_hosts', 'secrets', 'pull_policy', 'logging', 'deploy', 'security_opt', 'profiles'],
]);

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)];

function command(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  return Array.isArray(v) ? v.map((w) => systemdWord(String(w))).join(' ') : undefined;
}

function imageKeys({ project, name, service, warn }: ServiceInput): Keys {
  if (typeof service.image === 'string') {
    if (service.build !== undefined) {
      warn(`services.${name}.build`, 'Quadlet runs the image; build it first (it is used as image)');
    }
    return [['Image', service.image]];
  }
  warn(`services.${name}.build`, `Quadlet does not build: build the image as localhost/${project.name}-${name} first`);
  return [['Image', `localhost/${project.name}-${name}`]];
}

function runKeys({ service }: ServiceInput): Keys {
  const keys: Keys = [];
  const exec = command(service.command);
  if (exec !== undefined) keys.push(['Exec', exec]);
  if (typeof service.entrypoint === 'string') keys.push(['Entrypoint', service.entrypoint]);
  else if (Array.isArray(service.entrypoint)) keys.push(['Entrypoint', JSON.stringify(service.entrypoint.map(String))]);
  for (const [k, v] of keyValues(service.environment)) keys.push(['Environment', systemdWord(`${k}=${v}`)]);
  for (const [k, v] of keyValues(service.labels)) keys.push(['Label', systemdWord(`${k}=${v}`)]);
  for (const [k, v] of keyValues(service.annotations)) keys.push(['Annotation', systemdWord(`${k}=${v}`)]);
  for (const [k, v] of keyValues(service.sysctls)) keys.push(['Sysctl', `${k}=${v}`]);
  if (typeof service.user === 'string' || typeof service.user === 'number') {
    const [user, group] = String(service.user).split(':');
    keys.push(['User', user]);
    if (group) keys.push(['Group', group]);
  }
  if (service.init === true) keys.push(['RunInit', 'true']);
  if (service.read_only === true) keys.push(['ReadOnly', 'true']);
  const grace = seconds(service.stop_grace_period);
  if (grace !== undefined) keys.push(['StopTimeout', String(grace)]);
  return keys;
}

function directKeys({ service, project }: ServiceInput): Keys {
  const keys: Keys = [];
  for (const [field, key] of DIRECT) for (const value of list(service[field])) keys.push([key, value]);
  const envFiles = Array.isArray(service.env_file)
    ? service.env_file
    : service.env_file === undefined
      ? []
      : [service.env_file];
  for (const e of envFiles) {
    const path = isRecord(e) ? e.path : e;
    if (typeof path === 'string') keys.push(['EnvironmentFile', resolvePath(project.folder, path)]);
  }
  for (const [field, flag] of AS_FLAG) {
    const v = service[field];
    if (v === true) keys.push(['PodmanArgs', flag]);
    else if (v !== undefined && v !== false) keys.push(['PodmanArgs', `${flag}=${String(v)}`]);
  }
  return keys;
}

function storageKeys({ service, name, project, warn, unitOf }: ServiceInput): Keys {
  const keys: Keys = [];
  (Array.isArray(service.volumes) ? service.volumes : []).forEach((entry, i) => {
    const m = mountOf(entry);
    if (!m) return warn(`services.${name}.volumes.${i}`, 'unreadable volume; left out');
    const opts = [...(m.readOnly ? ['ro'] : []), ...m.options];
    const tail = opts.length ? `:${opts.join(',')}` : '';
    if (m.type === 'tmpfs') keys.push(['Tmpfs', m.target]);
    else if (m.type === 'bind') keys.push(['Volume', `${resolvePath(project.folder, m.source)}:${m.target}${tail}`]);
    else if (!m.source) keys.push(['Volume', m.target]);
    else keys.push(['Volume', `${unitOf('volume', m.source)}:${m.target}${tail}`]);
  });
  for (const s of Array.isArray(service.secrets) ? service.secrets : []) {
    const source = isRecord(s) ? String(s.source) : String(s);
    const target = isRecord(s) && typeof s.target === 'string' ? `,target=${s.target}` : '';
    const secret = project.secrets[source];
    const secretName = secret && typeof secret.name === 'string' ? secret.name : source;
    keys.push(['Secret', `${secretName}${target}`]);
  }
  if (Object.keys(project.secrets).length && Array.isArray(service.secrets)) {
    warn(`services.${name}.secrets`, 'Quadlet uses Podman secrets by name: create them first (podman secret create)');
  }
  return keys;
}

function networkKeys(input: ServiceInput): Keys {
  const { service, name, warn, unitOf, pod } = input;
  const keys: Keys = [];
  if (pod) return keys;
  const mode = service.network_mode;
  if (typeof mode === 'string') {
    if (['host', 'none', 'bridge'].includes(mode)) keys.push(['Network', mode]);
    else warn(`services.${name}.network_mode`, `Quadlet cannot express network_mode ${mode}; left out`);
  } else {
    const nets = serviceNetworks(service.networks);
    for (const n of nets.length ? nets : [{ name: 'default', aliases: [] }]) {
      keys.push(['Network', unitOf('network', n.name)]);
    }
    for (const alias of new Set([name, ...nets.flatMap((n) => n.aliases)])) keys.push(['NetworkAlias', alias]);
  }
  for (const p of Array.isArray(service.ports) ? service.ports : []) {
    const spec = portSpec(p);
    if (spec) keys.push(['PublishPort', spec]);
  }
  for (const h of list(
    isRecord(service.extra_hosts) ? keyValues(service.extra_hosts).map(([k, v]) => `${k}:${v}`) : service.extra_hosts,
  )) {
    keys.push(['AddHost', h.replace('=', ':')]);
  }
  return keys;
}

function healthKeys({ service, notifyHealthy }: ServiceInput): Keys {
  const h = service.healthcheck;
  if (!isRecord(h)) return [];
  if (h.disable === true) return [['HealthCmd', 'none']];
  const keys: Keys = [];
  const cmd = healthCommand(h.test);
  if (cmd) keys.push(['HealthCmd', cmd]);
  const times: [string, string][] = [
    ['interval', 'HealthInterval'],
    ['timeout', 'HealthTimeout'],
    ['start_period', 'HealthStartPeriod'],
  ];
  for (const [field, key] of times) if (typeof h[field] === 'string') keys.push([key, h[field] as string]);
  if (h.retries !== undefined) keys.push(['HealthRetries', String(h.retries)]);
  if (notifyHealthy && cmd && cmd !== 'none') keys.push(['Notify', 'healthy']);
  return keys;
}

function miscKeys({ service, name, warn }: ServiceInput): Keys {
  const keys: Keys = [];
  for (const [k, v] of Object.entries(isRecord(service.ulimits) ? service.ulimits : {})) {
    keys.push(['Ulimit', isRecord(v) ? `${k}=${String(v.soft)}:${String(v.hard)}` : `${k}=${String(v)}`]);
  }
  if (typeof service.pull_policy === 'string') {
    const pull = { always: 'always', never: 'never', missing: 'missing', if_not_present: 'missing', build: 'never' }[
      service.pull_policy
    ];
    if (pull) keys.push(['Pull', pull]);
  }
  if (isRecord(service.logging) && typeof service.logging.driver === 'string') {
    keys.push(['LogDriver', service.logging.driver]);
  }
  for (const opt of list(service.security_opt)) keys.push(['PodmanArgs', `--security-opt=${opt}`]);
  const limits =
    isRecord(service.deploy) && isRecord(service.deploy.resources) ? service.deploy.resources.limits : undefined;
  if (isRecord(limits)) {
    if (limits.memory !== undefined) keys.push(['PodmanArgs', `--memory=${String(limits.memory)}`]);
    if (limits.cpus !== undefined) keys.push(['PodmanArgs', `--cpus=${String(limits.cpus)}`]);
    if (limits.pids !== undefined) keys.push(['PodmanArgs', `--pids-limit=${String(limits.pids)}`]);
  }
  if (isRecord(service.deploy)) {
    const other = Object.keys(service.deploy).filter((k) => k !== 'resources');
    for (const k of other) warn(`services.${name}.deploy.${k}`, 'Quadlet runs one container per unit; left out');
  }
  return keys;
}

function unitKeys({ service, name, warn }: ServiceInput): { unit: Keys; service: Keys } {
  const unit: Keys = [];
  for (const [dep, condition] of Object.entries(dependsOn(service.depends_on))) {
    unit.push(['Requires', `${dep}.service`], ['After', `${dep}.service`]);
    if (condition === 'service_completed_successfully') {
      warn(`services.${name}.depends_on.${dep}`, 'Quadlet waits for the start, not the end, of a dependency');
    }
  }
  const restart = { no: 'no', always: 'always', 'on-failure': 'on-failure', 'unless-stopped': 'always' }[
    String(service.restart ?? '').split(':')[0]
  ];
  return { unit, service: restart ? [['Restart', restart]] : [] };
}

/** The sections of the unit: [Unit], [Container], [Service], [Install]. */
export function containerKeys(input: ServiceInput): Section[] {
  const container: Keys = [
    ...imageKeys(input),
    ...(input.pod ? ([['Pod', input.pod]] as Keys) : []),
    ...runKeys(input),
    ...directKeys(input),
    ...storageKeys(input),
    ...networkKeys(input),
    ...healthKeys(input),
    ...miscKeys(input),
  ];
  if (input.pod && Array.isArray(input.service.ports)) {
    container.splice(0, container.length, ...container.filter(([k]) => k !== 'PublishPort'));
  }
  const { unit, service } = unitKeys(input);
  return [
    { name: 'Unit', keys: [['Description', `${input.project.name} ${input.name} (from compose)`], ...unit] },
    { name: 'Container', keys: container },
    { name: 'Service', keys: service },
    { name: 'Install', keys: [['WantedBy', 'default.target']] },
  ];
}
