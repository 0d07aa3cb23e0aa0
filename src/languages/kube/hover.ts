// Hovers of the Kubernetes YAML service: what Podman does with the kind or the field under the
// cursor. No `vscode` import.
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver-types';
import { kindPlays, PLAYED_KINDS } from '../../podman/kubePolicy';
import { visitFields } from './fields';
import { isKMap, isKScalar, type KMap, type KNode, type KPair, resolve } from './nodes';
import { type KubeDoc, type KubeFile, MAX_NODES_PER_DOC } from './parse';
import { type Lookup, supportSentence, tableForKind } from './support';

type Span = readonly number[] | undefined | null;

/** Says what Podman does with the field (or kind) under the cursor. */
export function kubeHover(file: KubeFile, position: Position, podmanVersion?: string): Hover | null {
  const offset = (file.lines.lineStarts[position.line] ?? file.text.length) + position.character;
  const doc = file.docs.find((entry) => entry.docRange[0] <= offset && offset <= entry.docRange[2]);
  if (!doc || !doc.root) return null;
  const within = (span: Span) => !!span && span[0] <= offset && offset <= span[1];
  const kindPair = doc.root.items.find((entry) => isKScalar(entry.key) && entry.key.value === 'kind');
  if (kindPair && (within(kindPair.key?.range) || within(kindPair.value?.range))) {
    const text = kindSentence(doc.kind ?? '', podmanVersion);
    return { contents: { kind: MarkupKind.Markdown, value: text }, range: file.range(kindPair.key?.range) };
  }
  return fieldHover(file, doc, offset);
}

/** What Podman does with a kind (on this version, when known). */
function kindSentence(kind: string, podmanVersion: string | undefined): string {
  const info = PLAYED_KINDS[kind];
  if (!info) {
    return `Podman skips **${kind}** documents: nothing of this one runs. It plays ${Object.keys(PLAYED_KINDS).join(', ')}.`;
  }
  if (!kindPlays(kind, podmanVersion)) {
    return `Podman ${podmanVersion} skips **${kind}** documents; Podman ${info.since} and later play them (${info.what}).`;
  }
  return `Podman plays **${kind}**: it ${info.what}.`;
}

/** The support table's word on the field whose key is under the cursor. */
function fieldHover(file: KubeFile, doc: KubeDoc, offset: number): Hover | null {
  const tableAt = doc.kind ? tableForKind(doc.kind) : undefined;
  if (!tableAt) return null;
  const top = topObject(doc.root!, tableAt.at);
  if (!top) return null;
  let found: Hover | null = null;
  visitFields(top, tableAt.table, '', { left: MAX_NODES_PER_DOC }, (entry: KPair, table, path, lookup) => {
    if (found) return false;
    const keyRange = entry.key?.range;
    if (keyRange && keyRange[0] <= offset && offset <= keyRange[1]) {
      const shown = table === 'container' ? `containers[].${path}` : path;
      const value = `\`${shown}\`: ${lookupSentence(lookup)}`;
      found = { contents: { kind: MarkupKind.Markdown, value }, range: file.range(keyRange) };
      return false;
    }
    // Descend only towards the cursor.
    const valueRange = entry.value?.range;
    return !!valueRange && valueRange[0] <= offset && offset <= valueRange[2];
  });
  return found;
}

/** The object the kind's support table describes (a key path below the root, merge keys not followed). */
function topObject(root: KMap, path: string[]): KMap | undefined {
  let top: KNode | undefined = root;
  for (const key of path) {
    const map = resolve(top);
    top = isKMap(map)
      ? (map.items.find((entry) => isKScalar(entry.key) && entry.key.value === key)?.value ?? undefined)
      : undefined;
  }
  const map = resolve(top);
  return isKMap(map) ? map : undefined;
}

function lookupSentence(lookup: Lookup): string {
  if (lookup.kind === 'row') return `${supportSentence(lookup.row.s)}${lookup.row.note ? ` ${lookup.row.note}` : ''}`;
  if (lookup.kind === 'group') return supportSentence(lookup.all);
  if (lookup.kind === 'inside') return supportSentence(lookup.row.s);
  return "Podman's support table does not list this field.";
}
