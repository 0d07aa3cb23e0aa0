// Live updates: the explorer follows the event stream only while one of its views is visible.
// On becoming visible (or on a new connection) it loads once, then applies events as they come
// (model/follower.ts: coalesced per batch of the stream, no timers, no polling while it works).
// A socket that went away shows as an error node in the trees and is reported to the
// ConnectionManager; the trees recover when it returns. A Podman that answers while its event
// stream does not keeps its lists, refreshed every 5 s, with a message above the trees.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import type { PodmanClient } from '../podman/client';
import { ExplorerFollower, POLL_MS } from './model/follower';
import type { ExplorerModel, Problem, TreeNode } from './model/tree';

export class LiveExplorer implements vscode.Disposable {
  private follower: ExplorerFollower | undefined;
  private hadConnection = false;
  private disposables: vscode.Disposable[] = [];

  constructor(
    private readonly wb: WorkbenchContext,
    private readonly model: ExplorerModel,
    private readonly views: vscode.TreeView<TreeNode>[],
  ) {
    for (const v of views) this.disposables.push(v.onDidChangeVisibility(() => this.update()));
    this.disposables.push(wb.connections.onDidChangeActive(() => this.update()));
    model.store.onError = (e, what) =>
      this.wb.log.warn(`explorer: ${what}: ${e instanceof Error ? e.message : String(e)}`);
    this.update();
  }

  /** True while the event stream is followed. */
  get following(): boolean {
    return !!this.follower;
  }
  get status(): string {
    return this.follower?.status ?? 'stopped';
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
    if (this.follower && this.follower.client === active.client) return;
    this.start(active.client);
  }

  private start(client: PodmanClient): void {
    this.stop();
    this.follower = new ExplorerFollower(client, this.model, {
      onProblem: (p: Problem | undefined) => this.model.setProblem(p),
      onFailure: (e) => this.wb.connections.reportFailure(e),
      onDegraded: (reason) => this.showDegraded(reason),
      log: (m) => this.wb.log.info(`explorer: ${m}`),
    });
    void this.follower.start();
  }

  /** Loads everything once (following or not). */
  async reload(): Promise<void> {
    if (this.follower) return this.follower.reload();
    const client = this.wb.connections.active?.client;
    if (!client) return;
    // Not following (views hidden): a one-shot load for the command that asked.
    await new ExplorerFollower(client, this.model, {
      onProblem: (p) => this.model.setProblem(p),
      onFailure: (e) => this.wb.connections.reportFailure(e),
    }).reload();
  }

  /** For commands run while no view is visible: make sure the store has data. */
  async ensureLoaded(): Promise<void> {
    if (!this.model.store.loaded || !this.follower) await this.reload();
  }

  /** A message above each tree while the lists are polled instead of followed. */
  private showDegraded(reason: string | undefined): void {
    const message = reason
      ? vscode.l10n.t(
          'Live updates are paused: Podman answers but its event stream does not ({0}). The lists refresh every {1} s until it is back.',
          reason,
          POLL_MS / 1000,
        )
      : undefined;
    for (const v of this.views) v.message = message;
  }

  private stop(): void {
    this.follower?.stop();
    this.follower = undefined;
    this.showDegraded(undefined);
  }

  dispose(): void {
    this.stop();
    for (const d of this.disposables) d.dispose();
  }
}
