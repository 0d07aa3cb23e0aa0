// Pod commands: podman.pod.<verb>.
import * as vscode from 'vscode';
import type { PodAction } from '../../podman/client';
import { PodmanError } from '../../podman/errors';
import { registerCommand } from '../../util/commands';
import { openInspect } from '../inspect';
import { openLogsTerminal } from '../logs';
import type { PodNode, TreeNode } from '../model/nodes';
import { type ExplorerServices, type NodeHandler, confirm, forEach, podTargets, scopeOf } from './common';

/** A lifecycle action on the chosen pods. */
function action(s: ExplorerServices, verb: PodAction, title: string): NodeHandler<PodNode> {
  return async (node, nodes) => {
    const pods = await podTargets(s, node, nodes, title);
    await forEach(pods, async (p) => {
      const scope = scopeOf(s, p);
      await scope.client.podAction(p.id, verb);
      if (!s.live.followingOf(scope.id)) await s.live.reload(scope.id);
    });
  };
}

export function registerPodCommands(s: ExplorerServices): void {
  const { wb } = s;
  registerCommand(wb, 'podman.pod.start', action(s, 'start', vscode.l10n.t('Start Pods')));
  registerCommand(wb, 'podman.pod.stop', action(s, 'stop', vscode.l10n.t('Stop Pods')));
  registerCommand(wb, 'podman.pod.restart', action(s, 'restart', vscode.l10n.t('Restart Pods')));

  registerCommand(wb, 'podman.pod.remove', async (node?: PodNode, nodes?: readonly TreeNode[]) => {
    const pods = await podTargets(s, node, nodes, vscode.l10n.t('Remove Pods'));
    if (!pods.length) return;
    const names = pods.map(
      (p) =>
        `${p.name}: ${
          scopeOf(s, p)
            .model.podContainers(p.id)
            .filter((c) => !c.isInfra)
            .map((c) => c.name)
            .join(', ') || vscode.l10n.t('no containers')
        }`,
    );
    const msg =
      pods.length === 1
        ? vscode.l10n.t('Remove pod “{0}” and its containers?', pods[0].name)
        : vscode.l10n.t('Remove {0} pods and their containers?', pods.length);
    if (!(await confirm(msg, names, vscode.l10n.t('Remove')))) return;
    await forEach(pods, async (p) => {
      const scope = scopeOf(s, p);
      await scope.client.removePod(p.id, { force: true });
      if (!s.live.followingOf(scope.id)) await s.live.reload(scope.id);
    });
  });

  registerCommand(wb, 'podman.pod.logs', async (node?: PodNode, nodes?: readonly TreeNode[]) => {
    const pods = await podTargets(s, node, nodes, vscode.l10n.t('Show Pod Logs'), () => true, false);
    for (const p of pods) {
      const { client, model } = scopeOf(s, p);
      const members = model.podContainers(p.id).filter((c) => !c.isInfra);
      if (!members.length) throw new PodmanError('not-found', vscode.l10n.t('Pod {0} has no containers.', p.name));
      openLogsTerminal(
        client,
        vscode.l10n.t('Logs: pod {0}', p.name),
        members.map((c) => ({ id: c.id, name: c.name })),
        { prefix: true },
      );
    }
  });

  registerCommand(wb, 'podman.pod.inspect', async (node?: PodNode, nodes?: readonly TreeNode[]) => {
    const pods = await podTargets(s, node, nodes, vscode.l10n.t('Inspect Pod'), () => true, false);
    let doc: vscode.TextDocument | undefined;
    for (const p of pods) doc = await openInspect(s.inspect, 'pod', p.name, p.id, scopeOf(s, p).id);
    return doc;
  });
}
