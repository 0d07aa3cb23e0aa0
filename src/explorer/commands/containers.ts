// Container commands: podman.container.<verb>.
import * as vscode from 'vscode';
import type { ContainerAction, PodmanClient } from '../../podman/client';
import { PodmanError } from '../../podman/errors';
import type { ContainerSummary } from '../../podman/models';
import { registerCommand } from '../../util/commands';
import { openInspect } from '../inspect';
import { openLogsTerminal } from '../logs';
import { formatPort } from '../model/tree';
import { openShellTerminal } from '../shell';
import { type ExplorerServices, type NodeHandler, confirm, containerTargets, forEach, scopeOf } from './common';
import type { ContainerNode, TreeNode } from '../model/nodes';

const isRunning = (c: ContainerSummary) => c.state === 'running';
const isActive = (c: ContainerSummary) => c.state === 'running' || c.state === 'paused';
const isPaused = (c: ContainerSummary) => c.state === 'paused';

/**
 * Runs a container call on the container's own connection; a 404 drops the container from that
 * connection's store (the tree refreshes).
 */
export async function onContainer(
  s: ExplorerServices,
  c: ContainerSummary,
  fn: (client: PodmanClient) => Promise<void>,
): Promise<void> {
  const scope = scopeOf(s, c);
  try {
    await fn(scope.client);
  } catch (e) {
    if (e instanceof PodmanError && e.kind === 'not-found') scope.model.store.forgetContainer(c.id);
    throw e;
  }
  // Without a live stream nothing else brings the new state: fetch it.
  if (!s.live.followingOf(scope.id)) scope.model.store.refetchContainer(c.id);
}

/** A lifecycle action on the chosen containers (the palette offers those `filter` accepts). */
function action(
  s: ExplorerServices,
  verb: ContainerAction,
  title: string,
  filter: (c: ContainerSummary) => boolean,
): NodeHandler<ContainerNode> {
  return async (node, nodes) => {
    const targets = await containerTargets(s, node, nodes, title, filter);
    await forEach(targets, (c) =>
      onContainer(s, c, async (client) => {
        // A paused container's processes take no signal until thawed (cgroup v1): thaw it first.
        if (c.state === 'paused' && (verb === 'stop' || verb === 'restart')) {
          await client.containerAction(c.id, 'unpause');
        }
        await client.containerAction(c.id, verb);
      }),
    );
  };
}

export function registerContainerCommands(s: ExplorerServices): void {
  const { wb } = s;
  registerCommand(
    wb,
    'podman.container.start',
    action(s, 'start', vscode.l10n.t('Start Containers'), (c) => !isActive(c)),
  );
  registerCommand(wb, 'podman.container.stop', action(s, 'stop', vscode.l10n.t('Stop Containers'), isActive));
  registerCommand(
    wb,
    'podman.container.restart',
    action(s, 'restart', vscode.l10n.t('Restart Containers'), () => true),
  );
  registerCommand(wb, 'podman.container.pause', action(s, 'pause', vscode.l10n.t('Pause Containers'), isRunning));
  registerCommand(wb, 'podman.container.unpause', action(s, 'unpause', vscode.l10n.t('Unpause Containers'), isPaused));
  registerCommand(wb, 'podman.container.kill', action(s, 'kill', vscode.l10n.t('Kill Containers'), isActive));
  registerRemove(s);
  registerOpeners(s);
  registerCopies(s);
  registerCommand(wb, 'podman.container.openPort', openPort(s));
}

