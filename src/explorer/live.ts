// Live updates: the explorer follows the event stream only while one of its views is visible.
// On becoming visible (or on a new connection) it loads once, then applies events as they come
// (coalesced per batch of the stream, no timers). A broken stream shows as an error node in the
// trees and is reported to the ConnectionManager; the trees recover when the socket returns.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import type { PodmanClient } from '../podman/client';
import { classifyError, type PodmanError } from '../podman/errors';
import { EventSubscription, type StreamStatus } from '../podman/events';
import type { PodmanEvent } from '../podman/models';
import type { ExplorerModel, TreeNode } from './model/tree';

export class LiveExplorer implements vscode.Disposable {
  private sub: EventSubscription | undefined;
  private client: PodmanClient | undefined;
  private loading: Promise<void> | undefined;
  private buffered: PodmanEvent[] | undefined;
  private inBatch = false;
  private hadConnection = false;
  private streamDown = false;
  private disposables: vscode.Disposable[] = [];
  /** Status of the stream, for tests. */
  status: StreamStatus['state'] | 'stopped' = 'stopped';

  constructor(
    private readonly wb: WorkbenchContext,
    private readonly model: ExplorerModel,
    private readonly views: vscode.TreeView<TreeNode>[],
  ) {
    for (const v of views) this.disposables.push(v.onDidChangeVisibility(() => this.update()));
    this.disposables.push(wb.connections.onDidChangeActive(() => this.update()));
    model.store.onError = (e, what) => this.wb.log.warn(`explorer: ${what}: ${e instanceof Error ? e.message : String(e)}`);
    void vscode.commands.executeCommand('setContext', 'podman.explorer.connected', false);
    this.update();
  }

  get following(): boolean {
    return !!this.sub;
  }

  private get visible(): boolean {
    return this.views.some((v) => v.visible);
  }

  /** Starts or stops following, after visibility or the active connection changed. */
  update(): void {
    const active = this.wb.connections.active;
    void vscode.commands.executeCommand('setContext', 'podman.explorer.connected', !!active);
    if (!active) {
      this.stop();
      this.model.store.clear();
      const p = this.wb.connections.activeProblem;
      // A connection that was lost shows as a node with the fix; never having had one shows the welcome.
      this.model.setProblem(this.hadConnection && p ? { message: p.message, fix: p.fix } : undefined);
      return;
    }
    this.hadConnection = true;
    if (!this.visible) {
      this.stop();
      return;
    }
    if (this.sub && this.client === active.client) return;
    this.start(active.client);
  }

  private start(client: PodmanClient): void {
    this.stop();
    this.client = client;
    this.buffered = [];
    this.streamDown = false;
    const sub = new EventSubscription(client, {
      onEvent: (ev) => {
        if (this.sub !== sub) return;
        if (this.buffered) {
          this.buffered.push(ev);
          return;
        }
        if (!this.inBatch) {
          this.inBatch = true;
          this.model.store.beginBatch();
        }
        this.model.applyEvent(ev);
      },
      onBatchEnd: () => {
        if (this.inBatch) {
          this.inBatch = false;
          this.model.store.endBatch();
        }
      },
      onStatus: (s) => this.onStatus(sub, s),
    });
    this.sub = sub;
    sub.start();
    void this.reload();
  }

  private onStatus(sub: EventSubscription, s: StreamStatus): void {
    if (this.sub !== sub) return;
    this.status = s.state;
    if (s.state === 'disconnected') {
      this.streamDown = true;
      this.model.setProblem({ message: s.error.message, fix: s.error.fix ?? 'Check the Connections view.' });
      this.wb.log.warn(`explorer: event stream lost (${s.error.message}); retrying in ${s.retryInMs} ms`);
      this.wb.connections.reportFailure(s.error);
    } else if (s.state === 'connected' && this.streamDown) {
      // Back: the stream replays what it missed; reload once anyway (the service may have restarted).
      this.streamDown = false;
      void this.reload();
    }
  }

  /** Loads everything once; events that arrive meanwhile are applied after. */
  reload(): Promise<void> {
    const client = this.client ?? this.wb.connections.active?.client;
    if (!client) return Promise.resolve();
    this.loading ??= (async () => {
      try {
        if (this.sub) this.buffered ??= [];
        await this.model.load(client);
        this.model.setProblem(undefined);
        const queued = this.buffered ?? [];
        this.buffered = undefined;
        if (queued.length) {
          this.model.store.beginBatch();
          for (const ev of queued) this.model.applyEvent(ev);
          this.model.store.endBatch();
        }
      } catch (e) {
        const err: PodmanError = classifyError(e, client.socketPath);
        this.buffered = undefined;
        this.wb.log.warn(`explorer: loading failed: ${err.message}`);
        this.model.setProblem({ message: err.message, fix: err.fix });
        this.wb.connections.reportFailure(err);
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** For commands run while no view is visible: make sure the store has data. */
  async ensureLoaded(): Promise<void> {
    if (!this.model.store.loaded || !this.sub) await this.reload();
  }

  private stop(): void {
    this.sub?.stop();
    this.sub = undefined;
    this.client = undefined;
    this.buffered = undefined;
    if (this.inBatch) {
      this.inBatch = false;
      this.model.store.endBatch();
    }
    this.status = 'stopped';
  }

  dispose(): void {
    this.stop();
    for (const d of this.disposables) d.dispose();
  }
}
