// Steps of every unit type's generation: the keys the version refuses, the sections copied into
// the service, and the [Unit] dependencies the generator adds or rewrites.
import { keyInfo } from '../catalogue';
import { compareVersions } from '../../../podman/version';
import { lookupAll, lookupLast, mergedEntries, unitTypeOfName, type UnitModel } from '../files';
import { parseBool } from '../values';
import { GeneratorError, type GenContext, type ServiceFile } from './context';
import { serviceNameOf } from './names';
import { UNIT_DEPENDENCY_KEYS } from '../references';
import { loadReferencedUnit } from './refs';
import { splitStrv } from './words';
import { translatesUnitDependencies } from '../rules';

/** Why a key of `section` is refused by the generator of `version`, or undefined when it is accepted. */
function refusedKey(section: string, key: string, version: string): string | undefined {
  const info = keyInfo(section, key);
  const tooNew = !!info?.since && compareVersions(version, info.since) < 0;
  // Quadlet's own [Quadlet] section has no removed keys.
  const removed = section !== 'Quadlet' && !!info?.removedIn && compareVersions(version, info.removedIn) >= 0;
  return !info || tooNew || removed ? `unsupported key '${key}' in group '${section}'` : undefined;
}

/** Rejects keys and sections the chosen Podman version does not know, like the generator does. */
export function checkSupported(context: GenContext) {
  for (const section of [context.section, 'Quadlet']) {
    for (const entry of mergedEntries(context.model, section)) {
      const refusal = refusedKey(section, entry.key, context.version);
      if (refusal) throw new GeneratorError(`${refusal} in ${context.model.path}`, entry);
    }
  }
}

/** Whether the generator of `version` refuses one of the keys of `model`'s `section` or [Quadlet]. */
export function hasUnsupportedKey(model: UnitModel, section: string, version: string): boolean {
  return [section, 'Quadlet'].some((name) =>
    mergedEntries(model, name).some((entry) => refusedKey(name, entry.key, version)),
  );
}

/** Copies the unit's sections, renaming Quadlet's own to X-Name, keeping drop-in additions. */
export function copySections(context: GenContext, out: ServiceFile) {
  const own = context.section;
  for (const file of [context.model.main, ...context.model.dropIns]) {
    for (const section of file.ast.sections) {
      const name = section.name === own || section.name === 'Quadlet' ? `X-${section.name}` : section.name;
      const target = out.get(name);
      for (const entry of section.entries) target.lines.push([entry.key, entry.value]);
    }
  }
}

/** Wait-for-network dependencies: Podman 5.3 (estimated) on, unless DefaultDependencies=false. */
export function addDefaultDeps(context: GenContext, out: ServiceFile) {
  if (!context.atLeast('5.3')) return;
  const entry = lookupLast(context.model, 'Quadlet', 'DefaultDependencies');
  if (entry && parseBool(entry.value) === false) return;
  const target = context.user ? 'podman-user-wait-network-online.service' : 'network-online.target';
  out.prepend('Unit', 'After', target);
  out.prepend('Unit', 'Wants', target);
}

/**
 * Rewrites [Unit] dependencies naming Quadlet files into service names (5.5 on, estimated): a
 * key whose words (split like LookupAllStrv, after the last reset) name a Quadlet file becomes one
 * line of all its words, translated (measured on 5.8.6); other keys stay as written.
 */
export async function translateUnitDeps(context: GenContext, out: ServiceFile) {
  if (!translatesUnitDependencies(context.version)) return;
  const unit = out.get('Unit');
  for (const key of UNIT_DEPENDENCY_KEYS) {
    const words = lookupAll(context.model, 'Unit', key).flatMap((entry) => splitStrv(entry.value));
    if (!words.some((word) => unitTypeOfName(word))) continue;
    const mapped: string[] = [];
    for (const word of words) {
      if (!unitTypeOfName(word)) {
        mapped.push(word);
        continue;
      }
      const model = word === context.model.name ? context.model : await loadReferencedUnit(context, word);
      // 5.5 on (measured on 5.8.6) a Quadlet file that cannot be found fails the unit.
      if (!model) throw new GeneratorError(`unable to translate dependency for ${word}`, undefined, 0);
      mapped.push(`${serviceNameOf(model, context.version)}.service`);
    }
    unit.lines = unit.lines.filter(([name]) => name !== key);
    out.add('Unit', key, mapped.join(' '));
  }
}
