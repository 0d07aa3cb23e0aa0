// Formatting, deliberately conservative: it upper-cases known instruction keywords
// (ONBUILD triggers included) and removes trailing whitespace. It never re-indents,
// re-wraps continuation lines, or touches comments' text or heredoc bodies (whose
// bytes end up in files or scripts, where trailing spaces may matter).
import type { TextEdit } from 'vscode-languageserver-types';
import { analyze } from './analysis';
import { INSTRUCTION_BY_NAME } from './data';
import { positionAt, type Instruction } from './parser';

export function containerfileFormat(text: string): TextEdit[] {
  const a = analyze(text);
  const edits: TextEdit[] = [];
  const protectedLines = new Set<number>();
  for (const ins of a.parsed.instructions) {
    for (const h of ins.heredocs) for (let l = h.bodyStart; l <= h.endLine; l++) protectedLines.add(l);
    const keyword = (i: Instruction) => {
      if (INSTRUCTION_BY_NAME.has(i.name) && i.keyword !== i.name) {
        edits.push({
          range: { start: positionAt(i, i.keywordStart), end: positionAt(i, i.keywordEnd) },
          newText: i.name,
        });
      }
    };
    keyword(ins);
    if (ins.trigger) keyword(ins.trigger);
  }
  a.parsed.lines.forEach((line, n) => {
    if (protectedLines.has(n)) return;
    const m = /[ \t]+$/.exec(line);
    if (m) {
      edits.push({
        range: { start: { line: n, character: m.index }, end: { line: n, character: line.length } },
        newText: '',
      });
    }
  });
  return edits;
}
