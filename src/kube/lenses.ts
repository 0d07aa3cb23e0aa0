// CodeLens on YAML files holding Kubernetes objects: Play / Replay / Down on the first
// document, and per pod-making document whether its pods run now. The running state is
// refreshed from Podman's event stream (pod events), only while such a file is visible.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { parseKube, looksLikeKube } from '../languages/kube';
import { expectedPodNames } from '../podman/kubePolicy';
import { type DocumentState, runningDocuments } from '../podman/kube';
import { EventSubscription } from '../podman/events';

export class KubeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private sub: EventSubscription | undefined;
  private subClient: unknown;
  private debounce: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly wb: WorkbenchContext) {
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.watch()),
      wb.connections.onDidChangeActive(() => {
        this.watch();
        this.refresh();
      }),
    );
    this.watch();
  }

  refresh(): void {
    this.changed.fire();
  }

  /** Subscribes to pod events while a Kubernetes YAML file is visible. */
  private watch(): void {
    const visible = vscode.window.visibleTextEditors.some(
      (e) => e.document.languageId === 'yaml' && looksLikeKube(e.document.getText()),
    );
    const client = this.wb.connections.active?.client;
    if (visible && client && (!this.sub || this.subClient !== client)) {
      this.sub?.stop();
      this.subClient = client;
      this.sub = new EventSubscription(client, {
        onEvent: (e) => {
          if (e.type !== 'pod' && e.type !== 'container') return;
          if (this.debounce) clearTimeout(this.debounce);
          this.debounce = setTimeout(() => this.refresh(), 300);
        },
      });
      this.sub.start();
    } else if ((!visible || !client) && this.sub) {
      this.sub.stop();
      this.sub = undefined;
      this.subClient = undefined;
    }
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const text = document.getText();
    if (!looksLikeKube(text)) return [];
    const file = parseKube(text);
    const docs = file.docs.filter((d) => !d.empty && d.kind);
    if (!docs.length) return [];
    const first = new vscode.Range(docs[0].start.line, 0, docs[0].start.line, 0);
    const uri = document.uri;
    const lenses = [
      new vscode.CodeLens(first, { title: vscode.l10n.t('▶ Play'), command: 'podman.kube.play', arguments: [uri, {}] }),
      new vscode.CodeLens(first, {
        title: vscode.l10n.t('Replay'),
        command: 'podman.kube.replay',
        arguments: [uri, {}],
      }),
      new vscode.CodeLens(first, { title: vscode.l10n.t('Down'), command: 'podman.kube.down', arguments: [uri] }),
    ];
    const active = this.wb.connections.active;
    if (!active) return lenses;
    let states: DocumentState[] = [];
    try {
      states = await runningDocuments(active.client, file.docs);
    } catch (e) {
      this.wb.log.debug(`kube lenses: ${e instanceof Error ? e.message : String(e)}`);
      return lenses;
    }
    if (token.isCancellationRequested) return lenses;
    for (const d of docs) {
      if (!expectedPodNames(d, active.info.version).length) continue;
      const st = states.find((s) => s.docIndex === d.index);
      const at = new vscode.Range(d.start.line, 0, d.start.line, 0);
      const title = st?.running
        ? vscode.l10n.t('● running ({0})', st.pods.map((p) => p.name).join(', '))
        : st?.pods.length
          ? vscode.l10n.t('○ not running ({0})', st.pods.map((p) => `${p.name}: ${p.status}`).join(', '))
          : vscode.l10n.t('○ not running');
      lenses.push(
        new vscode.CodeLens(at, {
          title,
          command: '',
          tooltip: vscode.l10n.t('Pods of this document on {0}', active.endpoint.id),
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.sub?.stop();
    if (this.debounce) clearTimeout(this.debounce);
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
