// Knows every endpoint, checks their health, and holds the active connection: the one
// PodmanClient the explorer, the language server's live data, builds, kube and debugging use.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { PodmanClient, type ServerInfo } from '../podman/client';
import { type Endpoint, discoverEndpoints, pickActive } from '../podman/discovery';
import { PodmanError, classifyError } from '../podman/errors';
import type { Log } from '../log';
import { ClientFactory } from './clientFactory';
import { savedSshConnections } from './ssh';

export type Health = { state: 'unknown' } | { state: 'ok'; info: ServerInfo } | { state: 'error'; error: PodmanError };

export interface EndpointStatus {
  endpoint: Endpoint;
  health: Health;
}

export interface ActiveConnection {
  endpoint: Endpoint;
  client: PodmanClient;
  info: ServerInfo;
}

const REMEMBER_KEY = 'podman.activeEndpoint';

export class ConnectionManager implements vscode.Disposable {
  private statuses: EndpointStatus[] = [];
  private activeId: string | undefined;
  private activeConn: ActiveConnection | undefined;
  private activeError: PodmanError | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the list, a health or the active connection changes. */
  readonly onDidChange = this.changed.event;
  private readonly activeChanged = new vscode.EventEmitter<ActiveConnection | undefined>();
  /** Fires when the active connection becomes usable, changes, or is lost. */
  readonly onDidChangeActive = this.activeChanged.event;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log: Log,
    readonly clients: ClientFactory = new ClientFactory(),
  ) {
    this.activeId = memento.get<string>(REMEMBER_KEY);
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
    const statuses = await Promise.all(endpoints.map((endpoint) => this.check(endpoint)));
    this.statuses = statuses;
    for (const st of statuses) {
      this.log.info(
        `endpoint ${st.endpoint.label} (${st.endpoint.uri}): ${st.health.state === 'ok' ? `Podman ${st.health.info.version}` : st.health.state === 'error' ? st.health.error.message : 'unknown'}`,
      );
    }
    const healthy = (id: string) => statuses.some((s) => s.endpoint.id === id && s.health.state === 'ok');
    const explicit = this.activeId && statuses.some((s) => s.endpoint.id === this.activeId) ? this.activeId : undefined;
    const pick = explicit
      ? statuses.find((s) => s.endpoint.id === explicit)?.endpoint
      : pickActive(endpoints, undefined, healthy);
    await this.setActive(pick?.id, false);
    this.changed.fire();
  }

  private async check(endpoint: Endpoint): Promise<EndpointStatus> {
    try {
      const info = await this.clients.client(endpoint).info();
      return { endpoint, health: { state: 'ok', info } };
    } catch (e) {
      const error = classifyError(e, endpoint.socketPath ?? endpoint.uri);
      this.log.debug(
        `endpoint ${endpoint.id}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`,
      );
      return { endpoint, health: { state: 'error', error } };
    }
  }

  /** Makes an endpoint the active one (remembered across sessions when chosen by the user). */
  async setActive(id: string | undefined, remember = true): Promise<void> {
    if (remember) await this.memento.update(REMEMBER_KEY, id);
    this.activeId = id;
    const status = this.statuses.find((s) => s.endpoint.id === id);
    const prev = this.activeConn;
    if (status?.health.state === 'ok') {
      if (prev && prev.endpoint.id === id && prev.info.version === status.health.info.version) {
        prev.info = status.health.info;
      } else {
        const client = this.clients.client(status.endpoint);
        await client.ping().catch(() => undefined); // learn the libpod prefix
        this.activeConn = { endpoint: status.endpoint, client, info: status.health.info };
      }
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
    if (!this.activeConn) return;
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
