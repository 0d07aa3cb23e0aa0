// Document symbols (sections with their keys; `.quadlets` parts as files) and folding ranges.
import { SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-types';
import type { TextDoc } from '../types';
import { partsSync } from './document';
import type { UnitFileAst } from './parser';

function sectionSymbols(ast: UnitFileAst): DocumentSymbol[] {
  return ast.sections.map((s) => ({
    name: `[${s.name}]`,
    kind: SymbolKind.Namespace,
    range: s.range,
    selectionRange: s.nameRange,
    children: s.entries.map((e) => ({
      name: e.key,
      detail: e.value.length > 60 ? e.value.slice(0, 57) + '...' : e.value,
      kind: SymbolKind.Property,
      range: e.range,
      selectionRange: e.keyRange,
    })),
  }));
}

export function quadletSymbols(doc: TextDoc): DocumentSymbol[] {
  const parts = partsSync(doc);
  if (parts.length === 1 && !parts[0].model) return sectionSymbols(parts[0].ast);
  if (parts.length === 1 && !doc.uri.endsWith('.quadlets')) return sectionSymbols(parts[0].ast);
  return parts.map((p, i) => {
    const range = {
      start: { line: p.firstLine, character: 0 },
      end: { line: Math.max(p.firstLine, p.lastLine), character: 0 },
    };
    return {
      name: p.model?.name ?? `unit ${i + 1}`,
      kind: SymbolKind.File,
      range,
      selectionRange: { start: range.start, end: range.start },
      children: sectionSymbols(p.ast),
    };
  });
}

export function quadletFolding(doc: TextDoc): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const p of partsSync(doc)) {
    for (const s of p.ast.sections) {
      if (s.range.end.line > s.range.start.line) out.push({ startLine: s.range.start.line, endLine: s.range.end.line });
    }
    for (const s of p.ast.sections) {
      for (const e of s.entries) {
        if (e.range.end.line > e.range.start.line) {
          out.push({ startLine: e.range.start.line, endLine: e.range.end.line });
        }
      }
    }
  }
  return out;
}
