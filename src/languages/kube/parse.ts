// Multi-document Kubernetes YAML, parsed once with positions kept. Shared by the language
// service, the Podman side (which pods a file makes, which volumes its claims create) and the
// editor (CodeLens per document). No `vscode` import.
//
// Speed: documents are cut at their `---` lines and read with js-yaml's event listener into a
// small tree of our own (maps, lists, scalars, aliases with [start, end, end] offsets), which is
// several times faster than the `yaml` package's full document model. A document js-yaml refuses,
// or one using YAML features whose positions or errors the two packages could tell apart (tags,
// block scalars, merge keys, complex keys, tabs, directives), is read by the `yaml` package as
// before and converted, so its messages and ranges are exactly the `yaml` package's.
import { FAILSAFE_SCHEMA, load as jsYamlLoad } from 'js-yaml';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node as YNode,
  parseAllDocuments,
  type Document,
  Scalar,
  visit,
} from 'yaml';
import type { Position, Range } from 'vscode-languageserver-types';
import { WORKLOAD_KINDS } from './support';

/** Texts longer than this are not parsed: validation says so instead of hanging the editor. */
export const MAX_KUBE_TEXT = 4 * 1024 * 1024;
/** Nodes visited per document at most (aliases can make a small text a huge tree). */
export const MAX_NODES_PER_DOC = 50_000;

/** Offsets in the text: start, end of the value, end with what trails it (comments). */
export type KRange = [number, number, number];
export interface KScalar {
  t: 'scalar';
  range: KRange;
  /** As the `yaml` package's core schema reads it: string, number, boolean or null. */
  value: unknown;
  /** Written plain (not quoted, not a block scalar). */
  plain: boolean;
  /** The plain scalar's text (only for plain scalars). */
  source?: string;
}
export interface KMap {
  t: 'map';
  range: KRange;
  items: KPair[];
}
export interface KSeq {
  t: 'seq';
  range: KRange;
  items: (KNode | null)[];
}
export interface KAlias {
  t: 'alias';
  range: KRange;
  /** The anchor's name. */
  source: string;
  /** The anchored node; undefined for an unknown anchor. */
  target: KNode | undefined;
}
export type KNode = KScalar | KMap | KSeq | KAlias;
export interface KPair {
  /** Null for a pair written without a key (`: x`). */
  key: KNode | null;
  value: KNode | null;
}

export const isKMap = (n: unknown): n is KMap => !!n && (n as KNode).t === 'map';
export const isKSeq = (n: unknown): n is KSeq => !!n && (n as KNode).t === 'seq';
export const isKScalar = (n: unknown): n is KScalar => !!n && (n as KNode).t === 'scalar';

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
  root?: KMap;
  /** The document's offsets: its start (its `---` line if any), the end of its content, its end. */
  docRange: KRange;
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
  lines: { lineStarts: number[] };
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

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** What a parsed document gives `describe`: its tree and errors, offsets in the whole text. */
interface RawDoc {
  docRange: KRange;
  /** Where the content starts (the `yaml` package's contents range start, or the document's). */
  contentStart: number;
  contents: KNode | null;
  empty: boolean;
  errors: { message: string; pos: [number, number]; code: string }[];
}

export function parseKube(text: string): KubeFile {
  const lineStarts = lineStartsOf(text);
  const pos = (offset: number): Position => {
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - lineStarts[lo] };
  };
  const range = (r: readonly [number, number, ...number[]] | undefined | null): Range =>
    r ? { start: pos(r[0]), end: pos(r[1]) } : { start: pos(0), end: pos(0) };
  const head = (r: readonly [number, number, ...number[]] | undefined | null): Range => {
    if (!r) return range(r);
    let end = r[0];
    while (end < r[1] && text[end] !== '\n' && text[end] !== '\r') end++;
    while (end > r[0] && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    return range([r[0], end]);
  };
  const file: KubeFile = {
    docs: [],
    lines: { lineStarts },
    text,
    tooLarge: text.length > MAX_KUBE_TEXT,
    pos,
    range,
    head,
  };
  if (file.tooLarge) return file;
  const chunks = splitDocuments(text, lineStarts);
  const whole = (): KubeFile => {
    file.docs = [];
    // Something the splitter leaves to the `yaml` package (directives, `...`, content on a `---` line).
    const all = yamlDocs(text, 0);
    if ('streamErrors' in all) {
      if (all.streamErrors.length) {
        file.docs.push({
          index: 0,
          range: range([0, text.length]),
          start: pos(0),
          docRange: [0, text.length, text.length],
          empty: true,
          errors: all.streamErrors.map((e) => ({ message: firstLine(e.message), range: range(e.pos), code: e.code })),
          images: [],
          claims: [],
        });
      }
      return file;
    }
    all.docs.forEach((raw, index) => file.docs.push(describe(file, raw, index)));
    return file;
  };
  if (!chunks) return whole();
  for (const [s, e] of chunks) {
    const raw = fastDoc(text, s, e) ?? oneYamlDoc(text, s, e);
    // A piece the `yaml` package does not read as one document: judge the whole text as before.
    if (!raw) return whole();
    file.docs.push(describe(file, raw, file.docs.length));
  }
  return file;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).trim();
}