/** Remove: confirms with the list (running ones are stopped first). */
function registerRemove(s: ExplorerServices): void {
  const { wb } = s;
  registerCommand(wb, 'podman.container.remove', async (node?: ContainerNode, nodes?: readonly TreeNode[]) => {
    const targets = await containerTargets(s, node, nodes, vscode.l10n.t('Remove Containers'), () => true);
    if (!targets.length) return;
    const running = targets.filter(isActive).length;
    const msg =
      targets.length === 1
        ? vscode.l10n.t('Remove container “{0}”?', targets[0].name)
        : vscode.l10n.t('Remove {0} containers?', targets.length);
    const names = targets.map((c) => `${c.name}${isActive(c) ? ` (${c.state})` : ''}`);
    if (
      !(await confirm(
        running ? `${msg} ${vscode.l10n.t('Running ones are stopped first.')}` : msg,
        names,
        vscode.l10n.t('Remove'),
      ))
    ) {
      return;
    }
    await forEach(targets, (c) =>
      onContainer(s, c, async (client) => {
        await client.removeContainer(c.id, { force: isActive(c) });
        const scope = scopeOf(s, c);
        if (!s.live.followingOf(scope.id)) scope.model.store.forgetContainer(c.id);
      }),
    );
  });
}

/** Logs, shell and inspect. */
function registerOpeners(s: ExplorerServices): void {
  const { wb } = s;
  registerCommand(wb, 'podman.container.logs', async (node?: ContainerNode, nodes?: readonly TreeNode[]) => {
    const targets = await containerTargets(s, node, nodes, vscode.l10n.t('Show Logs'), () => true);
    for (const c of targets) {
      openLogsTerminal(scopeOf(s, c).client, vscode.l10n.t('Logs: {0}', c.name), [{ id: c.id, name: c.name }], {
        prefix: false,
      });
    }
  });

  registerCommand(wb, 'podman.container.shell', async (node?: ContainerNode, nodes?: readonly TreeNode[]) => {
    const targets = await containerTargets(s, node, nodes, vscode.l10n.t('Open Shell'), isRunning, false);
    const out = [];
    for (const c of targets) out.push(openShellTerminal(scopeOf(s, c).client, c.id, c.name));
    return out[0];
  });

  registerCommand(wb, 'podman.container.inspect', async (node?: ContainerNode, nodes?: readonly TreeNode[]) => {
    const targets = await containerTargets(s, node, nodes, vscode.l10n.t('Inspect Container'), () => true, false);
    let doc: vscode.TextDocument | undefined;
    for (const c of targets) doc = await openInspect(s.inspect, 'container', c.name, c.id, scopeOf(s, c).id);
    return doc;
  });
}

function registerCopies(s: ExplorerServices): void {
  const { wb } = s;
  registerCommand(wb, 'podman.container.copyId', async (node?: ContainerNode, nodes?: readonly TreeNode[]) => {
    const targets = await containerTargets(s, node, nodes, vscode.l10n.t('Copy Container ID'), () => true);
    if (targets.length) await vscode.env.clipboard.writeText(targets.map((c) => c.id).join('\n'));
  });

  registerCommand(wb, 'podman.container.copyName', async (node?: ContainerNode, nodes?: readonly TreeNode[]) => {
    const targets = await containerTargets(s, node, nodes, vscode.l10n.t('Copy Container Name'), () => true);
    if (targets.length) await vscode.env.clipboard.writeText(targets.map((c) => c.name).join('\n'));
  });
}

/** Open Port in Browser: the running container's published port (a pick when it has several). */
function openPort(s: ExplorerServices): NodeHandler<ContainerNode> {
  return async (node, nodes) => {
    const [c] = await containerTargets(
      s,
      node,
      nodes,
      vscode.l10n.t('Open Port in Browser'),
      (x) => isRunning(x) && x.ports.some((p) => p.hostPort > 0),
      false,
    );
    if (!c) return;
    const ports = c.ports.filter((p) => p.hostPort > 0);
    if (!ports.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} publishes no port.', c.name));
      return;
    }
    const items = ports.map((p) => ({ label: formatPort(p), p }));
    const chosen =
      items.length === 1
        ? items[0]
        : await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Port of {0} to open', c.name) });
    if (!chosen) return;
    const host =
      !chosen.p.hostIp || chosen.p.hostIp === '0.0.0.0' || chosen.p.hostIp === '::'
        ? 'localhost'
        : chosen.p.hostIp.includes(':')
          ? `[${chosen.p.hostIp}]`
          : chosen.p.hostIp;
    await vscode.env.openExternal(vscode.Uri.parse(`http://${host}:${chosen.p.hostPort}`));
  };
}
