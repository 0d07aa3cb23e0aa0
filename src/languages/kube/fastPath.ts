// The fast path of the Kubernetes YAML parser: the text cut into documents at their `---` lines,
// and each document read with js-yaml's event listener into our small tree (several times faster
// than the `yaml` package's full document model). Anything whose positions, values or errors the
// two packages could tell apart makes this path give up (undefined), and the caller reads that
// document with the `yaml` package instead. No `vscode` import.
import { FAILSAFE_SCHEMA, load as jsYamlLoad } from 'js-yaml';
import type { KNode, KPair, KScalar, RawDoc } from './nodes';

// ---------------------------------------------------------------------------------------------
// Cutting the text into documents.

/**
 * [start, end) of each document: the first one from the first content line (none when only
 * comments come before the first `---`), the others from their `---` line to the next one.
 * Undefined when the text uses what only the `yaml` package should judge.
 */
export function splitDocuments(text: string, lineStarts: number[]): [number, number][] | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  const markers: number[] = [];
  for (const lineStart of lineStarts) {
    const marker = markerAt(text, lineStart);
    if (marker === 'refuse') return undefined;
    if (marker === 'marker') markers.push(lineStart);
  }
  const out: [number, number][] = [];
  const firstEnd = markers.length ? markers[0] : text.length;
  if (firstContent(text, 0, firstEnd) >= 0) out.push([0, firstEnd]);
  markers.forEach((m, i) => out.push([m, i + 1 < markers.length ? markers[i + 1] : text.length]));
  return out;
}

