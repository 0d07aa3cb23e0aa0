// The Containerfile checker: file-level checks (directives, FROM, stage names), then each
// instruction in order with the variables visible to it.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis';
import { INSTRUCTION_BY_NAME, ONBUILD_FORBIDDEN, nearest } from '../data';
import { rangeOf, type Instruction } from '../parser';
import { keyValues, walkScopes, type Scope, type Stage } from '../semantics';
import { checkFlags } from './flags';
import { checkArguments, checkExecForm } from './instructions';
import { CheckContext, Codes, MAX_DIAGNOSTICS, diag } from './report';
import { checkVariables } from './variables';

/** Runs every check over an analysed file, appending to `out`. */
export function checkContainerfile(analysis: Analysis, out: Diagnostic[]): void {
  const ctx = new CheckContext(analysis, out, globalArgNames(analysis));
  checkDirectives(ctx);
  checkStages(ctx);
  let stageIndex = -1;
  walkScopes(analysis.parsed, analysis.stages, (ins, scope) => {
    if (ins.name === 'FROM') stageIndex++;
    if (out.length > MAX_DIAGNOSTICS) return false;
    checkInstruction(ctx, ins, scope, stageIndex);
    return true;
  });
}

function globalArgNames(analysis: Analysis): string[] {
  const names: string[] = [];
  for (const ins of analysis.parsed.instructions) {
    if (ins.name === 'FROM') break;
    if (ins.name === 'ARG') for (const kv of keyValues(ins, analysis.parsed.escape)) names.push(kv.key);
  }
  return names;
}

function checkDirectives(ctx: CheckContext): void {
  const parsed = ctx.analysis.parsed;
  for (const d of parsed.directives) {
    if (d.name === 'escape' && d.value !== '\\' && d.value !== '`') {
      const l = parsed.lines[d.line];
      ctx.out.push(
        diag(
          { start: { line: d.line, character: 0 }, end: { line: d.line, character: l.length } },
          `The escape directive accepts only \\ or \`, not '${d.value}'.`,
          Codes.invalidDirective,
        ),
      );
    }
  }
  for (const line of parsed.emptyContinuationLines) {
    ctx.out.push(
      diag(
        { start: { line, character: 0 }, end: { line, character: parsed.lines[line].length } },
        'Empty line inside a continued instruction; builders skip it but may stop accepting it.',
        Codes.emptyContinuation,
        DiagnosticSeverity.Warning,
      ),
    );
  }
}

/** A FROM at all, and stage names used once (names are case-sensitive in Podman). */
function checkStages(ctx: CheckContext): void {
  const { parsed, stages } = ctx.analysis;
  if (!stages.length) {
    const first = parsed.instructions[0];
    const range = first
      ? rangeOf(first, first.keywordStart, first.keywordEnd)
      : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    ctx.out.push(
      diag(range, 'No FROM instruction: a Containerfile needs at least one FROM to start a stage.', Codes.missingFrom),
    );
  }
  const stageNames = new Map<string, Stage>();
  for (const s of stages) {
    if (!s.nameWord) continue;
    const prev = stageNames.get(s.nameWord.text);
    if (prev) {
      ctx.push(
        s.from,
        s.nameWord.start,
        s.nameWord.end,
        `Stage name '${s.nameWord.text}' is already used by the stage at line ${prev.from.startLine + 1}; later references mean this last one.`,
        Codes.duplicateStageName,
        DiagnosticSeverity.Warning,
      );
    }
    stageNames.set(s.nameWord.text, s);
  }
}

function checkInstruction(ctx: CheckContext, ins: Instruction, scope: Scope, stageIndex: number): void {
  const info = INSTRUCTION_BY_NAME.get(ins.name);
  if (!info) {
    const suggestion = nearest(ins.name, INSTRUCTION_BY_NAME.keys());
    ctx.push(
      ins,
      ins.keywordStart,
      ins.keywordEnd,
      `Unknown instruction '${ins.keyword}'${suggestion ? `; did you mean ${suggestion}?` : '.'}`,
      Codes.unknownInstruction,
      DiagnosticSeverity.Error,
      suggestion ? { replacement: suggestion } : undefined,
    );
    return;
  }
  if (stageIndex < 0 && ins.name !== 'ARG' && ins.name !== 'FROM' && !ins.parent) {
    ctx.push(
      ins,
      ins.keywordStart,
      ins.keywordEnd,
      `${ins.name} comes before the first FROM, where only ARG counts: Podman ignores it.`,
      Codes.instructionBeforeFrom,
      DiagnosticSeverity.Warning,
    );
  }
  checkFlags(ctx, ins, scope, stageIndex);
  if (!ins.args.length && !ins.heredocs.length) {
    ctx.push(ins, ins.keywordStart, ins.keywordEnd, `${ins.name} needs at least one argument.`, Codes.missingArgument);
    return;
  }
  for (const h of ins.heredocs) {
    if (!h.terminated && ins.name !== 'ONBUILD') {
      ctx.push(
        ins,
        h.start,
        h.end,
        `Heredoc '${h.name}' is never closed: add a line containing only ${h.name}.`,
        Codes.unterminatedHeredoc,
      );
    }
  }
  if (info.execForm) checkExecForm(ctx, ins);
  if (info.expandsVariables) checkVariables(ctx, ins, ins.argsStart, ins.logical.length, scope, ins.name === 'FROM');
  if (ins.name === 'ONBUILD') checkOnbuild(ctx, ins, scope, stageIndex);
  else checkArguments(ctx, ins);
}

function checkOnbuild(ctx: CheckContext, ins: Instruction, scope: Scope, stageIndex: number): void {
  const t = ins.trigger;
  if (!t) return;
  if (ONBUILD_FORBIDDEN.has(t.name)) {
    ctx.push(t, t.keywordStart, t.keywordEnd, `ONBUILD cannot carry ${t.name}.`, Codes.onbuildTrigger);
    return;
  }
  // Podman checks only the trigger's keyword now; the rest fails later, in the builds based on this image.
  ctx.inTrigger = true;
  try {
    checkInstruction(ctx, t, scope, stageIndex);
  } finally {
    ctx.inTrigger = false;
  }
}
