// The VS Code side of the explorer trees: one TreeDataProvider per view over ExplorerForest (one
// model per enabled connection), turning PlainItems into TreeItems and firing
// onDidChangeTreeData for just the changed nodes.
import * as vscode from 'vscode';
import type { ExplorerForest } from './model/forest';
import type { ModelChange, PlainItem, TreeNode, ViewKind } from './model/tree';

export const VIEW_IDS: Record<ViewKind, string> = {
  containers: 'podman.containers',
  images: 'podman.images',
  volumes: 'podman.volumes',
  networks: 'podman.networks',
};

const COLLAPSE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

export function toTreeItem(p: PlainItem): vscode.TreeItem {
  const item = new vscode.TreeItem(p.label, COLLAPSE[p.collapsible]);
  item.id = p.id;
  item.description = p.description;
  const md = new vscode.MarkdownString(p.tooltip, true);
  item.tooltip = md;
  item.iconPath = new vscode.ThemeIcon(p.icon.id, p.icon.color ? new vscode.ThemeColor(p.icon.color) : undefined);
  item.contextValue = p.contextValue;
  if (p.command) item.command = { command: p.command.command, title: p.command.title, arguments: p.command.arguments };
  return item;
}

export class ExplorerTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** performance.now() of the last change fired, and how many (tests and benchmarks read them). */
  lastChangeAt = 0;
  changeCount = 0;
  /** Adds to an item what another capability knows of its node (the newer-image icon of registries). */
  decorate?: (node: TreeNode, item: vscode.TreeItem) => void;

  constructor(
    readonly forest: ExplorerForest,
    readonly view: ViewKind,
  ) {}

  fire(c: ModelChange): void {
    this.lastChangeAt = performance.now();
    this.changeCount++;
    this.emitter.fire(c.nodes);
  }

  getChildren(element?: TreeNode): TreeNode[] {
    return this.forest.children(this.view, element);
  }

  getTreeItem(element: TreeNode): vscode.TreeItem {
    const item = toTreeItem(this.forest.item(element));
    this.decorate?.(element, item);
    return item;
  }

  /** Asks VS Code for every item again (a decoration changed). */
  refreshAll(): void {
    this.emitter.fire(undefined);
  }

  /** More tooltip (Markdown) fetched when the item is hovered: the health log, a volume's size. */
  resolveTooltip: ((node: TreeNode) => Promise<string | undefined>) | undefined;

  async resolveTreeItem(item: vscode.TreeItem, element: TreeNode): Promise<vscode.TreeItem> {
    const extra = await this.resolveTooltip?.(element).catch(() => undefined);
    if (extra && item.tooltip instanceof vscode.MarkdownString) {
      item.tooltip = new vscode.MarkdownString(`${item.tooltip.value}\n\n${extra}`, true);
    }
    return item;
  }

  getParent(element: TreeNode): TreeNode | undefined {
    return this.forest.parent(this.view, element);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export interface ExplorerViews {
  trees: Record<ViewKind, ExplorerTree>;
  views: Record<ViewKind, vscode.TreeView<TreeNode>>;
}

export function createTrees(forest: ExplorerForest, subscriptions: vscode.Disposable[]): ExplorerViews {
  const kinds: ViewKind[] = ['containers', 'images', 'volumes', 'networks'];
  const trees = {} as Record<ViewKind, ExplorerTree>;
  const views = {} as Record<ViewKind, vscode.TreeView<TreeNode>>;
  for (const k of kinds) {
    trees[k] = new ExplorerTree(forest, k);
    views[k] = vscode.window.createTreeView(VIEW_IDS[k], {
      treeDataProvider: trees[k],
      canSelectMany: true,
      showCollapseAll: k === 'containers' || k === 'images',
    });
    subscriptions.push(trees[k], views[k]);
  }
  subscriptions.push(
    forest.onDidChange((changes) => {
      for (const c of changes) trees[c.view].fire(c);
    }),
  );
  return { trees, views };
}
