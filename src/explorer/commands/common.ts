// Shared pieces of the explorer commands: who the command acts on (the clicked node, the
// multi-selection, or a QuickPick in the palette form), confirmations, and running an action
// on several objects with one report.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../../context';
import { PodmanError } from '../../podman/errors';
import type { ContainerSummary, ImageSummary, PodSummary } from '../../podman/models';
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
  model: ExplorerModel;
  live: LiveExplorer;
  inspect: InspectProvider;
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
      if (n.kind === 'container') {
        const c = s.model.container(n);
        if (c) out.push(c);
      }
    }
    if (!out.length && sel.some((n) => n.kind === 'container')) {
      throw new PodmanError('not-found', vscode.l10n.t('The container no longer exists.'));
    }
    return out;
  }
  await s.live.ensureLoaded();
  const list = [...s.model.store.containers.values()]
    .filter((c) => !c.isInfra && filter(c))
    .sort((a, b) => a.name.localeCompare(b.name));
  return pick(list, { title, many, label: (c) => c.name, description: (c) => `${c.state} · ${c.image}` });
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
    return sel.flatMap((n) => (n.kind === 'pod' ? [s.model.pod(n)].filter((p): p is PodSummary => !!p) : []));
  }
  await s.live.ensureLoaded();
  const list = [...s.model.store.pods.values()].filter(filter).sort((a, b) => a.name.localeCompare(b.name));
  return pick(list, { title, many, label: (p) => p.name, description: (p) => s.model.podState(p) });
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
    return sel.flatMap((n) => (n.kind === 'image' ? [s.model.image(n)].filter((i): i is ImageSummary => !!i) : []));
  }
  await s.live.ensureLoaded();
  return pick(s.model.store.images, { title, many, label: imageLabel, description: (i) => i.id.slice(0, 12) });
}

export async function namedTargets<K extends 'volume' | 'network'>(
  s: ExplorerServices,
  kind: K,
  node: NodeOf<K> | undefined,
  nodes: readonly TreeNode[] | undefined,
  title: string,
  many = true,
): Promise<string[]> {
  const sel = selected(node, nodes);
  if (sel.length) return sel.flatMap((n) => (n.kind === kind ? [n.name] : []));
  await s.live.ensureLoaded();
  const names = (kind === 'volume' ? s.model.store.volumes : s.model.store.networks).map((x) => x.name).sort();
  return pick(names, { title, many, label: (n) => n });
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
