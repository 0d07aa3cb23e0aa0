// The explorer's models, one per enabled connection, and the shape of the views over them (no
// vscode import). With one connection a view is that connection's model, exactly as before; with
// several, each view has one root per connection (label, health, version, rootless/rootful) whose
// children are that connection's model. Every node carries its connection (`node.connection`), so
// a command finds the model and the client of the node it was given.
import { modeOf, serverSummary } from '../../podman/client';
import { CTX } from './contextValues';
import { md } from './items';
import type { ConnectionRootNode, ExplorerOptions, ModelChange, PlainItem, TreeNode, ViewKind } from './nodes';
import { VIEW_KINDS } from './nodes';
import { ExplorerModel } from './tree';

/** What a connection's root shows: its endpoint and its health. */
export interface ConnectionInfo {
  id: string;
  label: string;
  uri: string;
  active: boolean;
  /** Podman's version and mode when it answers. */
  version?: string;
  rootless?: boolean;
  /** Why it does not answer. */
  error?: string;
}

const sameInfo = (a: ConnectionInfo[], b: ConnectionInfo[]) => JSON.stringify(a) === JSON.stringify(b);

export class ExplorerForest {
  private readonly models = new Map<string, { model: ExplorerModel; sub: { dispose(): void } }>();
  private conns: ConnectionInfo[] = [];
  private readonly roots = new Map<string, ConnectionRootNode>();
  private listeners: ((c: ModelChange[]) => void)[] = [];
  private loadingListeners: ((connection: string, loading: boolean) => void)[] = [];
  /** The model shown while no connection is enabled (empty, or with the problem). */
  readonly fallback: ExplorerModel;

  constructor(private options: ExplorerOptions = { showInfraContainers: false, groupComposeProjects: true }) {
    this.fallback = this.newModel();
  }

  onDidChange(l: (c: ModelChange[]) => void): { dispose(): void } {
    this.listeners.push(l);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
  }

  /** A connection's model started or finished a full load. */
  onDidChangeLoading(l: (connection: string, loading: boolean) => void): { dispose(): void } {
    this.loadingListeners.push(l);
    return { dispose: () => (this.loadingListeners = this.loadingListeners.filter((x) => x !== l)) };
  }

  /** Whether any connection's model is loading. */
  get loading(): boolean {
    return this.allModels().some((m) => m.store.loading);
  }

  /** True when several connections are enabled: each view shows one root per connection. */
  get multi(): boolean {
    return this.conns.length > 1;
  }
  get connections(): readonly ConnectionInfo[] {
    return this.conns;
  }

  /** The model shown alone: the active connection's (the first enabled one's), else the fallback. */
  get primary(): ExplorerModel {
    const id = (this.conns.find((c) => c.active) ?? this.conns[0])?.id;
    return (id && this.models.get(id)?.model) || this.fallback;
  }

  model(id: string): ExplorerModel | undefined {
    return this.models.get(id)?.model;
  }
  allModels(): ExplorerModel[] {
    return [...this.models.values()].map((m) => m.model);
  }

  /** The model a node belongs to (its connection's; the primary one for nodes without). */
  modelOf(node: TreeNode): ExplorerModel {
    return (node.connection && this.models.get(node.connection)?.model) || this.primary;
  }

  /** The enabled connections, in order. Models of connections no longer listed are dropped. */
  setConnections(list: ConnectionInfo[]): void {
    if (sameInfo(list, this.conns)) return;
    this.conns = list.map((c) => ({ ...c }));
    const ids = new Set(list.map((c) => c.id));
    for (const [id, m] of this.models) {
      if (ids.has(id)) continue;
      m.sub.dispose();
      m.model.store.clear();
      this.models.delete(id);
    }
    for (const c of list) {
      let m = this.models.get(c.id)?.model;
      if (!m) {
        const model = (m = this.newModel());
        const changes = model.onDidChange((list) => this.forward(model, list));
        const loading = model.store.onDidChangeLoading((on) => {
          for (const l of this.loadingListeners) l(c.id, on);
        });
        this.models.set(c.id, { model, sub: { dispose: () => (changes.dispose(), loading.dispose()) } });
      }
      m.setScope(c.id, this.multi);
    }
    this.emit(VIEW_KINDS.map((view) => ({ view, nodes: undefined })));
  }

