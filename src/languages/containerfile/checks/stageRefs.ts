// References to earlier build stages, by name or index: COPY --from and a mount's from=.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { nearest } from '../data';
import type { Instruction } from '../parser';
import { Codes, type CheckContext } from './report';

/** A stage reference in COPY --from or a mount's from=. */
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
  const stages = ctx.analysis.stages;
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    if (n >= stageIndex) {
      ctx.push(
        ins,
        start,
        end,
        n === stageIndex
          ? `${what}=${value} refers to the stage it is in.`
          : `${what}=${value}: there is no earlier stage with index ${value} (this is stage ${stageIndex}).`,
        Codes.stageIndexOutOfRange,
      );
    }
    return;
  }
  const lower = value.toLowerCase();
  const target = stages.find((s) => s.name === lower);
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
  // Anything that looks like an image reference is pulled as an image.
  if (/[/:@.]/.test(value)) return;
  const earlier = stages.filter((s) => s.index < stageIndex && s.name).map((s) => s.name!);
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
