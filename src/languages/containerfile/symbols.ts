// Document symbols: one per build stage (with its ARG/ENV definitions), global ARGs on top.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { analyze } from './analysis';
import { rangeOf, type Instruction } from './parser';
import { keyValues } from './semantics';

function variableSymbols(ins: Instruction, escape: string): DocumentSymbol[] {
  if (ins.name !== 'ARG' && ins.name !== 'ENV') return [];
  const full = {
    start: { line: ins.startLine, character: 0 },
    end: rangeOf(ins, ins.logical.length, ins.logical.length).end,
  };
  return keyValues(ins, escape)
    .filter((kv) => kv.key)
    .map((kv) => ({
      name: kv.key,
      detail: `${ins.name}${kv.value !== undefined ? ' = ' + kv.value : ''}`,
      kind: ins.name === 'ARG' ? SymbolKind.Variable : SymbolKind.Constant,
      range: full,
      selectionRange: rangeOf(ins, kv.word.start, kv.word.start + kv.key.length),
    }));
}

export function containerfileSymbols(text: string): DocumentSymbol[] {
  const a = analyze(text);
  const out: DocumentSymbol[] = [];
  for (const ins of a.parsed.instructions) {
    if (ins.name === 'FROM') break;
    out.push(...variableSymbols(ins, a.parsed.escape));
  }
  for (const s of a.stages) {
    const sel = s.nameWord ?? s.image;
    const selection = sel
      ? rangeOf(s.from, sel.start, sel.end)
      : rangeOf(s.from, s.from.keywordStart, s.from.keywordEnd);
    const lastLine = a.parsed.lines[s.endLine] ?? '';
    out.push({
      name: s.nameWord?.text ?? `stage ${s.index}`,
      detail: `FROM ${s.image?.text ?? ''}`,
      kind: SymbolKind.Module,
      range: { start: { line: s.from.startLine, character: 0 }, end: { line: s.endLine, character: lastLine.length } },
      selectionRange: selection,
      children: s.instructions.flatMap((i) => variableSymbols(i, a.parsed.escape)),
    });
  }
  return out;
}
