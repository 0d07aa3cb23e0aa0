// The careful path of the Kubernetes YAML parser: documents the fast path gives up on are read by
// the `yaml` package and converted into our small tree, so their messages and ranges are exactly
// the `yaml` package's. No `vscode` import.
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node as YNode,
  parseAllDocuments,
  Scalar,
  visit,
} from 'yaml';
import type { KAlias, KMap, KNode, KRange, KScalar, KSeq, RawDoc } from './nodes';

export type YamlError = { message: string; pos: [number, number]; code: string };

/** All documents of `src` (at `shift` in the whole text), or the stream's errors when it has none. */
export function yamlDocs(src: string, shift: number): { docs: RawDoc[] } | { streamErrors: YamlError[] } {
  const parsed = parseAllDocuments(src, {
    merge: true,
    prettyErrors: false,
    keepSourceTokens: false,
    lineCounter: new LineCounter(),
  });
  if (!Array.isArray(parsed)) {
    const errors = (parsed as { errors?: YamlError[] }).errors ?? [];
    return { streamErrors: errors.map((error) => shifted(error, shift)) };
  }
  return { docs: parsed.map((doc) => fromYamlDoc(doc, src, shift)) };
}

/** One document [start, end) of the text through the `yaml` package. */
export function oneYamlDoc(text: string, start: number, end: number): RawDoc | undefined {
  const read = yamlDocs(text.slice(start, end), start);
  return 'docs' in read && read.docs.length === 1 ? read.docs[0] : undefined;
}

function shifted(error: { message: string; code: string; pos: [number, number] }, shift: number): YamlError {
  return { message: error.message, code: error.code, pos: [error.pos[0] + shift, error.pos[1] + shift] };
}

function fromYamlDoc(doc: Document.Parsed, src: string, shift: number): RawDoc {
  const contents = doc.contents as YNode | null;
  const errors: YamlError[] = doc.errors.map((error) => shifted(error, shift));
  // Anchors reach only within their document; Podman's parser refuses an unknown one.
  if (src.slice(doc.range[0], doc.range[2]).includes('*')) errors.push(...unknownAnchors(doc, shift));
  return {
    docRange: [doc.range[0] + shift, doc.range[1] + shift, doc.range[2] + shift],
    contentStart: (contents?.range?.[0] ?? doc.range[0]) + shift,
    contents: new Converter(doc, shift).convert(contents),
    empty: contents === null || (isScalar(contents) && (contents.value === null || contents.value === '')),
    errors,
  };
}

function unknownAnchors(doc: Document.Parsed, shift: number): YamlError[] {
  const out: YamlError[] = [];
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) === undefined && alias.range) {
        out.push({
          message: `Unknown anchor &${alias.source}: an alias can only use an anchor set before it in the same document.`,
          pos: [alias.range[0] + shift, alias.range[1] + shift],
          code: 'BAD_ALIAS',
        });
      }
    },
  });
  return out;
}

/** The `yaml` package's nodes into ours; a node met twice (through an alias) is converted once. */
class Converter {
  private readonly memo = new Map<unknown, KNode>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly shift: number,
  ) {}

  convert(node: unknown): KNode | null {
    if (node === null || node === undefined) return null;
    const hit = this.memo.get(node);
    if (hit) return hit;
    const r = (node as YNode).range;
    const range: KRange = r
      ? [r[0] + this.shift, r[1] + this.shift, r[2] + this.shift]
      : [this.shift, this.shift, this.shift];
    if (isScalar(node)) {
      const scalar: KScalar = { t: 'scalar', range, value: node.value, plain: node.type === Scalar.PLAIN };
      if (typeof node.source === 'string') scalar.source = node.source;
      this.memo.set(node, scalar);
      return scalar;
    }
    if (isMap(node)) {
      const map: KMap = { t: 'map', range, items: [] };
      this.memo.set(node, map);
      for (const entry of node.items) {
        map.items.push({ key: this.convert(entry.key), value: this.convert(entry.value) });
      }
      return map;
    }
    if (isSeq(node)) {
      const seq: KSeq = { t: 'seq', range, items: [] };
      this.memo.set(node, seq);
      for (const item of node.items) seq.items.push(this.convert(item));
      return seq;
    }
    if (isAlias(node)) {
      const alias: KAlias = { t: 'alias', range, source: node.source, target: undefined };
      this.memo.set(node, alias);
      alias.target = this.convert(node.resolve(this.doc)) ?? undefined;
      return alias;
    }
    // A pair as a list item (`[a: b]` reads as a map in YAML 1.2): the `yaml` package wraps it in a map.
    return null;
  }
}
