// Monitoring: live stats (tree figures and the Stats panel over one stream per connection),
// health checks, the Events panel, processes and disk usage. Registered after the explorer,
// whose store, trees and pickers it uses.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { containerTargets, podTargets, scopeOf, type ExplorerServices } from '../explorer/commands/common';
import type { ContainerNode, PodNode, TreeNode } from '../explorer/model/nodes';
import { registerCommand } from '../util/commands';
import { DiskUsagePanel } from './df';
import { EventsPanel } from './events';
import { registerHealth, type HealthLens } from './health';
import { StatsPanel } from './statsPanel';
import { StatsService } from './statsService';
import { ProcessesPanel } from './top';
import { TreeStats } from './treeStats';
import { registerTooltips } from './tooltips';

/** What the monitor exposes on WorkbenchContext.monitor (extension-host tests and benchmarks read it). */
export interface MonitorApi {
  stats: StatsService;
  treeStats: TreeStats;
  health: HealthLens;
  /** Panels open now, newest last. */
  panels: { stats: StatsPanel[]; events: EventsPanel[]; top: ProcessesPanel[]; df: DiskUsagePanel[] };
}

function track<T>(list: T[], item: T, panel: vscode.WebviewPanel): T {
  list.push(item);
  panel.onDidDispose(() => list.splice(list.indexOf(item), 1));
  return item;
}

export function registerMonitor(wb: WorkbenchContext): MonitorApi | undefined {
  const explorer = wb.explorer;
  if (!explorer) return undefined;
  const s: ExplorerServices = { wb, forest: explorer.forest, live: explorer.live, inspect: explorer.inspect };
  const stats = new StatsService(wb);
  const treeStats = new TreeStats(wb, stats);
  wb.ext.subscriptions.push(stats, treeStats);
  const panels: MonitorApi['panels'] = { stats: [], events: [], top: [], df: [] };
  const openStats = (scope: ConstructorParameters<typeof StatsPanel>[2]) => {
    const p = new StatsPanel(wb, stats, scope);
    return track(panels.stats, p, p.panel);
  };
  registerCommand(wb, 'podman.stats.show', () => openStats({ kind: 'all' }));
  registerCommand(wb, 'podman.container.showStats', async (node?: ContainerNode, nodes?: readonly TreeNode[]) => {
    const [c] = await containerTargets(
      s,
      node,
      nodes,
      vscode.l10n.t('Show Stats'),
      (x) => x.state === 'running',
      false,
    );
    return c && openStats({ kind: 'container', id: c.id, name: c.name });
  });
  registerCommand(wb, 'podman.pod.showStats', async (node?: PodNode, nodes?: readonly TreeNode[]) => {
    const [p] = await podTargets(s, node, nodes, vscode.l10n.t('Show Stats'), undefined, false);
    const memberIds = () =>
      scopeOf(s, p)
        .model.podContainers(p.id)
        .map((c) => c.id);
    return p && openStats({ kind: 'pod', podId: p.id, name: p.name, memberIds });
  });
  registerCommand(wb, 'podman.events.show', async () => {
    const p = new EventsPanel(wb);
    track(panels.events, p, p.table.panel);
    await p.load('10m', '');
    return p;
  });
  const openTop = (title: string, containers: () => { id: string; name: string }[]) => {
    const p = new ProcessesPanel(wb, { title, containers });
    track(panels.top, p, p.table.panel);
    p.schedule();
    return p;
  };
  registerCommand(wb, 'podman.container.top', async (node?: ContainerNode, nodes?: readonly TreeNode[]) => {
    const [c] = await containerTargets(
      s,
      node,
      nodes,
      vscode.l10n.t('Show Processes'),
      (x) => x.state === 'running',
      false,
    );
    return c && openTop(c.name, () => [{ id: c.id, name: c.name }]);
  });
  registerCommand(wb, 'podman.pod.top', async (node?: PodNode, nodes?: readonly TreeNode[]) => {
    const [p] = await podTargets(s, node, nodes, vscode.l10n.t('Show Processes'), undefined, false);
    const running = () =>
      scopeOf(s, p)
        .model.podContainers(p.id)
        .filter((c) => c.state === 'running' && !c.isInfra);
    return p && openTop(p.name, running);
  });
  registerCommand(wb, 'podman.system.df', async () => {
    const p = new DiskUsagePanel(wb);
    track(panels.df, p, p.table.panel);
    await p.load();
    return p;
  });
  const health = registerHealth(s);
  registerTooltips(wb);
  return { stats, treeStats, health, panels };
}
