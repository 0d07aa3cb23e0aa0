// The Events panel: the event history of the active connection between two times (`since` and
// `until`), then, while `until` is empty, the live stream appended in order; filters by type,
// name and text in the webview; a click on a row reveals its object in the explorer.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { EventSubscription } from '../podman/events';
import type { PodmanEvent } from '../podman/models';
import { listEvents } from '../podman/monitor';
import { requireClient } from '../util/commands';
import type { TableModel, TableRow } from './protocol';
import { revealObject } from './reveal';
import { TablePanel } from './tablePanel';

export const MAX_EVENT_ROWS = 5000;
const TYPES = ['container', 'pod', 'image', 'volume', 'network', 'system'];

/** "10m", "2h", "1d", "90s", an ISO time or seconds since the epoch → seconds since the epoch. */
export function parseWhen(text: string, now = Date.now()): number | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const rel = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(t);
  if (rel) return Math.floor(now / 1000 - Number(rel[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[rel[2] as 's']);
  if (/^\d{9,11}$/.test(t)) return Number(t);
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new Error(vscode.l10n.t('“{0}” is not a time: write 10m, 2h, 1d or an ISO time.', t));
  return Math.floor(ms / 1000);
}

export function eventRow(ev: PodmanEvent): TableRow {
  const when = new Date(Number(ev.timeNano / 1_000_000n) || ev.time * 1000);
  return {
    cells: {
      time: when.toISOString().replace('T', ' ').slice(0, 23),
      type: ev.type,
      action: ev.healthStatus ? `${ev.action} (${ev.healthStatus})` : ev.action,
      name: ev.name,
      id: ev.id.slice(0, 12),
    },
    link: ['container', 'pod', 'image', 'volume', 'network'].includes(ev.type),
  };
}

export class EventsPanel {
  readonly table: TablePanel;
  private sub: EventSubscription | undefined;
  private events: PodmanEvent[] = [];
  private range = { since: '10m', until: '' };

  constructor(private readonly wb: WorkbenchContext) {
    this.table = new TablePanel(wb, 'podman.events', vscode.l10n.t('Podman Events'), {
      onRow: (i) => this.reveal(i),
      onRange: (since, until) => this.load(since, until),
    });
    this.table.onDispose(() => this.stopLive());
  }

  private model(rows: TableRow[], note: string): TableModel {
    return {
      title: vscode.l10n.t('Events'),
      note,
      columns: [
        { key: 'time', title: 'Time (UTC)' },
        { key: 'type', title: 'Type' },
        { key: 'action', title: 'Action' },
        { key: 'name', title: 'Name' },
        { key: 'id', title: 'ID' },
      ],
      rows,
      selects: [{ key: 'type', title: 'Type', options: TYPES }],
      range: this.range,
    };
  }

  /** Loads the history between `since` and `until`; with no `until`, follows live from now on. */
  async load(since: string, until: string): Promise<void> {
    const client = requireClient(this.wb);
    const sinceS = parseWhen(since) ?? Math.floor(Date.now() / 1000) - 600;
    const untilS = parseWhen(until);
    this.range = { since, until };
    this.stopLive();
    const now = Math.floor(Date.now() / 1000);
    const history = await listEvents(client, { since: sinceS, until: untilS ?? now });
    this.events = history.slice(-MAX_EVENT_ROWS);
    const live = untilS === undefined;
    const note = live
      ? vscode.l10n.t(
          '{0} events since {1}; new events are added as they happen.',
          history.length,
          new Date(sinceS * 1000).toISOString(),
        )
      : vscode.l10n.t(
          '{0} events between {1} and {2}.',
          history.length,
          new Date(sinceS * 1000).toISOString(),
          new Date(untilS * 1000).toISOString(),
        );
    this.table.setModel(this.model(this.events.map(eventRow), note));
    if (live && !this.table.disposed) this.startLive(now);
  }

  private startLive(from: number): void {
    const client = requireClient(this.wb);
    const seen = new Set(this.events.map((e) => `${e.timeNano}|${e.type}|${e.action}|${e.id}`));
    const batch: PodmanEvent[] = [];
    this.sub = new EventSubscription(client, {
      onEvent: (ev) => {
        if (!seen.has(`${ev.timeNano}|${ev.type}|${ev.action}|${ev.id}`)) batch.push(ev);
      },
      onBatchEnd: () => {
        if (!batch.length) return;
        this.events.push(...batch);
        if (this.events.length > MAX_EVENT_ROWS) this.events.splice(0, this.events.length - MAX_EVENT_ROWS);
        this.table.append(batch.map(eventRow), MAX_EVENT_ROWS);
        batch.length = 0;
        seen.clear(); // only the replay of the first second can repeat the history
      },
      onStatus: (s) =>
        s.state === 'disconnected' &&
        this.table.status(vscode.l10n.t('The event stream stopped ({0}); reconnecting.', s.error.message)),
    });
    this.sub.resumeFrom(from);
    this.sub.start();
  }

  private stopLive(): void {
    this.sub?.stop();
    this.sub = undefined;
  }

  get shown(): readonly PodmanEvent[] {
    return this.events;
  }

  /** A click on row `index`: reveals its object in the explorer. */
  async reveal(index: number): Promise<void> {
    const ev = this.events[index];
    if (!ev) return;
    if (!(await revealObject(this.wb, ev.type, ev.id, ev.name))) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('{0} {1} is not in the explorer (removed, or hidden).', ev.type, ev.name || ev.id.slice(0, 12)),
      );
    }
  }
}
