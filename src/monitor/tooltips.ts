// More in the explorer's tooltips, fetched on hover: the health log (last runs with exit code,
// output and time) of a container with a health check, and a volume's size from system/df
// (read at most every 10 s).
import type { WorkbenchContext } from '../context';
import { size } from '../explorer/model/items';
import { diskUsage, healthLog, type DiskUsageRow } from '../podman/monitor';
import { healthLogMarkdown } from './health';

export function registerTooltips(wb: WorkbenchContext): void {
  const trees = wb.explorer?.trees;
  if (!trees) return;
  trees.containers.resolveTooltip = async (node) => {
    const client = wb.connections.active?.client;
    if (!client || node.kind !== 'container') return undefined;
    const c = wb.explorer?.model.container(node);
    if (!c || !['healthy', 'unhealthy', 'starting'].includes(c.status)) return undefined;
    const r = await healthLog(client, c.id);
    return r && healthLogMarkdown(r);
  };
  let df: { at: number; rows: Promise<DiskUsageRow[]> } | undefined;
  trees.volumes.resolveTooltip = async (node) => {
    const client = wb.connections.active?.client;
    if (!client || node.kind !== 'volume') return undefined;
    if (!df || Date.now() - df.at > 10_000) df = { at: Date.now(), rows: diskUsage(client) };
    const row = (await df.rows).find((r) => r.kind === 'volume' && r.name === node.name);
    return row && `Size: ${size(row.size)}${row.inUse ? '' : ` (unused: ${size(row.reclaimable)} reclaimable)`}`;
  };
}
