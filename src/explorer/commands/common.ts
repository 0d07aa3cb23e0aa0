// Shared pieces of the explorer commands: who the command acts on (the clicked node, the
// multi-selection, or a QuickPick in the palette form), on which connection (the node's own; the
// palette asks when several are live), confirmations, and running an action on several objects
// with one report.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../../context';
import type { PodmanClient } from '../../podman/client';
import { PodmanError } from '../../podman/errors';
import type { ContainerSummary, ImageSummary, PodSummary } from '../../podman/models';
import { pickConnection, requireClient } from '../../util/commands';
import type { ExplorerForest } from '../model/forest';
import { imageLabel, type ExplorerModel } from '../model/tree';
import {
  isTreeNode,
  type ContainerNode,
  type ImageNode,
  type NodeOf,
  type PodNode,
  type TreeNode,
} from '../model/nodes';
import type { InspectProvider } from '../inspect';
import type { LiveExplorer } from '../live';

export interface ExplorerServices {
  wb: WorkbenchContext;
  forest: ExplorerForest;
  live: LiveExplorer;
  inspect: InspectProvider;
}

/** One connection as a command sees it: its model (store) and its client. */
export interface Scope {
  /** The endpoint id. */
  id: string;
  label: string;
  model: ExplorerModel;
  client: PodmanClient;
}

/** The scope each target of a command came from (targets are the store's summaries, or names wrapped). */
const scopes = new WeakMap<object, Scope>();

function remember<T extends object>(scope: Scope, items: T[]): T[] {
  for (const x of items) scopes.set(x, scope);
  return items;
}

/** The active connection's scope (a clear error when there is none). */
function activeScope(s: ExplorerServices): Scope {
  const client = requireClient(s.wb);
  const endpoint = s.wb.connections.active!.endpoint;
  return { id: endpoint.id, label: endpoint.label, client, model: s.forest.model(endpoint.id) ?? s.forest.primary };
}

/** The scope of a tree node: its own connection, never the active one (unless the node has none). */
export function scopeOfNode(s: ExplorerServices, node: TreeNode): Scope {
  if (!node.connection) return activeScope(s);
  const conn = s.wb.connections.connection(node.connection);
  if (!conn) {
    throw new PodmanError(
      'socket-missing',
      vscode.l10n.t('The connection {0} is not connected.', node.connection),
      vscode.l10n.t('Open the Connections view to fix or enable it.'),
    );
  }
  const model = s.forest.model(node.connection) ?? s.forest.modelOf(node);
  return { id: conn.endpoint.id, label: conn.endpoint.label, client: conn.client, model };
}

/** The scope a target was taken from (the active one for anything else). */
export function scopeOf(s: ExplorerServices, target: object): Scope {
  return scopes.get(target) ?? activeScope(s);
}

/** The connection a palette command acts on: the active one, or the user's pick when several are live. */
export async function pickScope(s: ExplorerServices, title: string): Promise<Scope> {
  const { endpoint, client } = await pickConnection(s.wb, title);
  return { id: endpoint.id, label: endpoint.label, client, model: s.forest.model(endpoint.id) ?? s.forest.primary };
}

/**
 * The connection of a command that acts on a whole connection (prune, create): the clicked
 * node's own, else the palette's pick; its store loaded.
 */
export async function scopeFor(s: ExplorerServices, node: unknown, title: string): Promise<Scope> {
  const scope = isTreeNode(node) ? scopeOfNode(s, node) : await pickScope(s, title);
  await s.live.ensureLoaded(scope.id);
  return scope;
}

/** Refreshes a list in the store of every scope the targets came from. */
export function refreshLists(s: ExplorerServices, targets: object[], kind: 'images' | 'volumes' | 'networks'): void {
  const models = new Set(targets.map((t) => scopeOf(s, t).model));
  for (const m of models) m.store.refreshList(kind);
}

/** The palette form's list: the chosen connection's store, loaded. */
async function paletteScope(s: ExplorerServices, title: string): Promise<Scope> {
  const scope = await pickScope(s, title);
  await s.live.ensureLoaded(scope.id);
  return scope;
}

/**
 * What VS Code passes a tree menu command: the clicked node, then the multi-selection (the
 * palette passes nothing). The handlers of podman.<noun>.<verb> take these two.
 */
export type NodeHandler<N extends TreeNode> = (node?: N, nodes?: readonly TreeNode[]) => Promise<unknown>;

/** The nodes a tree command acts on: the selection when the clicked node is in it, else the node. */
export function selected(node: TreeNode | undefined, nodes: readonly TreeNode[] | undefined): TreeNode[] {
  const list = Array.isArray(nodes) ? nodes.filter(isTreeNode) : [];
  if (isTreeNode(node) && list.some((n) => n.id === node.id)) return list;
  return isTreeNode(node) ? [node] : list;
}

interface PickOpts<T> {
  title: string;
  many: boolean;
  label(x: T): string;
  description?(x: T): string;
}

