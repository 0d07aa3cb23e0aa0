// Compose → Kubernetes YAML, for `podman kube play` and for a cluster: a Deployment per service
// (replicas from deploy.replicas or scale), a Service per service that publishes or exposes
// ports, a PersistentVolumeClaim per named volume; or, with `pod`, one Pod holding every
// container (they reach each other on localhost, as in podman.compose.pod). Bind mounts become
// hostPath volumes. A field Kubernetes YAML cannot express is a warning. Pure; no `vscode` import.
import { stringify } from 'yaml';
import { resolvePath } from '../context';
import { isRecord } from '../document';
import { publishedPorts } from '../checks';
import {
  healthCommand,
  keyValues,
  mountOf,
  seconds,
  type ConvertProject,
  type ConvertResult,
  type Dict,
} from './project';

export interface KubeOptions {
  pod?: boolean;
}

const KUBE_HANDLED = new Set([
  ...['image', 'build', 'command', 'entrypoint', 'environment', 'ports', 'expose', 'volumes', 'labels', 'working_dir'],
  ...['user', 'cap_add', 'cap_drop', 'privileged', 'read_only', 'healthcheck', 'deploy', 'scale', 'restart', 'tty'],
  ...['stdin_open', 'hostname', 'depends_on', 'networks', 'profiles', 'container_name', 'annotations'],
]);

/** DNS-1123 names: lower case, digits and dashes. */
export function kubeName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'x'
  );
}

function containerPorts(s: Dict): { containerPort: number; hostPort?: number; protocol?: string }[] {
  const out: { containerPort: number; hostPort?: number; protocol?: string }[] = [];
  for (const p of Array.isArray(s.ports) ? s.ports : []) {
    const target = isRecord(p) ? Number(p.target) : Number(String(p).split('/')[0].split(':').pop());
    if (!Number.isInteger(target)) continue;
    const host = publishedPorts(p)?.ports[0];
    const proto = (isRecord(p) ? p.protocol : String(p).split('/')[1]) as string | undefined;
    out.push({
      containerPort: target,
      ...(host ? { hostPort: host } : {}),
      ...(proto && proto !== 'tcp' ? { protocol: proto.toUpperCase() } : {}),
    });
  }
  for (const e of Array.isArray(s.expose) ? s.expose : []) {
    const port = Number(String(e).split('/')[0]);
    if (Number.isInteger(port) && !out.some((o) => o.containerPort === port)) out.push({ containerPort: port });
  }
  return out;
}

interface Volumes {
  mounts: Dict[];
  volumes: Dict[];
}

function storage(
  project: ConvertProject,
  name: string,
  s: Dict,
  warn: (p: string, m: string) => void,
  volumes: Volumes,
): void {
  (Array.isArray(s.volumes) ? s.volumes : []).forEach((entry, i) => {
    const m = mountOf(entry);
    if (!m) return warn(`services.${name}.volumes.${i}`, 'unreadable volume; left out');
    const volName = kubeName(m.type === 'volume' ? m.source || `${name}-anon-${i}` : `${name}-${m.type}-${i}`);
    volumes.mounts.push({ name: volName, mountPath: m.target, ...(m.readOnly ? { readOnly: true } : {}) });
    if (volumes.volumes.some((v) => v.name === volName)) return;
    if (m.type === 'tmpfs') volumes.volumes.push({ name: volName, emptyDir: { medium: 'Memory' } });
    else if (m.type === 'bind') {
      volumes.volumes.push({ name: volName, hostPath: { path: resolvePath(project.folder, m.source) } });
    } else if (!m.source) volumes.volumes.push({ name: volName, emptyDir: {} });
    else volumes.volumes.push({ name: volName, persistentVolumeClaim: { claimName: claimName(project, m.source) } });
  });
}

function claimName(project: ConvertProject, volume: string): string {
  const v = project.volumes[volume];
  return kubeName(v && typeof v.name === 'string' ? v.name : `${project.name}-${volume}`);
}

