// Multi-document Kubernetes YAML, parsed once with positions kept. Shared by the language
// service, the Podman side (which pods a file makes, which volumes its claims create) and the
// editor (CodeLens per document). No `vscode` import.
import { Alias, type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseAllDocuments, visit, YAMLMap } from 'yaml';
import type { Position, Range } from 'vscode-languageserver-types';
import { WORKLOAD_KINDS } from './support';

/** Texts longer than this are not parsed: validation says so instead of hanging the editor. */
export const MAX_KUBE_TEXT = 4 * 1024 * 1024;
/** Nodes visited per document at most (aliases can make a small text a huge tree). */
export const MAX_NODES_PER_DOC = 50_000;

export interface KubeDoc {
  index: number;
  /** Whole document, from its first content line to its end. */
  range: Range;
  /** Where the content starts (the first line with a key), for per-document lenses. */
  start: Position;
  kind?: string;
  apiVersion?: string;
  name?: string;
  kindRange?: Range;
  nameRange?: Range;
  /** The mapping at the top of the document, if it is one. */
  root?: YAMLMap;
  doc: Document.Parsed;
  /** True when the document holds nothing (a lone `---`, comments). */
  empty: boolean;
  /** Syntax errors of this document. */
  errors: { message: string; range: Range; code: string }[];
  /** Container images the document refers to, with where. */
  images: { ref: string; range: Range; container?: string }[];
  /** Volume names created by this document (a PersistentVolumeClaim's name). */
  claims: string[];
  /** Replicas of a Deployment, when given as a number. */
  replicas?: number;
}

export interface KubeFile {
  docs: KubeDoc[];
  lines: LineCounter;
  text: string;
  tooLarge: boolean;
  pos(offset: number): Position;
  range(r: readonly [number, number, ...number[]] | undefined | null): Range;
  /** A node's range cut at the end of its first line (a whole mapping would span many lines). */
  head(r: readonly [number, number, ...number[]] | undefined | null): Range;
}

