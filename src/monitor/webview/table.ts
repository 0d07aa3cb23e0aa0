// The table webview behind the Events, Processes and Disk Usage panels (browser code): filters
// (free text plus selects such as the event type), an optional time range, toolbar and row
// actions as labelled buttons, rows that open their object when clicked. Only the rows in view
// (plus a margin) are in the DOM: spacers above and below stand for the others, so 5,000 events
// cost what 60 do, and a scroll or an appended batch redraws only that window.
import './table.css';
import type { FromTableView, ToTableView, WireModel, WireRow } from '../protocol';

declare function acquireVsCodeApi(): { postMessage(m: FromTableView): void };
const vscode = acquireVsCodeApi();
/** Rows drawn beyond the visible ones, above and below. */
const OVERSCAN = 30;
let model: WireModel = { title: '', columns: [], rows: [] };
const filters = new Map<string, string>();
let text = '';
/** Indexes into model.rows of the rows passing the filters, in order. */
let shown: number[] = [];
/** A row's height in pixels, measured on the first row drawn (rows are one line: see table.css). */
let rowHeight = 0;
const app = document.getElementById('app') as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), props);
}

function header(): HTMLElement {
  const bar = el('div', { className: 'bar' });
  const search = el('input', { type: 'search', placeholder: 'Filter text', value: text, ariaLabel: 'Filter text' });
  search.addEventListener('input', () => ((text = search.value.toLowerCase()), refilter()));
  bar.append(search);
  for (const s of model.selects ?? []) {
    const select = el('select', { ariaLabel: s.title });
    select.append(el('option', { value: '', textContent: `${s.title}: all` }));
    for (const o of s.options) {
      select.append(el('option', { value: o, textContent: o, selected: filters.get(s.key) === o }));
    }
    select.addEventListener('change', () => (filters.set(s.key, select.value), refilter()));
    bar.append(select);
  }
  if (model.range) bar.append(...rangeInputs(model.range));
  for (const a of model.toolbar ?? []) {
    const b = el('button', { textContent: a.title });
    b.addEventListener('click', () => vscode.postMessage({ type: 'action', action: a.id }));
    bar.append(b);
  }
  return bar;
}

function rangeInputs(range: { since: string; until: string }): (HTMLElement | string)[] {
  const since = el('input', { value: range.since, ariaLabel: 'Since', title: 'Since: 10m, 2h, 1d or an ISO time' });
  const until = el('input', {
    value: range.until,
    ariaLabel: 'Until',
    placeholder: 'now (live)',
    title: 'Until: empty for live',
  });
  const go = el('button', { textContent: 'Load history' });
  go.addEventListener('click', () => vscode.postMessage({ type: 'range', since: since.value, until: until.value }));
  return ['Since', since, 'Until', until, go];
}

function visible(r: WireRow): boolean {
  for (const [key, value] of filters) {
    if (value && r.cells[model.columns.findIndex((c) => c.key === key)] !== value) return false;
  }
  return !text || r.cells.some((c) => c.toLowerCase().includes(text));
}

function rowElement(r: WireRow, index: number): HTMLTableRowElement {
  const tr = el('tr', { className: r.link ? 'link' : '' });
  tr.dataset.index = String(index);
  model.columns.forEach((c, i) => {
    const cell = r.cells[i] ?? '';
    tr.append(el('td', { textContent: cell, title: cell, className: c.align ?? '' }));
  });
  const actions = el('td');
  for (const a of r.actions ?? []) {
    const b = el('button', { textContent: a.title });
    b.dataset.action = a.id;
    actions.append(b);
  }
  tr.append(actions);
  return tr;
}

let tbody: HTMLTableSectionElement | undefined;
/** A row standing for the rows not drawn: one empty cell across the table, as high as they would be. */
function spacer(): HTMLTableRowElement {
  const tr = el('tr', { className: 'spacer', ariaHidden: 'true' });
  tr.append(el('td'));
  return tr;
}
const spacerAbove = spacer();
const spacerBelow = spacer();
const setHeight = (row: HTMLTableRowElement, px: number) => {
  const cell = row.firstElementChild as HTMLTableCellElement;
  cell.colSpan = model.columns.length + 1;
  cell.style.height = `${px}px`;
};

