// Live updates: the explorer follows the event stream of every enabled connection (one follower
// and one model each) only while one of its views is visible. On becoming visible (or on a new
// connection) each loads once, then applies events as they come (model/follower.ts: coalesced per
// batch of the stream, no timers, no polling while it works). A socket that went away shows as an
// error node (under its connection's root when several are shown) and is reported to the
// ConnectionManager; the trees recover when it returns. A Podman that answers while its event
// stream does not keeps its lists, refreshed every 5 s, with a message above the trees.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import type { EndpointStatus } from '../connections/manager';
import type { PodmanClient } from '../podman/client';
import type { ConnectionInfo, ExplorerForest } from './model/forest';
import { ExplorerFollower, POLL_MS } from './model/follower';
import { VIEW_IDS } from './trees';
import type { ExplorerModel, Problem, TreeNode } from './model/tree';

export class LiveExplorer implements vscode.Disposable {
  private followers = new Map<string, ExplorerFollower>();
  private degraded = new Map<string, string>();
  private hadConnection = false;
  private disposables: vscode.Disposable[] = [];

  constructor(
    private readonly wb: WorkbenchContext,
    private readonly forest: ExplorerForest,
    private readonly views: vscode.TreeView<TreeNode>[],
  ) {
    for (const v of views) this.disposables.push(v.onDidChangeVisibility(() => this.update()));
    this.disposables.push(
      wb.connections.onDidChangeActive(() => this.update()),
      wb.connections.onDidChange(() => this.update()),
      forest.onDidChangeLoading(() => this.showLoading()),
    );
    this.update();
  }

  private loadingDone: (() => void) | undefined;
  /** The views' progress bar while a connection's lists load (seconds on a slow link). */
  private showLoading(): void {
    if (!this.forest.loading) {
      this.loadingDone?.();
      this.loadingDone = undefined;
      return;
    }
    if (this.loadingDone) return;
    const done = new Promise<void>((resolve) => (this.loadingDone = resolve));
    for (const viewId of Object.values(VIEW_IDS)) {
      void vscode.window.withProgress({ location: { viewId } }, () => done);
    }
  }

  /** True while every live connection's event stream is followed (and there is one). */
  get following(): boolean {
    const live = this.wb.connections.live;
    return live.length > 0 && live.every((c) => this.followers.has(c.endpoint.id));
  }
  /** The active connection's stream state. */
  get status(): string {
    const id = this.wb.connections.active?.endpoint.id;
    return (id && this.followers.get(id)?.status) || 'stopped';
  }
  /** Whether one connection's stream is followed. */
  followingOf(id: string): boolean {
    return this.followers.has(id);
  }

  private get visible(): boolean {
    return this.views.some((v) => v.visible);
  }

  /** Starts or stops following, after visibility, the enabled set or the active connection changed. */
  update(): void {
    const cm = this.wb.connections;
    void vscode.commands.executeCommand('setContext', 'podman.explorer.connected', !!cm.active);
    const enabled = cm.enabled;
    this.forest.setConnections(enabled.map((s) => connectionInfo(s, cm.activeEndpoint?.id)));
    this.showLoading(); // a model dropped while it loaded says nothing more
    for (const id of [...this.followers.keys()]) if (!cm.connection(id) || !cm.isEnabled(id)) this.stop(id);
    if (!enabled.length) {
      this.unreachable(this.forest.fallback, cm.activeProblem);
      return;
    }
    for (const s of enabled) this.updateOne(s);
  }

  private updateOne(s: EndpointStatus): void {
    const cm = this.wb.connections;
    const id = s.endpoint.id;
    const model = this.forest.model(id);
    if (!model) return;
    model.store.onError = (e, what) =>
      this.wb.log.warn(`explorer (${s.endpoint.label}): ${what}: ${e instanceof Error ? e.message : String(e)}`);
    const conn = cm.connection(id);
    if (!conn) {
      this.stop(id);
      const problem = id === cm.activeEndpoint?.id ? cm.activeProblem : undefined;
      this.unreachable(model, problem ?? (s.health.state === 'error' ? s.health.error : undefined));
      return;
    }
    this.hadConnection = true;
    if (!this.visible) {
      this.stop(id);
      return;
    }
    if (this.followers.get(id)?.client === conn.client) return;
    this.start(id, conn.client, model);
  }

