// Variable references ($NAME, ${NAME}) the builder itself expands: each must be defined by an
// ARG or ENV before it, or by the builder.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { findVariables, type Instruction } from '../parser';
import type { Scope } from '../semantics';
import { Codes, type CheckContext } from './report';

/** Reports the undefined variables between logical offsets `from` and `to` of `ins`. */
export function checkVariables(
  ctx: CheckContext,
  ins: Instruction,
  from: number,
  to: number,
  scope: Scope,
  isFrom: boolean,
): void {
  for (const ref of findVariables(ins.logical, from, to, ctx.escape)) {
    if (ref.hasDefault || scope.has(ref.name)) continue;
    const end = ref.nameEnd + (ins.logical[ref.start + 1] === '{' && ins.logical[ref.nameEnd] === '}' ? 1 : 0);
    const message =
      !isFrom && ctx.globalArgs.has(ref.name)
        ? `'${ref.name}' is a global ARG (declared before the first FROM); repeat 'ARG ${ref.name}' inside this stage to use it here.`
        : `'${ref.name}' is not defined ${isFrom ? 'by an ARG before the first FROM' : 'by an ARG or ENV earlier in this stage'}; it expands to an empty string unless the base image sets it.`;
    ctx.push(ins, ref.start, end, message, Codes.undefinedVariable, DiagnosticSeverity.Warning);
  }
}
