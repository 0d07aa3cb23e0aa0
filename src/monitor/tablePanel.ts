// A webview panel showing one table (the Events, Processes and Disk Usage panels): it posts the
// model when the webview is ready, appends rows, and hands clicks and actions to its owner.
// Posting after the panel is disposed is dropped quietly.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { reportError } from '../util/commands';
import { panelOptions, webviewHtml } from './html';
import {
  toWireRow,
  type FromTableView,
  type TableModel,
  type TableRendered,
  type TableRow,
  type ToTableView,
} from './protocol';

export interface TableHandlers {
  onRow?(index: number): unknown;
  onAction?(action: string, index: number | undefined): unknown;
  onRange?(since: string, until: string): unknown;
  onVisible?(visible: boolean): void;
}

export class TablePanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private model: TableModel | undefined;
  private ready = false;
  disposed = false;
  /** The last render the webview reported (rows shown, ms, times): tests and the benchmark read it. */
  lastRender: TableRendered | undefined;
  private readonly renderWaiters = new Set<(r: TableRendered) => void>();
  private readonly subs: vscode.Disposable[] = [];
  private readonly disposeHooks: (() => void)[] = [];

  constructor(
    private readonly wb: WorkbenchContext,
    viewType: string,
    title: string,
    private readonly handlers: TableHandlers,
  ) {
    this.panel = vscode.window.createWebviewPanel(viewType, title, vscode.ViewColumn.Active, panelOptions(wb.ext));
    this.panel.webview.html = webviewHtml(this.panel.webview, wb.ext, 'table', title);
    this.subs.push(
      this.panel.webview.onDidReceiveMessage((m: FromTableView) => this.onMessage(m)),
      this.panel.onDidChangeViewState(() => handlers.onVisible?.(this.panel.visible)),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  onDispose(hook: () => void): void {
    this.disposeHooks.push(hook);
  }

  private onMessage(m: FromTableView): void {
    const guard = (what: string, p: unknown) => Promise.resolve(p).catch((e: unknown) => reportError(this.wb, e, what));
    if (m.type === 'ready') {
      this.ready = true;
      if (this.model) this.postModel(this.model);
    } else if (m.type === 'row') void guard('row', this.handlers.onRow?.(m.index));
    else if (m.type === 'action') void guard(m.action, this.handlers.onAction?.(m.action, m.index));
    else if (m.type === 'range') void guard('range', this.handlers.onRange?.(m.since, m.until));
    else if (m.type === 'rendered') {
      this.lastRender = m;
      for (const w of [...this.renderWaiters]) w(this.lastRender);
    }
  }

  /** Resolves on the next render the webview reports. */
  nextRender(timeoutMs = 10_000): Promise<TableRendered> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => (this.renderWaiters.delete(done), reject(new Error('no render reported'))), timeoutMs);
      const done = (r: TableRendered) => (clearTimeout(t), this.renderWaiters.delete(done), resolve(r));
      this.renderWaiters.add(done);
    });
  }

  get rows(): TableRow[] {
    return this.model?.rows ?? [];
  }

  setModel(model: TableModel): void {
    this.model = model;
    if (this.ready) this.postModel(model);
  }

  /** Posts the model with its rows in column order. */
  private postModel(model: TableModel): void {
    const rows = model.rows.map((r) => toWireRow(r, model.columns));
    this.post({ type: 'model', model: { ...model, rows }, sentAt: Date.now() });
  }

  append(rows: TableRow[], max: number): void {
    if (!this.model) return;
    this.model.rows.push(...rows);
    if (this.model.rows.length > max) this.model.rows.splice(0, this.model.rows.length - max);
    const wire = rows.map((r) => toWireRow(r, this.model!.columns));
    if (this.ready) this.post({ type: 'append', rows: wire, max, sentAt: Date.now() });
  }

  status(text: string, kind: 'info' | 'error' = 'info'): void {
    if (this.ready) this.post({ type: 'status', text, kind });
  }

  private post(m: ToTableView): void {
    if (this.disposed) return;
    try {
      this.panel.webview.postMessage(m).then(undefined, () => undefined);
    } catch {
      /* disposed mid-update */
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const h of this.disposeHooks) h();
    for (const s of this.subs) s.dispose();
    this.panel.dispose();
  }
}
