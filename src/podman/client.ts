// The Podman client: dockerode for the Docker-compatible API, libpod endpoints through
// dockerode's modem with the version prefix the server announces. No `vscode` import.
import Docker from 'dockerode';
import * as http from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { classifyError, PodmanError } from './errors';
import {
  type ContainerSummary,
  type ImageSummary,
  type NetworkSummary,
  type PodSummary,
  type VolumeSummary,
  parseContainer,
  containerFromInspect,
  parseImage,
  parseList,
  parseNetwork,
  parsePod,
  parseVolume,
} from './models';
import {
  type ContainerInspect,
  type ImageInspect,
  type NetworkInspect,
  type PodInspect,
  type VolumeInspect,
  parseContainerInspect,
  parseImageInspect,
  parseNetworkInspect,
  parsePodInspect,
  parseVolumeInspect,
} from './inspect';
import type { ContainerCreateSpec } from './spec';
import { type Transport, unixTransport } from './transport';
import { atLeast, MIN_PODMAN } from './version';

export interface PingResult {
  apiVersion: string; // Docker-compatible API version, e.g. 1.41
  libpodApiVersion: string; // e.g. 4.3.1
  server: string; // Server header
}

export interface ServerInfo extends PingResult {
  version: string; // Podman version
  /** Undefined until `/libpod/info` has answered (see `pingInfo`). */
  rootless: boolean | undefined;
  os: string;
  arch: string;
  hostname: string;
}

/** "Podman 4.3.1 · rootless" ("Podman 4.3.1" while the mode is not known yet). */
export function serverSummary(info: Pick<ServerInfo, 'version' | 'rootless'>): string {
  const mode = modeOf(info);
  return `Podman ${info.version}${mode ? ` · ${mode}` : ''}`;
}

/** "rootless", "rootful", or '' while `/libpod/info` has not answered yet. */
export function modeOf(info: Pick<ServerInfo, 'rootless'>): '' | 'rootless' | 'rootful' {
  return info.rootless === undefined ? '' : info.rootless ? 'rootless' : 'rootful';
}

export interface RequestOptions {
  query?: Record<string, unknown>;
  body?: unknown;
  signal?: AbortSignal;
  /** Send this stream/buffer as the request body (tar uploads). */
  file?: Readable | Buffer;
  headers?: Record<string, string>;
  stream?: boolean;
  timeoutMs?: number;
}

export type ContainerAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill';
export type PodAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill';

export interface ExecOptions {
  cmd: string[];
  tty?: boolean;
  stdin?: boolean;
  env?: string[];
  workingDir?: string;
  user?: string;
  privileged?: boolean;
}

export interface ExecSession {
  id: string;
  /** Raw duplex: with tty, bytes both ways; without, stdout/stderr arrive multiplexed (see demux). */
  stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
  /** Exit code once the process ended (undefined while running). */
  inspect(): Promise<{ running: boolean; exitCode: number | undefined; pid: number }>;
}

const OK_CODES = {
  200: true,
  201: true,
  204: true,
  304: 'not modified',
  400: 'bad request',
  404: 'no such object',
  409: 'conflict',
  500: 'server error',
} as const;

/** Throws when `version` is older than the oldest Podman this extension drives. */
function checkSupported(version: string): void {
  if (!atLeast(version, MIN_PODMAN)) {
    throw new PodmanError(
      'unsupported',
      `Podman ${version} is too old: Podman Workbench needs ${MIN_PODMAN} or later.`,
      'Upgrade Podman.',
    );
  }
}

export class PodmanClient {
  readonly docker: Docker;
  private prefix = '/v4.0.0/libpod';
  /** API requests made, the event stream excepted (the benchmarks read it). */
  requestCount = 0;

  readonly transport: Transport;

  /** A local socket path, or a transport (an SSH link to a remote socket: ssh/transport.ts). */
  constructor(target: string | Transport, opts: { timeoutMs?: number } = {}) {
    this.transport = typeof target === 'string' ? unixTransport(target) : target;
    this.docker = new Docker({ ...this.transport.dockerOptions(), timeout: opts.timeoutMs });
  }

