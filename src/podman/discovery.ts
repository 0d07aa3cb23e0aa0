// Finds every Podman endpoint this machine describes: the setting, CONTAINER_HOST, the
// rootless and rootful sockets, Podman's system connections (podman-connections.json and
// containers.conf service destinations) and podman machine sockets on macOS and Windows.
// Pure over an injected environment so it is unit-tested on plain data.
import * as path from 'node:path';
import type { PodmanErrorKind } from './errors';

export type EndpointSource = 'setting' | 'env' | 'rootless' | 'rootful' | 'connection' | 'machine';

export interface Endpoint {
  /** Stable id: the socket path for unix sockets, the URI otherwise. */
  id: string;
  label: string;
  source: EndpointSource;
  uri: string;
  /** Local socket path (unix socket or Windows named pipe), when the transport is supported. */
  socketPath?: string;
  /** A Podman on another host, reached over SSH (ssh://user@host:port/socket). */
  ssh?: SshEndpoint;
  /** Why this endpoint cannot be used (e.g. tcp://). */
  unsupported?: string;
  /** Marked default by Podman's own configuration. */
  isDefault?: boolean;
}

export interface SshEndpoint {
  /** A host name or an ~/.ssh/config alias. */
  host: string;
  user?: string;
  port?: number;
  /** The API socket on that host. */
  socketPath: string;
  /** The identity file Podman's configuration names (Identity, CONTAINER_SSHKEY). */
  identity?: string;
}

export interface DiscoveryEnv {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homedir: string;
  uid: number;
  settingSocketPath?: string;
  /** Connections the extension keeps itself (Podman: Add SSH Connection…). */
  extraConnections?: { name: string; uri: string; identity?: string }[];
  readFile(file: string): Promise<string | undefined>;
  listDir(dir: string): Promise<string[] | undefined>;
}

/** ssh://[user@]host[:port]/socket/path, as Podman writes it, or why it cannot be read. */
export function sshFromUri(uri: string, identity?: string): { ssh?: SshEndpoint; unsupported?: string } {
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    return { unsupported: `${uri} is not a valid ssh:// URI.` };
  }
  const socketPath = decodeURIComponent(url.pathname);
  if (!url.hostname || socketPath.length < 2) {
    return { unsupported: `${uri} names no host or no socket path (ssh://user@host:port/run/podman/podman.sock).` };
  }
  const port = url.port ? Number(url.port) : undefined;
  return {
    ssh: {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
      ...(port ? { port } : {}),
      socketPath,
      ...(identity ? { identity } : {}),
    },
  };
}

