// One compose file read into plain data: YAML parsed with positions, aliases and `<<` merge keys
// resolved, every scalar value interpolated (keys are not, as the spec says), `!reset` and
// `!override` kept as markers for the merge, and each value's range recorded by its path.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InterpolationError, interpolate } from './interpolate';
import type { ComposeIssue, SourceRange } from './types';

/** `!reset`: the merge sets the value back to nothing. */
export const RESET = Symbol('compose !reset');
/** `!override`: the merge replaces instead of merging. */
export class Override {
  constructor(readonly value: unknown) {}
}

export type Positions = Map<string, SourceRange>;

export interface SourceFile {
  file: string;
  data: Record<string, unknown>;
  positions: Positions;
  issues: ComposeIssue[];
}

export const pathKey = (path: readonly (string | number)[]): string => path.join('/');

class Reader {
  readonly positions: Positions = new Map();
  readonly issues: ComposeIssue[] = [];
  private readonly warned = new Set<string>();
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly env: (name: string) => string | undefined,
  ) {}

  range(start: number, end: number): SourceRange {
    const a = this.lines.linePos(start);
    const b = this.lines.linePos(end);
    return { file: this.file, line: a.line - 1, character: a.col - 1, endLine: b.line - 1, endCharacter: b.col - 1 };
  }

  private nodeRange(node: Node): SourceRange {
    const [start, end] = node.range ?? [0, 0];
    return this.range(start, end);
  }

  issue(severity: ComposeIssue['severity'], message: string, node: Node, path: (string | number)[]): void {
    this.issues.push({ severity, message, range: this.nodeRange(node), file: this.file, path });
  }

  value(node: unknown, path: (string | number)[]): unknown {
    if (isAlias(node)) return this.value(node.resolve(this.doc), path);
    if (!node || typeof node !== 'object') return null;
    const n = node as Node;
    this.positions.set(pathKey(path), this.nodeRange(n));
    const plain = this.plain(n, path);
    if (n.tag === '!reset') return RESET;
    if (n.tag === '!override') return new Override(plain);
    return plain;
  }

  private plain(node: Node, path: (string | number)[]): unknown {
    if (isMap(node)) return this.map(node, path);
    if (isSeq(node)) return node.items.map((item, i) => this.value(item, [...path, i]));
    if (isScalar(node)) {
      const v = node.value;
      return typeof v === 'string' ? this.interpolated(v, node, path) : v;
    }
    return null;
  }

  private map(node: Node, path: (string | number)[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const merged: Record<string, unknown>[] = [];
    for (const pair of (node as { items: unknown[] }).items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (key === '<<') {
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const s of sources) {
          const v = this.value(s, path);
          if (v && typeof v === 'object' && !Array.isArray(v)) merged.push(v as Record<string, unknown>);
        }
        continue;
      }
      if (isScalar(pair.key) && pair.key.range) {
        this.positions.set(pathKey([...path, key, '#key']), this.nodeRange(pair.key));
      }
      out[key] = pair.value === null ? null : this.value(pair.value, [...path, key]);
    }
    // Explicit keys win over merged ones; earlier merge sources over later ones.
    for (const m of merged.reverse()) for (const [k, v] of Object.entries(m)) if (!(k in out)) out[k] = v;
    return out;
  }

  private interpolated(text: string, node: Node, path: (string | number)[]): string {
    try {
      const { value, unset } = interpolate(text, this.env);
      for (const name of unset) {
        if (this.warned.has(name)) continue;
        this.warned.add(name);
        this.issue('warning', `The variable ${name} is not set: it is replaced by an empty string.`, node, path);
      }
      return value;
    } catch (e) {
      if (!(e instanceof InterpolationError)) throw e;
      this.issue('error', e.message, node, path);
      return text;
    }
  }
}

/** Reads one compose file's text. YAML errors and interpolation errors are issues with ranges. */
export function readSource(file: string, text: string, env: (name: string) => string | undefined): SourceFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: false, uniqueKeys: true, prettyErrors: false });
  const reader = new Reader(file, doc, lines, env);
  for (const e of doc.errors) {
    reader.issues.push({
      severity: 'error',
      message: `Invalid YAML: ${e.message.split('\n')[0]}`,
      range: reader.range(e.pos[0], e.pos[1]),
      file,
    });
  }
  if (doc.errors.length) return { file, data: {}, positions: reader.positions, issues: reader.issues };
  const data = doc.contents ? reader.value(doc.contents, []) : {};
  if (data !== null && (typeof data !== 'object' || Array.isArray(data) || data instanceof Override)) {
    reader.issues.push({ severity: 'error', message: 'A compose file must be a mapping (services:, …).', file });
    return { file, data: {}, positions: reader.positions, issues: reader.issues };
  }
  return { file, data: (data ?? {}) as Record<string, unknown>, positions: reader.positions, issues: reader.issues };
}
