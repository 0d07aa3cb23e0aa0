// The plain items of the explorer trees (label, description, icon, contextValue, tooltip), built
// from the store's summaries with no vscode import; ExplorerModel.item() picks the builder per node.
import type {
  ContainerSummary,
  ImageSummary,
  NetworkSummary,
  PortMapping,
  PodSummary,
  VolumeSummary,
} from '../../podman/models';
import { CTX, type PodDisplayState, containerContext, containerDisplayState, podContext } from './contextValues';
import type { ActionNode, PlainIcon, PlainItem, Problem, ResourceFigures } from './nodes';

export function gone(id: string): PlainItem {
  return {
    id,
    label: '(gone)',
    tooltip: 'This object no longer exists.',
    icon: { id: 'circle-slash' },
    contextValue: 'podman.gone',
    collapsible: 'none',
  };
}

/** Escapes text for a MarkdownString (names and labels may hold any character). */
export function md(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~$&]/g, (ch) => `\\${ch}`);
}
function code(s: string): string {
  return s.replace(/`/g, "'");
}
function lines(parts: (string | undefined | false)[]): string {
  return parts.filter(Boolean).join('\n\n');
}
function labelsLine(labels: Record<string, string>): string {
  const n = Object.keys(labels).length;
  return n ? `Labels: ${n}` : '';
}

export function formatPort(p: PortMapping): string {
  const host = p.hostIp && p.hostIp !== '0.0.0.0' ? `${p.hostIp}:` : '';
  if (!p.hostPort) return `${p.containerPort}/${p.protocol}`;
  const r = p.range > 1 ? `-${p.hostPort + p.range - 1}` : '';
  const cr = p.range > 1 ? `-${p.containerPort + p.range - 1}` : '';
  return `${host}${p.hostPort}${r}→${p.containerPort}${cr}/${p.protocol}`;
}

export const STATE_ICONS: Record<string, PlainIcon> = {
  running: { id: 'vm-running', color: 'charts.green' },
  paused: { id: 'debug-pause', color: 'charts.yellow' },
  exited: { id: 'vm-outline', color: 'disabledForeground' },
  exitedError: { id: 'vm-outline', color: 'charts.red' },
  created: { id: 'vm-outline' },
  transient: { id: 'loading~spin' },
};

/** Health icons: a shape of their own each (readable without colour), the state's colour kept. */
export const HEALTH_ICONS: Record<string, PlainIcon> = {
  healthy: { id: 'pass', color: 'charts.green' },
  unhealthy: { id: 'error', color: 'charts.red' },
  starting: { id: 'watch', color: 'charts.yellow' },
};

export function containerIcon(c: ContainerSummary): PlainIcon {
  const s = containerDisplayState(c.state);
  // A running container with a health check: its list Status is its health (the store keeps it current from events).
  if (s === 'running' && HEALTH_ICONS[c.status]) return HEALTH_ICONS[c.status];
  if (s === 'exited' && c.exitCode !== 0) return STATE_ICONS.exitedError;
  return STATE_ICONS[s];
}

export function containerItem(c: ContainerSummary, id = `container:${c.id}`): PlainItem {
  const ports = c.ports.map(formatPort).join(', ');
  return {
    id,
    label: c.name,
    description: [c.image, c.status || c.state, ports].filter(Boolean).join(' · '),
    tooltip: lines([
      `**${md(c.name)}**${c.isInfra ? ' (infra)' : ''}`,
      `ID: \`${c.id.slice(0, 12)}\``,
      `Image: ${md(c.image)}`,
      `State: ${c.state}${c.status ? ` — ${md(c.status)}` : ''}`,
      ports && `Ports: ${md(ports)}`,
      c.created ? `Created: ${new Date(c.created).toISOString()}` : '',
      c.podName && `Pod: ${md(c.podName)}`,
      c.composeProject && `Compose project: ${md(c.composeProject)}`,
      labelsLine(c.labels),
    ]),
    icon: containerIcon(c),
    contextValue: containerContext(c.state),
    collapsible: 'none',
  };
}

export function podStatusState(status: string): PodDisplayState {
  switch (status.toLowerCase()) {
    case 'running':
      return 'running';
    case 'degraded':
      return 'degraded';
    case 'paused':
      return 'paused';
    case 'created':
      return 'created';
    default:
      return 'exited';
  }
}

export function groupState(members: ContainerSummary[]): PodDisplayState {
  if (!members.length) return 'exited';
  let running = 0;
  let paused = 0;
  let created = 0;
  for (const c of members) {
    const s = containerDisplayState(c.state);
    if (s === 'running') running++;
    else if (s === 'paused') paused++;
    else if (s === 'created') created++;
  }
  if (running === members.length) return 'running';
  if (paused === members.length) return 'paused';
  if (running + paused > 0) return 'degraded';
  if (created === members.length) return 'created';
  return 'exited';
}

function podColor(s: PodDisplayState): string | undefined {
  return s === 'running'
    ? 'charts.green'
    : s === 'degraded'
      ? 'charts.orange'
      : s === 'paused'
        ? 'charts.yellow'
        : s === 'exited'
          ? 'disabledForeground'
          : undefined;
}

