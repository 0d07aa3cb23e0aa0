// A compose file parsed once with positions kept: the `yaml` package's document (merge keys on),
// its plain JavaScript value, syntax errors with ranges, and lookups from a key path to the node
// that holds it and from an offset to the key path under it. Shared by every compose feature.
// No `vscode` import.
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  YAMLMap,
  YAMLSeq,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import * as jsYaml from 'js-yaml';
import type { Position, Range } from 'vscode-languageserver-types';
import { valueByBlocks } from './blocks';

/** Texts longer than this are not parsed (validation says so instead of hanging the editor). */
export const MAX_COMPOSE_TEXT = 4 * 1024 * 1024;

export type Segment = string | number;

/** Compose's merge tags (`!reset`, `!override`): the value as written, for a single file. */
const COMPOSE_TAGS = ['!reset', '!override'].flatMap((tag) => [
  { tag, resolve: (s: string) => s },
  { tag, collection: 'seq' as const, nodeClass: YAMLSeq },
  { tag, collection: 'map' as const, nodeClass: YAMLMap },
]);

/** js-yaml's reading of YAML 1.2 (the core schema, as the `yaml` package reads it) plus merge keys. */
// (`types` is exported by js-yaml 4 and by our bundle's shim, not declared by @types/js-yaml.)
const mergeType = (jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge;
const FAST_SCHEMA = jsYaml.CORE_SCHEMA.extend({ implicit: [mergeType] });

export interface ComposeFile {
  readonly text: string;
  /** The `yaml` package's document with positions: made on first use (it is slower to build). */
  readonly doc: Document.Parsed;
  /** The document as plain data (merge keys applied); undefined when it is empty. */
  readonly value: unknown;
  readonly errors: { message: string; range: Range; code: string }[];
  readonly warnings: { message: string; range: Range; code: string }[];
  pos(offset: number): Position;
  offset(position: Position): number;
  range(node: { range?: readonly number[] | null } | null | undefined): Range;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function parseCompose(text: string): ComposeFile {
  const starts = lineStartsOf(text);
  const pos = (offset: number): Position => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  };
  const offset = (p: Position) => Math.min(text.length, (starts[p.line] ?? text.length) + p.character);
  const range = (node: { range?: readonly number[] | null } | null | undefined): Range => {
    const r = node?.range;
    if (!r) return { start: pos(0), end: pos(0) };
    return { start: pos(r[0]), end: pos(r[1]) };
  };
  const fast = fastValue(text);
  let doc: Document.Parsed | undefined;
  const documentOf = () =>
    (doc ??= parseDocument(text, {
      merge: true,
      uniqueKeys: true,
      prettyErrors: false,
      customTags: COMPOSE_TAGS,
    }));
  const file = {
    text,
    pos,
    offset,
    range,
    errors: [] as ComposeFile['errors'],
    warnings: [] as ComposeFile['warnings'],
  };
  if (fast.ok) {
    return {
      ...file,
      value: fast.value,
      get doc() {
        return documentOf();
      },
    };
  }
  // js-yaml refused it (or it uses Compose's tags): the `yaml` package gives the value, and the
  // errors with their positions.
  const parsed = documentOf();
  const at = (e: { pos: [number, number] }) => ({ start: pos(e.pos[0]), end: pos(Math.max(e.pos[1], e.pos[0])) });
  file.errors.push(
    ...parsed.errors.map((e) => ({ message: e.message.split('\n')[0], range: at(e), code: 'compose.syntax' })),
  );
  file.warnings.push(
    ...parsed.warnings.map((e) => ({ message: e.message.split('\n')[0], range: at(e), code: 'compose.yaml' })),
  );
  let value: unknown;
  if (!file.errors.length) {
    try {
      value = parsed.toJS({ maxAliasCount: 10_000 });
    } catch (e) {
      file.errors.push({ message: (e as Error).message, range: range(parsed.contents), code: 'compose.syntax' });
    }
  }
  return { ...file, value, doc: parsed };
}

/**
 * The plain value through js-yaml, twenty to forty times faster than the `yaml` package's document
 * on a large file, block by block when it can (blocks.ts: an edit re-parses only what changed);
 * not ok when js-yaml refuses the text or it holds Compose's merge tags. The value may share
 * objects with earlier parses: it is read, never changed.
 */
function fastValue(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.includes('!reset') || text.includes('!override')) return { ok: false };
  const byBlocks = valueByBlocks(text, (block) => jsYaml.load(block, { schema: FAST_SCHEMA }));
  if (byBlocks) return { ok: true, value: byBlocks.value };
  try {
    return { ok: true, value: jsYaml.load(text, { schema: FAST_SCHEMA }) };
  } catch {
    return { ok: false };
  }
}

function resolveAlias(doc: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The pair of a mapping whose key is `key` (merge-key sources included), if any. */
export function pairOf(doc: Document.Parsed, map: unknown, key: Segment): Pair<Node, Node> | undefined {
  const m = resolveAlias(doc, map);
  if (!isMap(m)) return undefined;
  for (const item of m.items) {
    const k = isScalar(item.key) ? item.key.value : item.key;
    if (String(k) === String(key)) return item as Pair<Node, Node>;
  }
  for (const item of m.items) {
    if (isScalar(item.key) && item.key.value === '<<') {
      const sources = resolveAlias(doc, item.value);
      for (const src of isSeq(sources) ? sources.items : [sources]) {
        const found = pairOf(doc, src, key);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** The node at a key path, and the deepest node found on the way when the path goes missing. */
export function nodeAt(
  file: ComposeFile,
  path: readonly Segment[],
): { node?: Node; key?: Node; nearest: Node | undefined } {
  let node: unknown = file.doc.contents;
  let key: Node | undefined;
  let nearest = node as Node | undefined;
  for (const segment of path) {
    node = resolveAlias(file.doc, node);
    if (isSeq(node) && typeof segment === 'number') {
      key = undefined;
      node = node.items[segment];
    } else {
      const pair = pairOf(file.doc, node, segment);
      if (!pair) return { nearest };
      key = pair.key ?? undefined;
      node = pair.value;
      if (!node) return { key, nearest: key };
    }
    if (!node) return { nearest };
    nearest = node as Node;
  }
  return { node: node as Node, key, nearest };
}

/** The key path and node under an offset: the innermost key or value containing it. */
export function pathAtOffset(file: ComposeFile, offset: number): { path: Segment[]; onKey: boolean; node?: Node } {
  const path: Segment[] = [];
  let node: unknown = file.doc.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(p.key, offset) || within(p.value, offset));
      if (!pair) return { path, onKey: false, node: node as Node };
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      path.push(key);
      if (within(pair.key, offset)) return { path, onKey: true, node: pair.key as Node };
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(item, offset));
      if (index < 0) return { path, onKey: false, node: node as Node };
      path.push(index);
      node = node.items[index];
    } else {
      return { path, onKey: false, node: (node ?? undefined) as Node | undefined };
    }
  }
}

function within(node: unknown, offset: number): boolean {
  const r = (node as { range?: number[] } | null)?.range;
  return !!r && offset >= r[0] && offset <= r[1] && !isPair(node);
}

/** A plain object's own entries, or none for anything else. */
export function entries(value: unknown): [string, unknown][] {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
