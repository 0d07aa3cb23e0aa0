// ExplorerModel: the store plus the shape of the four explorer trees, with no vscode import.
//
// Driving it without VS Code (benchmarks, unit tests):
//   const model = new ExplorerModel({ showInfraContainers: false, groupComposeProjects: true });
//   model.onDidChange((changes) => ...);   // [{ view: 'containers', nodes: [node] | undefined }]
//   await model.load(client);              // PodmanClient or any StoreClient
//   model.applyEvent(ev);                  // a PodmanEvent: listeners hear before it returns
//   model.children('containers');          // root nodes; model.children('containers', node)
//   model.item(node);                      // PlainItem: label, description, icon, contextValue, tooltip
//   model.buildAllItems();                 // every item of every view, as PlainItems
// `nodes: undefined` means "the whole view" (what onDidChangeTreeData(undefined) does). Node
// objects are cached per id: the same object comes back from children() as long as it exists,
// which is what VS Code needs to refresh just that element.
import type {
  ContainerSummary,
  ImageSummary,
  NetworkSummary,
  PodmanEvent,
  PodSummary,
  VolumeSummary,
} from '../../podman/models';
import type { PodDisplayState } from './contextValues';
import { SIDECAR_LABEL } from '../../podman/labels';
import {
  actionItem,
  composeItem,
  containerItem,
  danglingGroupItem,
  gone,
  groupState,
  imageItem,
  networkItem,
  podItem,
  podStatusState,
  problemItem,
  volumeItem,
  withFigures,
} from './items';
import {
  VIEW_KINDS,
  type ComposeNode,
  type ContainerNode,
  type ExplorerOptions,
  type ImageNode,
  type ModelChange,
  type NetworkNode,
  type PlainItem,
  type PodNode,
  type Problem,
  type StatsSource,
  type TreeNode,
  type ViewKind,
  type VolumeNode,
} from './nodes';
import { ExplorerStore, type StoreChange, type StoreClient } from './store';

// The node shapes and the item builders live in ./nodes and ./items; importers of the model get them here too.
export * from './nodes';
export {
  STATE_ICONS,
  containerIcon,
  containerItem,
  formatPort,
  imageItem,
  imageLabel,
  md,
  networkItem,
  podItem,
  volumeItem,
} from './items';

