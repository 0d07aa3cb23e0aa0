// The Stats panel: a webview of live charts for one container, one pod (a line per container) or
// every running container. It listens to the connection's one stats stream only while visible
// (hidden: it unsubscribes, and the stream stops when nobody else listens), sends the history on
// becoming visible again, and explains a connection that cannot report stats (cgroup v1 rootless).
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import type { StatsFrame, StatsHistory, StatsSample, StatsStatus } from '../podman/stats';
import type { FromStatsView, StatsDrawn, StatsPoint, ToStatsView } from './protocol';
import { panelOptions, webviewHtml } from './html';
import type { StatsService } from './statsService';

export type StatsScope =
  | { kind: 'all' }
  | { kind: 'container'; id: string; name: string }
  | { kind: 'pod'; podId: string; name: string; memberIds: () => string[] };

/** A sample without its time (the frame carries it once). */
const toPoint = ({ time: _time, ...figures }: StatsSample): StatsPoint => figures;

export class StatsPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private subscription: vscode.Disposable | undefined;
  private ready = false;
  private disposed = false;
  private readonly subs: vscode.Disposable[] = [];
  /** What the webview drew last, and the latencies frame → drawn in ms (tests and the benchmark read them). */
  lastDrawn: StatsDrawn | undefined;
  readonly latencies: number[] = [];
  /** Of each latency, the part before the webview received the frame (the message's way there). */
  readonly transit: number[] = [];
  private readonly drawnWaiters = new Set<(d: StatsDrawn) => void>();

  constructor(
    private readonly wb: WorkbenchContext,
    private readonly service: StatsService,
    readonly scope: StatsScope,
  ) {
    const title =
      scope.kind === 'all' ? vscode.l10n.t('Stats: all containers') : vscode.l10n.t('Stats: {0}', scope.name);
    this.panel = vscode.window.createWebviewPanel(
      'podman.stats',
      title,
      vscode.ViewColumn.Active,
      panelOptions(wb.ext),
    );
    this.panel.webview.html = webviewHtml(this.panel.webview, wb.ext, 'stats', title);
    this.subs.push(
      this.panel.webview.onDidReceiveMessage((m: FromStatsView) => this.onMessage(m)),
      this.panel.onDidChangeViewState(() => this.follow()),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  private onMessage(m: FromStatsView): void {
    if (m.type === 'ready') {
      this.ready = true;
      this.follow(true);
    } else if (m.type === 'drawn') {
      this.lastDrawn = m;
      if (m.live) this.recordLatency(m);
      for (const w of [...this.drawnWaiters]) w(m);
    }
  }

  /** Frame arriving in the host → drawn, and the part spent before the webview received it (live frames only). */
  private recordLatency(m: StatsDrawn): void {
    this.latencies.push(m.drawnAt - m.frameTime);
    this.transit.push(m.receivedAt - m.frameTime);
    for (const list of [this.latencies, this.transit]) if (list.length > 1000) list.splice(0, list.length - 1000);
  }

  /** Resolves with the first drawing that satisfies `test` (tests wait on the webview this way). */
  waitForDrawn(test: (d: StatsDrawn) => boolean, timeoutMs: number): Promise<StatsDrawn> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.drawnWaiters.delete(check);
        reject(
          new Error(
            `the Stats panel drew nothing matching within ${timeoutMs} ms (last: ${JSON.stringify(this.lastDrawn)})`,
          ),
        );
      }, timeoutMs);
      const check = (d: StatsDrawn) => {
        if (!test(d)) return;
        clearTimeout(timer);
        this.drawnWaiters.delete(check);
        resolve(d);
      };
      this.drawnWaiters.add(check);
    });
  }

  /** Subscribes while visible and ready, unsubscribes while hidden. */
  private follow(sendHistory = false): void {
    if (this.disposed) return;
    const want = this.ready && this.panel.visible;
    if (want && !this.subscription) {
      const stream = this.service.current();
      if (!stream) {
        this.post({ type: 'status', kind: 'error', text: vscode.l10n.t('No Podman connection is active.') });
        return;
      }
      this.post({ type: 'history', frames: this.history(stream.history) });
      this.subscription = stream.subscribe({
        onFrame: (f) => this.onFrame(f),
        onStatus: (s) => this.onStatus(s),
      });
    } else if (!want && this.subscription) {
      this.subscription.dispose();
      this.subscription = undefined;
    } else if (want && sendHistory) {
      const stream = this.service.current();
      if (stream) this.post({ type: 'history', frames: this.history(stream.history) });
    }
  }

  private wanted(ids: string[]): Set<string> | undefined {
    if (this.scope.kind === 'all') return undefined;
    if (this.scope.kind === 'container') return new Set([this.scope.id]);
    return new Set(this.scope.memberIds().filter((id) => ids.includes(id)));
  }

  private pick(samples: StatsSample[]): StatsPoint[] {
    const want = this.wanted(samples.map((s) => s.id));
    return samples.filter((s) => !want || want.has(s.id)).map(toPoint);
  }

  private history(h: StatsHistory): { time: number; points: StatsPoint[] }[] {
    const byTime = new Map<number, StatsSample[]>();
    for (const id of h.ids()) {
      for (const s of h.of(id)) {
        let l = byTime.get(s.time);
        if (!l) byTime.set(s.time, (l = []));
        l.push(s);
      }
    }
    return [...byTime.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([time, samples]) => ({ time, points: this.pick(samples) }));
  }

  private onFrame(f: StatsFrame): void {
    this.post({ type: 'frame', time: f.time, points: this.pick(f.samples) });
  }

  private onStatus(s: StatsStatus): void {
    if (s.state === 'unavailable') {
      this.post({ type: 'status', kind: 'error', text: s.error.message, fix: s.error.fix });
    } else if (s.state === 'disconnected') {
      const text = vscode.l10n.t(
        'The stats stream stopped ({0}); reconnecting in {1} ms. The charts keep their history.',
        s.error.message,
        s.retryInMs,
      );
      this.post({ type: 'status', kind: 'info', text });
    } else if (s.state === 'streaming') {
      this.post({ type: 'status', kind: 'info', text: '' });
    }
  }

  /** Posts to the webview; a panel disposed mid-update drops the message quietly. */
  private post(m: ToStatsView): void {
    if (this.disposed) return;
    try {
      this.panel.webview.postMessage(m).then(undefined, (e: unknown) => this.wb.log.info(`stats panel: ${String(e)}`));
    } catch (e) {
      this.wb.log.info(`stats panel: ${String(e)}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.subscription?.dispose();
    this.subscription = undefined;
    for (const s of this.subs) s.dispose();
    this.panel.dispose();
  }
}