/** Parses a connection URI into a socket path or an SSH endpoint, or says why it is not supported. */
export function socketFromUri(
  uri: string,
  identity?: string,
): { socketPath?: string; ssh?: SshEndpoint; unsupported?: string } {
  const u = uri.trim();
  if (u.startsWith('unix://')) return { socketPath: decodeURIComponent(u.slice('unix://'.length)) };
  if (u.startsWith('npipe://')) return { socketPath: u.slice('npipe://'.length).replace(/\//g, '\\') };
  if (u.startsWith('/')) return { socketPath: u };
  if (u.startsWith('ssh://')) return sshFromUri(u, identity);
  if (u.startsWith('tcp://')) {
    return { unsupported: 'tcp:// connections are not supported (they are unauthenticated).' };
  }
  return { unsupported: `Unknown connection URI scheme: ${u.split(':')[0] || u}` };
}

/** The connections of podman-connections.json (Podman 5): {Connection: {Default, Connections: {name: {URI, IsMachine}}}}. */
export function parseConnectionsJson(
  text: string,
): { name: string; uri: string; identity?: string; isMachine: boolean; isDefault: boolean }[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  const conn = (data as { Connection?: { Default?: unknown; Connections?: unknown } })?.Connection;
  const all = conn?.Connections;
  if (!all || typeof all !== 'object') return [];
  return Object.entries(all as Record<string, { URI?: unknown; Identity?: unknown; IsMachine?: unknown }>)
    .filter(([, v]) => v && typeof v.URI === 'string')
    .map(([name, v]) => ({
      name,
      uri: String(v.URI),
      ...(typeof v.Identity === 'string' && v.Identity ? { identity: v.Identity } : {}),
      isMachine: v.IsMachine === true,
      isDefault: conn?.Default === name,
    }));
}

/**
 * The `[engine.service_destinations.NAME]` tables of containers.conf (TOML) with their `uri`,
 * and `[engine] active_service`. A small reader for just these keys: containers.conf is TOML,
 * but these tables hold only simple `key = "string"` lines.
 */
export function parseContainersConf(
  text: string,
): { name: string; uri: string; identity?: string; isDefault: boolean }[] {
  const out: { name: string; uri: string; identity?: string }[] = [];
  const identities = new Map<string, string>();
  let active: string | undefined;
  let table = '';
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const t = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (t) {
      table = t[1].replace(/"/g, '');
      continue;
    }
    const kv = /^([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')/.exec(line);
    if (!kv) continue;
    const value = kv[2] !== undefined ? kv[2].replace(/\\(.)/g, '$1') : kv[3];
    if (table === 'engine' && kv[1] === 'active_service') active = value;
    const m = /^engine\.service_destinations\.(.+)$/.exec(table);
    if (m && kv[1] === 'uri') out.push({ name: m[1], uri: value });
    if (m && kv[1] === 'identity') identities.set(m[1], value);
  }
  return out.map((d) => ({
    ...d,
    ...(identities.has(d.name) ? { identity: identities.get(d.name) } : {}),
    isDefault: d.name === active,
  }));
}

export async function discoverEndpoints(context: DiscoveryEnv): Promise<Endpoint[]> {
  const found = new EndpointList();
  if (context.settingSocketPath?.trim()) {
    const socket = context.settingSocketPath.trim();
    found.fromUri('Setting podman.socketPath', 'setting', socket.includes('://') ? socket : `unix://${socket}`);
  }
  if (context.env.CONTAINER_HOST) {
    found.fromUri('CONTAINER_HOST', 'env', context.env.CONTAINER_HOST, false, context.env.CONTAINER_SSHKEY);
  }
  if (context.platform === 'linux' || context.platform === 'freebsd') addLocalSockets(context, found);
  await addSystemConnections(context, found);
  for (const c of context.extraConnections ?? []) {
    found.fromUri(`Connection ${c.name}`, 'connection', c.uri, false, c.identity);
  }
  if (context.platform === 'darwin') await addMacMachines(context, found);
  if (context.platform === 'win32') {
    const pipe = '\\\\.\\pipe\\podman-machine-default';
    found.add({
      id: pipe,
      label: 'Machine podman-machine-default',
      source: 'machine',
      uri: `npipe:////./pipe/podman-machine-default`,
      socketPath: pipe,
    });
  }
  return found.endpoints;
}

/** Endpoints in the order found, one per id (a later duplicate only adds its default mark). */
class EndpointList {
  readonly endpoints: Endpoint[] = [];

  add(endpoint: Endpoint): void {
    const existing = this.endpoints.find((known) => known.id === endpoint.id);
    if (existing) existing.isDefault ||= endpoint.isDefault;
    else this.endpoints.push(endpoint);
  }

  fromUri(label: string, source: EndpointSource, uri: string, isDefault = false, identity?: string): void {
    const socket = socketFromUri(uri, identity);
    this.add({ id: socket.socketPath ?? uri, label, source, uri, ...socket, ...(isDefault ? { isDefault } : {}) });
  }

  /** A unix socket found on this machine. */
  addSocket(label: string, source: EndpointSource, socketPath: string): void {
    this.add({ id: socketPath, label, source, uri: `unix://${socketPath}`, socketPath });
  }
}

/** The rootless socket (not for root) and the rootful one. */
function addLocalSockets(context: DiscoveryEnv, found: EndpointList): void {
  const xdg = context.env.XDG_RUNTIME_DIR || (context.uid > 0 ? `/run/user/${context.uid}` : undefined);
  if (xdg && context.uid !== 0) found.addSocket('Rootless', 'rootless', path.posix.join(xdg, 'podman/podman.sock'));
  found.addSocket('Rootful', 'rootful', '/run/podman/podman.sock');
}

/** Podman's system connections: podman-connections.json (Podman 5), then containers.conf. */
async function addSystemConnections(context: DiscoveryEnv, found: EndpointList): Promise<void> {
  const configHome = context.env.XDG_CONFIG_HOME || path.join(context.homedir, '.config');
  const connectionFiles = [
    path.join(configHome, 'containers', 'podman-connections.json'),
    '/etc/containers/podman-connections.json',
  ];
  for (const file of connectionFiles) {
    const text = await context.readFile(file);
    if (!text) continue;
    for (const connection of parseConnectionsJson(text)) {
      found.fromUri(
        connection.isMachine ? `Machine ${connection.name}` : `Connection ${connection.name}`,
        connection.isMachine ? 'machine' : 'connection',
        connection.uri,
        connection.isDefault,
        connection.identity,
      );
    }
  }
  const confFiles = [
    context.env.CONTAINERS_CONF,
    path.join(configHome, 'containers', 'containers.conf'),
    '/etc/containers/containers.conf',
  ].filter((file): file is string => !!file);
  for (const file of confFiles) {
    const text = await context.readFile(file);
    if (!text) continue;
    for (const connection of parseContainersConf(text)) {
      found.fromUri(
        `Connection ${connection.name}`,
        'connection',
        connection.uri,
        connection.isDefault,
        connection.identity,
      );
    }
  }
}

/** podman machine sockets on macOS: per provider under the data folder, and the legacy ones in TMPDIR. */
async function addMacMachines(context: DiscoveryEnv, found: EndpointList): Promise<void> {
  const dataHome = context.env.XDG_DATA_HOME || path.join(context.homedir, '.local', 'share');
  for (const provider of ['applehv', 'libkrun', 'qemu']) {
    const dir = path.join(dataHome, 'containers', 'podman', 'machine', provider);
    for (const name of (await context.listDir(dir)) ?? []) {
      if (name.endsWith('-api.sock') || name === 'podman.sock') {
        found.addSocket(`Machine ${name.replace(/-api\.sock$/, '')} (${provider})`, 'machine', path.join(dir, name));
      }
    }
  }
  if (!context.env.TMPDIR) return;
  const dir = path.join(context.env.TMPDIR, 'podman');
  for (const name of (await context.listDir(dir)) ?? []) {
    if (name.endsWith('-api.sock')) {
      found.addSocket(`Machine ${name.replace(/-api\.sock$/, '')}`, 'machine', path.join(dir, name));
    }
  }
}

/** Which endpoint to make active: the remembered one, else the first configured, else the first. */
export function pickActive(
  endpoints: Endpoint[],
  remembered: string | undefined,
  healthy: (id: string) => boolean,
): Endpoint | undefined {
  const usable = endpoints.filter((x) => x.socketPath || x.ssh);
  return (
    usable.find((x) => x.id === remembered) ??
    usable.find((x) => x.source === 'setting') ??
    usable.find((x) => x.source === 'env') ??
    usable.find((x) => x.isDefault && healthy(x.id)) ??
    usable.find((x) => healthy(x.id)) ??
    usable[0]
  );
}

/**
 * Whether an endpoint that did not answer is simply absent (nothing set up at one of the places
 * Podman is looked for: not an error, shown as "not running" with the command that starts it)
 * or failing (a socket that exists and does not work, or one the user configured: an error).
 */
export type EndpointAvailability = { state: 'absent'; start: string } | { state: 'failing' };

/** The command that starts the service behind a well-known endpoint. */
export function startCommand(endpoint: Endpoint): string | undefined {
  switch (endpoint.source) {
    case 'rootful':
      return 'sudo systemctl enable --now podman.socket';
    case 'rootless':
      return 'systemctl --user enable --now podman.socket';
    case 'machine':
      return 'podman machine start';
    default:
      return undefined;
  }
}

/** Absent: no socket at a place Podman is looked for by default; anything else failing. */
export function endpointAvailability(endpoint: Endpoint, errorKind: PodmanErrorKind): EndpointAvailability {
  const start = startCommand(endpoint);
  return errorKind === 'socket-missing' && start ? { state: 'absent', start } : { state: 'failing' };
}