// ---------------------------------------------------------------------------------------------
// Cutting the text into documents.

/**
 * [start, end) of each document: the first one from the first content line (none when only
 * comments come before the first `---`), the others from their `---` line to the next one.
 * Undefined when the text uses what only the `yaml` package should judge.
 */
function splitDocuments(text: string, lineStarts: number[]): [number, number][] | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  const markers: number[] = [];
  for (const ls of lineStarts) {
    const c = text.charCodeAt(ls);
    if (c === 0x25 /* % */) return undefined;
    if (c === 0x2d /* - */ || c === 0x2e /* . */) {
      const three = text.slice(ls, ls + 3);
      if (three !== '---' && three !== '...') continue;
      let i = ls + 3;
      const after = text.charCodeAt(i);
      if (i < text.length && after !== 0x20 && after !== 0x09 && after !== 0x0a && after !== 0x0d) continue; // `---x` is content
      if (three === '...') return undefined;
      while (text[i] === ' ' || text[i] === '\t') i++;
      if (i < text.length && text[i] !== '\n' && text[i] !== '\r' && text[i] !== '#') return undefined;
      markers.push(ls);
    }
  }
  const out: [number, number][] = [];
  const firstEnd = markers.length ? markers[0] : text.length;
  const first = firstContent(text, 0, firstEnd);
  if (first >= 0) out.push([0, firstEnd]);
  markers.forEach((m, i) => out.push([m, i + 1 < markers.length ? markers[i + 1] : text.length]));
  return out;
}

/** Offset of the first line in [from, to) that holds more than blanks and comments; -1 if none. */
function firstContent(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    let j = i;
    while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j < to && text[j] !== '\n' && text[j] !== '\r' && text[j] !== '#') return j;
    const nl = text.indexOf('\n', j);
    if (nl < 0 || nl >= to) return -1;
    i = nl + 1;
  }
  return -1;
}

/** End of the last line in [from, to) that holds content (with its line break), as `yaml` ends a document's contents. */
function contentEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from) {
    const ls = text.lastIndexOf('\n', end - 2) + 1;
    const lineStart = Math.max(ls, from);
    let j = lineStart;
    while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j < end && text[j] !== '\n' && text[j] !== '\r' && text[j] !== '#') return end;
    end = lineStart;
  }
  return end;
}

// ---------------------------------------------------------------------------------------------
// The fast path: js-yaml's events.

class Bail extends Error {}