export function podItem(
  p: PodSummary,
  state: PodDisplayState,
  containers: ContainerSummary[],
  id = `pod:${p.id}`,
): PlainItem {
  const members = containers.filter((c) => !c.isInfra);
  const running = members.filter((c) => c.state === 'running').length;
  return {
    id,
    label: p.name,
    description: `pod · ${running}/${members.length} running${state === 'degraded' ? ' · degraded' : ''}`,
    tooltip: lines([
      `**${md(p.name)}** — pod`,
      `ID: \`${p.id.slice(0, 12)}\``,
      `State: ${state} (Podman: ${md(p.status)})`,
      `Containers: ${members.map((c) => md(c.name)).join(', ') || 'none'}`,
      p.created ? `Created: ${new Date(p.created).toISOString()}` : '',
      labelsLine(p.labels),
    ]),
    icon: { id: 'server-process', color: podColor(state) },
    contextValue: podContext(state),
    collapsible: 'expanded',
  };
}

export function imageLabel(i: ImageSummary): string {
  return i.repoTags[0] ?? `<none> ${i.id.slice(0, 12)}`;
}

export function size(n: number): string {
  const u = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < u.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n >= 10 || i === 0 ? Math.round(n) : n.toFixed(1)} ${u[i]}`;
}

export function imageItem(i: ImageSummary, id = `image:${i.id}`): PlainItem {
  return {
    id,
    label: imageLabel(i),
    description: [i.id.slice(0, 12), size(i.size), i.repoTags.length > 1 ? `+${i.repoTags.length - 1} tags` : '']
      .filter(Boolean)
      .join(' · '),
    tooltip: lines([
      `**${md(imageLabel(i))}**${i.dangling ? ' (dangling)' : ''}`,
      `ID: \`${i.id.slice(0, 12)}\``,
      i.repoTags.length > 1 ? `Tags: ${md(i.repoTags.join(', '))}` : '',
      `Size: ${size(i.size)}`,
      i.created ? `Created: ${new Date(i.created).toISOString()}` : '',
      `Containers: ${i.containers}`,
      labelsLine(i.labels),
    ]),
    icon: { id: 'package', color: i.dangling ? 'disabledForeground' : undefined },
    contextValue: i.dangling ? CTX.imageDangling : CTX.image,
    collapsible: 'none',
  };
}

export function composeItem(id: string, project: string, members: ContainerSummary[]): PlainItem {
  const running = members.filter((c) => c.state === 'running').length;
  return {
    id,
    label: project,
    description: `compose · ${running}/${members.length} running`,
    tooltip: `**${md(project)}** — compose project\n\n${members.map((c) => `- ${md(c.name)}: ${c.state}`).join('\n')}`,
    icon: { id: 'layers', color: podColor(groupState(members)) },
    contextValue: CTX.compose,
    collapsible: 'expanded',
  };
}

export function danglingGroupItem(id: string, count: number): PlainItem {
  return {
    id,
    label: 'Dangling',
    description: `${count} image${count === 1 ? '' : 's'}`,
    tooltip: 'Images without a tag. **Prune Dangling Images** removes those no container uses.',
    icon: { id: 'archive', color: 'disabledForeground' },
    contextValue: CTX.danglingGroup,
    collapsible: 'collapsed',
  };
}

export function volumeItem(v: VolumeSummary, id = `volume:${v.name}`): PlainItem {
  return {
    id,
    label: v.name,
    description: v.driver,
    tooltip: lines([
      `**${md(v.name)}** — volume`,
      `Driver: ${md(v.driver)}`,
      `Mountpoint: \`${code(v.mountpoint)}\``,
      v.created && `Created: ${md(v.created)}`,
      labelsLine(v.labels),
    ]),
    icon: { id: 'database' },
    contextValue: CTX.volume,
    collapsible: 'none',
  };
}

export function networkItem(net: NetworkSummary, id = `network:${net.name}`): PlainItem {
  return {
    id,
    label: net.name,
    description: [net.driver, net.subnets.join(', '), net.internal ? 'internal' : ''].filter(Boolean).join(' · '),
    tooltip: lines([
      `**${md(net.name)}** — network`,
      `ID: \`${code(net.id.slice(0, 12))}\``,
      `Driver: ${md(net.driver)}`,
      net.iface && `Interface: ${md(net.iface)}`,
      net.subnets.length ? `Subnets: ${md(net.subnets.join(', '))}` : '',
      labelsLine(net.labels),
    ]),
    icon: { id: 'type-hierarchy' },
    contextValue: CTX.network,
    collapsible: 'none',
  };
}

export function problemItem(id: string, problem: Problem | undefined): PlainItem {
  const p = problem ?? { message: 'No connection.' };
  return {
    id,
    label: 'Podman is not reachable',
    description: p.message,
    tooltip: lines([`$(error) ${md(p.message)}`, p.fix ? `**Fix:** ${md(p.fix)}` : '']),
    icon: { id: 'error', color: 'errorForeground' },
    contextValue: CTX.problem,
    collapsible: 'expanded',
  };
}

export function actionItem(n: ActionNode): PlainItem {
  return {
    id: n.id,
    label: n.label,
    tooltip: md(n.label),
    icon: { id: n.icon },
    contextValue: 'podman.action',
    collapsible: 'none',
    command: { command: n.command, title: n.label },
  };
}

/** CPU % and memory in front of an item's description and in its tooltip. */
export function withFigures(it: PlainItem, f: ResourceFigures): PlainItem {
  const text = `${f.cpu.toFixed(f.cpu < 10 ? 1 : 0)}% CPU · ${size(f.memUsage)}`;
  return {
    ...it,
    description: it.description ? `${text} · ${it.description}` : text,
    tooltip: `${it.tooltip}\n\nCPU: ${f.cpu.toFixed(1)} % · Memory: ${size(f.memUsage)}`,
  };
}
