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

/** The generator's processing order of unit types (its SupportedExtensions): lower ones are converted first. */
export const CONVERSION_ORDER: Partial<Record<UnitModel['type'], number>> = {
  image: 1,
  volume: 2,
  network: 2,
  build: 3,
  container: 4,
  kube: 4,
  pod: 5,
};

/**
 * Whether a unit another one references has no name when the referring unit (of type `referrer`)
 * is converted. The generator converts unit types in CONVERSION_ORDER, so a referenced unit of an
 * earlier type that fails for any reason, its own references included (5.8.6: "unable to
 * translate dependency" in a network's [Unit]), never gets its name; one refused before naming
 * (the table's unit refusals) has none whatever the order. `options` are those of the referring
 * unit's generation (files, siblings, search folders, version). The preview and the checks both ask.
 */
export async function referencedUnitUnnamed(
  unit: UnitModel,
  referrer: UnitModel['type'],
  options: GenerateOptions,
): Promise<boolean> {
  if (unitRefused(unit, options.podmanVersion || LATEST_MODELLED_VERSION)) return true;
  const [before, self] = [CONVERSION_ORDER[unit.type], CONVERSION_ORDER[referrer]];
  if (before === undefined || self === undefined || before >= self) return false;
  return !(await generateService(unit, options)).ok;
}
