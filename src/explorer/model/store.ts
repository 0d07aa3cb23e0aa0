// The explorer's store: containers, pods, images, volumes and networks of the active
// connection, loaded once and then kept current from the event stream without re-listing.
// Pure (no vscode import): it takes a client with the list calls and reports what changed.
//
// Incremental rules (libpod event names):
//   container start/restart/unpause/pause/died/stop → state from the event (stateAfterEvent)
//   container create (or any event of an unknown id) → fetch that one container (getContainer)
//   container remove → drop it
//   pod events → refetch that pod (listPods filtered by id); pod remove → drop it
//   image / volume / network events → refetch that list, once per batch (coalesced)
import type {
  ContainerState,
  ContainerSummary,
  ImageSummary,
  NetworkSummary,
  PodmanEvent,
  PodSummary,
  VolumeSummary,
} from '../../podman/models';
import { stateAfterEvent } from '../../podman/models';

/** The part of PodmanClient the store needs (so tests can pass a fake). */
export interface StoreClient {
  listContainers(filters?: Record<string, string[]>): Promise<ContainerSummary[]>;
  getContainer(idOrName: string): Promise<ContainerSummary | undefined>;
  listPods(filters?: Record<string, string[]>): Promise<PodSummary[]>;
  listImages(): Promise<ImageSummary[]>;
  listVolumes(): Promise<VolumeSummary[]>;
  listNetworks(): Promise<NetworkSummary[]>;
}

export type ListKind = 'images' | 'volumes' | 'networks';

/**
 * What changed in one flush. `containers` holds ids whose data changed in place; `added` and
 * `removed` are containers that came or went (their parent node changes); `pods` pods whose data
 * changed in place, `podsAddedOrRemoved` true when the set of pods changed; `lists` the other
 * lists that were replaced; `all` after a full load.
 */
export interface StoreChange {
  all: boolean;
  containers: Set<string>;
  added: Map<string, ContainerSummary>;
  removed: Map<string, ContainerSummary>;
  pods: Set<string>;
  podsAddedOrRemoved: boolean;
  lists: Set<ListKind>;
}

export function emptyChange(): StoreChange {
  return {
    all: false,
    containers: new Set(),
    added: new Map(),
    removed: new Map(),
    pods: new Set(),
    podsAddedOrRemoved: false,
    lists: new Set(),
  };
}

export function isEmptyChange(c: StoreChange): boolean {
  return (
    !c.all &&
    !c.containers.size &&
    !c.added.size &&
    !c.removed.size &&
    !c.pods.size &&
    !c.podsAddedOrRemoved &&
    !c.lists.size
  );
}

export type StoreListener = (change: StoreChange) => void;

export class ExplorerStore {
  readonly containers = new Map<string, ContainerSummary>();
  readonly pods = new Map<string, PodSummary>();
  images: ImageSummary[] = [];
  volumes: VolumeSummary[] = [];
  networks: NetworkSummary[] = [];
  loaded = false;

  private client: StoreClient | undefined;
  private pending = emptyChange();
  private batchDepth = 0;
  private listeners: StoreListener[] = [];
  /** Container ids being fetched, with the events that arrived meanwhile. */
  private fetching = new Map<string, PodmanEvent[]>();
  private removedWhileFetching = new Set<string>();
  private dirtyLists = new Set<ListKind>();
  private listFetch = new Map<ListKind, { running: boolean; again: boolean }>();
  private generation = 0;
  /** Errors of background fetches (the live layer logs them). */
  onError: (e: unknown, what: string) => void = () => {};
  /** True while a full load is on its way (on a slow link, seconds: the views show progress). */
  loading = false;
  private loadingListeners: ((loading: boolean) => void)[] = [];

  onDidChangeLoading(l: (loading: boolean) => void): { dispose(): void } {
    this.loadingListeners.push(l);
    return { dispose: () => (this.loadingListeners = this.loadingListeners.filter((x) => x !== l)) };
  }

  private setLoading(loading: boolean): void {
    if (this.loading === loading) return;
    this.loading = loading;
    for (const l of this.loadingListeners) l(loading);
  }

  onDidChange(l: StoreListener): { dispose(): void } {
    this.listeners.push(l);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
  }

  /** Fetches everything (the libpod lists, in parallel) and replaces the store's content. */
  async load(client: StoreClient): Promise<void> {
    const gen = ++this.generation;
    this.client = client;
    this.setLoading(true);
    const [containers, pods, images, volumes, networks] = await Promise.all([
      client.listContainers(),
      client.listPods(),
      client.listImages(),
      client.listVolumes(),
      client.listNetworks(),
    ]).finally(() => gen === this.generation && this.setLoading(false));
    if (gen !== this.generation) return; // a newer load or a clear won
    this.containers.clear();
    for (const c of containers) this.containers.set(c.id, c);
    this.pods.clear();
    for (const p of pods) this.pods.set(p.id, p);
    this.images = images;
    this.volumes = volumes;
    this.networks = networks;
    this.fetching.clear();
    this.loaded = true;
    this.pending.all = true;
    this.flushIfIdle();
  }

