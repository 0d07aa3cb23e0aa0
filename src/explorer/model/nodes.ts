// The node shapes of the explorer trees and the plain items they render to, with no vscode
// import. Commands that act on a tree item take these shapes (what VS Code hands a menu command
// is the node object the TreeDataProvider gave it).
import type { ContextValue } from './contextValues';

export type ViewKind = 'containers' | 'images' | 'volumes' | 'networks';
export const VIEW_KINDS: readonly ViewKind[] = ['containers', 'images', 'volumes', 'networks'];

interface NodeBase {
  readonly id: string;
  readonly view: ViewKind;
  /** The endpoint id of the connection the node belongs to (commands act on that one). */
  readonly connection?: string;
}
export interface ContainerNode extends NodeBase {
  readonly kind: 'container';
  readonly containerId: string;
}
export interface PodNode extends NodeBase {
  readonly kind: 'pod';
  readonly podId: string;
}
export interface ComposeNode extends NodeBase {
  readonly kind: 'compose';
  readonly project: string;
}
export interface ImageNode extends NodeBase {
  readonly kind: 'image';
  readonly imageId: string;
}
export interface DanglingGroupNode extends NodeBase {
  readonly kind: 'danglingGroup';
}
export interface VolumeNode extends NodeBase {
  readonly kind: 'volume';
  readonly name: string;
}
export interface NetworkNode extends NodeBase {
  readonly kind: 'network';
  readonly name: string;
}
export interface ProblemNode extends NodeBase {
  readonly kind: 'problem';
}
export interface ActionNode extends NodeBase {
  readonly kind: 'action';
  readonly label: string;
  readonly command: string;
  readonly icon: string;
}
/** The root of one connection's part of a view, when several connections are enabled. */
export interface ConnectionRootNode extends NodeBase {
  readonly kind: 'connection';
  readonly connection: string;
}
export type TreeNode =
  | ConnectionRootNode
  | ContainerNode
  | PodNode
  | ComposeNode
  | ImageNode
  | DanglingGroupNode
  | VolumeNode
  | NetworkNode
  | ProblemNode
  | ActionNode;

/** The node of a given kind, e.g. `NodeOf<'volume'>` is VolumeNode. */
export type NodeOf<K extends TreeNode['kind']> = Extract<TreeNode, { kind: K }>;

/** A tree node handed to a command (VS Code passes the clicked element as it came from getChildren). */
export function isTreeNode(x: unknown): x is TreeNode {
  return (
    !!x && typeof x === 'object' && typeof (x as TreeNode).kind === 'string' && typeof (x as TreeNode).id === 'string'
  );
}

export interface PlainIcon {
  id: string;
  color?: string;
}
export interface PlainItem {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip: string;
  icon: PlainIcon;
  contextValue: ContextValue | string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  command?: { command: string; title: string; arguments?: unknown[] };
}

export interface ModelChange {
  view: ViewKind;
  /** undefined: the whole view changed. */
  nodes: TreeNode[] | undefined;
}

export interface ExplorerOptions {
  showInfraContainers: boolean;
  groupComposeProjects: boolean;
}

/** CPU % and memory of a container or a group (the tree shows them when podman.explorer.showStats is on). */
export interface ResourceFigures {
  cpu: number;
  memUsage: number;
}
/** The latest figures of a set of containers, summed; undefined when none has a sample. */
export type StatsSource = (containerIds: string[]) => ResourceFigures | undefined;

export interface Problem {
  message: string;
  fix?: string;
}
