// Container commands: podman.container.<verb>.
import * as vscode from 'vscode';
import type { ContainerAction } from '../../podman/client';
import { PodmanError } from '../../podman/errors';
import type { ContainerSummary } from '../../podman/models';
import { registerCommand, requireClient } from '../../util/commands';
import { openInspect } from '../inspect';
import { openLogsTerminal } from '../logs';
import { formatPort } from '../model/tree';
import { openShellTerminal } from '../shell';
import { type ExplorerServices, confirm, containerTargets, forEach } from './common';

const isRunning = (c: ContainerSummary) => c.state === 'running';
const isActive = (c: ContainerSummary) => c.state === 'running' || c.state === 'paused';
const ACTIONS: { verb: ContainerAction; title: string; filter: (c: ContainerSummary) => boolean }[] = [
  { verb: 'start', title: 'Start Containers', filter: (c) => !isActive(c) },
  { verb: 'stop', title: 'Stop Containers', filter: isActive },
  { verb: 'restart', title: 'Restart Containers', filter: () => true },
  { verb: 'pause', title: 'Pause Containers', filter: isRunning },
  { verb: 'unpause', title: 'Unpause Containers', filter: (c) => c.state === 'paused' },
  { verb: 'kill', title: 'Kill Containers', filter: isActive },
];

/** Runs a container call; a 404 drops the container from the store (the tree refreshes). */
export async function onContainer(s: ExplorerServices, c: ContainerSummary, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof PodmanError && e.kind === 'not-found') s.model.store.forgetContainer(c.id);
    throw e;
  }
  // Without a live stream nothing else brings the new state: fetch it.
  if (!s.live.following) s.model.store.refetchContainer(c.id);
}

export function registerContainerCommands(s: ExplorerServices): void {
  const { wb } = s;
  for (const a of ACTIONS) {
    registerCommand(wb, `podman.container.${a.verb}`, async (node?: unknown, nodes?: unknown) => {
      const targets = await containerTargets(s, node, nodes, vscode.l10n.t(a.title), a.filter);
      const client = requireClient(wb);
      await forEach(targets, (c) => onContainer(s, c, () => client.containerAction(c.id, a.verb)));
    });
  }

  registerCommand(wb, 'podman.container.remove', async (node?: unknown, nodes?: unknown) => {
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
    const client = requireClient(wb);
    await forEach(targets, (c) =>
      onContainer(s, c, async () => {
        await client.removeContainer(c.id, { force: isActive(c) });
        if (!s.live.following) s.model.store.forgetContainer(c.id);
      }),
    );
  });

  registerCommand(wb, 'podman.container.logs', async (node?: unknown, nodes?: unknown) => {
    const targets = await containerTargets(s, node, nodes, vscode.l10n.t('Show Logs'), () => true);
    const client = requireClient(wb);
    for (const c of targets) {
      openLogsTerminal(client, vscode.l10n.t('Logs: {0}', c.name), [{ id: c.id, name: c.name }], { prefix: false });
    }
  });

  registerCommand(wb, 'podman.container.shell', async (node?: unknown, nodes?: unknown) => {
    const targets = await containerTargets(s, node, nodes, vscode.l10n.t('Open Shell'), isRunning, false);
    const client = requireClient(wb);
    const out = [];
    for (const c of targets) out.push(openShellTerminal(client, c.id, c.name));
    return out[0];
  });

  registerCommand(wb, 'podman.container.inspect', async (node?: unknown, nodes?: unknown) => {
    const targets = await containerTargets(s, node, nodes, vscode.l10n.t('Inspect Container'), () => true, false);
    let doc: vscode.TextDocument | undefined;
    for (const c of targets) doc = await openInspect(s.inspect, 'container', c.name, c.id);
    return doc;
  });

  registerCommand(wb, 'podman.container.copyId', async (node?: unknown, nodes?: unknown) => {
    const targets = await containerTargets(s, node, nodes, vscode.l10n.t('Copy Container ID'), () => true);
    if (targets.length) await vscode.env.clipboard.writeText(targets.map((c) => c.id).join('\n'));
  });

  registerCommand(wb, 'podman.container.copyName', async (node?: unknown, nodes?: unknown) => {
    const targets = await containerTargets(s, node, nodes, vscode.l10n.t('Copy Container Name'), () => true);
    if (targets.length) await vscode.env.clipboard.writeText(targets.map((c) => c.name).join('\n'));
  });

  registerCommand(wb, 'podman.container.openPort', async (node?: unknown, nodes?: unknown) => {
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
  });
}
