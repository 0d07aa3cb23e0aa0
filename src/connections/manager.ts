// Knows every endpoint, checks their health, keeps the enabled ones live at once (one client
// each: the explorer shows a root per connection) and holds the active connection: the one the
// language server's live data, builds, kube and debugging use unless told otherwise.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { PodmanClient, ServerInfo } from '../podman/client';
import { type Endpoint, discoverEndpoints, pickActive } from '../podman/discovery';
import { PodmanError } from '../podman/errors';
import type { Log } from '../log';
import { ClientFactory } from './clientFactory';
import { enabledIds, findEndpoint, toggleEnabled } from './enabled';
import { type Health, type HealthCheck, checkHealth } from './health';
import { savedSshConnections } from './ssh';

export type { Health } from './health';

export interface EndpointStatus {
  endpoint: Endpoint;
  health: Health;
}

export interface ActiveConnection {
  endpoint: Endpoint;
  client: PodmanClient;
  info: ServerInfo;
}

/** A connection that is enabled and answers (the active one is one of them). */
export type LiveConnection = ActiveConnection;

const REMEMBER_KEY = 'podman.activeEndpoint';
const ENABLED_KEY = 'podman.enabledEndpoints';

export class ConnectionManager implements vscode.Disposable {
  private statuses: EndpointStatus[] = [];
  private activeId: string | undefined;
  private activeConn: ActiveConnection | undefined;
  /** Enabled endpoint ids the user chose (the active one is enabled whether listed or not). */
  private remembered: string[];
  /** The live connections by endpoint id: enabled, healthy, with their client. */
  private liveConns = new Map<string, LiveConnection>();
  private activeError: PodmanError | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the list, a health or the active connection changes. */
  readonly onDidChange = this.changed.event;
  private readonly activeChanged = new vscode.EventEmitter<ActiveConnection | undefined>();
  /** Fires when the active connection becomes usable, changes, or is lost. */
  readonly onDidChangeActive = this.activeChanged.event;
  private refreshing: Promise<void> | undefined;
  /** The clients that answered the latest health check, by endpoint id (they know the libpod prefix). */
  private pinged = new Map<string, PodmanClient>();
  /** Counts refreshes: the /info of an older one updates nothing. */
  private generation = 0;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log: Log,
    readonly clients: ClientFactory = new ClientFactory(),
  ) {
    this.activeId = memento.get<string>(REMEMBER_KEY);
    this.remembered = memento.get<string[]>(ENABLED_KEY) ?? [];
  }

  /** The enabled endpoints (health included), in discovery order; the active one among them. */
  get enabled(): readonly EndpointStatus[] {
    const ids = enabledIds(
      this.statuses.map((s) => s.endpoint),
      this.remembered,
      this.activeId,
    );
    return ids.map((id) => this.statuses.find((s) => s.endpoint.id === id)).filter((s): s is EndpointStatus => !!s);
  }
  /** The enabled connections that answer, in discovery order. */
  get live(): LiveConnection[] {
    return this.enabled.map((s) => this.liveConns.get(s.endpoint.id)).filter((c): c is LiveConnection => !!c);
  }
  isEnabled(id: string): boolean {
    return this.enabled.some((s) => s.endpoint.id === id);
  }
  /** The live connection of an endpoint id (a tree node's own connection). */
  connection(id: string): LiveConnection | undefined {
    return this.liveConns.get(id);
  }
  /** A connection named by endpoint id, URI or label (launch.json, tasks), live or not. */
  find(idOrLabel: string): EndpointStatus | undefined {
    return findEndpoint(this.statuses, idOrLabel);
  }

  /**
   * The connection a launch configuration or a task names (endpoint id, URI or label): a live one,
   * or a client of its own for an endpoint that answers but is not enabled. A clear error otherwise.
   */
  named(idOrLabel: string): LiveConnection {
    const status = this.find(idOrLabel);
    if (!status) {
      const known = this.statuses.map((s) => s.endpoint.label).join(', ') || 'none';
      // Not 'not-found' (shown as "gone already"): a name that matches nothing is the user's to fix.
      throw new PodmanError(
        'server',
        `No Podman connection is named "${idOrLabel}".`,
        `Use an endpoint id or a label of the Connections view (known: ${known}).`,
      );
    }
    const live = this.liveConns.get(status.endpoint.id);
    if (live) return live;
    const client = status.health.state === 'ok' ? this.clients.client(status.endpoint) : undefined;
    if (status.health.state !== 'ok' || !client) {
      const why = status.health.state === 'error' ? status.health.error : undefined;
      throw new PodmanError(
        why?.kind ?? 'socket-missing',
        `The connection "${status.endpoint.label}" does not answer${why ? `: ${why.message}` : '.'}`,
        why?.fix,
      );
    }
    return { endpoint: status.endpoint, client, info: status.health.info };
  }

  /** Enables or disables an endpoint (remembered). The active one cannot be disabled while it is the only one enabled. */
  async setEnabled(id: string, on: boolean): Promise<void> {
    if (!on && id === this.activeId) {
      const next = this.live.find((c) => c.endpoint.id !== id);
      if (!next) {
        throw new PodmanError(
          'conflict',
          'The active connection is the only one enabled.',
          'Enable another connection first, or pick another one with Podman: Select Connection.',
        );
      }
      this.remembered = toggleEnabled(this.remembered, id, false);
      await this.memento.update(ENABLED_KEY, this.remembered);
      await this.setActive(next.endpoint.id);
    } else {
      this.remembered = toggleEnabled(this.remembered, id, on);
      await this.memento.update(ENABLED_KEY, this.remembered);
    }
    await this.syncLive();
    this.changed.fire();
  }

  /** One client per enabled, healthy endpoint (kept while the endpoint answers with the same version). */
  private async syncLive(): Promise<void> {
    const next = new Map<string, LiveConnection>();
    for (const s of this.enabled) {
      if (s.health.state !== 'ok') continue;
      const have = this.liveConns.get(s.endpoint.id);
      if (have && have.info.version === s.health.info.version) {
        have.info = s.health.info;
        next.set(s.endpoint.id, have);
        continue;
      }
      let client = this.pinged.get(s.endpoint.id);
      if (!client) {
        client = this.clients.client(s.endpoint);
        await client.ping().catch(() => undefined); // learn the libpod prefix
      }
      next.set(s.endpoint.id, { endpoint: s.endpoint, client, info: s.health.info });
    }
    this.liveConns = next;
  }

  get endpoints(): readonly EndpointStatus[] {
    return this.statuses;
  }
  get active(): ActiveConnection | undefined {
    return this.activeConn;
  }
  /** Why there is no active connection, when there is none. */
  get activeProblem(): PodmanError | undefined {
    return this.activeConn ? undefined : this.activeError;
  }
  get activeEndpoint(): Endpoint | undefined {
    return this.statuses.find((s) => s.endpoint.id === this.activeId)?.endpoint;
  }

  /** Rediscovers endpoints and checks each one's health. Concurrent calls share one run. */
  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const setting = vscode.workspace.getConfiguration('podman').get<string>('socketPath') ?? '';
    const endpoints = await discoverEndpoints({
      env: process.env,
      platform: process.platform,
      homedir: os.homedir(),
      uid: typeof process.getuid === 'function' ? process.getuid() : -1,
      settingSocketPath: setting,
      extraConnections: savedSshConnections(this.memento),
      readFile: (p) => fs.readFile(p, 'utf8').catch(() => undefined),
      listDir: (p) => fs.readdir(p).catch(() => undefined),
    });
    this.clients.keepOnly(endpoints.map((endpoint) => endpoint.id));
    const generation = ++this.generation;
    const checks = await Promise.all(endpoints.map((endpoint) => this.check(endpoint)));
    const statuses = checks.map((c, i): EndpointStatus => ({
      endpoint: endpoints[i],
      health: this.carried(c.health, endpoints[i]),
    }));
    this.statuses = statuses;
    this.pinged = new Map(checks.flatMap((c, i) => (c.client ? [[endpoints[i].id, c.client] as const] : [])));
    for (const st of statuses) this.logStatus(st);
    const healthy = (id: string) => statuses.some((s) => s.endpoint.id === id && s.health.state === 'ok');
    const explicit = this.activeId && statuses.some((s) => s.endpoint.id === this.activeId) ? this.activeId : undefined;
    const pick = explicit
      ? statuses.find((s) => s.endpoint.id === explicit)?.endpoint
      : pickActive(endpoints, undefined, healthy);
    this.activeId = pick?.id;
    await this.syncLive();
    await this.setActive(pick?.id, false);
    this.changed.fire();
    checks.forEach(
      (c, i) =>
        void c.details
          ?.then((health) => this.completeHealth(generation, endpoints[i], health))
          .catch((e: unknown) => this.log.warn(`endpoint ${endpoints[i].id}: ${String(e)}`)),
    );
  }

  /** A ping's health keeps what the previous /info said of the same server until the new one answers (no flicker). */
  private carried(health: Health, endpoint: Endpoint): Health {
    const prev = this.statuses.find((s) => s.endpoint.id === endpoint.id)?.health;
    if (health.state !== 'ok' || prev?.state !== 'ok' || prev.info.version !== health.info.version) return health;
    const { rootless, os, arch, hostname } = prev.info;
    return { state: 'ok', info: { ...health.info, rootless, os, arch, hostname } };
  }

  /**
   * The health once `/libpod/info` answered: rootless or rootful and the platform fill in (the root
   * labels and the status bar update); a failure makes the endpoint unhealthy, as it was when /info
   * was part of the check.
   */
  private async completeHealth(generation: number, endpoint: Endpoint, health: Health): Promise<void> {
    if (generation !== this.generation) return;
    const index = this.statuses.findIndex((s) => s.endpoint.id === endpoint.id);
    if (index < 0) return;
    const status = { endpoint, health };
    this.statuses = this.statuses.map((s, i) => (i === index ? status : s));
    const live = this.liveConns.get(endpoint.id);
    if (health.state === 'ok') {
      if (live) live.info = health.info;
    } else {
      this.logStatus(status);
      this.pinged.delete(endpoint.id);
      await this.syncLive();
      if (generation !== this.generation) return;
      await this.setActive(this.activeId, false);
    }
    this.changed.fire();
  }

  private logStatus(st: EndpointStatus): void {
    const health =
      st.health.state === 'ok'
        ? `Podman ${st.health.info.version}`
        : st.health.state === 'error'
          ? st.health.error.message
          : 'unknown';
    this.log.info(`endpoint ${st.endpoint.label} (${st.endpoint.uri}): ${health}`);
  }

  private check(endpoint: Endpoint): Promise<HealthCheck> {
    return checkHealth(
      endpoint,
      (e) => this.clients.client(e),
      (error) =>
        this.log.debug(
          `endpoint ${endpoint.id}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`,
        ),
    );
  }

  /** Makes an endpoint the active one (remembered across sessions when chosen by the user). */
  async setActive(id: string | undefined, remember = true): Promise<void> {
    if (remember) await this.memento.update(REMEMBER_KEY, id);
    this.activeId = id;
    const status = this.statuses.find((s) => s.endpoint.id === id);
    const prev = this.activeConn;
    if (remember) await this.syncLive();
    const conn = id ? this.liveConns.get(id) : undefined;
    if (conn) {
      this.activeConn = conn;
      this.activeError = undefined;
    } else {
      this.activeConn = undefined;
      this.activeError =
        status?.health.state === 'error'
          ? status.health.error
          : new PodmanError(
              'socket-missing',
              'No Podman connection found.',
              'Install Podman and start its API socket: `systemctl --user enable --now podman.socket`, or set podman.socketPath.',
            );
    }
    if (prev !== this.activeConn) {
      this.log.info(
        this.activeConn
          ? `active connection: ${this.activeConn.endpoint.label} (${this.activeConn.endpoint.id}), Podman ${this.activeConn.info.version}`
          : `no active connection: ${this.activeError?.message}`,
      );
      this.activeChanged.fire(this.activeConn);
    }
    if (remember) this.changed.fire();
  }

  /** The user changed podman.socketPath: the setting wins over a remembered choice. */
  async preferSetting(): Promise<void> {
    this.activeId = undefined;
    await this.memento.update(REMEMBER_KEY, undefined);
    await this.refresh();
  }

  /** Called by users of the active client when a call fails as if the socket went away. */
  reportFailure(err: PodmanError): void {
    if (!this.liveConns.size) return;
    if (['socket-missing', 'refused', 'not-a-socket', 'permission-denied', 'not-podman'].includes(err.kind)) {
      void this.refresh();
    }
  }

  dispose(): void {
    this.changed.dispose();
    this.activeChanged.dispose();
    this.clients.dispose();
  }
}
