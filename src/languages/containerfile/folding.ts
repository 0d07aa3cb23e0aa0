// Folding: build stages, multi-line instructions (continuations, heredocs), comment blocks.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import { analyze } from './analysis';

export function containerfileFolding(text: string): FoldingRange[] {
  const a = analyze(text);
  const out: FoldingRange[] = [];
  for (const s of a.stages) {
    if (s.endLine > s.from.startLine) {
      out.push({ startLine: s.from.startLine, endLine: s.endLine, kind: FoldingRangeKind.Region });
    }
  }
  for (const ins of a.parsed.instructions) {
    if (ins.endLine > ins.startLine) out.push({ startLine: ins.startLine, endLine: ins.endLine });
  }
  const comments = a.parsed.comments;
  for (let i = 0; i < comments.length;) {
    let j = i;
    while (j + 1 < comments.length && comments[j + 1].line === comments[j].line + 1) j++;
    if (j > i) out.push({ startLine: comments[i].line, endLine: comments[j].line, kind: FoldingRangeKind.Comment });
    i = j + 1;
  }
  return out;
}
