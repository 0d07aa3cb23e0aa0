// Messages between the monitor panels and their webviews (plain data, no vscode import): the
// extension host posts frames and rows, the webview answers with what it drew and what was clicked.

/** One container's figures in a frame sent to the Stats webview (rates are computed there). */
export interface StatsPoint {
  id: string;
  name: string;
  cpu: number;
  memUsage: number;
  memLimit: number;
  netRx: number;
  netTx: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
}

export type ToStatsView =
  | { type: 'frame'; time: number; points: StatsPoint[] }
  | { type: 'history'; frames: { time: number; points: StatsPoint[] }[] }
  | { type: 'status'; text: string; fix?: string; kind: 'info' | 'error' };

/** What the Stats webview drew last: its CPU series' last points by container name (tests read it). */
export interface StatsDrawn {
  type: 'drawn';
  frameTime: number;
  drawnAt: number;
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

export type ToTableView =
  | { type: 'model'; model: TableModel }
  | { type: 'append'; rows: TableRow[]; max: number }
  | { type: 'status'; text: string; kind: 'info' | 'error' };

export type FromTableView =
  | { type: 'ready' }
  | { type: 'row'; index: number }
  | { type: 'action'; action: string; index?: number }
  | { type: 'range'; since: string; until: string }
  | { type: 'rendered'; rows: number; ms: number };
