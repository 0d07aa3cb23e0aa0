// A Quadlet unit from `podman <kind> inspect` output: what a running container, pod, volume,
// network or image needs to be recreated by Quadlet. Pure functions returning the file text.
import { quoteWord } from './generator/words';
import { arr, esc, kv, obj, str, UnitWriter, type Json } from './unitWriter';

export type InspectKind = 'container' | 'pod' | 'volume' | 'network' | 'image';

/** Labels Podman adds by itself, left out of generated units. */
const INTERNAL_LABELS = /^(io\.podman\.|io\.containers\.autoupdate|PODMAN_SYSTEMD_UNIT)/;
/** Environment Podman or the image sets by default. */
const DEFAULT_ENV = /^(PATH|container|HOME|HOSTNAME|TERM)=/;

function shortName(name: string): string {
  return name.replace(/^\//, '');
}

/** [Container] from `podman container inspect`. */
function containerUnit(inspect: Json, unit: UnitWriter) {
  const cfg = obj(inspect.Config);
  const host = obj(inspect.HostConfig);
  const name = shortName(str(inspect.Name));
  unit.comment(`Generated from podman inspect of container ${name || str(inspect.Id).slice(0, 12)}`);
  unit.add('Unit', 'Description', esc(`Container ${name || 'from inspect'}`));
  unit.add('Container', 'Image', esc(str(cfg.Image) || str(inspect.ImageName)));
  if (name) unit.add('Container', 'ContainerName', esc(name));
  for (const e of arr(cfg.Env).map(str)) {
    if (e && !DEFAULT_ENV.test(e)) {
      unit.add('Container', 'Environment', kv(e.split('=')[0], e.slice(e.indexOf('=') + 1)));
    }
  }
  for (const [k, v] of Object.entries(obj(cfg.Labels))) {
    if (!INTERNAL_LABELS.test(k)) unit.add('Container', 'Label', kv(k, str(v)));
  }
  const auto = str(obj(cfg.Labels)['io.containers.autoupdate']);
  if (auto) unit.add('Container', 'AutoUpdate', auto);
  for (const [port, binds] of Object.entries(obj(host.PortBindings))) {
    for (const b of arr(binds).map(obj)) {
      const [cport, proto] = port.split('/');
      const ip = str(b.HostIp);
      const hp = str(b.HostPort);
      unit.add(
        'Container',
        'PublishPort',
        `${ip ? `${ip}:` : ''}${hp ? `${hp}:` : ip ? ':' : ''}${cport}${proto && proto !== 'tcp' ? `/${proto}` : ''}`,
      );
    }
  }
  for (const m of arr(inspect.Mounts).map(obj)) {
    const dest = str(m.Destination);
    const opts = m.RW === false ? ':ro' : '';
    if (str(m.Type) === 'volume') unit.add('Container', 'Volume', esc(`${str(m.Name)}:${dest}${opts}`));
    else if (str(m.Type) === 'bind') unit.add('Container', 'Volume', esc(`${str(m.Source)}:${dest}${opts}`));
    else if (str(m.Type) === 'tmpfs') unit.add('Container', 'Tmpfs', esc(dest));
  }
  const netMode = str(host.NetworkMode);
  const nets = Object.keys(obj(obj(inspect.NetworkSettings).Networks));
  if (netMode && !['bridge', 'default', ''].includes(netMode) && !nets.includes(netMode)) {
    unit.add('Container', 'Network', esc(netMode));
  }
  for (const n of nets) if (n !== 'podman') unit.add('Container', 'Network', esc(n));
  for (const c of arr(host.CapAdd).map(str)) unit.add('Container', 'AddCapability', c);
  for (const c of arr(host.CapDrop).map(str)) if (c) unit.add('Container', 'DropCapability', c);
  if (str(cfg.User)) unit.add('Container', 'User', esc(str(cfg.User)));
  if (str(cfg.WorkingDir) && str(cfg.WorkingDir) !== '/') {
    unit.add('Container', 'WorkingDir', esc(str(cfg.WorkingDir)));
  }
  if (host.ReadonlyRootfs === true) unit.add('Container', 'ReadOnly', 'true');
  if (host.Init === true) unit.add('Container', 'RunInit', 'true');
  for (const d of arr(host.Devices).map(obj)) {
    unit.add(
      'Container',
      'AddDevice',
      esc(
        `${str(d.PathOnHost)}${d.PathInContainer && d.PathInContainer !== d.PathOnHost ? `:${str(d.PathInContainer)}` : ''}`,
      ),
    );
  }
  const cmd = arr(cfg.Cmd).map(str);
  if (cmd.length) {
    unit.comment('Exec= repeats the command the container was created with; drop it to use the image default.');
    unit.add('Container', 'Exec', esc(cmd.map(quoteWord).join(' ')));
  }
  const restart = str(obj(host.RestartPolicy).Name);
  if (restart && restart !== 'no') unit.add('Service', 'Restart', restart === 'unless-stopped' ? 'always' : restart);
  unit.add('Install', 'WantedBy', 'default.target');
}

/** [Pod] from `podman pod inspect`. */
function podUnit(inspect: Json, unit: UnitWriter) {
  const name = str(inspect.Name);
  unit.comment(`Generated from podman pod inspect of ${name}`);
  unit.add('Pod', 'PodName', esc(name));
  for (const [k, v] of Object.entries(obj(inspect.Labels))) unit.add('Pod', 'Label', kv(k, str(v)));
  const infra = obj(inspect.InfraConfig);
  for (const [port, binds] of Object.entries(obj(infra.PortBindings))) {
    for (const b of arr(binds).map(obj)) {
      unit.add(
        'Pod',
        'PublishPort',
        `${str(b.HostIp) ? `${str(b.HostIp)}:` : ''}${str(b.HostPort) ? `${str(b.HostPort)}:` : ''}${port.split('/')[0]}`,
      );
    }
  }
  for (const n of arr(infra.Networks).map(str)) if (n && n !== 'podman') unit.add('Pod', 'Network', esc(n));
  unit.add('Install', 'WantedBy', 'default.target');
}

/** [Volume] from `podman volume inspect`. */
function volumeUnit(inspect: Json, unit: UnitWriter) {
  const name = str(inspect.Name);
  unit.comment(`Generated from podman volume inspect of ${name}`);
  unit.add('Volume', 'VolumeName', esc(name));
  if (str(inspect.Driver) && str(inspect.Driver) !== 'local') unit.add('Volume', 'Driver', esc(str(inspect.Driver)));
  const o = obj(inspect.Options);
  if (str(o.device)) unit.add('Volume', 'Device', esc(str(o.device)));
  if (str(o.type)) unit.add('Volume', 'Type', esc(str(o.type)));
  if (str(o.o)) unit.add('Volume', 'Options', esc(str(o.o)));
  for (const [k, v] of Object.entries(obj(inspect.Labels))) unit.add('Volume', 'Label', kv(k, str(v)));
}

/** [Network] from `podman network inspect`. */
function networkUnit(inspect: Json, unit: UnitWriter) {
  const name = str(inspect.name ?? inspect.Name);
  unit.comment(`Generated from podman network inspect of ${name}`);
  unit.add('Network', 'NetworkName', esc(name));
  const driver = str(inspect.driver ?? inspect.Driver);
  if (driver && driver !== 'bridge') unit.add('Network', 'Driver', esc(driver));
  for (const s of arr(inspect.subnets).map(obj)) {
    unit.add('Network', 'Subnet', str(s.subnet));
    if (str(s.gateway)) unit.add('Network', 'Gateway', str(s.gateway));
    const lr = obj(s.lease_range);
    if (str(lr.start_ip) && str(lr.end_ip)) unit.add('Network', 'IPRange', `${str(lr.start_ip)}-${str(lr.end_ip)}`);
  }
  if (inspect.ipv6_enabled === true) unit.add('Network', 'IPv6', 'true');
  if (inspect.internal === true) unit.add('Network', 'Internal', 'true');
  if (inspect.dns_enabled === false) unit.add('Network', 'DisableDNS', 'true');
  const ipam = str(obj(inspect.ipam_options).driver);
  if (ipam && ipam !== 'host-local') unit.add('Network', 'IPAMDriver', ipam);
  for (const [k, v] of Object.entries(obj(inspect.labels))) unit.add('Network', 'Label', kv(k, str(v)));
  for (const [k, v] of Object.entries(obj(inspect.options))) unit.add('Network', 'Options', esc(`${k}=${str(v)}`));
}

/** [Image] from `podman image inspect`. */
function imageUnit(inspect: Json, unit: UnitWriter) {
  const tag = arr(inspect.RepoTags).map(str)[0] ?? arr(inspect.RepoDigests).map(str)[0] ?? str(inspect.Id);
  unit.comment(`Generated from podman image inspect of ${tag}`);
  unit.add('Image', 'Image', esc(tag));
  if (str(inspect.Architecture)) unit.add('Image', 'Arch', str(inspect.Architecture));
  if (str(inspect.Os)) unit.add('Image', 'OS', str(inspect.Os));
}

const WRITERS: Record<InspectKind, (inspect: Json, unit: UnitWriter) => void> = {
  container: containerUnit,
  pod: podUnit,
  volume: volumeUnit,
  network: networkUnit,
  image: imageUnit,
};

/** Builds a Quadlet unit from `podman <kind> inspect` output (an object or a one-element array). */
export function quadletFromInspect(kind: InspectKind, inspectJson: unknown): string {
  const input = Array.isArray(inspectJson) ? inspectJson[0] : inspectJson;
  const inspect = obj(typeof input === 'string' ? JSON.parse(input) : input);
  const unit = new UnitWriter();
  WRITERS[kind](inspect, unit);
  return unit.text();
}
