// The outline of a Kubernetes YAML file: one symbol per document, Kind/name.
// No `vscode` import.
import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { PLAYED_KINDS, WORKLOAD_KINDS } from '../../podman/kubePolicy';
import type { TextDoc } from '../types';
import { parseCached } from './cache';
import { looksLikeKube } from './parse';

export function kubeSymbols(doc: TextDoc): DocumentSymbol[] {
  if (!looksLikeKube(doc.text)) return [];
  return parseCached(doc)
    .docs.filter((entry) => !entry.empty && entry.kind)
    .map((entry) => ({
      name: `${entry.kind}/${entry.name ?? '(no name)'}`,
      detail: PLAYED_KINDS[entry.kind!] ? PLAYED_KINDS[entry.kind!].what : 'skipped by Podman',
      // Kinds that make pods are modules; claims, config maps and the rest are structs.
      kind: WORKLOAD_KINDS[entry.kind!] ? SymbolKind.Module : SymbolKind.Struct,
      range: entry.range,
      selectionRange: entry.nameRange ?? entry.kindRange ?? { start: entry.start, end: entry.start },
    }));
}
