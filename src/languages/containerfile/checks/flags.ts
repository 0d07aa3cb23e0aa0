// Instruction flags (--name=value): known names, values, and the stages that COPY --from and
// a mount's from= refer to.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { INSTRUCTION_BY_NAME, nearest, type FlagInfo } from '../data';
import type { Flag, Instruction } from '../parser';
import type { Scope } from '../semantics';
import { checkMount } from './mount';
import { Codes, type CheckContext } from './report';
import { checkStageRef } from './stageRefs';
import { checkVariables } from './variables';

const DURATION_RE = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

export function checkFlags(ctx: CheckContext, ins: Instruction, scope: Scope, stageIndex: number): void {
  const info = INSTRUCTION_BY_NAME.get(ins.name)!;
  const known = info.flags.map((f) => f.name);
  const seen = new Set<string>();
  for (const f of ins.flags) {
    const fi = info.flags.find((x) => x.name === f.name);
    if (!fi) {
      const suggestion = nearest(f.name, known);
      const what = known.length
        ? `${ins.name} accepts ${known.map((k) => '--' + k).join(', ')}`
        : `${ins.name} takes no flags`;
      ctx.push(
        ins,
        f.start,
        f.nameEnd,
        `Unknown flag '--${f.name}' for ${ins.name}: ${what}.`,
        Codes.unknownFlag,
        DiagnosticSeverity.Error,
        suggestion ? { replacement: '--' + suggestion } : undefined,
      );
      continue;
    }
    if (seen.has(f.name) && f.name !== 'mount' && f.name !== 'exclude') {
      ctx.push(
        ins,
        f.start,
        f.nameEnd,
        `--${f.name} is given more than once; only one takes effect.`,
        Codes.duplicateFlag,
        DiagnosticSeverity.Warning,
      );
    }
    seen.add(f.name);
    if (f.value === undefined || f.value === '') {
      if (!fi.noValue) {
        ctx.push(ins, f.start, f.end, `--${f.name} needs a value (--${f.name}=...).`, Codes.flagMissingValue);
      }
      continue;
    }
    checkVariables(ctx, ins, f.valueStart, f.end, scope, ins.name === 'FROM');
    if (!f.value.includes('$')) checkFlagValue(ctx, ins, f, fi, stageIndex);
  }
}

function checkFlagValue(ctx: CheckContext, ins: Instruction, f: Flag, fi: FlagInfo, stageIndex: number): void {
  const value = f.value!;
  if (fi.values && !fi.values.includes(value)) {
    ctx.push(
      ins,
      f.valueStart,
      f.end,
      `'${value}' is not a valid value for --${f.name}; use one of ${fi.values.join(', ')}.`,
      Codes.flagBadValue,
    );
  } else if (fi.duration && !DURATION_RE.test(value)) {
    ctx.push(ins, f.valueStart, f.end, `--${f.name} expects a duration such as 30s, 1m or 1m30s.`, Codes.flagBadValue);
  } else if (f.name === 'retries' && !/^\d+$/.test(value)) {
    ctx.push(ins, f.valueStart, f.end, '--retries expects a whole number.', Codes.flagBadValue);
  } else if (f.name === 'from' && ins.name === 'COPY') {
    checkStageRef(ctx, ins, value, f.valueStart, f.end, stageIndex, 'COPY --from');
  } else if (f.name === 'mount') {
    checkMount(ctx, ins, f, stageIndex);
  }
}
