// CPU % and memory beside running containers and summed per pod in the Containers view, behind
// `podman.explorer.showStats` (off by default). It listens to the connection's stats stream only
// while the setting is on and the Containers view is visible.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { sumLatest } from '../podman/stats';
import type { StatsService } from './statsService';

export class TreeStats implements vscode.Disposable {
  private subscription: vscode.Disposable | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly wb: WorkbenchContext,
    private readonly service: StatsService,
  ) {
    const view = wb.explorer?.views.containers;
    if (view) this.subs.push(view.onDidChangeVisibility(() => this.update()));
    this.subs.push(
      wb.connections.onDidChangeActive(() => this.restart()),
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('podman.explorer.showStats') && this.update(),
      ),
    );
    this.update();
  }

  get active(): boolean {
    return !!this.subscription;
  }

  private restart(): void {
    this.stop();
    this.update();
  }

  update(): void {
    const model = this.wb.explorer?.model;
    const on = vscode.workspace.getConfiguration('podman.explorer').get<boolean>('showStats', false);
    const visible = this.wb.explorer?.views.containers.visible ?? false;
    if (!model || !on || !visible) {
      this.stop();
      return;
    }
    if (this.subscription) return;
    const stream = this.service.current();
    if (!stream) return;
    this.subscription = stream.subscribe({
      onFrame: () => model.statsUpdated(),
      onStatus: (s) => s.state === 'unavailable' && this.wb.log.info(`tree stats: ${s.error.message}`),
    });
    model.setStats((ids) => sumLatest(stream.history, ids));
  }

  private stop(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.wb.explorer?.model.setStats(undefined);
  }

  dispose(): void {
    this.stop();
    for (const s of this.subs) s.dispose();
  }
}