  setOptions(o: ExplorerOptions): void {
    this.options = o;
    for (const m of [this.fallback, ...this.allModels()]) m.setOptions(o);
  }

  private newModel(): ExplorerModel {
    return new ExplorerModel(this.options);
  }

  /** A model's change, as the views see it: with several roots, "the whole view" is that connection's root. */
  private forward(m: ExplorerModel, changes: ModelChange[]): void {
    if (!this.multi) {
      if (m === this.primary) this.emit(changes);
      return;
    }
    const id = m.connection;
    if (!id) return;
    this.emit(changes.map((c) => (c.nodes ? c : { view: c.view, nodes: [this.rootNode(c.view, id)] })));
  }

  private emit(changes: ModelChange[]): void {
    for (const l of this.listeners) l(changes);
  }

  rootNode(view: ViewKind, connection: string): ConnectionRootNode {
    const key = `${view}|${connection}`;
    let n = this.roots.get(key);
    if (!n) this.roots.set(key, (n = { kind: 'connection', id: `connection:${connection}|${view}`, view, connection }));
    return n;
  }

  children(view: ViewKind, parent?: TreeNode): TreeNode[] {
    if (!this.multi) return this.primary.children(view, parent);
    if (!parent) return this.conns.map((c) => this.rootNode(view, c.id));
    if (parent.kind === 'connection') return this.model(parent.connection)?.children(view) ?? [];
    return this.modelOf(parent).children(view, parent);
  }

  item(node: TreeNode): PlainItem {
    if (node.kind !== 'connection') return this.modelOf(node).item(node);
    const c = this.conns.find((x) => x.id === node.connection);
    return connectionRootItem(node.id, c ?? { id: node.connection, label: node.connection, uri: '', active: false });
  }

  /** The parent of a node (VS Code's reveal): a container's pod or compose group, else its connection's root. */
  parent(view: ViewKind, node: TreeNode): TreeNode | undefined {
    if (node.kind === 'connection') return undefined;
    const model = this.modelOf(node);
    if (node.kind === 'container') {
      const c = model.container(node);
      const inGroup =
        c &&
        model
          .children(view)
          .find(
            (r) =>
              (r.kind === 'pod' && r.podId === c.podId) ||
              (r.kind === 'compose' && r.project === c.composeProject && !c.podId),
          );
      if (inGroup) return inGroup;
    }
    if (!this.multi || !node.connection) return undefined;
    const atRoot = model.children(view).some((r) => r.id === node.id);
    return atRoot ? this.rootNode(view, node.connection) : undefined;
  }
}

/** The root item of one connection: label, health, version, rootless or rootful. */
export function connectionRootItem(id: string, c: ConnectionInfo): PlainItem {
  const mode = modeOf({ rootless: c.rootless });
  const ok = c.version !== undefined && !c.error;
  const description = ok
    ? `${c.active ? '● ' : ''}${serverSummary({ version: c.version ?? '', rootless: c.rootless })}`
    : (c.error ?? 'not connected');
  return {
    id,
    label: c.label,
    description,
    tooltip: [
      `**${md(c.label)}**${c.active ? ' — active' : ''}`,
      c.uri ? `\`${c.uri.replace(/`/g, "'")}\`` : '',
      ok ? `Podman ${md(c.version ?? '')}${mode ? `, ${mode}` : ''}` : `$(error) ${md(c.error ?? 'not connected')}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    icon: ok ? { id: 'server-environment', color: 'testing.iconPassed' } : { id: 'error', color: 'errorForeground' },
    contextValue: CTX.connectionRoot,
    collapsible: 'expanded',
  };
}