  /** How messages name the endpoint: the local socket path, or ssh://user@host/path. */
  get socketPath(): string {
    return this.transport.label;
  }

  /** Whether the Podman service runs on another machine (reached over SSH). */
  get remote(): boolean {
    return this.transport.remote;
  }

  /** Closes what the transport holds open (the SSH link it owns). */
  dispose(): void {
    this.transport.dispose();
  }

  /** GET /_ping, reading the headers that say which API versions the server speaks. */
  ping(signal?: AbortSignal, timeoutMs = 5000): Promise<PingResult> {
    this.requestCount++;
    return new Promise((resolve, reject) => {
      const req = http.request(
        { ...this.transport.requestOptions(), path: '/_ping', method: 'GET', signal, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.length < 16 && chunks.push(c));
          res.on('end', () => {
            const libpod = res.headers['libpod-api-version'];
            const body = Buffer.concat(chunks).toString('utf8').trim();
            if (res.statusCode !== 200 || typeof libpod !== 'string') {
              const server = String(res.headers.server ?? 'unknown server');
              reject(
                new PodmanError(
                  'not-podman',
                  res.statusCode === 200
                    ? `${this.socketPath} answers, but not as Podman (server: ${server}).`
                    : `${this.socketPath} answered /_ping with HTTP ${res.statusCode}${body ? `: ${body.slice(0, 120)}` : ''}.`,
                  this.remote
                    ? "Give the connection the path of the host's Podman API socket: on the host, `podman info --format '{{.Host.RemoteSocket.Path}}'` names it (Podman 4.3 or later)."
                    : 'Point podman.socketPath at a Podman API socket (Podman 4.3 or later).',
                ),
              );
              return;
            }
            this.prefix = `/v${libpod}/libpod`;
            resolve({
              apiVersion: String(res.headers['api-version'] ?? ''),
              libpodApiVersion: libpod,
              server: String(res.headers.server ?? ''),
            });
          });
          res.on('error', (e) => reject(classifyError(e, this.socketPath)));
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', (e) => reject(classifyError(e, this.socketPath)));
      req.end();
    });
  }

  /**
   * What `/_ping` alone tells: the version (its Libpod-Api-Version header is Podman's own version),
   * checked. Enough to use the connection; rootless, platform and hostname come from `info()`,
   * much dearer for the server (its /info runs helper programs: seconds under load).
   */
  async pingInfo(signal?: AbortSignal): Promise<ServerInfo> {
    const ping = await this.ping(signal);
    checkSupported(ping.libpodApiVersion);
    return { ...ping, version: ping.libpodApiVersion, rootless: undefined, os: '', arch: '', hostname: '' };
  }

  /** Ping (unless given its answer) plus libpod info: version, rootless, platform. */
  async info(signal?: AbortSignal, pinged?: PingResult): Promise<ServerInfo> {
    const ping = pinged ?? (await this.ping(signal));
    const raw = (await this.libpod('GET', '/info', { signal })) as {
      host?: { os?: string; arch?: string; hostname?: string; security?: { rootless?: boolean } };
      version?: { Version?: string };
    };
    const version = raw?.version?.Version ?? ping.libpodApiVersion;
    checkSupported(version);
    return {
      ...ping,
      version,
      rootless: raw?.host?.security?.rootless === true,
      os: raw?.host?.os ?? '',
      arch: raw?.host?.arch ?? '',
      hostname: raw?.host?.hostname ?? '',
    };
  }

  get libpodPrefix(): string {
    return this.prefix;
  }

  /** A request to a libpod endpoint (path after `/libpod`), JSON in and out unless streamed. */
  libpod(method: 'GET' | 'POST' | 'DELETE' | 'PUT', path: string, options: RequestOptions = {}): Promise<unknown> {
    return this.request(method, `${this.prefix}${path}`, options);
  }

  /** A request to a Docker-compatible endpoint (path after the version). */
  compat(method: 'GET' | 'POST' | 'DELETE' | 'PUT', path: string, options: RequestOptions = {}): Promise<unknown> {
    return this.request(method, `/v1.41${path}`, options);
  }

  private request(method: string, path: string, options: RequestOptions): Promise<unknown> {
    this.requestCount++;
    const query = options.query ?? {};
    const dialOptions =
      method === 'POST' || method === 'PUT' ? { _query: query, _body: options.body ?? {} } : { ...query };
    return new Promise((resolve, reject) => {
      this.docker.modem.dial(
        {
          path: `${path}?`,
          method,
          options: dialOptions,
          statusCodes: OK_CODES,
          isStream: options.stream === true,
          abortSignal: options.signal,
          file: options.file,
          headers: options.headers,
        } as unknown as Parameters<Docker['modem']['dial']>[0],
        (err: unknown, data: unknown) => (err ? reject(classifyError(err, this.socketPath)) : resolve(data)),
      );
    });
  }

  // ---- lists (the libpod list is the fast path) ----
  async listContainers(filters?: Record<string, string[]>): Promise<ContainerSummary[]> {
    const raw = await this.libpod('GET', '/containers/json', { query: { all: true, ...(filters ? { filters } : {}) } });
    return parseList(raw, parseContainer);
  }
  /**
   * One container by id (full or prefix) or exact name, as the list gives it: from its inspect
   * (cheap for the server), or listed with a filter when the inspect cannot say it all
   * (containerFromInspect).
   */
  async getContainer(idOrName: string): Promise<ContainerSummary | undefined> {
    const byId = /^[0-9a-f]{12,64}$/.test(idOrName);
    const matches = (c: ContainerSummary) => (byId ? c.id.startsWith(idOrName) : c.names.includes(idOrName));
    const raw = await this.libpod('GET', `/containers/${encodeURIComponent(idOrName)}/json`).catch((e: unknown) => {
      if (e instanceof PodmanError && e.kind === 'not-found') return undefined;
      throw e;
    });
    if (raw === undefined) return undefined;
    const inspected = containerFromInspect(raw);
    if (inspected && matches(inspected)) return inspected;
    const filters: Record<string, string[]> = byId
      ? { id: [idOrName] }
      : { name: [`^${idOrName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`] };
    const list = await this.listContainers(filters);
    return list.find(matches) ?? (byId ? undefined : list[0]);
  }
  async listPods(filters?: Record<string, string[]>): Promise<PodSummary[]> {
    return parseList(await this.libpod('GET', '/pods/json', { query: filters ? { filters } : {} }), parsePod);
  }
  async listImages(): Promise<ImageSummary[]> {
    return parseList(await this.libpod('GET', '/images/json', { query: { all: false } }), parseImage);
  }
  async listVolumes(filters?: Record<string, string[]>): Promise<VolumeSummary[]> {
    return parseList(await this.libpod('GET', '/volumes/json', { query: filters ? { filters } : {} }), parseVolume);
  }
  async listNetworks(): Promise<NetworkSummary[]> {
    return parseList(await this.libpod('GET', '/networks/json'), parseNetwork);
  }
  async listSecrets(): Promise<string[]> {
    const raw = await this.libpod('GET', '/secrets/json');
    return Array.isArray(raw)
      ? raw.map((s) => String((s as { Spec?: { Name?: string } })?.Spec?.Name ?? '')).filter(Boolean)
      : [];
  }

  // ---- containers ----
  async containerAction(
    id: string,
    action: ContainerAction,
    o: { signal?: string; timeout?: number } = {},
  ): Promise<void> {
    const query: Record<string, unknown> = {};
    if (action === 'kill' && o.signal) query.signal = o.signal;
    // libpod's stop reads `timeout` (it ignores `t`, the compat name, and waits 10 s); restart reads `t`.
    if (action === 'stop' && o.timeout !== undefined) query.timeout = o.timeout;
    if (action === 'restart' && o.timeout !== undefined) query.t = o.timeout;
    await this.libpod('POST', `/containers/${encodeURIComponent(id)}/${action}`, { query });
  }
  async removeContainer(id: string, o: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    await this.libpod('DELETE', `/containers/${encodeURIComponent(id)}`, {
      query: { force: o.force ?? false, v: o.volumes ?? false },
    });
  }
  async inspectContainer(id: string): Promise<ContainerInspect> {
    return parseContainerInspect(await this.libpod('GET', `/containers/${encodeURIComponent(id)}/json`));
  }
  /** Processes of a running container (libpod top), as rows keyed by the title. */
  async top(id: string, psArgs = 'pid,user,args'): Promise<Record<string, string>[]> {
    const raw = (await this.libpod('GET', `/containers/${encodeURIComponent(id)}/top`, {
      query: { ps_args: psArgs },
    })) as {
      Titles?: string[];
      Processes?: string[][];
    };
    const titles = raw?.Titles ?? [];
    return (raw?.Processes ?? []).map((p) =>
      Object.fromEntries(titles.map((t, i) => [t.trim(), String(p[i] ?? '').trim()])),
    );
  }
  /** Creates a container with the libpod spec generator; returns its id. */
  async createContainer(spec: ContainerCreateSpec): Promise<string> {
    const r = (await this.libpod('POST', '/containers/create', { body: spec })) as { Id?: string };
    if (!r?.Id) throw new PodmanError('server', 'Podman did not return the new container id.');
    return r.Id;
  }
  /**
   * Container logs as a stream of multiplexed frames (no TTY) or raw bytes (TTY).
   * `follow` keeps it open; the caller destroys it to stop.
   */
  async logs(
    id: string,
    o: { follow?: boolean; tail?: number; timestamps?: boolean; since?: number; signal?: AbortSignal } = {},
  ): Promise<Readable> {
    return (await this.libpod('GET', `/containers/${encodeURIComponent(id)}/logs`, {
      query: {
        follow: o.follow ?? false,
        stdout: true,
        stderr: true,
        timestamps: o.timestamps ?? false,
        tail: o.tail === undefined ? 'all' : String(o.tail),
        ...(o.since ? { since: o.since } : {}),
      },
      stream: true,
      signal: o.signal,
    })) as Readable;
  }
  /** Starts a process in a running container with a hijacked stream through the socket. */
  async exec(id: string, o: ExecOptions): Promise<ExecSession> {
    const container = this.docker.getContainer(id);
    let exec: Docker.Exec;
    try {
      exec = await container.exec({
        Cmd: o.cmd,
        AttachStdin: o.stdin ?? true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: o.tty ?? false,
        Env: o.env,
        WorkingDir: o.workingDir,
        User: o.user,
        Privileged: o.privileged,
      });
      this.requestCount++;
    } catch (e) {
      throw classifyError(e, this.socketPath);
    }
    let stream: Duplex;
    try {
      stream = (await exec.start({ hijack: true, stdin: o.stdin ?? true, Tty: o.tty ?? false })) as Duplex;
      this.requestCount++;
    } catch (e) {
      throw classifyError(e, this.socketPath);
    }
    return {
      id: exec.id,
      stream,
      resize: async (cols, rows) => {
        if (cols > 0 && rows > 0) await exec.resize({ w: cols, h: rows }).catch(() => undefined);
      },
      inspect: async () => {
        const r = await exec.inspect();
        return { running: r.Running, exitCode: r.Running ? undefined : (r.ExitCode ?? undefined), pid: r.Pid };
      },
    };
  }
  /** Uploads a tar archive into a container at `path` (PUT /containers/{id}/archive). */
  async putArchive(id: string, path: string, tar: Readable | Buffer): Promise<void> {
    await this.compat('PUT', `/containers/${encodeURIComponent(id)}/archive`, { query: { path }, file: tar });
  }

  // ---- pods ----
  async podAction(name: string, action: PodAction): Promise<void> {
    await this.libpod('POST', `/pods/${encodeURIComponent(name)}/${action}`);
  }
  async removePod(name: string, o: { force?: boolean } = {}): Promise<void> {
    await this.libpod('DELETE', `/pods/${encodeURIComponent(name)}`, { query: { force: o.force ?? false } });
  }
  async inspectPod(name: string): Promise<PodInspect> {
    return parsePodInspect(await this.libpod('GET', `/pods/${encodeURIComponent(name)}/json`));
  }

  // ---- images ----
  async inspectImage(id: string): Promise<ImageInspect> {
    return parseImageInspect(await this.libpod('GET', `/images/${encodeURIComponent(id)}/json`));
  }
  async removeImage(id: string, o: { force?: boolean } = {}): Promise<void> {
    await this.libpod('DELETE', `/images/${encodeURIComponent(id)}`, { query: { force: o.force ?? false } });
  }
  async tagImage(id: string, repo: string, tag: string): Promise<void> {
    await this.libpod('POST', `/images/${encodeURIComponent(id)}/tag`, { query: { repo, tag } });
  }
  async pruneImages(): Promise<string[]> {
    const r = await this.libpod('POST', '/images/prune', { query: { all: false } });
    return Array.isArray(r) ? r.map((x) => String((x as { Id?: string })?.Id ?? '')).filter(Boolean) : [];
  }

  // ---- volumes and networks ----
  async createVolume(name: string, labels: Record<string, string> = {}): Promise<void> {
    await this.libpod('POST', '/volumes/create', { body: { Name: name, Label: labels } });
  }
  async removeVolume(name: string, o: { force?: boolean } = {}): Promise<void> {
    await this.libpod('DELETE', `/volumes/${encodeURIComponent(name)}`, { query: { force: o.force ?? false } });
  }
  async inspectVolume(name: string): Promise<VolumeInspect> {
    return parseVolumeInspect(await this.libpod('GET', `/volumes/${encodeURIComponent(name)}/json`));
  }
  async pruneVolumes(): Promise<string[]> {
    const r = await this.libpod('POST', '/volumes/prune');
    return Array.isArray(r) ? r.map((x) => String((x as { Id?: string })?.Id ?? '')).filter(Boolean) : [];
  }
  async createNetwork(name: string, o: { internal?: boolean; labels?: Record<string, string> } = {}): Promise<void> {
    await this.libpod('POST', '/networks/create', {
      body: { name, internal: o.internal ?? false, labels: o.labels ?? {} },
    });
  }
  async removeNetwork(name: string, o: { force?: boolean } = {}): Promise<void> {
    await this.libpod('DELETE', `/networks/${encodeURIComponent(name)}`, { query: { force: o.force ?? false } });
  }
  async inspectNetwork(name: string): Promise<NetworkInspect> {
    return parseNetworkInspect(await this.libpod('GET', `/networks/${encodeURIComponent(name)}/json`));
  }
  async pruneNetworks(): Promise<string[]> {
    const r = await this.libpod('POST', '/networks/prune');
    return Array.isArray(r) ? r.map((x) => String((x as { Name?: string })?.Name ?? '')).filter(Boolean) : [];
  }

  // ---- system ----
  /** What a system prune would remove now (stopped containers, unused pods, dangling images, unused networks, volumes when asked). */
  async systemPrune(o: { volumes?: boolean } = {}): Promise<unknown> {
    return this.libpod('POST', '/system/prune', { query: { all: false, volumes: o.volumes ?? false } });
  }

  /** The raw event stream (newline-delimited JSON). See events.ts for the managed subscription. */
  async eventStream(o: { since?: number; signal?: AbortSignal } = {}): Promise<Readable> {
    this.requestCount--; // the event stream is not counted as a request
    return (await this.libpod('GET', '/events', {
      query: { stream: true, ...(o.since !== undefined ? { since: String(o.since) } : {}) },
      stream: true,
      signal: o.signal,
    })) as Readable;
  }
}

/** Splits a multiplexed (non-TTY) Podman stream: 8-byte headers [type,0,0,0,size32be]. */
export class FrameDemuxer {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly onFrame: (stream: 'stdout' | 'stderr' | 'stdin', data: Buffer) => void) {}
  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= 8) {
      const size = this.buf.readUInt32BE(4);
      if (this.buf.length < 8 + size) break;
      const type = this.buf[0];
      const data = this.buf.subarray(8, 8 + size);
      this.buf = this.buf.subarray(8 + size);
      this.onFrame(type === 2 ? 'stderr' : type === 0 ? 'stdin' : 'stdout', data);
    }
  }
}

/** Volumes no container uses (what a volume prune would remove). */
export async function listDanglingVolumes(client: PodmanClient): Promise<string[]> {
  return (await client.listVolumes({ dangling: ['true'] })).map((volume) => volume.name);
}
