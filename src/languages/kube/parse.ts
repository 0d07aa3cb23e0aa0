// Multi-document Kubernetes YAML, parsed once with positions kept. Shared by the language
// service and the editor (CodeLens per document); Podman's play policy over the documents (which
// pods a file makes) lives in src/podman/kubePolicy.ts. No `vscode` import.
//
// Speed: documents are cut at their `---` lines and read with js-yaml's event listener into a
// small tree of our own (fastPath.ts), which is several times faster than the `yaml` package's
// full document model. A document js-yaml refuses, or one using YAML features whose positions or
// errors the two packages could tell apart (tags, block scalars, merge keys, complex keys, tabs,
// directives), is read by the `yaml` package as before and converted (yamlPath.ts), so its
// messages and ranges are exactly the `yaml` package's.
import type { Position, Range } from 'vscode-languageserver-types';
import { WORKLOAD_KINDS } from '../../podman/kubePolicy';
import { fastDoc, splitDocuments } from './fastPath';
import { get, isKMap, isKScalar, isKSeq, type KMap, type KRange, pair, type RawDoc, resolve } from './nodes';
import { oneYamlDoc, yamlDocs } from './yamlPath';

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
  range(span: readonly [number, number, ...number[]] | undefined | null): Range;
  /** A node's range cut at the end of its first line (a whole mapping would span many lines). */
  head(span: readonly [number, number, ...number[]] | undefined | null): Range;
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

export function parseKube(text: string): KubeFile {
  const file = emptyFile(text);
  if (file.tooLarge) return file;
  const chunks = splitDocuments(text, file.lines.lineStarts);
  if (!chunks) return readWhole(file);
  for (const [start, end] of chunks) {
    const raw = fastDoc(text, start, end) ?? oneYamlDoc(text, start, end);
    // A piece the `yaml` package does not read as one document: judge the whole text as before.
    if (!raw) return readWhole(file);
    file.docs.push(describe(file, raw, file.docs.length));
  }
  return file;
}

/** A file with no documents yet, with its position helpers. */
function emptyFile(text: string): KubeFile {
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
  const range = (span: readonly [number, number, ...number[]] | undefined | null): Range =>
    span ? { start: pos(span[0]), end: pos(span[1]) } : { start: pos(0), end: pos(0) };
  const head = (span: readonly [number, number, ...number[]] | undefined | null): Range => {
    if (!span) return range(span);
    let end = span[0];
    while (end < span[1] && text[end] !== '\n' && text[end] !== '\r') end++;
    while (end > span[0] && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    return range([span[0], end]);
  };
  return { docs: [], lines: { lineStarts }, text, tooLarge: text.length > MAX_KUBE_TEXT, pos, range, head };
}

/** Something the splitter leaves to the `yaml` package (directives, `...`, content on a `---` line). */
function readWhole(file: KubeFile): KubeFile {
  const text = file.text;
  file.docs = [];
  const all = yamlDocs(text, 0);
  if ('docs' in all) {
    all.docs.forEach((raw, index) => file.docs.push(describe(file, raw, index)));
    return file;
  }
  if (all.streamErrors.length) {
    file.docs.push({
      index: 0,
      range: file.range([0, text.length]),
      start: file.pos(0),
      docRange: [0, text.length, text.length],
      empty: true,
      errors: all.streamErrors.map((e) => ({ message: firstLine(e.message), range: file.range(e.pos), code: e.code })),
      images: [],
      claims: [],
    });
  }
  return file;
}

function firstLine(message: string): string {
  const end = message.indexOf('\n');
  return (end < 0 ? message : message.slice(0, end)).trim();
}

/** A document of the file: its kind, name, replicas, claims and images, with their ranges. */
function describe(file: KubeFile, raw: RawDoc, index: number): KubeDoc {
  const doc: KubeDoc = {
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
  if (!isKMap(root)) return doc;
  doc.root = root;
  const kind = pair(root, 'kind');
  if (kind && isKScalar(kind.value) && typeof kind.value.value === 'string') {
    doc.kind = kind.value.value;
    doc.kindRange = file.range(kind.value.range);
  }
  const api = pair(root, 'apiVersion');
  if (api && isKScalar(api.value)) doc.apiVersion = String(api.value.value);
  const meta = resolve(pair(root, 'metadata')?.value);
  const name = isKMap(meta) ? pair(meta, 'name') : undefined;
  if (name && isKScalar(name.value) && typeof name.value.value === 'string') {
    doc.name = name.value.value;
    doc.nameRange = file.range(name.value.range);
  }
  if (doc.kind === 'PersistentVolumeClaim' && doc.name) doc.claims.push(doc.name);
  if (doc.kind === 'Deployment') {
    const replicas = resolve(get(root, ['spec', 'replicas']));
    if (isKScalar(replicas) && typeof replicas.value === 'number') doc.replicas = replicas.value;
  }
  const specPath = doc.kind ? WORKLOAD_KINDS[doc.kind] : undefined;
  const spec = specPath ? resolve(get(root, specPath)) : undefined;
  if (isKMap(spec)) doc.images = containerImages(file, spec);
  return doc;
}

/** The images of a pod spec's containers and init containers, with where. */
function containerImages(file: KubeFile, spec: KMap): KubeDoc['images'] {
  const images: KubeDoc['images'] = [];
  for (const list of ['containers', 'initContainers']) {
    const seq = resolve(get(spec, [list]));
    if (!isKSeq(seq)) continue;
    for (const item of seq.items) {
      const container = resolve(item);
      if (!isKMap(container)) continue;
      const image = pair(container, 'image');
      const name = pair(container, 'name');
      if (image && isKScalar(image.value) && typeof image.value.value === 'string') {
        images.push({
          ref: image.value.value,
          range: file.range(image.value.range),
          container: name && isKScalar(name.value) ? String(name.value.value) : undefined,
        });
      }
    }
  }
  return images;
}
