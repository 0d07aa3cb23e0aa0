// The documents of a Kubernetes YAML stream as play and down need them: kind, name, replicas,
// the volumes its claims create, the images it names, and where each document sits in the text.
// A small reader of its own over the `yaml` package, so that src/podman depends on nothing above
// it (the language service's parser keeps positions of every node for diagnostics; play needs
// none of that). No `vscode` import.
import { type Document, isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import { type KubeObjectRef, WORKLOAD_KINDS } from './kubePolicy';

export interface PlayDocument extends KubeObjectRef {
  index: number;
  /** Offsets in the text: the document's start (its `---` line if any), the end of its content, its end. */
  docRange: [number, number, number];
  /** True when the document holds nothing (a lone `---`, comments). */
  empty: boolean;
  /** Syntax errors of this document, one line each. */
  errors: string[];
  /** Container images the document refers to. */
  images: string[];
  /** Volume names created by this document (a PersistentVolumeClaim's name). */
  claims: string[];
}

/** Reads every document of a YAML stream (the `yaml` package's reading, merge keys on). */
export function readKubeDocuments(yaml: string): PlayDocument[] {
  const parsed = parseAllDocuments(yaml, { merge: true, prettyErrors: false });
  return Array.from(parsed, (document, index) => describeDocument(document, index));
}

function describeDocument(document: Document.Parsed, index: number): PlayDocument {
  const contents = document.contents;
  const doc: PlayDocument = {
    index,
    docRange: [document.range[0], document.range[1], document.range[2]],
    empty: contents === null || (isScalar(contents) && (contents.value === null || contents.value === '')),
    errors: [...document.errors.map((error) => firstLine(error.message)), ...unknownAnchors(document)],
    images: [],
    claims: [],
  };
  const at = (from: unknown, path: string[]) => valueAt(document, from, path);
  doc.kind = stringOf(at(contents, ['kind']));
  doc.name = stringOf(at(contents, ['metadata', 'name']));
  if (doc.kind === 'PersistentVolumeClaim' && doc.name) doc.claims.push(doc.name);
  const replicas = scalarOf(at(contents, ['spec', 'replicas']));
  if (doc.kind === 'Deployment' && typeof replicas === 'number') doc.replicas = replicas;
  const specPath = doc.kind ? WORKLOAD_KINDS[doc.kind] : undefined;
  const spec = specPath ? at(contents, specPath) : undefined;
  for (const list of ['containers', 'initContainers']) {
    const items = resolveAlias(document, at(spec, [list]));
    if (!isSeq(items)) continue;
    for (const item of items.items) {
      const image = stringOf(at(item, ['image']));
      if (image !== undefined) doc.images.push(image);
    }
  }
  return doc;
}

/** Podman refuses an alias whose anchor is not set before it in the same document. */
function unknownAnchors(document: Document.Parsed): string[] {
  const out: string[] = [];
  visit(document, {
    Alias(_key, alias) {
      if (alias.resolve(document) === undefined) {
        out.push(
          `Unknown anchor &${alias.source}: an alias can only use an anchor set before it in the same document.`,
        );
      }
    },
  });
  return out;
}

function resolveAlias(document: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

/** The value under a key path, through aliases and `<<` merge keys (explicit keys win). */
function valueAt(document: Document.Parsed, from: unknown, path: string[]): unknown {
  let node = from;
  for (const key of path) {
    const map = resolveAlias(document, node);
    if (!isMap(map)) return undefined;
    node = ownOrMerged(document, map.items, key);
  }
  return node;
}

function ownOrMerged(document: Document.Parsed, items: { key: unknown; value: unknown }[], key: string): unknown {
  const merged: unknown[] = [];
  for (const pair of items) {
    if (!isScalar(pair.key)) continue;
    const name = pair.key.value;
    if (name === key) return pair.value;
    if (name === '<<' || (typeof name === 'symbol' && name.description === '<<')) merged.push(pair.value);
  }
  for (const source of merged) {
    const value = resolveAlias(document, source);
    const maps = isSeq(value) ? value.items.map((item) => resolveAlias(document, item)) : [value];
    for (const map of maps) {
      if (!isMap(map)) continue;
      const hit = map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
      if (hit) return hit.value;
    }
  }
  return undefined;
}

function scalarOf(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

function stringOf(node: unknown): string | undefined {
  const value = scalarOf(node);
  return typeof value === 'string' ? value : undefined;
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).trim();
}
