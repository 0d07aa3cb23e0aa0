// Show Processes: the processes of a container (libpod top) or of every running container of a
// pod, refreshed every 2 s while the panel is visible; each row can be sent a signal.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { signalProcess } from '../podman/monitor';
import { requireClient } from '../util/commands';
import type { TableRow } from './protocol';
import { TablePanel } from './tablePanel';

export const TOP_REFRESH_MS = 2000;
export interface TopTarget {
  title: string;
  /** The containers whose processes are listed (one for a container, the running members of a pod). */
  containers(): { id: string; name: string }[];
}

const SIGNALS = ['SIGTERM', 'SIGKILL', 'SIGHUP', 'SIGINT', 'SIGUSR1', 'SIGUSR2', 'SIGSTOP', 'SIGCONT'];

export class ProcessesPanel {
  readonly table: TablePanel;
  private timer: NodeJS.Timeout | undefined;
  private rows: { container: string; containerId: string; pid: string }[] = [];
  refreshes = 0;

  constructor(
    private readonly wb: WorkbenchContext,
    private readonly target: TopTarget,
  ) {
    this.table = new TablePanel(wb, 'podman.top', vscode.l10n.t('Processes: {0}', target.title), {
      onAction: (action, index) => this.act(action, index),
      onVisible: () => this.schedule(),
    });
    this.table.onDispose(() => this.timer && clearTimeout(this.timer));
  }

  async refresh(): Promise<void> {
    const client = requireClient(this.wb);
    const rows: TableRow[] = [];
    this.rows = [];
    for (const c of this.target.containers()) {
      const procs = await client.top(c.id).catch((e: unknown) => {
        this.table.status(`${c.name}: ${e instanceof Error ? e.message : String(e)}`, 'error');
        return [];
      });
      for (const p of procs) {
        this.rows.push({ container: c.name, containerId: c.id, pid: p.PID ?? '' });
        rows.push({
          cells: { container: c.name, pid: p.PID ?? '', user: p.USER ?? '', command: p.COMMAND ?? '' },
          actions: [
            { id: 'SIGTERM', title: 'Terminate' },
            { id: 'SIGKILL', title: 'Kill' },
            { id: 'signal', title: 'Signal…' },
          ],
        });
      }
    }
    this.refreshes++;
    if (this.table.disposed) return;
    this.table.setModel({
      title: vscode.l10n.t('Processes: {0}', this.target.title),
      note: vscode.l10n.t('{0} processes; refreshed every {1} s while shown.', rows.length, TOP_REFRESH_MS / 1000),
      columns: [
        { key: 'container', title: 'Container' },
        { key: 'pid', title: 'PID', align: 'right' },
        { key: 'user', title: 'User' },
        { key: 'command', title: 'Command' },
      ],
      rows,
    });
  }

  /** Refreshes now and then every TOP_REFRESH_MS while the panel is visible. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.table.disposed || !this.table.panel.visible) return;
    this.refresh()
      .catch((e: unknown) => this.table.status(e instanceof Error ? e.message : String(e), 'error'))
      .finally(() => {
        if (!this.table.disposed && this.table.panel.visible) {
          this.timer = setTimeout(() => this.schedule(), TOP_REFRESH_MS);
        }
      });
  }

  private async act(action: string, index: number | undefined): Promise<void> {
    const row = index === undefined ? undefined : this.rows[index];
    if (!row) return;
    const signal =
      action === 'signal'
        ? await vscode.window.showQuickPick(SIGNALS, {
            title: vscode.l10n.t('Signal for process {0} in {1}', row.pid, row.container),
          })
        : action;
    if (!signal) return;
    await signalProcess(requireClient(this.wb), row.containerId, row.pid, signal);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Sent {0} to process {1} in {2}.', signal, row.pid, row.container),
    );
    await this.refresh();
  }
}
