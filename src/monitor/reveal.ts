// Reveals an object named by an event in the explorer: the tree node of the container, pod,
// image, volume or network with that id or name, selected and focused in its view.
import type { WorkbenchContext } from '../context';
import type { TreeNode, ViewKind } from '../explorer/model/nodes';

const VIEW_OF: Record<string, ViewKind> = {
  container: 'containers',
  pod: 'containers',
  image: 'images',
  volume: 'volumes',
  network: 'networks',
};

/** The explorer node of an object, searching roots and their children; undefined when not shown. */
export function findNode(wb: WorkbenchContext, type: string, id: string, name: string): TreeNode | undefined {
  const model = wb.explorer?.model;
  const view = VIEW_OF[type];
  if (!model || !view) return undefined;
  const matches = (n: TreeNode): boolean =>
    (type === 'container' && n.kind === 'container' && (n.containerId === id || model.container(n)?.name === name)) ||
    (type === 'pod' && n.kind === 'pod' && (n.podId === id || model.pod(n)?.name === name)) ||
    (type === 'image' && n.kind === 'image' && (n.imageId === id || n.imageId.startsWith(id))) ||
    ((type === 'volume' || type === 'network') && n.kind === type && n.name === (name || id));
  for (const root of model.children(view)) {
    if (matches(root)) return root;
    for (const child of model.children(view, root)) if (matches(child)) return child;
  }
  return undefined;
}

/** Reveals the object; false when it is not in the explorer (gone, or hidden by a setting). */
export async function revealObject(wb: WorkbenchContext, type: string, id: string, name: string): Promise<boolean> {
  await wb.explorer?.live.ensureLoaded();
  const node = findNode(wb, type, id, name);
  const view = node && wb.explorer?.views[node.view];
  if (!node || !view) return false;
  await view.reveal(node, { select: true, focus: true, expand: false });
  return true;
}