/** Draws the rows in view (plus OVERSCAN each side) between the two spacers; returns how many. */
function drawWindow(): number {
  if (!tbody) return 0;
  const height = rowHeight || 24;
  const tableTop = tbody.getBoundingClientRect().top + window.scrollY;
  const first = Math.max(0, Math.floor((window.scrollY - tableTop) / height) - OVERSCAN);
  const last = Math.min(shown.length, first + Math.ceil(window.innerHeight / height) + 2 * OVERSCAN);
  const frag = document.createDocumentFragment();
  for (let i = first; i < last; i++) frag.append(rowElement(model.rows[shown[i]], shown[i]));
  setHeight(spacerAbove, first * height);
  setHeight(spacerBelow, (shown.length - last) * height);
  tbody.replaceChildren(spacerAbove, frag, spacerBelow);
  if (!rowHeight && last > first) {
    rowHeight = (spacerAbove.nextElementSibling as HTMLElement).getBoundingClientRect().height || 24;
    if (rowHeight !== height) return drawWindow();
  }
  return last - first;
}

/** Filters again and draws; reports what it rendered with the times of the message that caused it. */
function refilter(times?: { sentAt: number; receivedAt: number }): void {
  if (!tbody) return;
  const t0 = performance.now();
  shown = [];
  model.rows.forEach((r, index) => visible(r) && shown.push(index));
  const domRows = drawWindow();
  (document.getElementById('count') as HTMLElement).textContent = `${shown.length} of ${model.rows.length} shown`;
  const ms = performance.now() - t0;
  const now = Date.now();
  const { sentAt, receivedAt } = times ?? { sentAt: now, receivedAt: now };
  vscode.postMessage({ type: 'rendered', rows: shown.length, domRows, ms, sentAt, receivedAt, doneAt: Date.now() });
}

function render(times: { sentAt: number; receivedAt: number }): void {
  const table = el('table');
  const head = el('tr');
  for (const c of model.columns) head.append(el('th', { textContent: c.title, scope: 'col' }));
  head.append(el('th', { textContent: '' }));
  table.append(el('thead'), (tbody = el('tbody')));
  (table.tHead as HTMLTableSectionElement).append(head);
  table.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    const row = target.closest('tr');
    const index = Number(row?.dataset.index);
    if (!row || Number.isNaN(index)) return;
    if (target.dataset.action) vscode.postMessage({ type: 'action', action: target.dataset.action, index });
    else if (model.rows[index]?.link) vscode.postMessage({ type: 'row', index });
  });
  const note = el('p', { id: 'status', textContent: model.note ?? '', role: 'status' });
  app.replaceChildren(el('h2', { textContent: model.title }), header(), note, el('p', { id: 'count' }), table);
  refilter(times);
}

let scrollPending = false;
window.addEventListener('scroll', () => {
  if (scrollPending) return;
  scrollPending = true;
  requestAnimationFrame(() => ((scrollPending = false), drawWindow()));
});
window.addEventListener('resize', () => drawWindow());

window.addEventListener('message', (e: MessageEvent<ToTableView>) => {
  const m = e.data;
  const receivedAt = Date.now();
  if (m.type === 'model') {
    model = m.model;
    render({ sentAt: m.sentAt, receivedAt });
  } else if (m.type === 'append') {
    model.rows.push(...m.rows);
    if (model.rows.length > m.max) model.rows.splice(0, model.rows.length - m.max);
    refilter({ sentAt: m.sentAt, receivedAt });
  } else if (m.type === 'status') {
    const s = document.getElementById('status');
    if (s) {
      s.textContent = m.text;
      s.className = m.kind;
    }
  }
});
vscode.postMessage({ type: 'ready' });
