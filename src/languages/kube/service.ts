// The Kubernetes YAML language service: diagnostics, document symbols and hovers for YAML
// files that hold Kubernetes objects. YAML without apiVersion and kind is left alone.
// No `vscode` import.
import { type DocumentSymbol, type Hover, MarkupKind, type Position, SymbolKind } from 'vscode-languageserver-types';
import type { LanguageService, ServiceContext, TextDoc } from '../types';
import {
  isKMap as isMap,
  isKScalar as isScalar,
  type KNode,
  type KubeFile,
  kindPlays,
  looksLikeKube,
  MAX_NODES_PER_DOC,
  parseKube,
  resolve,
} from './parse';
import { PLAYED_KINDS, supportSentence, tableForKind } from './support';
import { validateKube, visitFields } from './validate';

/** One parse per document version: the diagnostics, symbols and hovers of a version share it. */
const cache = new Map<string, { text: string; file: KubeFile }>();
export function parseCached(doc: TextDoc): KubeFile {
  const hit = cache.get(doc.uri);
  if (hit && hit.text === doc.text) return hit.file;
  const file = parseKube(doc.text);
  if (cache.size > 32) cache.delete(cache.keys().next().value as string);
  cache.set(doc.uri, { text: doc.text, file });
  return file;
}

export const kubeService: LanguageService = {
  languageIds: ['yaml'],
  matchesPath(path: string, text?: string): boolean {
    return /\.ya?ml$/i.test(path) && text !== undefined && looksLikeKube(text);
  },
  diagnostics(doc: TextDoc, ctx: ServiceContext) {
    if (!looksLikeKube(doc.text)) return [];
    return validateKube(doc.text, ctx.live, doc.text.length > 4 * 1024 * 1024 ? undefined : parseCached(doc));
  },
  documentSymbols(doc: TextDoc): DocumentSymbol[] {
    if (!looksLikeKube(doc.text)) return [];
    const file = parseCached(doc);
    return file.docs
      .filter((d) => !d.empty && d.kind)
      .map((d) => ({
        name: `${d.kind}/${d.name ?? '(no name)'}`,
        detail: PLAYED_KINDS[d.kind!] ? PLAYED_KINDS[d.kind!].what : 'skipped by Podman',
        kind:
          d.kind === 'Pod' || d.kind === 'Deployment' || d.kind === 'DaemonSet' || d.kind === 'Job'
            ? SymbolKind.Module
            : SymbolKind.Struct,
        range: d.range,
        selectionRange: d.nameRange ?? d.kindRange ?? { start: d.start, end: d.start },
      }));
  },
  hover(doc: TextDoc, pos: Position, ctx: ServiceContext): Hover | null {
    if (!looksLikeKube(doc.text)) return null;
    return kubeHover(parseCached(doc), pos, ctx.live.podmanVersion);
  },
};

/** Says what Podman does with the field (or kind) under the cursor. */
export function kubeHover(file: KubeFile, pos: Position, podmanVersion?: string): Hover | null {
  const offset = (file.lines.lineStarts[pos.line] ?? file.text.length) + pos.character;
  const d = file.docs.find((x) => x.docRange[0] <= offset && offset <= x.docRange[2]);
  if (!d || !d.root) return null;
  const within = (r: readonly number[] | undefined | null) => !!r && r[0] <= offset && offset <= r[1];
  // The kind line.
  const kindPair = d.root.items.find((p) => isScalar(p.key) && p.key.value === 'kind');
  if (kindPair && (within(kindPair.key?.range) || within(kindPair.value?.range))) {
    const k = d.kind ?? '';
    const info = PLAYED_KINDS[k];
    let text: string;
    if (!info) {
      text = `Podman skips **${k}** documents: nothing of this one runs. It plays ${Object.keys(PLAYED_KINDS).join(', ')}.`;
    } else if (!kindPlays(k, podmanVersion, PLAYED_KINDS)) {
      text = `Podman ${podmanVersion} skips **${k}** documents; Podman ${info.since} and later play them (${info.what}).`;
    } else text = `Podman plays **${k}**: it ${info.what}.`;
    return { contents: { kind: MarkupKind.Markdown, value: text }, range: file.range(kindPair.key?.range) };
  }
  const tfk = d.kind ? tableForKind(d.kind) : undefined;
  if (!tfk) return null;
  let top: KNode | undefined = d.root;
  for (const k of tfk.at) {
    const m = resolve(top);
    top = isMap(m) ? (m.items.find((p) => isScalar(p.key) && p.key.value === k)?.value ?? undefined) : undefined;
  }
  const topMap = resolve(top);
  if (!isMap(topMap)) return null;
  let found: Hover | null = null;
  visitFields(topMap, tfk.table, '', { left: MAX_NODES_PER_DOC }, (p, table, path, l) => {
    if (found) return false;
    const kr = p.key?.range;
    if (kr && within(kr)) {
      const shown = table === 'container' ? `containers[].${path}` : path;
      let s: string;
      if (l.kind === 'row') s = `${supportSentence(l.row.s)}${l.row.note ? ` ${l.row.note}` : ''}`;
      else if (l.kind === 'group') s = supportSentence(l.all);
      else if (l.kind === 'inside') s = supportSentence(l.row.s);
      else s = "Podman's support table does not list this field.";
      found = { contents: { kind: MarkupKind.Markdown, value: `\`${shown}\`: ${s}` }, range: file.range(kr) };
      return false;
    }
    // Descend only towards the cursor.
    const vr = p.value?.range;
    return !!vr && vr[0] <= offset && offset <= vr[2];
  });
  return found;
}