interface ContainerIndex {
  byPod: Map<string, ContainerSummary[]>;
  byCompose: Map<string, ContainerSummary[]>;
  standalone: ContainerSummary[];
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export class ExplorerModel {
  readonly store = new ExplorerStore();
  private nodes = new Map<string, TreeNode>();
  private index: ContainerIndex | undefined;
  private listeners: ((c: ModelChange[]) => void)[] = [];
  problem: Problem | undefined;
  /** The endpoint id stamped on every node (`connection`), and whether node ids carry it (several connections shown). */
  private scope: { connection?: string; prefixIds: boolean } = { prefixIds: false };
  /** Where CPU % and memory come from while the tree shows them (unset: the tree shows none). */
  private stats: StatsSource | undefined;

  constructor(public options: ExplorerOptions = { showInfraContainers: false, groupComposeProjects: true }) {
    this.store.onDidChange((c) => this.onStoreChange(c));
  }

  get connection(): string | undefined {
    return this.scope.connection;
  }

  /**
   * The connection this model shows. With `prefixIds` (several connections in one view) node ids
   * start with the endpoint id so two Podmans' objects never share an id; alone, ids are as before.
   */
  setScope(connection: string | undefined, prefixIds: boolean): void {
    if (this.scope.connection === connection && this.scope.prefixIds === prefixIds) return;
    this.scope = { connection, prefixIds };
    this.nodes.clear();
    this.emit(VIEW_KINDS.map((view) => ({ view, nodes: undefined })));
  }

  onDidChange(l: (c: ModelChange[]) => void): { dispose(): void } {
    this.listeners.push(l);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
  }

  load(client: StoreClient): Promise<void> {
    return this.store.load(client);
  }
  applyEvent(ev: PodmanEvent): void {
    this.store.applyEvent(ev);
  }

  setOptions(o: ExplorerOptions): void {
    this.options = o;
    this.index = undefined;
    this.emit([{ view: 'containers', nodes: undefined }]);
  }

  /** Infra containers only when asked for; the debugger's own sidecars never (they come and go with a session). */
  private shown(c: ContainerSummary): boolean {
    if (c.labels[SIDECAR_LABEL] !== undefined) return false;
    return !c.isInfra || this.options.showInfraContainers;
  }

  /** Shows (a source) or hides (undefined) the CPU % and memory of running containers and pods. */
  setStats(source: StatsSource | undefined): void {
    if (source === this.stats) return;
    this.stats = source;
    this.emit([{ view: 'containers', nodes: undefined }]);
  }

  /** New figures arrived: only the nodes of running containers and of pods and projects change. */
  statsUpdated(): void {
    if (!this.stats) return;
    const nodes: TreeNode[] = [];
    for (const n of this.nodes.values()) {
      if (n.kind === 'pod' || n.kind === 'compose') nodes.push(n);
      else if (n.kind === 'container' && this.store.containers.get(n.containerId)?.state === 'running') nodes.push(n);
    }
    if (nodes.length) this.emit([{ view: 'containers', nodes }]);
  }

  setProblem(p: Problem | undefined): void {
    if (p?.message === this.problem?.message && p?.fix === this.problem?.fix) return;
    this.problem = p;
    this.emit(VIEW_KINDS.map((view) => ({ view, nodes: undefined })));
  }

  private emit(changes: ModelChange[]): void {
    for (const l of this.listeners) l(changes);
  }

  private onStoreChange(c: StoreChange): void {
    for (const id of c.removed.keys()) if (!this.store.containers.has(id)) this.nodes.delete(`container:${id}`);
    if (c.all || c.podsAddedOrRemoved || c.lists.size) this.pruneNodes();
    if (c.all) {
      this.index = undefined;
      this.emit(VIEW_KINDS.map((view) => ({ view, nodes: undefined })));
      return;
    }
    const changes: ModelChange[] = [];
    for (const kind of c.lists) changes.push({ view: kind, nodes: undefined });
    const ctr = this.containerChanges(c);
    if (ctr) changes.push(ctr);
    if (changes.length) this.emit(changes);
  }

  private containerChanges(c: StoreChange): ModelChange | undefined {
    const before = this.index;
    const structural = c.added.size > 0 || c.removed.size > 0 || c.podsAddedOrRemoved;
    if (structural) this.index = undefined;
    if (c.podsAddedOrRemoved) return { view: 'containers', nodes: undefined };
    const out = new Set<TreeNode>();
    let root = false;
    const parentOf = (x: ContainerSummary): TreeNode | undefined | 'root' => {
      if (x.podId && this.store.pods.has(x.podId)) {
        return this.node({ kind: 'pod', id: `pod:${x.podId}`, view: 'containers', podId: x.podId });
      }
      if (this.options.groupComposeProjects && x.composeProject) {
        const existedBefore = (before?.byCompose.get(x.composeProject)?.length ?? 0) > 0;
        const existsNow = (this.containerIndex().byCompose.get(x.composeProject)?.length ?? 0) > 0;
        if (existedBefore !== existsNow || !before) return 'root';
        return this.node({
          kind: 'compose',
          id: `compose:${x.composeProject}`,
          view: 'containers',
          project: x.composeProject,
        });
      }
      return 'root';
    };
    for (const x of [...c.added.values(), ...c.removed.values()]) {
      const p = parentOf(x);
      if (p === 'root') root = true;
      else if (p) out.add(p);
    }
    for (const id of c.containers) {
      const x = this.store.containers.get(id);
      if (!x) continue;
      const n = this.nodes.get(`container:${id}`);
      if (n && this.shown(x)) out.add(n);
      if (x.composeProject && this.options.groupComposeProjects && !(x.podId && this.store.pods.has(x.podId))) {
        const g = this.nodes.get(`compose:${x.composeProject}`);
        if (g) out.add(g);
      }
    }
    for (const podId of c.pods) {
      const n = this.nodes.get(`pod:${podId}`);
      if (n) out.add(n);
    }
    if (root) return { view: 'containers', nodes: undefined };
    return out.size ? { view: 'containers', nodes: [...out] } : undefined;
  }

  /** Drops cached nodes whose object is gone (after a root refresh VS Code asks for children again). */
  private pruneNodes(): void {
    const images = new Set(this.store.images.map((i) => i.id));
    const volumes = new Set(this.store.volumes.map((v) => v.name));
    const networks = new Set(this.store.networks.map((n) => n.name));
    for (const [id, n] of this.nodes) {
      const alive =
        n.kind === 'container'
          ? this.store.containers.has(n.containerId)
          : n.kind === 'pod'
            ? this.store.pods.has(n.podId)
            : n.kind === 'image'
              ? images.has(n.imageId)
              : n.kind === 'volume'
                ? volumes.has(n.name)
                : n.kind === 'network'
                  ? networks.has(n.name)
                  : true;
      if (!alive) this.nodes.delete(id);
    }
  }

  /** The cached node with this id (created on first use), so VS Code sees stable elements. */
  private node<T extends TreeNode>(n: T): T {
    const have = this.nodes.get(n.id);
    if (have) return have as T;
    const { connection, prefixIds } = this.scope;
    const stamped = connection ? { ...n, connection, id: prefixIds ? `${connection}|${n.id}` : n.id } : n;
    this.nodes.set(n.id, stamped);
    return stamped;
  }

  private containerIndex(): ContainerIndex {
    if (this.index) return this.index;
    const byPod = new Map<string, ContainerSummary[]>();
    const byCompose = new Map<string, ContainerSummary[]>();
    const standalone: ContainerSummary[] = [];
    for (const c of this.store.containers.values()) {
      if (c.podId && this.store.pods.has(c.podId)) {
        let l = byPod.get(c.podId);
        if (!l) byPod.set(c.podId, (l = []));
        l.push(c);
      } else if (this.options.groupComposeProjects && c.composeProject) {
        let l = byCompose.get(c.composeProject);
        if (!l) byCompose.set(c.composeProject, (l = []));
        l.push(c);
      } else standalone.push(c);
    }
    for (const l of byPod.values()) l.sort(byName);
    for (const l of byCompose.values()) l.sort(byName);
    standalone.sort(byName);
    this.index = { byPod, byCompose, standalone };
    return this.index;
  }

  private containerNode(c: ContainerSummary): ContainerNode {
    return this.node({ kind: 'container', id: `container:${c.id}`, view: 'containers', containerId: c.id });
  }

  /** Children of a node (or the roots of a view). */
  children(view: ViewKind, parent?: TreeNode): TreeNode[] {
    if (!parent) {
      if (this.problem) return [this.node({ kind: 'problem', id: `problem:${view}`, view })];
      return this.roots(view);
    }
    switch (parent.kind) {
      case 'pod':
        return (this.containerIndex().byPod.get(parent.podId) ?? [])
          .filter((c) => this.shown(c))
          .map((c) => this.containerNode(c));
      case 'compose':
        return (this.containerIndex().byCompose.get(parent.project) ?? []).map((c) => this.containerNode(c));
      case 'danglingGroup':
        return this.store.images
          .filter((i) => i.dangling)
          .map((i) => this.node({ kind: 'image', id: `image:${i.id}`, view: 'images', imageId: i.id }));
      case 'problem':
        return [
          this.node({
            kind: 'action',
            id: `action:${view}:retry`,
            view,
            label: 'Retry',
            command: 'podman.explorer.retry',
            icon: 'refresh',
          }),
          this.node({
            kind: 'action',
            id: `action:${view}:connections`,
            view,
            label: 'Open the Connections view',
            command: 'podman.connections.focus',
            icon: 'plug',
          }),
        ];
      default:
        return [];
    }
  }

  private roots(view: ViewKind): TreeNode[] {
    const s = this.store;
    switch (view) {
      case 'containers': {
        const idx = this.containerIndex();
        const pods = [...s.pods.values()]
          .sort(byName)
          .map((p) => this.node<PodNode>({ kind: 'pod', id: `pod:${p.id}`, view, podId: p.id }));
        const compose = [...idx.byCompose.keys()]
          .sort()
          .map((project) => this.node<ComposeNode>({ kind: 'compose', id: `compose:${project}`, view, project }));
        return [...compose, ...pods, ...idx.standalone.filter((c) => this.shown(c)).map((c) => this.containerNode(c))];
      }
      case 'images': {
        const named = s.images.filter((i) => !i.dangling).sort((a, b) => (a.repoTags[0] < b.repoTags[0] ? -1 : 1));
        const out: TreeNode[] = named.map((i) =>
          this.node({ kind: 'image', id: `image:${i.id}`, view, imageId: i.id }),
        );
        if (s.images.some((i) => i.dangling)) {
          out.push(this.node({ kind: 'danglingGroup', id: 'images:dangling', view }));
        }
        return out;
      }
      case 'volumes':
        return [...s.volumes]
          .sort(byName)
          .map((v) => this.node({ kind: 'volume', id: `volume:${v.name}`, view, name: v.name }));
      case 'networks':
        return [...s.networks]
          .sort(byName)
          .map((n) => this.node({ kind: 'network', id: `network:${n.name}`, view, name: n.name }));
    }
  }

  // ---- data behind nodes ----
  container(n: ContainerNode): ContainerSummary | undefined {
    return this.store.containers.get(n.containerId);
  }
  pod(n: PodNode): PodSummary | undefined {
    return this.store.pods.get(n.podId);
  }
  image(n: ImageNode): ImageSummary | undefined {
    return this.store.images.find((i) => i.id === n.imageId);
  }
  volume(n: VolumeNode): VolumeSummary | undefined {
    return this.store.volumes.find((v) => v.name === n.name);
  }
  network(n: NetworkNode): NetworkSummary | undefined {
    return this.store.networks.find((v) => v.name === n.name);
  }
  /** Containers of a pod, infra included. */
  podContainers(podId: string): ContainerSummary[] {
    return this.current(this.containerIndex().byPod.get(podId));
  }
  composeContainers(project: string): ContainerSummary[] {
    return this.current(this.containerIndex().byCompose.get(project));
  }
  /** The store's summaries of indexed containers: the index keeps who belongs where, the store their state. */
  private current(list: ContainerSummary[] = []): ContainerSummary[] {
    return list.map((c) => this.store.containers.get(c.id) ?? c);
  }

  podState(p: PodSummary): PodDisplayState {
    const members = this.podContainers(p.id).filter((c) => !c.isInfra);
    if (!members.length) return podStatusState(p.status);
    return groupState(members);
  }

  /** The plain tree item of a node (what the VS Code adapter turns into a TreeItem). */
  item(n: TreeNode): PlainItem {
    const it = this.baseItem(n);
    if (!this.stats || n.view !== 'containers') return it;
    const ids =
      n.kind === 'container'
        ? [n.containerId].filter((id) => this.store.containers.get(id)?.state === 'running')
        : n.kind === 'pod'
          ? this.podContainers(n.podId).map((c) => c.id)
          : n.kind === 'compose'
            ? this.composeContainers(n.project).map((c) => c.id)
            : [];
    const figures = ids.length ? this.stats(ids) : undefined;
    return figures ? withFigures(it, figures) : it;
  }

  private baseItem(n: TreeNode): PlainItem {
    switch (n.kind) {
      case 'container': {
        const c = this.container(n);
        return c ? containerItem(c, n.id) : gone(n.id);
      }
      case 'pod': {
        const p = this.pod(n);
        return p ? podItem(p, this.podState(p), this.podContainers(p.id), n.id) : gone(n.id);
      }
      case 'compose':
        return composeItem(n.id, n.project, this.composeContainers(n.project));
      case 'image': {
        const i = this.image(n);
        return i ? imageItem(i, n.id) : gone(n.id);
      }
      case 'danglingGroup':
        return danglingGroupItem(n.id, this.store.images.filter((i) => i.dangling).length);
      case 'volume': {
        const v = this.volume(n);
        return v ? volumeItem(v, n.id) : gone(n.id);
      }
      case 'network': {
        const net = this.network(n);
        return net ? networkItem(net, n.id) : gone(n.id);
      }
      case 'problem':
        return problemItem(n.id, this.problem);
      case 'connection':
        return gone(n.id);
      case 'action':
        return actionItem(n);
    }
  }

  /** Every item of every view (expanding all parents), for benchmarks and tests. */
  buildAllItems(): PlainItem[] {
    const out: PlainItem[] = [];
    const walk = (view: ViewKind, parent?: TreeNode) => {
      for (const n of this.children(view, parent)) {
        const it = this.item(n);
        out.push(it);
        if (it.collapsible !== 'none') walk(view, n);
      }
    };
    for (const v of VIEW_KINDS) walk(v);
    return out;
  }
}
