// The table webview behind the Events, Processes and Disk Usage panels (browser code): filters
// (free text plus selects such as the event type), an optional time range, toolbar and row
// actions as labelled buttons, rows that open their object when clicked. Rows are rendered in
// one pass into a fragment; appended rows are bounded by `max`.
import './table.css';
import type { FromTableView, TableModel, TableRow, ToTableView } from '../protocol';

declare function acquireVsCodeApi(): { postMessage(m: FromTableView): void };
const vscode = acquireVsCodeApi();
let model: TableModel = { title: '', columns: [], rows: [] };
const filters = new Map<string, string>();
let text = '';
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
  search.addEventListener('input', () => ((text = search.value.toLowerCase()), renderRows()));
  bar.append(search);
  for (const s of model.selects ?? []) {
    const select = el('select', { ariaLabel: s.title });
    select.append(el('option', { value: '', textContent: `${s.title}: all` }));
    for (const o of s.options) {
      select.append(el('option', { value: o, textContent: o, selected: filters.get(s.key) === o }));
    }
    select.addEventListener('change', () => (filters.set(s.key, select.value), renderRows()));
    bar.append(select);
  }
  if (model.range) {
    const since = el('input', {
      value: model.range.since,
      ariaLabel: 'Since',
      title: 'Since: 10m, 2h, 1d or an ISO time',
    });
    const until = el('input', {
      value: model.range.until,
      ariaLabel: 'Until',
      placeholder: 'now (live)',
      title: 'Until: empty for live',
    });
    const go = el('button', { textContent: 'Load history' });
    go.addEventListener('click', () => vscode.postMessage({ type: 'range', since: since.value, until: until.value }));
    bar.append('Since', since, 'Until', until, go);
  }
  for (const a of model.toolbar ?? []) {
    const b = el('button', { textContent: a.title });
    b.addEventListener('click', () => vscode.postMessage({ type: 'action', action: a.id }));
    bar.append(b);
  }
  return bar;
}

function visible(r: TableRow): boolean {
  for (const [k, v] of filters) if (v && r.cells[k] !== v) return false;
  if (!text) return true;
  return Object.values(r.cells).some((c) => c.toLowerCase().includes(text));
}

let tbody: HTMLTableSectionElement | undefined;
function renderRows(): void {
  if (!tbody) return;
  const t0 = performance.now();
  const frag = document.createDocumentFragment();
  let shown = 0;
  model.rows.forEach((r, index) => {
    if (!visible(r)) return;
    shown++;
    const tr = el('tr', { className: r.link ? 'link' : '' });
    tr.dataset.index = String(index);
    for (const c of model.columns) tr.append(el('td', { textContent: r.cells[c.key] ?? '', className: c.align ?? '' }));
    const actions = el('td');
    for (const a of r.actions ?? []) {
      const b = el('button', { textContent: a.title });
      b.dataset.action = a.id;
      actions.append(b);
    }
    tr.append(actions);
    frag.append(tr);
  });
  tbody.replaceChildren(frag);
  (document.getElementById('count') as HTMLElement).textContent = `${shown} of ${model.rows.length} shown`;
  vscode.postMessage({ type: 'rendered', rows: shown, ms: performance.now() - t0 });
}

function render(): void {
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
  renderRows();
}

window.addEventListener('message', (e: MessageEvent<ToTableView>) => {
  const m = e.data;
  if (m.type === 'model') {
    model = m.model;
    render();
  } else if (m.type === 'append') {
    model.rows.push(...m.rows);
    if (model.rows.length > m.max) model.rows.splice(0, model.rows.length - m.max);
    renderRows();
  } else if (m.type === 'status') {
    const s = document.getElementById('status');
    if (s) {
      s.textContent = m.text;
      s.className = m.kind;
    }
  }
});
vscode.postMessage({ type: 'ready' });
