// References to build stages, by name or index: COPY --from, a mount's from= and FROM <stage>.
// Podman matches stage names exactly (case-sensitive), unlike Docker's BuildKit.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { nearest } from '../data';
import type { Instruction } from '../parser';
import type { Stage } from '../semantics';
import { Codes, type CheckContext } from './report';

/** A stage reference in COPY --from (`what` = 'COPY --from') or a mount's from= ('mount from'). */
export function checkStageRef(
  ctx: CheckContext,
  ins: Instruction,
  value: string,
  start: number,
  end: number,
  stageIndex: number,
  what: string,
): void {
  if (value.includes('$')) return;
  if (/^\d+$/.test(value)) {
    checkStageIndex(ctx, ins, Number(value), start, end, stageIndex, what);
    return;
  }
  const stages = ctx.analysis.stages;
  const target = stages.find((s) => s.nameWord?.text === value);
  if (target) {
    if (target.index >= stageIndex) {
      ctx.push(
        ins,
        start,
        end,
        `${what}=${value} refers to a stage that is not defined before this one.`,
        Codes.stageForwardReference,
      );
    }
    return;
  }
  if (checkStageCase(ctx, ins, value, start, end, stages)) return;
  // Anything that looks like an image reference is pulled as an image.
  if (/[/:@.]/.test(value)) return;
  const earlier = stages.filter((s) => s.index < stageIndex && s.nameWord).map((s) => s.nameWord!.text);
  const close = value.length >= 3 ? nearest(value, earlier, 2) : undefined;
  if (close) {
    ctx.push(
      ins,
      start,
      end,
      `No stage named '${value}'; did you mean '${close}'? (Otherwise it is pulled as image '${value}'.)`,
      Codes.unknownStage,
      DiagnosticSeverity.Error,
      { replacement: close },
    );
  } else {
    ctx.push(
      ins,
      start,
      end,
      `No stage named '${value}' is defined before this line; it will be pulled as an image named '${value}'.`,
      Codes.unknownStage,
      DiagnosticSeverity.Warning,
    );
  }
}

function checkStageIndex(
  ctx: CheckContext,
  ins: Instruction,
  n: number,
  start: number,
  end: number,
  stageIndex: number,
  what: string,
): void {
  if (n < stageIndex) return;
  // Podman then reads the digits as the start of an image id: the build fails, or silently uses
  // whichever image's id starts with them. Not always a failure, so a warning.
  const where =
    n === stageIndex
      ? `${what}=${n} refers to the stage it is in`
      : `${what}=${n}: there is no earlier stage with index ${n} (this is stage ${stageIndex})`;
  ctx.push(
    ins,
    start,
    end,
    `${where}; Podman then looks for an image whose id starts with ${n}, and fails if there is none.`,
    Codes.stageIndexOutOfRange,
    DiagnosticSeverity.Warning,
  );
}

/**
 * Reports `value` when it names a stage only up to case (Podman then looks for an image and
 * fails); true when it did.
 */
export function checkStageCase(
  ctx: CheckContext,
  ins: Instruction,
  value: string,
  start: number,
  end: number,
  stages: readonly Stage[],
): boolean {
  const lower = value.toLowerCase();
  const folded = stages.find((s) => s.name === lower && s.from !== ins);
  if (!folded?.nameWord) return false;
  const name = folded.nameWord.text;
  ctx.push(
    ins,
    start,
    end,
    `Stage names are case-sensitive in Podman: the stage at line ${folded.from.startLine + 1} is named '${name}', so '${value}' is looked up as an image.`,
    Codes.unknownStage,
    DiagnosticSeverity.Error,
    { replacement: name },
  );
  return true;
}
