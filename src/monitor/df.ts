// Show Disk Usage: libpod system/df as a table of images, containers and volumes with their sizes
// and what is reclaimable, the totals per kind, and the prune actions that already exist.
// Loading shows progress and can be cancelled (a store with thousands of images takes a while):
// Cancel abandons the request and leaves the panel saying so, with Refresh.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { size } from '../explorer/model/items';
import { diskUsage, diskUsageTotals, type DiskUsageRow } from '../podman/monitor';
import type { PodmanClient } from '../podman/client';
import { requireClient } from '../util/commands';
import type { TableModel } from './protocol';
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
  /** How the last load ended (tests read it): with rows, or abandoned by Cancel. */
  state: 'loading' | 'loaded' | 'cancelled' = 'loading';

  constructor(private readonly wb: WorkbenchContext) {
    this.table = new TablePanel(wb, 'podman.df', vscode.l10n.t('Podman Disk Usage'), {
      onAction: async (action) => {
        if (action !== 'refresh') await vscode.commands.executeCommand(action);
        await this.load();
      },
    });
  }

  /**
   * Loads df with a progress notification that counts the seconds (libpod answers in one piece)
   * and a Cancel that abandons the request: the panel then says so and offers Refresh, no error.
   * Closing the panel abandons it too.
   */
  async load(): Promise<void> {
    const client = requireClient(this.wb);
    const abort = new AbortController();
    const closed = this.table.panel.onDidDispose(() => abort.abort());
    let rows: DiskUsageRow[] | undefined;
    try {
      rows = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Reading disk usage…'),
          cancellable: true,
        },
        (progress, token) => readCancellable(client, abort, token, progress),
      );
    } finally {
      closed.dispose();
    }
    this.state = rows ? 'loaded' : 'cancelled';
    if (!rows) {
      if (!this.table.disposed) {
        this.table.setModel(this.model([], vscode.l10n.t('Cancelled: Refresh reads the disk usage again.')));
      }
      return;
    }
    this.rows = rows;
    this.table.setModel(this.model(rows, totalsNote(rows)));
  }

  private model(rows: DiskUsageRow[], note: string): TableModel {
    return {
      title: vscode.l10n.t('Disk usage'),
      note,
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
    };
  }
}

/** system/df, abandoned on Cancel (undefined, not an error), with the seconds it has taken so far. */
async function readCancellable(
  client: PodmanClient,
  abort: AbortController,
  token: vscode.CancellationToken,
  progress: vscode.Progress<{ message?: string }>,
): Promise<DiskUsageRow[] | undefined> {
  const started = Date.now();
  const ticker = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    progress.report({ message: vscode.l10n.t('{0} s so far; Podman sizes every image and volume.', seconds) });
  }, 1000);
  const cancelled = token.onCancellationRequested(() => abort.abort());
  try {
    return await diskUsage(client, abort.signal);
  } catch (e) {
    if (abort.signal.aborted) return undefined;
    throw e;
  } finally {
    clearInterval(ticker);
    cancelled.dispose();
  }
}