function probe(s: Dict): Dict | undefined {
  const h = s.healthcheck;
  if (!isRecord(h) || h.disable === true) return undefined;
  const cmd = healthCommand(h.test);
  if (!cmd || cmd === 'none') return undefined;
  const command = cmd.startsWith('[') ? (JSON.parse(cmd) as string[]) : ['/bin/sh', '-c', cmd];
  const period = seconds(h.interval);
  const timeout = seconds(h.timeout);
  const start = seconds(h.start_period);
  return {
    exec: { command },
    ...(period ? { periodSeconds: period } : {}),
    ...(timeout ? { timeoutSeconds: timeout } : {}),
    ...(start ? { initialDelaySeconds: start } : {}),
    ...(typeof h.retries === 'number' ? { failureThreshold: h.retries } : {}),
  };
}

function container(
  project: ConvertProject,
  name: string,
  s: Dict,
  warn: (p: string, m: string) => void,
  volumes: Volumes,
): Dict {
  if (typeof s.image !== 'string') {
    warn(`services.${name}.build`, `Kubernetes YAML does not build: build localhost/${project.name}-${name} first`);
  }
  const image = typeof s.image === 'string' ? s.image : `localhost/${project.name}-${name}`;
  const c: Dict = { name: kubeName(name), image };
  const words = (v: unknown) =>
    Array.isArray(v) ? v.map(String) : typeof v === 'string' ? ['/bin/sh', '-c', v] : undefined;
  if (s.entrypoint !== undefined) c.command = words(s.entrypoint);
  if (s.command !== undefined) {
    c.args = typeof s.command === 'string' ? s.command.split(/\s+/).filter(Boolean) : words(s.command);
  }
  const env = keyValues(s.environment).map(([k, v]) => ({ name: k, value: v }));
  if (env.length) c.env = env;
  const ports = containerPorts(s);
  if (ports.length) c.ports = ports;
  if (typeof s.working_dir === 'string') c.workingDir = s.working_dir;
  const mountsBefore = volumes.mounts.length;
  storage(project, name, s, warn, volumes);
  if (volumes.mounts.length > mountsBefore) c.volumeMounts = volumes.mounts.slice(mountsBefore);
  const security = securityContext(s);
  if (security) c.securityContext = security;
  const p = probe(s);
  if (p) c.livenessProbe = p;
  if (s.tty === true) c.tty = true;
  if (s.stdin_open === true) c.stdin = true;
  const limits =
    isRecord(s.deploy) && isRecord(s.deploy.resources) && isRecord(s.deploy.resources.limits)
      ? s.deploy.resources.limits
      : undefined;
  if (limits) {
    const l: Dict = {};
    if (limits.cpus !== undefined) l.cpu = String(limits.cpus);
    if (limits.memory !== undefined) {
      l.memory = String(limits.memory)
        .replace(/([kmg])b?$/i, (_, u: string) => `${u.toUpperCase()}i`)
        .replace(/^(\d+)Ki$/, '$1Ki');
    }
    if (Object.keys(l).length) c.resources = { limits: l };
  }
  return c;
}

function securityContext(s: Dict): Dict | undefined {
  const sc: Dict = {};
  const caps: Dict = {};
  if (Array.isArray(s.cap_add)) caps.add = s.cap_add.map(String);
  if (Array.isArray(s.cap_drop)) caps.drop = s.cap_drop.map(String);
  if (Object.keys(caps).length) sc.capabilities = caps;
  if (s.privileged === true) sc.privileged = true;
  if (s.read_only === true) sc.readOnlyRootFilesystem = true;
  if (typeof s.user === 'string' || typeof s.user === 'number') {
    const [user, group] = String(s.user).split(':');
    if (/^\d+$/.test(user)) sc.runAsUser = Number(user);
    if (group && /^\d+$/.test(group)) sc.runAsGroup = Number(group);
  }
  return Object.keys(sc).length ? sc : undefined;
}