/** What a line is to the splitter: a `---` marker, content, or something to leave to `yaml`. */
function markerAt(text: string, lineStart: number): 'marker' | 'content' | 'refuse' {
  const c = text.charCodeAt(lineStart);
  if (c === 0x25 /* % */) return 'refuse';
  if (c !== 0x2d /* - */ && c !== 0x2e /* . */) return 'content';
  const three = text.slice(lineStart, lineStart + 3);
  if (three !== '---' && three !== '...') return 'content';
  let i = lineStart + 3;
  const after = text.charCodeAt(i);
  if (i < text.length && after !== 0x20 && after !== 0x09 && after !== 0x0a && after !== 0x0d) return 'content'; // `---x`
  if (three === '...') return 'refuse';
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (i < text.length && text[i] !== '\n' && text[i] !== '\r' && text[i] !== '#') return 'refuse';
  return 'marker';
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
// Reading one document from js-yaml's events.

class Bail extends Error {}

/** Things whose positions, values or errors js-yaml and the `yaml` package could tell apart. */
const FAST_PATH_REFUSES = /[\t!]|\r(?!\n)|<<|\?(?:[ \r\n]|$)|(?:^|[\s:\-[{,])[|>][-+0-9]*[ \t]*(?:#.*)?\r?$/m;

interface Frame {
  pos: number;
  kids: Built[];
}
type Built = { node: KNode | null; js: unknown; kind: string | null };
type ListenerState = { position: number; kind: string | null; result: unknown; anchor: string | null };

/** Builds our tree from js-yaml's open/close events for one document `src` at `start` in the text. */
class EventReader {
  private readonly anchors = new Map<string, KNode>();
  private readonly stack: Frame[] = [];
  top: Built | undefined;

  constructor(
    private readonly src: string,
    private readonly start: number,
  ) {}

  readonly listener = (event: 'open' | 'close', state: unknown): void => {
    const s = state as ListenerState;
    if (event === 'open') {
      this.stack.push({ pos: s.position, kids: [] });
      return;
    }
    const frame = this.stack.pop()!;
    const only = frame.kids.length === 1 ? frame.kids[0] : undefined;
    // js-yaml composes some nodes twice: keep the inner one.
    const built = only && only.kind === s.kind && only.js === s.result ? only : this.build(frame, s);
    if (s.anchor !== null && built.node) this.anchors.set(s.anchor, built.node);
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.kids.push(built);
    else this.top = built;
  };

  /** Past blanks, comments and an anchor (`&name`), to where the node's own text starts. */
  private skip(from: number): number {
    const src = this.src;
    let i = from;
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
  }

  private build(frame: Frame, state: ListenerState): Built {
    const at = this.skip(frame.pos);
    if (state.kind === 'scalar') return this.scalar(frame, state, at);
    if (state.kind === 'mapping') return this.mapping(frame, state, at);
    if (state.kind === 'sequence') return this.sequence(frame, state, at);
    if (frame.kids.length) throw new Bail();
    return this.src[at] === '*' ? this.alias(state, at) : this.emptyValue(frame, state);
  }

  private scalar(frame: Frame, state: ListenerState, at: number): Built {
    const ch = this.src[at];
    if (frame.kids.length || ch === '|' || ch === '>') throw new Bail();
    const quoted = ch === '"' || ch === "'";
    let end = state.position;
    if (!quoted) while (end > at && /\s/.test(this.src[end - 1])) end--;
    const text = state.result as string;
    const range: KScalar['range'] = [this.start + at, this.start + end, this.start + end];
    const node: KScalar = quoted
      ? { t: 'scalar', range, value: text, plain: false }
      : { t: 'scalar', range, value: coreValue(text), plain: true, source: text };
    return { node, js: state.result, kind: state.kind };
  }

  private mapping(frame: Frame, state: ListenerState, at: number): Built {
    if (frame.kids.length % 2) throw new Bail();
    const items: KPair[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < frame.kids.length; i += 2) {
      const key = frame.kids[i].node;
      if (!key || key.t !== 'scalar') throw new Bail();
      const id = `${typeof key.value}:${String(key.value)}`;
      if (seen.has(id)) throw new Bail(); // a duplicate to the `yaml` package (1 and 1.0, true and True)
      seen.add(id);
      items.push({ key, value: frame.kids[i + 1].node });
    }
    const end = this.start + state.position;
    return { node: { t: 'map', range: [this.start + at, end, end], items }, js: state.result, kind: state.kind };
  }

  private sequence(frame: Frame, state: ListenerState, at: number): Built {
    // A `-` with nothing after it on its line has no events: leave such lists to the `yaml` package.
    if ((state.result as unknown[]).length !== frame.kids.length) throw new Bail();
    const end = this.start + state.position;
    const items = frame.kids.map((kid) => kid.node);
    return { node: { t: 'seq', range: [this.start + at, end, end], items }, js: state.result, kind: state.kind };
  }

  private alias(state: ListenerState, at: number): Built {
    const src = this.src;
    let end = at + 1;
    while (end < src.length && !/[\s,[\]{}]/.test(src[end])) end++;
    const name = src.slice(at + 1, end);
    const target = this.anchors.get(name);
    if (!target) throw new Bail();
    const range: KScalar['range'] = [this.start + at, this.start + end, this.start + end];
    return { node: { t: 'alias', range, source: name, target }, js: state.result, kind: state.kind };
  }

  /** An empty value: where its value would start on the same line. */
  private emptyValue(frame: Frame, state: ListenerState): Built {
    let p = frame.pos;
    while (this.src[p] === ' ') p++;
    const at = this.start + p;
    return {
      node: { t: 'scalar', range: [at, at, at], value: null, plain: true, source: '' },
      js: state.result,
      kind: state.kind,
    };
  }
}

/** One document [start, end) read on the fast path, or undefined to read it with the `yaml` package. */
export function fastDoc(text: string, start: number, end: number): RawDoc | undefined {
  const src = text.slice(start, end);
  if (FAST_PATH_REFUSES.test(src)) return undefined;
  if (firstContent(src, 0, src.length) < 0) return undefined; // an empty document: the `yaml` package says where it is
  const reader = new EventReader(src, start);
  try {
    jsYamlLoad(src, { schema: FAILSAFE_SCHEMA, listener: reader.listener });
  } catch {
    return undefined;
  }
  const root = reader.top?.node;
  if (!root || root.t !== 'map' || src[root.range[0] - start] === '{') return undefined; // only block mappings at the top
  if (endsWithEmptyValue(root)) return undefined;
  const contentStart = root.range[0];
  return {
    docRange: [src.startsWith('---') ? start : contentStart, contentEnd(text, contentStart, end), end],
    contentStart,
    contents: root,
    empty: false,
    errors: [],
  };
}

/** An empty value last (`metadata:`) ends the `yaml` package's document before its line break. */
function endsWithEmptyValue(root: KNode): boolean {
  for (let last: KNode | null | undefined = root; last;) {
    if (last.t === 'map') last = last.items[last.items.length - 1]?.value;
    else if (last.t === 'seq') last = last.items[last.items.length - 1];
    else return last.t === 'scalar' && last.range[0] === last.range[1];
  }
  return false;
}

/** A plain scalar's value as the `yaml` package's core schema (YAML 1.2) reads it. */
function coreValue(plain: string): unknown {
  if (plain === '' || plain === '~' || plain === 'null' || plain === 'Null' || plain === 'NULL') return null;
  if (plain === 'true' || plain === 'True' || plain === 'TRUE') return true;
  if (plain === 'false' || plain === 'False' || plain === 'FALSE') return false;
  const c = plain.charCodeAt(0);
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) return plain;
  if (/^[-+]?[0-9]+$/.test(plain)) return Number(plain);
  if (/^0o[0-7]+$/.test(plain)) return parseInt(plain.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(plain)) return parseInt(plain.slice(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(plain)) {
    return plain.endsWith('n') || plain.endsWith('N') ? NaN : plain[0] === '-' ? -Infinity : Infinity;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(plain)) return Number(plain);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(plain)) return Number(plain);
  return plain;
}
