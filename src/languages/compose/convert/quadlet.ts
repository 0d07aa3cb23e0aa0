// Compose → Quadlet: a .container unit per service, a .network per network (the project's
// default one included when a service uses it), a .volume per named volume, and with `pod` one
// .pod holding every container (ports and networks move to it). depends_on becomes Requires= and
// After=; `condition: service_healthy` makes the dependency report ready when healthy
// (Notify=healthy). Names follow Compose's (<project>_<name> for networks and volumes), so data
// is shared with the project run by Compose. A field Quadlet cannot express is a warning,
// never dropped silently. Pure; no `vscode` import.
import { isRecord } from '../document';
import { containerKeys, HANDLED_SERVICE_KEYS } from './quadletService';
import {
  dependsOn,
  type ConvertProject,
  type ConvertResult,
  type ConvertWarning,
  type Dict,
  keyValues,
  portSpec,
  serviceNetworks,
} from './project';
import { unitText, type Section } from './unitText';

export interface QuadletOptions {
  /** Put every container in one pod (the setting podman.compose.pod). */
  pod?: boolean;
}

/** Network unit names used by the services (the project's default network when they name none). */
function usedNetworks(project: ConvertProject): Set<string> {
  const used = new Set<string>();
  for (const s of Object.values(project.services)) {
    if (s.network_mode !== undefined) continue;
    const nets = serviceNetworks(s.networks);
    if (!nets.length) used.add('default');
    for (const n of nets) used.add(n.name);
  }
  return used;
}

function networkUnit(
  project: ConvertProject,
  name: string,
  n: Dict,
  warn: (path: string, message: string) => void,
): Section[] {
  const keys: [string, string][] = [['NetworkName', typeof n.name === 'string' ? n.name : `${project.name}_${name}`]];
  if (typeof n.driver === 'string') keys.push(['Driver', n.driver]);
  if (n.internal === true) keys.push(['Internal', 'true']);
  if (n.enable_ipv6 === true) keys.push(['IPv6', 'true']);
  for (const [k, v] of keyValues(n.labels)) keys.push(['Label', `${k}=${v}`]);
  const ipam = isRecord(n.ipam) && Array.isArray(n.ipam.config) ? n.ipam.config : [];
  for (const c of ipam.filter(isRecord)) {
    if (typeof c.subnet === 'string') keys.push(['Subnet', c.subnet]);
    if (typeof c.gateway === 'string') keys.push(['Gateway', c.gateway]);
    if (typeof c.ip_range === 'string') keys.push(['IPRange', c.ip_range]);
  }
  for (const [k, v] of keyValues(n.driver_opts)) keys.push(['Options', `${k}=${v}`]);
  for (const key of Object.keys(n)) {
    if (
      ![
        'name',
        'driver',
        'internal',
        'enable_ipv6',
        'labels',
        'ipam',
        'driver_opts',
        'external',
        'attachable',
      ].includes(key) &&
      !key.startsWith('x-')
    ) {
      warn(`networks.${name}.${key}`, 'Quadlet .network units have no equivalent; left out');
    }
  }
  return [{ name: 'Network', keys }];
}

function volumeUnit(
  project: ConvertProject,
  name: string,
  v: Dict,
  warn: (path: string, message: string) => void,
): Section[] {
  const keys: [string, string][] = [['VolumeName', typeof v.name === 'string' ? v.name : `${project.name}_${name}`]];
  if (typeof v.driver === 'string') keys.push(['Driver', v.driver]);
  for (const [k, value] of keyValues(v.labels)) keys.push(['Label', `${k}=${value}`]);
  for (const [k, value] of keyValues(v.driver_opts)) {
    if (k === 'type') keys.push(['Type', value]);
    else if (k === 'device') keys.push(['Device', value]);
    else if (k === 'o') keys.push(['Options', value]);
    else warn(`volumes.${name}.driver_opts.${k}`, 'Quadlet .volume units take only type, device and o; left out');
  }
  for (const key of Object.keys(v)) {
    if (!['name', 'driver', 'labels', 'driver_opts', 'external'].includes(key) && !key.startsWith('x-')) {
      warn(`volumes.${name}.${key}`, 'Quadlet .volume units have no equivalent; left out');
    }
  }
  return [{ name: 'Volume', keys }];
}

function podUnit(
  project: ConvertProject,
  networks: Set<string>,
  unitOf: (kind: 'network', name: string) => string,
): Section[] {
  const keys: [string, string][] = [['PodName', project.name]];
  for (const n of networks) keys.push(['Network', unitOf('network', n)]);
  for (const s of Object.values(project.services)) {
    for (const p of Array.isArray(s.ports) ? s.ports : []) {
      const spec = portSpec(p);
      if (spec) keys.push(['PublishPort', spec]);
    }
  }
  return [{ name: 'Pod', keys }];
}

/** Services whose dependents wait for them to be healthy. */
function awaitedHealthy(project: ConvertProject): Set<string> {
  const healthy = new Set<string>();
  for (const s of Object.values(project.services)) {
    for (const [dep, condition] of Object.entries(dependsOn(s.depends_on))) {
      if (condition === 'service_healthy') healthy.add(dep);
    }
  }
  return healthy;
}

export function composeToQuadlet(project: ConvertProject, options: QuadletOptions = {}): ConvertResult {
  const warnings: ConvertWarning[] = [];
  const warn = (path: string, message: string) => warnings.push({ path, message });
  const files: ConvertResult['files'] = [];
  const networks = usedNetworks(project);
  const external = (section: Record<string, Dict>, name: string) =>
    section[name]?.external === true || isRecord(section[name]?.external);
  const unitOf = (kind: 'network' | 'volume', name: string): string => {
    const section = kind === 'network' ? project.networks : project.volumes;
    if (external(section, name)) return typeof section[name].name === 'string' ? (section[name].name as string) : name;
    return `${project.name}-${name}.${kind}`;
  };
  for (const name of networks) {
    if (external(project.networks, name)) continue;
    files.push({
      name: `${project.name}-${name}.network`,
      text: unitText(networkUnit(project, name, project.networks[name] ?? {}, warn)),
    });
  }
  for (const [name, v] of Object.entries(project.volumes)) {
    if (external(project.volumes, name)) continue;
    files.push({ name: `${project.name}-${name}.volume`, text: unitText(volumeUnit(project, name, v, warn)) });
  }
  const podName = `${project.name}.pod`;
  if (options.pod) files.push({ name: podName, text: unitText(podUnit(project, networks, unitOf)) });
  const healthy = awaitedHealthy(project);
  for (const [name, s] of Object.entries(project.services)) {
    const unit = containerKeys({
      project,
      name,
      service: s,
      warn,
      unitOf,
      pod: options.pod ? podName : undefined,
      notifyHealthy: healthy.has(name),
    });
    for (const key of Object.keys(s)) {
      if (!HANDLED_SERVICE_KEYS.has(key) && !key.startsWith('x-')) {
        warn(`services.${name}.${key}`, 'Quadlet cannot express this; left out');
      }
    }
    files.push({ name: `${name}.container`, text: unitText(unit) });
  }
  return { files, warnings };
}