function warnUnhandled(project: ConvertProject, warn: (p: string, m: string) => void): void {
  for (const [name, s] of Object.entries(project.services)) {
    for (const key of Object.keys(s)) {
      if (!KUBE_HANDLED.has(key) && !key.startsWith('x-')) {
        warn(`services.${name}.${key}`, 'Kubernetes YAML cannot express this; left out');
      }
    }
    if (isRecord(s.deploy)) {
      for (const k of Object.keys(s.deploy)) {
        if (k !== 'resources' && k !== 'replicas') warn(`services.${name}.deploy.${k}`, 'left out');
      }
    }
    if (typeof s.user === 'string' && !/^\d+(:\d+)?$/.test(s.user)) {
      warn(`services.${name}.user`, 'Kubernetes takes numeric user and group ids only; left out');
    }
  }
}

function claims(project: ConvertProject): Dict[] {
  return Object.entries(project.volumes)
    .filter(([, v]) => v.external === undefined)
    .map(([name]) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: claimName(project, name), labels: { 'io.podman.compose.project': project.name } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }));
}

function restartPolicy(project: ConvertProject): string {
  const policies = Object.values(project.services).map((s) => String(s.restart ?? 'no'));
  return policies.every((p) => p === 'no')
    ? 'Never'
    : policies.some((p) => p.startsWith('on-failure'))
      ? 'OnFailure'
      : 'Always';
}

export function composeToKube(project: ConvertProject, options: KubeOptions = {}): ConvertResult {
  const warnings: ConvertResult['warnings'] = [];
  const warn = (path: string, message: string) => warnings.push({ path, message });
  warnUnhandled(project, warn);
  const docs: Dict[] = [...claims(project)];
  const labels = (service?: string) => ({
    app: kubeName(project.name),
    ...(service ? { 'io.podman.compose.service': kubeName(service) } : {}),
  });
  if (options.pod) {
    const volumes: Volumes = { mounts: [], volumes: [] };
    const containers = Object.entries(project.services).map(([n, s]) => container(project, n, s, warn, volumes));
    const spec: Dict = {
      restartPolicy: restartPolicy(project),
      containers,
      ...(volumes.volumes.length ? { volumes: volumes.volumes } : {}),
    };
    docs.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: kubeName(project.name), labels: labels() }, spec });
  } else {
    for (const [name, s] of Object.entries(project.services)) {
      docs.push(...deployment(project, name, s, warn, labels(name)));
    }
  }
  const text = docs.map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
  return { files: [{ name: `${project.name}.kube.yaml`, text }], warnings };
}

function deployment(
  project: ConvertProject,
  name: string,
  s: Dict,
  warn: (p: string, m: string) => void,
  labels: Dict,
): Dict[] {
  const volumes: Volumes = { mounts: [], volumes: [] };
  const c = container(project, name, s, warn, volumes);
  const replicas =
    isRecord(s.deploy) && typeof s.deploy.replicas === 'number'
      ? s.deploy.replicas
      : typeof s.scale === 'number'
        ? s.scale
        : 1;
  const podSpec: Dict = {
    containers: [c],
    ...(typeof s.hostname === 'string' ? { hostname: s.hostname } : {}),
    ...(volumes.volumes.length ? { volumes: volumes.volumes } : {}),
  };
  const docs: Dict[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: kubeName(name), labels },
      spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
    },
  ];
  const ports = (c.ports as { containerPort: number; protocol?: string }[] | undefined) ?? [];
  if (ports.length) {
    const servicePorts = ports.map((p) => ({
      name: `p${p.containerPort}${p.protocol ? `-${p.protocol.toLowerCase()}` : ''}`,
      port: p.containerPort,
      targetPort: p.containerPort,
      ...(p.protocol ? { protocol: p.protocol } : {}),
    }));
    docs.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: kubeName(name), labels },
      spec: { selector: labels, ports: servicePorts },
    });
  }
  return docs;
}