  /** A connection that was lost shows as a node with the fix; never having had one shows the welcome. */
  private unreachable(model: ExplorerModel, p: { message: string; fix?: string } | undefined): void {
    model.store.clear();
    const show = (this.hadConnection || this.forest.multi) && p;
    model.setProblem(show ? { message: p.message, fix: p.fix } : undefined);
  }

  private start(id: string, client: PodmanClient, model: ExplorerModel): void {
    this.stop(id);
    const label = this.wb.connections.connection(id)?.endpoint.label ?? id;
    const follower = new ExplorerFollower(client, model, {
      onProblem: (p: Problem | undefined) => model.setProblem(p),
      onFailure: (e) => this.wb.connections.reportFailure(e),
      onDegraded: (reason) => this.showDegraded(id, reason),
      log: (m) => this.wb.log.info(`explorer (${label}): ${m}`),
    });
    this.followers.set(id, follower);
    void follower.start();
  }

  /** Loads everything once (following or not), for every live connection or just one. */
  async reload(id?: string): Promise<void> {
    const live = this.wb.connections.live.filter((c) => !id || c.endpoint.id === id);
    await Promise.all(
      live.map((c) => {
        const follower = this.followers.get(c.endpoint.id);
        if (follower) return follower.reload();
        const model = this.forest.model(c.endpoint.id);
        if (!model) return undefined;
        // Not following (views hidden): a one-shot load for the command that asked.
        return new ExplorerFollower(c.client, model, {
          onProblem: (p) => model.setProblem(p),
          onFailure: (e) => this.wb.connections.reportFailure(e),
        }).reload();
      }),
    );
  }

  /** For commands run while no view is visible: make sure a connection's store (the active one's by default) has data. */
  async ensureLoaded(id = this.wb.connections.active?.endpoint.id): Promise<void> {
    if (!id) return;
    const model = this.forest.model(id);
    if (!model?.store.loaded || !this.followers.has(id)) await this.reload(id);
  }

  /** A message above each tree while a connection's lists are polled instead of followed. */
  private showDegraded(id: string, reason: string | undefined): void {
    if (reason) this.degraded.set(id, reason);
    else this.degraded.delete(id);
    const [first] = this.degraded.entries();
    const label = first && this.forest.multi ? `${this.wb.connections.connection(first[0])?.endpoint.label}: ` : '';
    const message = first
      ? label +
        vscode.l10n.t(
          'Live updates are paused: Podman answers but its event stream does not ({0}). The lists refresh every {1} s until it is back.',
          first[1],
          POLL_MS / 1000,
        )
      : undefined;
    for (const v of this.views) v.message = message;
  }

  private stop(id: string): void {
    this.followers.get(id)?.stop();
    this.followers.delete(id);
    if (this.degraded.has(id)) this.showDegraded(id, undefined);
  }

  dispose(): void {
    this.loadingDone?.();
    for (const id of [...this.followers.keys()]) this.stop(id);
    for (const d of this.disposables) d.dispose();
  }
}

/** What a connection's root shows, from its status. */
export function connectionInfo(s: EndpointStatus, activeId: string | undefined): ConnectionInfo {
  const base = { id: s.endpoint.id, label: s.endpoint.label, uri: s.endpoint.uri, active: s.endpoint.id === activeId };
  if (s.health.state === 'ok') return { ...base, version: s.health.info.version, rootless: s.health.info.rootless };
  return { ...base, error: s.health.state === 'error' ? s.health.error.message : undefined };
}