  /** Empties the store (connection lost or changed). */
  clear(): void {
    this.generation++;
    this.client = undefined;
    this.containers.clear();
    this.pods.clear();
    this.images = [];
    this.volumes = [];
    this.networks = [];
    this.fetching.clear();
    this.loaded = false;
    this.setLoading(false);
    this.pending.all = true;
    this.flushIfIdle();
  }

  /** Groups the events of one read: listeners hear once, at `endBatch()`. */
  beginBatch(): void {
    this.batchDepth++;
  }
  endBatch(): void {
    if (this.batchDepth > 0) this.batchDepth--;
    this.flushIfIdle();
  }

  /** Applies one event. Outside a batch, listeners hear about it before this returns. */
  applyEvent(ev: PodmanEvent): void {
    switch (ev.type) {
      case 'container':
        this.applyContainerEvent(ev);
        break;
      case 'pod':
        this.applyPodEvent(ev);
        break;
      case 'image':
        this.markList('images');
        break;
      case 'volume':
        this.markList('volumes');
        break;
      case 'network':
        this.markList('networks');
        break;
      default:
        break;
    }
    this.flushIfIdle();
  }

  /** Drops a container that turned out to be gone (an action answered 404). */
  forgetContainer(id: string): void {
    const c = this.containers.get(id);
    if (!c) return;
    this.containers.delete(id);
    this.pending.removed.set(id, c);
    this.touchPodOf(c);
    this.flushIfIdle();
  }

  /** Refetches one container now (after an action whose event may be late). */
  refetchContainer(id: string): void {
    this.fetchContainer(id);
  }

  private applyContainerEvent(ev: PodmanEvent): void {
    const id = ev.id;
    if (!id) return;
    const queued = this.fetching.get(id);
    if (queued) {
      if (ev.action === 'remove') this.removedWhileFetching.add(id);
      else queued.push(ev);
      return;
    }
    const c = this.containers.get(id);
    if (ev.action === 'remove') {
      if (c) {
        this.containers.delete(id);
        this.pending.removed.set(id, c);
        this.touchPodOf(c);
      }
      return;
    }
    if (!c) {
      // create, or an event of a container we never saw: fetch that one container (a container
      // already removed, e.g. `run --rm`, is simply not found).
      this.fetchContainer(id);
      return;
    }
    this.applyToKnown(c, ev);
  }

  private applyToKnown(c: ContainerSummary, ev: PodmanEvent): void {
    const state = stateAfterEvent(ev.action);
    if (ev.action === 'rename' || ev.action === 'update') {
      this.fetchContainer(c.id);
      return;
    }
    if (ev.action === 'health_status' && ev.healthStatus && c.state === 'running') {
      // The list's Status of a container with a health check is its health: keep it current.
      if (c.status === ev.healthStatus) return;
      this.containers.set(c.id, { ...c, status: ev.healthStatus });
      this.pending.containers.add(c.id);
      this.touchPodOf(c);
      return;
    }
    if (!state || ev.action === 'create' || ev.action === 'init') return; // exec, attach, cleanup...: no state change
    const now = ev.time || Math.floor(Date.now() / 1000);
    const next: ContainerSummary = { ...c, state };
    if (state === 'running' && ev.action !== 'unpause') next.startedAt = now;
    // Only `died` says how the process ended. Podman 5 puts containerExitCode on died (and
    // remove) only; 4.3 put "0" on every event, so a `stop` after `died` (137) read "Exited (0)".
    if (ev.action === 'died') {
      const code = ev.attributes.containerExitCode;
      if (code !== undefined && /^-?\d+$/.test(code)) next.exitCode = Number(code);
    }
    next.status = statusText(state, now, ev.action === 'died' ? ev : undefined, next.exitCode);
    if (next.state === c.state && next.status === c.status && next.exitCode === c.exitCode) return;
    this.containers.set(c.id, next);
    this.pending.containers.add(c.id);
    this.touchPodOf(c);
    // The pod's own status (Created, Running, Degraded...) follows its containers, and Podman 5
    // sends no pod event when `run --pod` starts a created pod: ask Podman for it again.
    if (next.state !== c.state && c.podId && this.pods.has(c.podId)) this.fetchPod(c.podId);
  }

  private touchPodOf(c: ContainerSummary): void {
    if (c.podId && this.pods.has(c.podId)) this.pending.pods.add(c.podId);
  }

