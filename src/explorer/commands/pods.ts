// Pod commands: podman.pod.<verb>.
import * as vscode from 'vscode';
import type { PodAction } from '../../podman/client';
import { PodmanError } from '../../podman/errors';
import { registerCommand, requireClient } from '../../util/commands';
import { openInspect } from '../inspect';
import { openLogsTerminal } from '../logs';
import type { PodNode, TreeNode } from '../model/nodes';
import { type ExplorerServices, type NodeHandler, confirm, forEach, podTargets } from './common';

/** A lifecycle action on the chosen pods. */
function action(s: ExplorerServices, verb: PodAction, title: string): NodeHandler<PodNode> {
  return async (node, nodes) => {
    const pods = await podTargets(s, node, nodes, title);
    const client = requireClient(s.wb);
    await forEach(pods, async (p) => {
      await client.podAction(p.id, verb);
      if (!s.live.following) await s.live.reload();
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
          s.model
            .podContainers(p.id)
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
    const client = requireClient(wb);
    await forEach(pods, async (p) => {
      await client.removePod(p.id, { force: true });
      if (!s.live.following) await s.live.reload();
    });
  });

  registerCommand(wb, 'podman.pod.logs', async (node?: PodNode, nodes?: readonly TreeNode[]) => {
    const pods = await podTargets(s, node, nodes, vscode.l10n.t('Show Pod Logs'), () => true, false);
    const client = requireClient(wb);
    for (const p of pods) {
      const members = s.model.podContainers(p.id).filter((c) => !c.isInfra);
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
    for (const p of pods) doc = await openInspect(s.inspect, 'pod', p.name, p.id);
    return doc;
  });
}
