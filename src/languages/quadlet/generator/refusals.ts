// The generator's refusals of the shared table (../rules.ts REFUSALS) as preview errors: the
// first that applies fails the generation with the generator's message. Also whether a unit
// another one references is refused before it gets a name (the checks ask the same question).
import type { FileAccess } from '../../types';
import type { UnitModel } from '../files';
import { gatewaysAndRangesWithoutSubnet, refusalsOf } from '../rules';
import { checkSupported } from './common';
import {
  GenContext,
  GeneratorError,
  LATEST_MODELLED_VERSION,
  type GenContext as Context,
  type GenerateOptions,
} from './context';
import { generateService } from './index';

/** Throws the first refusal of the table (or of its rows with `codes`) that applies to the unit being generated. */
export function applyRefusals(context: Context, codes?: string[]) {
  const [first] = refusalsOf(context).filter(({ refusal }) => !codes || codes.includes(refusal.code));
  if (first) {
    throw new GeneratorError(first.refusal.generator(first.entry, context.version), first.entry, context.sectionLine());
  }
}

const noFiles: FileAccess = {
  readFile: async () => undefined,
  readDir: async () => [],
  exists: async () => false,
};

/**
 * Whether the generator refuses a referenced unit before naming it (its keys, the shared
 * refusals, a network's subnets): a unit using it is then refused with "cannot get the
 * resource name of NAME" (measured for .network units on 5.4.2 and 5.8.6).
 */
export function unitRefused(model: UnitModel, version: string): boolean {
  const context = new GenContext(model, { files: noFiles, podmanVersion: version });
  try {
    checkSupported(context);
    applyRefusals(context);
  } catch (err) {
    if (err instanceof GeneratorError) return true;
    throw err;
  }
  if (model.type === 'image') return !context.last('Image')?.value;
  return model.type === 'network' && gatewaysAndRangesWithoutSubnet(context).length > 0;
}

/**
 * Whether the generator refuses a unit another one references, seeing the folder like the
 * generator: it converts every unit (images, then volumes and networks, then builds, then
 * containers and kubes, then pods) before the units that name them, so a referenced unit that
 * fails for any reason, its own references included (5.8.6: "unable to translate dependency"
 * in a network's [Unit]), never gets its name. `options` are those of the referencing unit's
 * generation (files, siblings, search folders, version).
 */
export async function referencedUnitRefused(model: UnitModel, options: GenerateOptions): Promise<boolean> {
  if (unitRefused(model, options.podmanVersion || LATEST_MODELLED_VERSION)) return true;
  return !(await generateService(model, options)).ok;
}
