// Document symbols of a compose file: one per top-level section, with one child per service,
// network, volume, secret, config and model (a service shows its image). No `vscode` import.
import { isMap, isScalar } from 'yaml';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { TextDoc } from '../types';
import { parseCached } from './diagnostics';

const KIND: Record<string, SymbolKind> = {
  services: SymbolKind.Class,
  networks: SymbolKind.Interface,
  volumes: SymbolKind.Struct,
  secrets: SymbolKind.Key,
  configs: SymbolKind.File,
  models: SymbolKind.Object,
};

export function composeSymbols(doc: TextDoc): DocumentSymbol[] {
  const file = parseCached(doc);
  const root = file.doc.contents;
  if (!isMap(root)) return [];
  return root.items.flatMap((pair): DocumentSymbol[] => {
    if (!isScalar(pair.key)) return [];
    const name = String(pair.key.value);
    const keyRange = file.range(pair.key);
    const whole = { start: keyRange.start, end: file.range(pair.value ?? pair.key).end };
    const children = KIND[name] && isMap(pair.value) ? childrenOf(file, pair.value, KIND[name]) : [];
    return [{ name, kind: KIND[name] ?? SymbolKind.Property, range: whole, selectionRange: keyRange, children }];
  });
}

function childrenOf(
  file: ReturnType<typeof parseCached>,
  map: import('yaml').YAMLMap,
  kind: SymbolKind,
): DocumentSymbol[] {
  return map.items.flatMap((pair): DocumentSymbol[] => {
    if (!isScalar(pair.key)) return [];
    const keyRange = file.range(pair.key);
    const image = isMap(pair.value) ? pair.value.get('image') : undefined;
    return [
      {
        name: String(pair.key.value),
        detail: typeof image === 'string' ? image : undefined,
        kind,
        range: { start: keyRange.start, end: file.range(pair.value ?? pair.key).end },
        selectionRange: keyRange,
      },
    ];
  });
}