/** Things whose positions, values or errors js-yaml and the `yaml` package could tell apart. */
const FAST_PATH_REFUSES = /[\t!]|\r(?!\n)|<<|\?(?:[ \r\n]|$)|(?:^|[\s:\-[{,])[|>][-+0-9]*[ \t]*(?:#.*)?\r?$/m;

interface Frame {
  pos: number;
  kids: Built[];
}
type Built = { node: KNode | null; js: unknown; kind: string | null };

function fastDoc(text: string, start: number, end: number): RawDoc | undefined {
  const src = text.slice(start, end);
  if (FAST_PATH_REFUSES.test(src)) return undefined;
  const contentAt = firstContent(src, 0, src.length);
  if (contentAt < 0) return undefined; // an empty document: the `yaml` package says where it is
  const anchors = new Map<string, KNode>();
  const stack: Frame[] = [];
  let top: Built | undefined;
  const skip = (i: number): number => {
    for (;;) {
      const c = src[i];
      if (c === ' ' || c === '\n' || c === '\r') i++;
      else if (c === '#') {
        const nl = src.indexOf('\n', i);
        i = nl < 0 ? src.length : nl;
      } else if (c === '&') {
        while (i < src.length && !/[\s,[\]{}]/.test(src[i])) i++;
      } else return i;
    }
  };
  const listener = (ev: 'open' | 'close', state: unknown) => {
    const s = state as { position: number; kind: string | null; result: unknown; anchor: string | null };
    if (ev === 'open') {
      stack.push({ pos: s.position, kids: [] });
      return;
    }
    const f = stack.pop()!;
    let b: Built;
    const only = f.kids.length === 1 ? f.kids[0] : undefined;
    if (only && only.kind === s.kind && only.js === s.result) {
      b = only;
    } // js-yaml composes some nodes twice
    else b = build(f, s);
    if (s.anchor !== null && b.node) anchors.set(s.anchor, b.node);
    const parent = stack[stack.length - 1];
    if (parent) parent.kids.push(b);
    else top = b;
  };
  const build = (f: Frame, s: { position: number; kind: string | null; result: unknown }): Built => {
    const at = skip(f.pos);
    const ch = src[at];
    if (s.kind === 'scalar') {
      if (f.kids.length) throw new Bail();
      if (ch === '|' || ch === '>') throw new Bail();
      const quoted = ch === '"' || ch === "'";
      let e = s.position;
      if (!quoted) while (e > at && /\s/.test(src[e - 1])) e--;
      const str = s.result as string;
      const node: KScalar = quoted
        ? { t: 'scalar', range: [start + at, start + e, start + e], value: str, plain: false }
        : { t: 'scalar', range: [start + at, start + e, start + e], value: coreValue(str), plain: true, source: str };
      return { node, js: s.result, kind: s.kind };
    }
    if (s.kind === 'mapping') {
      if (f.kids.length % 2) throw new Bail();
      const items: KPair[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < f.kids.length; i += 2) {
        const key = f.kids[i].node;
        if (!key || key.t !== 'scalar') throw new Bail();
        const id = `${typeof key.value}:${String(key.value)}`;
        if (seen.has(id)) throw new Bail(); // a duplicate to the `yaml` package (1 and 1.0, true and True)
        seen.add(id);
        items.push({ key, value: f.kids[i + 1].node });
      }
      return {
        node: { t: 'map', range: [start + at, start + s.position, start + s.position], items },
        js: s.result,
        kind: s.kind,
      };
    }
    if (s.kind === 'sequence') {
      // A `-` with nothing after it on its line has no events: leave such lists to the `yaml` package.
      if ((s.result as unknown[]).length !== f.kids.length) throw new Bail();
      return {
        node: {
          t: 'seq',
          range: [start + at, start + s.position, start + s.position],
          items: f.kids.map((k) => k.node),
        },
        js: s.result,
        kind: s.kind,
      };
    }
    if (f.kids.length) throw new Bail();
    if (ch === '*') {
      let e = at + 1;
      while (e < src.length && !/[\s,[\]{}]/.test(src[e])) e++;
      const name = src.slice(at + 1, e);
      const target = anchors.get(name);
      if (!target) throw new Bail();
      return {
        node: { t: 'alias', range: [start + at, start + e, start + e], source: name, target },
        js: s.result,
        kind: s.kind,
      };
    }
    // An empty value: where its value would start on the same line.
    let p = f.pos;
    while (src[p] === ' ') p++;
    return {
      node: { t: 'scalar', range: [start + p, start + p, start + p], value: null, plain: true, source: '' },
      js: s.result,
      kind: s.kind,
    };
  };
  try {
    jsYamlLoad(src, { schema: FAILSAFE_SCHEMA, listener });
  } catch {
    return undefined;
  }
  const root = top?.node;
  if (!root || root.t !== 'map' || src[root.range[0] - start] === '{') return undefined; // only block mappings at the top
  // An empty value last (`metadata:`) ends the `yaml` package's document before its line break.
  for (let last: KNode | null | undefined = root; last;) {
    if (last.t === 'map') last = last.items[last.items.length - 1]?.value;
    else if (last.t === 'seq') last = last.items[last.items.length - 1];
    else {
      if (last.t === 'scalar' && last.range[0] === last.range[1]) return undefined;
      break;
    }
  }
  const isMarker = src.startsWith('---');
  const contentStart = root.range[0];
  const valueEnd = contentEnd(text, contentStart, end);
  return {
    docRange: [isMarker ? start : contentStart, valueEnd, end],
    contentStart,
    contents: root,
    empty: false,
    errors: [],
  };
}

/** A plain scalar's value as the `yaml` package's core schema (YAML 1.2) reads it. */
function coreValue(s: string): unknown {
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  const c = s.charCodeAt(0);
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) return s;
  if (/^[-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) {
    return s.endsWith('n') || s.endsWith('N') ? NaN : s[0] === '-' ? -Infinity : Infinity;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return Number(s);
  return s;
}

// ---------------------------------------------------------------------------------------------
// The `yaml` package's path (and the conversion of its tree).

type YamlError = { message: string; pos: [number, number]; code: string };

/** All documents of `src` (at `shift` in the whole text), or the stream's errors when it has none. */
function yamlDocs(src: string, shift: number): { docs: RawDoc[] } | { streamErrors: YamlError[] } {
  const parsed = parseAllDocuments(src, {
    merge: true,
    prettyErrors: false,
    keepSourceTokens: false,
    lineCounter: new LineCounter(),
  });
  if (!Array.isArray(parsed)) {
    const errs = (parsed as { errors?: YamlError[] }).errors ?? [];
    return {
      streamErrors: errs.map((e) => ({ message: e.message, code: e.code, pos: [e.pos[0] + shift, e.pos[1] + shift] })),
    };
  }
  return { docs: parsed.map((doc) => fromYamlDoc(doc, src, shift)) };
}

/** One document [s, e) through the `yaml` package. */
function oneYamlDoc(text: string, s: number, e: number): RawDoc | undefined {
  const r = yamlDocs(text.slice(s, e), s);
  return 'docs' in r && r.docs.length === 1 ? r.docs[0] : undefined;
}

function fromYamlDoc(doc: Document.Parsed, src: string, shift: number): RawDoc {
  const contents = doc.contents as YNode | null;
  const errors: YamlError[] = doc.errors.map((e) => ({
    message: e.message,
    code: e.code,
    pos: [e.pos[0] + shift, e.pos[1] + shift],
  }));
  // Anchors reach only within their document; Podman's parser refuses an unknown one.
  if (src.slice(doc.range[0], doc.range[2]).includes('*')) {
    visit(doc, {
      Alias(_k, a) {
        if (a.resolve(doc) === undefined && a.range) {
          errors.push({
            message: `Unknown anchor &${a.source}: an alias can only use an anchor set before it in the same document.`,
            pos: [a.range[0] + shift, a.range[1] + shift],
            code: 'BAD_ALIAS',
          });
        }
      },
    });
  }
  const memo = new Map<unknown, KNode>();
  const conv = (n: unknown): KNode | null => {
    if (n === null || n === undefined) return null;
    const hit = memo.get(n);
    if (hit) return hit;
    const r = (n as YNode).range;
    const range: KRange = r ? [r[0] + shift, r[1] + shift, r[2] + shift] : [shift, shift, shift];
    if (isScalar(n)) {
      const s: KScalar = { t: 'scalar', range, value: n.value, plain: n.type === Scalar.PLAIN };
      if (typeof n.source === 'string') s.source = n.source;
      memo.set(n, s);
      return s;
    }
    if (isMap(n)) {
      const m: KMap = { t: 'map', range, items: [] };
      memo.set(n, m);
      for (const p of n.items) {
        m.items.push({ key: conv(p.key), value: conv(p.value) });
      }
      return m;
    }
    if (isSeq(n)) {
      const q: KSeq = { t: 'seq', range, items: [] };
      memo.set(n, q);
      for (const it of n.items) q.items.push(conv(it));
      return q;
    }
    if (isAlias(n)) {
      const a: KAlias = { t: 'alias', range, source: n.source, target: undefined };
      memo.set(n, a);
      a.target = conv(n.resolve(doc)) ?? undefined;
      return a;
    }
    // A pair as a list item (`[a: b]` reads as a map in YAML 1.2): the `yaml` package wraps it in a map.
    return null;
  };
  const root = conv(contents);
  return {
    docRange: [doc.range[0] + shift, doc.range[1] + shift, doc.range[2] + shift],
    contentStart: (contents?.range?.[0] ?? doc.range[0]) + shift,
    contents: root,
    empty: contents === null || (isScalar(contents) && (contents.value === null || contents.value === '')),
    errors,
  };
}

// ---------------------------------------------------------------------------------------------

function describe(file: KubeFile, raw: RawDoc, index: number): KubeDoc {
  const d: KubeDoc = {
    index,
    range: file.range([raw.contentStart, raw.docRange[1]]),
    start: file.pos(raw.contentStart),
    docRange: raw.docRange,
    empty: raw.empty,
    errors: raw.errors.map((e) => ({ message: firstLine(e.message), range: file.range(e.pos), code: e.code })),
    images: [],
    claims: [],
  };
  const root = resolve(raw.contents);
  if (!isKMap(root)) return d;
  d.root = root;
  const kind = pair(root, 'kind');
  if (kind && isKScalar(kind.value) && typeof kind.value.value === 'string') {
    d.kind = kind.value.value;
    d.kindRange = file.range(kind.value.range);
  }
  const api = pair(root, 'apiVersion');
  if (api && isKScalar(api.value)) d.apiVersion = String(api.value.value);
  const meta = resolve(pair(root, 'metadata')?.value);
  if (isKMap(meta)) {
    const n = pair(meta, 'name');
    if (n && isKScalar(n.value) && typeof n.value.value === 'string') {
      d.name = n.value.value;
      d.nameRange = file.range(n.value.range);
    }
  }
  if (d.kind === 'PersistentVolumeClaim' && d.name) d.claims.push(d.name);
  if (d.kind === 'Deployment') {
    const r = resolve(get(root, ['spec', 'replicas']));
    if (isKScalar(r) && typeof r.value === 'number') d.replicas = r.value;
  }
  const specPath = d.kind ? WORKLOAD_KINDS[d.kind] : undefined;
  if (specPath) {
    const spec = resolve(get(root, specPath));
    if (isKMap(spec)) {
      for (const list of ['containers', 'initContainers']) {
        const seq = resolve(get(spec, [list]));
        if (!isKSeq(seq)) continue;
        for (const item of seq.items) {
          const c = resolve(item);
          if (!isKMap(c)) continue;
          const img = pair(c, 'image');
          const cname = pair(c, 'name');
          if (img && isKScalar(img.value) && typeof img.value.value === 'string') {
            d.images.push({
              ref: img.value.value,
              range: file.range(img.value.range),
              container: cname && isKScalar(cname.value) ? String(cname.value.value) : undefined,
            });
          }
        }
      }
    }
  }
  return d;
}

/** Follows an alias to its target (one step: a YAML alias cannot point at an alias). */
export function resolve(n: KNode | null | undefined): KNode | undefined {
  if (n === null || n === undefined) return undefined;
  if (n.t === 'alias') return n.target;
  return n;
}

/** The pairs of a mapping, `<<` merge keys expanded (explicit keys win over merged ones). */
export function pairs(map: KMap): KPair[] {
  const items = map.items;
  if (!items.some(isMergePair)) return items;
  const own: KPair[] = [];
  const merged: KPair[] = [];
  for (const p of items) {
    if (isMergePair(p)) {
      const v = resolve(p.value);
      const sources = isKSeq(v) ? v.items.map((i) => resolve(i)) : [v];
      for (const s of sources) if (isKMap(s)) merged.push(...s.items);
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
export function isMergePair(p: KPair): boolean {
  if (!isKScalar(p.key)) return false;
  const v = p.key.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}

export function keyOf(p: KPair): string {
  if (!isKScalar(p.key)) return '';
  const v = p.key.value;
  return typeof v === 'symbol' ? '<<' : String(v);
}

export function pair(map: KMap, key: string): KPair | undefined {
  for (const p of map.items) if (isKScalar(p.key) && p.key.value === key) return p;
  return pairs(map).find((p) => keyOf(p) === key);
}

export function get(from: KNode | undefined, path: string[]): KNode | undefined {
  let n: KNode | undefined = from;
  for (const k of path) {
    n = resolve(n);
    if (!isKMap(n)) return undefined;
    n = pair(n, k)?.value ?? undefined;
  }
  return n;
}
/** Does the connected Podman (version given) play this kind? Unknown version: the newest list. */
export function kindPlays(
  kind: string | undefined,
  podmanVersion: string | undefined,
  table: Record<string, { since: string }>,
): boolean {
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