  private fetchContainer(id: string): void {
    const client = this.client;
    if (!client || this.fetching.has(id)) return;
    const gen = this.generation;
    this.fetching.set(id, []);
    client.getContainer(id).then(
      (fetched) => {
        if (gen !== this.generation) return;
        const queued = this.fetching.get(id) ?? [];
        this.fetching.delete(id);
        const removed = this.removedWhileFetching.delete(id);
        const before = this.containers.get(id);
        if (!fetched || removed) {
          if (before) {
            this.containers.delete(id);
            this.pending.removed.set(id, before);
            this.touchPodOf(before);
          }
        } else {
          this.containers.set(fetched.id, fetched);
          if (before && before.podId === fetched.podId && before.composeProject === fetched.composeProject) {
            this.pending.containers.add(fetched.id);
          } else {
            if (before) this.pending.removed.set(id, before);
            this.pending.added.set(fetched.id, fetched);
          }
          // A container created in a pod we do not know yet: fetch the pod too.
          if (fetched.podId && !this.pods.has(fetched.podId)) this.fetchPod(fetched.podId);
          this.touchPodOf(fetched);
          for (const ev of queued) this.applyToKnown(this.containers.get(fetched.id) ?? fetched, ev);
        }
        this.flushIfIdle();
      },
      (e) => {
        this.fetching.delete(id);
        this.onError(e, `fetching container ${id.slice(0, 12)}`);
      },
    );
  }

  private applyPodEvent(ev: PodmanEvent): void {
    if (!ev.id) return;
    if (ev.action === 'remove') {
      if (this.pods.delete(ev.id)) this.pending.podsAddedOrRemoved = true;
      return;
    }
    this.fetchPod(ev.id);
  }

  private podFetching = new Set<string>();
  /** Pods asked for again while a fetch was on its way (its answer may predate the change). */
  private podRefetch = new Set<string>();
  private fetchPod(id: string): void {
    const client = this.client;
    if (!client) return;
    if (this.podFetching.has(id)) {
      this.podRefetch.add(id);
      return;
    }
    const gen = this.generation;
    this.podFetching.add(id);
    client.listPods({ id: [id] }).then(
      (list) => {
        this.podFetching.delete(id);
        if (gen !== this.generation) return;
        if (this.podRefetch.delete(id)) this.fetchPod(id);
        const p = list.find((x) => x.id === id || x.id.startsWith(id));
        const had = this.pods.has(p?.id ?? id);
        if (p) {
          this.pods.set(p.id, p);
          if (had) this.pending.pods.add(p.id);
          else this.pending.podsAddedOrRemoved = true;
        } else if (had) {
          this.pods.delete(id);
          this.pending.podsAddedOrRemoved = true;
        }
        this.flushIfIdle();
      },
      (e) => {
        this.podFetching.delete(id);
        this.onError(e, `fetching pod ${id.slice(0, 12)}`);
      },
    );
  }

  /** Image/volume/network lists are refetched once per batch (coalesced, no timer). */
  private markList(kind: ListKind): void {
    this.dirtyLists.add(kind);
  }

  private startListFetches(): void {
    const client = this.client;
    if (!client) return;
    for (const kind of this.dirtyLists) {
      let st = this.listFetch.get(kind);
      if (!st) this.listFetch.set(kind, (st = { running: false, again: false }));
      if (st.running) {
        st.again = true;
        continue;
      }
      this.runListFetch(client, kind, st);
    }
    this.dirtyLists.clear();
  }

  private runListFetch(client: StoreClient, kind: ListKind, st: { running: boolean; again: boolean }): void {
    const gen = this.generation;
    st.running = true;
    st.again = false;
    const p: Promise<unknown[]> =
      kind === 'images' ? client.listImages() : kind === 'volumes' ? client.listVolumes() : client.listNetworks();
    p.then(
      (list) => {
        if (gen === this.generation) {
          if (kind === 'images') this.images = list as ImageSummary[];
          else if (kind === 'volumes') this.volumes = list as VolumeSummary[];
          else this.networks = list as NetworkSummary[];
          this.pending.lists.add(kind);
        }
        st.running = false;
        if (st.again) this.runListFetch(client, kind, st);
        else this.flushIfIdle();
      },
      (e) => {
        st.running = false;
        this.onError(e, `listing ${kind}`);
      },
    );
  }

  /** Refetches one list now (after a command changed it). */
  refreshList(kind: ListKind): void {
    this.markList(kind);
    this.flushIfIdle();
  }

  private flushIfIdle(): void {
    if (this.batchDepth > 0) return;
    if (this.dirtyLists.size) this.startListFetches();
    if (isEmptyChange(this.pending)) return;
    const change = this.pending;
    this.pending = emptyChange();
    for (const l of this.listeners) l(change);
  }

  // ---- queries ----
  containerByName(name: string): ContainerSummary | undefined {
    for (const c of this.containers.values()) if (c.name === name || c.names.includes(name)) return c;
    return undefined;
  }
  containersOfPod(podId: string): ContainerSummary[] {
    const out: ContainerSummary[] = [];
    for (const c of this.containers.values()) if (c.podId === podId) out.push(c);
    return out;
  }
}

/** A status text like the list's, derived from an event (the list says "Up 3 minutes"). */
export function statusText(state: ContainerState, _now: number, ev?: PodmanEvent, knownExitCode?: number): string {
  switch (state) {
    case 'running':
      return 'Up';
    case 'paused':
      return 'Paused';
    case 'exited': {
      const code =
        ev?.attributes.containerExitCode ?? (knownExitCode === undefined ? undefined : String(knownExitCode));
      return code !== undefined && code !== '' ? `Exited (${code})` : 'Exited';
    }
    case 'created':
      return 'Created';
    default:
      return state;
  }
}
