// Go to definition and find references for build stages and variables.
import type { Location, Position } from 'vscode-languageserver-types';
import { analyze, type Analysis } from './analysis';
import { findVariables, instructionAtLine, offsetAt, rangeOf, type Instruction } from './parser';
import { walkScopes, type Stage, type VariableDef } from './semantics';

type Target = { kind: 'stage'; stage: Stage } | { kind: 'variable'; def: VariableDef; name: string };

/** Places naming a stage: FROM <stage>, COPY --from=<stage>, --mount=...,from=<stage>. */
function stageRefs(a: Analysis): { ins: Instruction; start: number; end: number; stage: Stage }[] {
  const out: { ins: Instruction; start: number; end: number; stage: Stage }[] = [];
  const byName = (name: string, before: number) =>
    a.stages.find((s) => s.name === name.toLowerCase() && s.from.startLine < before);
  const visit = (ins: Instruction) => {
    if (ins.name === 'FROM' && ins.args[0]) {
      const s = byName(ins.args[0].text, ins.startLine);
      if (s) out.push({ ins, start: ins.args[0].start, end: ins.args[0].end, stage: s });
    }
    for (const f of ins.flags) {
      if (f.value === undefined) continue;
      if (f.name === 'from') {
        const s = byName(f.value, ins.startLine) ?? (/^\d+$/.test(f.value) ? a.stages[Number(f.value)] : undefined);
        if (s) out.push({ ins, start: f.valueStart, end: f.end, stage: s });
      } else if (f.name === 'mount') {
        const re = /(?:^|,)from=([^,]*)/g;
        for (let m = re.exec(f.value); m; m = re.exec(f.value)) {
          const s = byName(m[1], ins.startLine);
          const start = f.valueStart + m.index + m[0].indexOf('=') + 1;
          if (s) out.push({ ins, start, end: start + m[1].length, stage: s });
        }
      }
    }
    if (ins.trigger) visit(ins.trigger);
  };
  for (const ins of a.parsed.instructions) visit(ins);
  return out;
}

function targetAt(a: Analysis, pos: Position): Target | undefined {
  let ins = instructionAtLine(a.parsed, pos.line);
  if (!ins) return undefined;
  const offset = offsetAt(ins, pos);
  if (offset < 0) return undefined;
  for (const r of stageRefs(a)) {
    if (r.ins.startLine === ins.startLine && offset >= r.start && offset <= r.end) {
      return { kind: 'stage', stage: r.stage };
    }
  }
  for (const s of a.stages) {
    if (s.from === ins && s.nameWord && offset >= s.nameWord.start && offset <= s.nameWord.end) {
      return { kind: 'stage', stage: s };
    }
  }
  if (ins.trigger && offset >= ins.trigger.keywordStart) ins = ins.trigger;
  const ref = findVariables(ins.logical, ins.keywordEnd, ins.logical.length, a.parsed.escape, false).find(
    (r) => offset >= r.start && offset <= r.nameEnd,
  );
  let found: Target | undefined;
  const top = ins.parent ?? ins;
  walkScopes(a.parsed, a.stages, (x, scope) => {
    if (x.startLine < top.startLine) return true;
    if (ref) {
      const def = scope.get(ref.name);
      if (def?.instruction) found = { kind: 'variable', def, name: ref.name };
      return false;
    }
    // On the name of an ARG/ENV definition: the definition in effect after this line.
    if (x.startLine > top.startLine) {
      for (const [name, def] of scope) {
        if (def.instruction === top && def.word && offset >= def.word.start && offset <= def.word.start + name.length) {
          found = { kind: 'variable', def, name };
        }
      }
      return false;
    }
    return true;
  });
  if (!found && !ref && (top.name === 'ARG' || top.name === 'ENV')) {
    // The last instruction of the file: look at the final scope.
    const w = top.args.find((x) => offset >= x.start && offset <= x.end);
    if (w) {
      const name = w.text.split('=')[0];
      found = { kind: 'variable', def: { name, kind: top.name, value: undefined, instruction: top, word: w }, name };
    }
  }
  return found;
}

function defLocation(uri: string, t: Target): Location | undefined {
  if (t.kind === 'stage') {
    const w = t.stage.nameWord ?? t.stage.image;
    return w ? { uri, range: rangeOf(t.stage.from, w.start, w.end) } : undefined;
  }
  const d = t.def;
  if (!d.instruction || !d.word) return undefined;
  return { uri, range: rangeOf(d.instruction, d.word.start, d.word.start + t.name.length) };
}

export function containerfileDefinition(uri: string, text: string, pos: Position): Location[] {
  const a = analyze(text);
  const t = targetAt(a, pos);
  const loc = t && defLocation(uri, t);
  return loc ? [loc] : [];
}

export function containerfileReferences(uri: string, text: string, pos: Position): Location[] {
  const a = analyze(text);
  const t = targetAt(a, pos);
  if (!t) return [];
  const out: Location[] = [];
  const def = defLocation(uri, t);
  if (def) out.push(def);
  if (t.kind === 'stage') {
    for (const r of stageRefs(a)) if (r.stage === t.stage) out.push({ uri, range: rangeOf(r.ins, r.start, r.end) });
    return out;
  }
  walkScopes(a.parsed, a.stages, (ins, scope) => {
    const visit = (i: Instruction) => {
      for (const r of findVariables(i.logical, i.keywordEnd, i.logical.length, a.parsed.escape, false)) {
        if (r.name !== t.name) continue;
        const d = scope.get(r.name);
        if (d === t.def || (d && d.instruction === t.def.instruction && d.name === t.def.name)) {
          out.push({ uri, range: rangeOf(i, r.start, r.nameEnd) });
        }
      }
    };
    visit(ins.trigger ?? ins);
    return true;
  });
  return out;
}