/** Quick test with no parse: does this text hold at least one Kubernetes object? */
export function looksLikeKube(text: string): boolean {
  return /^(?:["']?apiVersion["']?)\s*:/m.test(text) && /^(?:["']?kind["']?)\s*:/m.test(text);
}

export function parseKube(text: string): KubeFile {
  const lines = new LineCounter();
  const pos = (offset: number): Position => {
    const lp = lines.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: lp.line - 1, character: lp.col - 1 };
  };
  const range = (r: readonly [number, number, ...number[]] | undefined | null): Range => (r ? { start: pos(r[0]), end: pos(r[1]) } : { start: pos(0), end: pos(0) });
  const head = (r: readonly [number, number, ...number[]] | undefined | null): Range => {
    if (!r) return range(r);
    let end = r[0];
    while (end < r[1] && text[end] !== '\n' && text[end] !== '\r') end++;
    while (end > r[0] && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    return range([r[0], end]);
  };
  const file: KubeFile = { docs: [], lines, text, tooLarge: text.length > MAX_KUBE_TEXT, pos, range, head };
  if (file.tooLarge) return file;
  const parsed = parseAllDocuments(text, { lineCounter: lines, merge: true, prettyErrors: false, keepSourceTokens: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  docs.forEach((doc, index) => file.docs.push(describe(file, doc, index)));
  // A stream error (EmptyStream with errors) still needs reporting.
  if (!Array.isArray(parsed)) {
    const errs = (parsed as { errors?: { message: string; pos: [number, number]; code: string }[] }).errors ?? [];
    if (errs.length) {
      file.docs.push({
        index: 0,
        range: range([0, text.length]),
        start: pos(0),
        doc: undefined as unknown as Document.Parsed,
        empty: true,
        errors: errs.map((e) => ({ message: firstLine(e.message), range: range(e.pos), code: e.code })),
        images: [],
        claims: [],
      });
    }
  }
  return file;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).trim();
}

function describe(file: KubeFile, doc: Document.Parsed, index: number): KubeDoc {
  const contents = doc.contents as Node | null;
  const startOff = contents?.range?.[0] ?? doc.range[0];
  const d: KubeDoc = {
    index,
    range: file.range([startOff, doc.range[1]]),
    start: file.pos(startOff),
    doc,
    empty: contents === null || (isScalar(contents) && (contents.value === null || contents.value === '')),
    errors: doc.errors.map((e) => ({ message: firstLine(e.message), range: file.range(e.pos), code: e.code })),
    images: [],
    claims: [],
  };
  // Anchors reach only within their document; Podman's parser refuses an unknown one.
  if (file.text.slice(doc.range[0], doc.range[2]).includes('*')) {
    visit(doc, {
      Alias(_k, a) {
        if (a.resolve(doc) === undefined) d.errors.push({ message: `Unknown anchor &${a.source}: an alias can only use an anchor set before it in the same document.`, range: file.range(a.range), code: 'BAD_ALIAS' });
      },
    });
  }
  const root = resolve(doc, contents);
  if (!isMap(root)) return d;
  d.root = root;
  const kind = pair(doc, root, 'kind');
  if (kind && isScalar(kind.value) && typeof kind.value.value === 'string') {
    d.kind = kind.value.value;
    d.kindRange = file.range(kind.value.range);
  }
  const api = pair(doc, root, 'apiVersion');
  if (api && isScalar(api.value)) d.apiVersion = String(api.value.value);
  const meta = resolve(doc, pair(doc, root, 'metadata')?.value as Node | undefined);
  if (isMap(meta)) {
    const n = pair(doc, meta, 'name');
    if (n && isScalar(n.value) && typeof n.value.value === 'string') {
      d.name = n.value.value;
      d.nameRange = file.range(n.value.range);
    }
  }
  if (d.kind === 'PersistentVolumeClaim' && d.name) d.claims.push(d.name);
  if (d.kind === 'Deployment') {
    const r = resolve(doc, get(doc, root, ['spec', 'replicas']));
    if (isScalar(r) && typeof r.value === 'number') d.replicas = r.value;
  }
  const specPath = d.kind ? WORKLOAD_KINDS[d.kind] : undefined;
  if (specPath) {
    const spec = resolve(doc, get(doc, root, specPath));
    if (isMap(spec)) {
      for (const list of ['containers', 'initContainers']) {
        const seq = resolve(doc, get(doc, spec, [list]));
        if (!isSeq(seq)) continue;
        for (const item of seq.items) {
          const c = resolve(doc, item as Node);
          if (!isMap(c)) continue;
          const img = pair(doc, c, 'image');
          const cname = pair(doc, c, 'name');
          if (img && isScalar(img.value) && typeof img.value.value === 'string') {
            d.images.push({
              ref: img.value.value,
              range: file.range(img.value.range),
              container: cname && isScalar(cname.value) ? String(cname.value.value) : undefined,
            });
          }
        }
      }
    }
  }
  return d;
}

/** Follows an alias to its target (one step: a YAML alias cannot point at an alias). */
export function resolve(doc: Document.Parsed, n: Node | null | undefined | unknown): Node | undefined {
  if (n === null || n === undefined) return undefined;
  if (isAlias(n)) return ((n as Alias).resolve(doc) as Node | undefined) ?? undefined;
  return n as Node;
}

/** The pairs of a mapping, `<<` merge keys expanded (explicit keys win over merged ones). */
export function pairs(doc: Document.Parsed, map: YAMLMap): Pair<Node, Node | null>[] {
  const items = map.items as Pair<Node, Node | null>[];
  if (!items.some(isMergePair)) return items;
  const own: Pair<Node, Node | null>[] = [];
  const merged: Pair<Node, Node | null>[] = [];
  for (const p of items) {
    if (isMergePair(p)) {
      const v = resolve(doc, p.value);
      const sources = isSeq(v) ? v.items.map((i) => resolve(doc, i as Node)) : [v];
      for (const s of sources) if (isMap(s)) merged.push(...(s.items as Pair<Node, Node | null>[]));
    } else own.push(p);
  }
  const seen = new Set(own.map((p) => keyOf(p)));
  for (const p of merged) {
    const k = keyOf(p);
    if (!seen.has(k)) {
      seen.add(k);
      own.push(p);
    }
  }
  return own;
}

/** A `<<` merge key (the yaml package makes its value a symbol when merge keys are on). */
export function isMergePair(p: Pair<unknown, unknown>): boolean {
  if (!isScalar(p.key)) return false;
  const v = p.key.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}

export function keyOf(p: Pair<Node, Node | null>): string {
  if (!isScalar(p.key)) return '';
  const v = p.key.value;
  return typeof v === 'symbol' ? '<<' : String(v);
}

export function pair(doc: Document.Parsed, map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  for (const p of map.items as Pair<Node, Node | null>[]) if (isScalar(p.key) && p.key.value === key) return p;
  return pairs(doc, map).find((p) => keyOf(p) === key);
}

export function get(doc: Document.Parsed, from: Node | undefined, path: string[]): Node | undefined {
  let n: Node | undefined = from;
  for (const k of path) {
    n = resolve(doc, n);
    if (!isMap(n)) return undefined;
    n = (pair(doc, n, k)?.value ?? undefined) as Node | undefined;
  }
  return n;
}

/** Does the connected Podman (version given) play this kind? Unknown version: the newest list. */
export function kindPlays(kind: string | undefined, podmanVersion: string | undefined, table: Record<string, { since: string }>): boolean {
  if (!kind || !table[kind]) return false;
  return !podmanVersion || compareVersions(podmanVersion, table[kind].since) >= 0;
}

/**
 * The pods a document makes when played. Podman 4 names a Deployment's pods NAME-pod-0..N-1
 * (one per replica, measured on 4.3.1); Podman 5 makes one pod named NAME-pod.
 */
export function expectedPodNames(d: KubeDoc, podmanVersion?: string): string[] {
  if (!d.name || !d.kind) return [];
  if (d.kind === 'Pod') return [d.name];
  if (!WORKLOAD_KINDS[d.kind]) return [];
  const v5 = !podmanVersion || compareVersions(podmanVersion, '5.0.0') >= 0;
  if (d.kind === 'Deployment' && !v5) {
    const n = d.replicas === undefined ? 1 : Math.max(0, Math.floor(d.replicas));
    return Array.from({ length: n }, (_, i) => `${d.name}-pod-${i}`);
  }
  return [`${d.name}-pod`];
}

/** True when a pod name belongs to a document (any Podman version's naming). */
export function podBelongsTo(d: KubeDoc, podName: string): boolean {
  if (!d.name || !d.kind) return false;
  if (d.kind === 'Pod') return podName === d.name;
  if (!WORKLOAD_KINDS[d.kind]) return false;
  if (podName === `${d.name}-pod`) return true;
  const rest = podName.startsWith(`${d.name}-pod-`) ? podName.slice(d.name.length + 5) : '';
  return /^\d+$/.test(rest);
}

/** Compares dotted versions ("4.3.1" < "5.0.0"); pre-release suffixes are ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
