// The small YAML tree the Kubernetes parser builds (maps, lists, scalars, aliases, each with its
// offsets in the text) and the ways to walk it: aliases followed, `<<` merge keys expanded.
// No `vscode` import.

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

/** What reading one document gives: its tree and errors, offsets in the whole text. */
export interface RawDoc {
  docRange: KRange;
  /** Where the content starts (the `yaml` package's contents range start, or the document's). */
  contentStart: number;
  contents: KNode | null;
  empty: boolean;
  errors: { message: string; pos: [number, number]; code: string }[];
}

export const isKMap = (node: unknown): node is KMap => !!node && (node as KNode).t === 'map';
export const isKSeq = (node: unknown): node is KSeq => !!node && (node as KNode).t === 'seq';
export const isKScalar = (node: unknown): node is KScalar => !!node && (node as KNode).t === 'scalar';

/** Follows an alias to its target (one step: a YAML alias cannot point at an alias). */
export function resolve(node: KNode | null | undefined): KNode | undefined {
  if (node === null || node === undefined) return undefined;
  if (node.t === 'alias') return node.target;
  return node;
}

/** The pairs of a mapping, `<<` merge keys expanded (explicit keys win over merged ones). */
export function pairs(map: KMap): KPair[] {
  const items = map.items;
  if (!items.some(isMergePair)) return items;
  const own: KPair[] = [];
  const merged: KPair[] = [];
  for (const entry of items) {
    if (isMergePair(entry)) {
      const value = resolve(entry.value);
      const sources = isKSeq(value) ? value.items.map((item) => resolve(item)) : [value];
      for (const source of sources) if (isKMap(source)) merged.push(...source.items);
    } else own.push(entry);
  }
  const seen = new Set(own.map((entry) => keyOf(entry)));
  for (const entry of merged) {
    const key = keyOf(entry);
    if (!seen.has(key)) {
      seen.add(key);
      own.push(entry);
    }
  }
  return own;
}

/** A `<<` merge key (the yaml package makes its value a symbol when merge keys are on). */
export function isMergePair(entry: KPair): boolean {
  if (!isKScalar(entry.key)) return false;
  const value = entry.key.value;
  return value === '<<' || (typeof value === 'symbol' && value.description === '<<');
}

export function keyOf(entry: KPair): string {
  if (!isKScalar(entry.key)) return '';
  const value = entry.key.value;
  return typeof value === 'symbol' ? '<<' : String(value);
}

export function pair(map: KMap, key: string): KPair | undefined {
  for (const entry of map.items) if (isKScalar(entry.key) && entry.key.value === key) return entry;
  return pairs(map).find((entry) => keyOf(entry) === key);
}

/** The pair at the end of a key path (aliases followed); undefined when a step is missing. */
export function pairAt(from: KNode | undefined, path: string[]): KPair | undefined {
  let node: KNode | undefined = from;
  let found: KPair | undefined;
  for (const key of path) {
    node = resolve(node);
    if (!isKMap(node)) return undefined;
    found = pair(node, key);
    node = found?.value ?? undefined;
  }
  return found;
}

/** The value at the end of a key path (aliases followed on the way, not at the end). */
export function get(from: KNode | undefined, path: string[]): KNode | undefined {
  if (!path.length) return from;
  return pairAt(from, path)?.value ?? undefined;
}