async function pick<T>(items: T[], o: PickOpts<T>): Promise<T[]> {
  if (!items.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to choose from for “{0}”.', o.title));
    return [];
  }
  const qp = items.map((x) => ({ label: o.label(x), description: o.description?.(x), x }));
  if (o.many) {
    const r = await vscode.window.showQuickPick(qp, { title: o.title, canPickMany: true, matchOnDescription: true });
    return r?.map((i) => i.x) ?? [];
  }
  const r = await vscode.window.showQuickPick(qp, { title: o.title, matchOnDescription: true });
  return r ? [r.x] : [];
}

export async function containerTargets(
  s: ExplorerServices,
  node: ContainerNode | undefined,
  nodes: readonly TreeNode[] | undefined,
  title: string,
  filter: (c: ContainerSummary) => boolean,
  many = true,
): Promise<ContainerSummary[]> {
  const sel = selected(node, nodes);
  if (sel.length) {
    const out: ContainerSummary[] = [];
    for (const n of sel) {
      if (n.kind !== 'container') continue;
      const scope = scopeOfNode(s, n);
      const c = scope.model.container(n);
      if (c) out.push(...remember(scope, [c]));
    }
    if (!out.length && sel.some((n) => n.kind === 'container')) {
      throw new PodmanError('not-found', vscode.l10n.t('The container no longer exists.'));
    }
    return out;
  }
  const scope = await paletteScope(s, title);
  const list = [...scope.model.store.containers.values()]
    .filter((c) => !c.isInfra && filter(c))
    .sort((a, b) => a.name.localeCompare(b.name));
  const picked = await pick(list, {
    title,
    many,
    label: (c) => c.name,
    description: (c) => `${c.state} · ${c.image}`,
  });
  return remember(scope, picked);
}

export async function podTargets(
  s: ExplorerServices,
  node: PodNode | undefined,
  nodes: readonly TreeNode[] | undefined,
  title: string,
  filter: (p: PodSummary) => boolean = () => true,
  many = true,
): Promise<PodSummary[]> {
  const sel = selected(node, nodes);
  if (sel.length) {
    return sel.flatMap((n) => {
      if (n.kind !== 'pod') return [];
      const scope = scopeOfNode(s, n);
      return remember(
        scope,
        [scope.model.pod(n)].filter((p): p is PodSummary => !!p),
      );
    });
  }
  const scope = await paletteScope(s, title);
  const list = [...scope.model.store.pods.values()].filter(filter).sort((a, b) => a.name.localeCompare(b.name));
  const picked = await pick(list, { title, many, label: (p) => p.name, description: (p) => scope.model.podState(p) });
  return remember(scope, picked);
}

export async function imageTargets(
  s: ExplorerServices,
  node: ImageNode | undefined,
  nodes: readonly TreeNode[] | undefined,
  title: string,
  many = true,
): Promise<ImageSummary[]> {
  const sel = selected(node, nodes);
  if (sel.length) {
    return sel.flatMap((n) => {
      if (n.kind !== 'image') return [];
      const scope = scopeOfNode(s, n);
      return remember(
        scope,
        [scope.model.image(n)].filter((i): i is ImageSummary => !!i),
      );
    });
  }
  const scope = await paletteScope(s, title);
  const picked = await pick(scope.model.store.images, {
    title,
    many,
    label: imageLabel,
    description: (i) => i.id.slice(0, 12),
  });
  return remember(scope, picked);
}

/** A volume or network by name (an object, so it carries its connection like the summaries do). */
export interface Named {
  name: string;
}

export async function namedTargets<K extends 'volume' | 'network'>(
  s: ExplorerServices,
  kind: K,
  node: NodeOf<K> | undefined,
  nodes: readonly TreeNode[] | undefined,
  title: string,
  many = true,
): Promise<Named[]> {
  const sel = selected(node, nodes);
  if (sel.length) {
    return sel.flatMap((n) => (n.kind === kind ? remember(scopeOfNode(s, n), [{ name: n.name }]) : []));
  }
  const scope = await paletteScope(s, title);
  const list = kind === 'volume' ? scope.model.store.volumes : scope.model.store.networks;
  const names = list.map((x) => ({ name: x.name })).sort((a, b) => a.name.localeCompare(b.name));
  return remember(scope, await pick(names, { title, many, label: (n) => n.name }));
}

/** A modal confirmation that lists what the action touches. */
export async function confirm(message: string, names: string[], action: string): Promise<boolean> {
  const max = 20;
  const detail =
    names.slice(0, max).join('\n') +
    (names.length > max ? `\n${vscode.l10n.t('and {0} more', names.length - max)}` : '');
  const r = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  return r === action;
}

/** Runs `fn` on every target; all run, the first failure is rethrown for registerCommand to show. */
export async function forEach<T>(targets: T[], fn: (t: T) => Promise<void>): Promise<void> {
  const results = await Promise.allSettled(targets.map(fn));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
