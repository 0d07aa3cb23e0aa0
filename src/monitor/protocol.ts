// Messages between the monitor panels and their webviews (plain data, no vscode import): the
// extension host posts frames and rows, the webview answers with what it drew and what was clicked.
import type { StatsFigures } from '../podman/statsSample';

/** One container's figures in a frame sent to the Stats webview (rates are computed there). */
export type StatsPoint = StatsFigures;

export type ToStatsView =
  | { type: 'frame'; time: number; points: StatsPoint[] }
  | { type: 'history'; frames: { time: number; points: StatsPoint[] }[] }
  | { type: 'status'; text: string; fix?: string; kind: 'info' | 'error' };

/** What the Stats webview drew last: its CPU series' last points by container name (tests read it). */
export interface StatsDrawn {
  type: 'drawn';
  frameTime: number;
  /** When the webview received the frame, and when the canvas showed it (ms since the epoch). */
  receivedAt: number;
  drawnAt: number;
  /** False for a drawing of the history sent on opening (its frames arrived long before). */
  live: boolean;
  lastCpu: Record<string, number | null>;
  points: number;
}
export type FromStatsView = StatsDrawn | { type: 'ready' };

/** A table of rows for the Events, Processes and Disk Usage webviews. */
export interface TableColumn {
  key: string;
  title: string;
  align?: 'right';
}
export interface TableAction {
  id: string;
  title: string;
}
export interface TableRow {
  cells: Record<string, string>;
  /** Actions offered on the row (buttons with text, not colour). */
  actions?: TableAction[];
  /** The row opens something when clicked. */
  link?: boolean;
}
export interface TableModel {
  title: string;
  note?: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** Filters shown above the table: a free text filter always, plus these selects. */
  selects?: { key: string; title: string; options: string[] }[];
  /** Time range inputs (the Events history). */
  range?: { since: string; until: string };
  /** Actions above the table (Refresh, Prune ...). */
  toolbar?: TableAction[];
}

/**
 * A row as posted to the webview: its cells in column order (no key repeated per row: 1,000
 * events are about half the bytes to serialise and clone on their way into the webview).
 */
export interface WireRow {
  cells: string[];
  actions?: TableAction[];
  link?: boolean;
}
export type WireModel = Omit<TableModel, 'rows'> & { rows: WireRow[] };

/** A row in column order (what the host posts). */
export function toWireRow(row: TableRow, columns: readonly TableColumn[]): WireRow {
  const wire: WireRow = { cells: columns.map((c) => row.cells[c.key] ?? '') };
  if (row.actions?.length) wire.actions = row.actions;
  if (row.link) wire.link = true;
  return wire;
}

export type ToTableView =
  | { type: 'model'; model: WireModel; sentAt: number }
  | { type: 'append'; rows: WireRow[]; max: number; sentAt: number }
  | { type: 'status'; text: string; kind: 'info' | 'error' };

/** What the webview rendered: rows passing the filters, rows in the DOM (only those in view), timings. */
export interface TableRendered {
  type: 'rendered';
  rows: number;
  domRows: number;
  /** The webview's own work for this render (filtering and DOM), in ms. */
  ms: number;
  /** When the host posted the message rendered, when the webview received it, when it was done (ms since the epoch). */
  sentAt: number;
  receivedAt: number;
  doneAt: number;
}

export type FromTableView =
  | { type: 'ready' }
  | { type: 'row'; index: number }
  | { type: 'action'; action: string; index?: number }
  | { type: 'range'; since: string; until: string }
  | TableRendered;
