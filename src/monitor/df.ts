// Show Disk Usage: libpod system/df as a table of images, containers and volumes with their sizes
// and what is reclaimable, the totals per kind, and the prune actions that already exist.
// Loading shows progress and can be cancelled (a store with thousands of images takes a while).
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { size } from '../explorer/model/items';
import { diskUsage, diskUsageTotals, type DiskUsageRow } from '../podman/monitor';
import { PodmanError } from '../podman/errors';
import { requireClient } from '../util/commands';
import { TablePanel } from './tablePanel';

const PRUNES = [
  { id: 'podman.image.pruneDangling', title: 'Prune dangling images' },
  { id: 'podman.volume.prune', title: 'Prune unused volumes' },
  { id: 'podman.network.prune', title: 'Prune unused networks' },
  { id: 'podman.system.prune', title: 'System prune' },
];

export function totalsNote(rows: DiskUsageRow[]): string {
  return diskUsageTotals(rows)
    .map((t) => `${t.kind}s: ${t.count}, ${size(t.size)} (${size(t.reclaimable)} reclaimable)`)
    .join(' · ');
}

export class DiskUsagePanel {
  readonly table: TablePanel;
  rows: DiskUsageRow[] = [];

  constructor(private readonly wb: WorkbenchContext) {
    this.table = new TablePanel(wb, 'podman.df', vscode.l10n.t('Podman Disk Usage'), {
      onAction: async (action) => {
        if (action !== 'refresh') await vscode.commands.executeCommand(action);
        await this.load();
      },
    });
  }

  /** Loads df with a cancellable progress notification. */
  async load(): Promise<void> {
    const client = requireClient(this.wb);
    const rows = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Reading disk usage…'),
        cancellable: true,
      },
      async (_p, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await diskUsage(client, abort.signal);
        } finally {
          sub.dispose();
        }
      },
    );
    if (!rows) throw new PodmanError('cancelled', 'Cancelled.');
    this.rows = rows;
    this.table.setModel({
      title: vscode.l10n.t('Disk usage'),
      note: totalsNote(rows),
      columns: [
        { key: 'kind', title: 'Kind' },
        { key: 'name', title: 'Name' },
        { key: 'size', title: 'Size', align: 'right' },
        { key: 'reclaimable', title: 'Reclaimable', align: 'right' },
        { key: 'inUse', title: 'In use' },
      ],
      rows: rows.map((r) => ({
        cells: {
          kind: r.kind,
          name: r.name,
          size: size(r.size),
          reclaimable: size(r.reclaimable),
          inUse: r.inUse ? 'yes' : 'no',
        },
      })),
      selects: [{ key: 'kind', title: 'Kind', options: ['image', 'container', 'volume'] }],
      toolbar: [{ id: 'refresh', title: 'Refresh' }, ...PRUNES],
    });
  }
}
