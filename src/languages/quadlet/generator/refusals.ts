// The generator's refusals of the shared table (../rules.ts REFUSALS) as preview errors: the
// first that applies fails the generation with the generator's message.
import { refusalsOf } from '../rules';
import { GeneratorError, type GenContext } from './context';

/** Throws the first refusal of the table that applies to the unit being generated. */
export function applyRefusals(context: GenContext) {
  const [first] = refusalsOf(context);
  if (first) {
    throw new GeneratorError(first.refusal.generator(first.entry, context.version), first.entry, context.sectionLine());
  }
}
