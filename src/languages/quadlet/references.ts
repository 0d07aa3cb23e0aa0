// Unit references inside entry values (`Network=db.network`, `Volume=data.volume:/d`,
// `Mount=type=volume,source=x.volume`, [Unit] dependencies): where each one is, and which unit
// types it may name. Used by the checks (unresolved references) and by navigation.
import { keyInfo, type UnitType } from './catalogue';
import { unitTypeOfName } from './files';
import type { UnitEntry } from './parser';

export interface Ref {
  name: string;
  /** Character offset of the name inside the entry's value. */
  at: number;
  types: UnitType[];
}

/**
 * [Unit] keys whose values name other units, in the order the generator translates them (5.5 on):
 * its `unitDependencyKeys` slice in pkg/systemd/quadlet/quadlet.go, walked by
 * translateUnitDependencies, which fails on the first Quadlet file it cannot find. The order is
 * fixed (a slice, not a map): 20 runs of the 5.8.6 generator on one unit name the same file.
 */
export const UNIT_DEPENDENCY_KEYS = [
  'After',
  'Before',
  'BindsTo',
  'Conflicts',
  'OnFailure',
  'OnSuccess',
  'PartOf',
  'PropagatesReloadTo',
  'PropagatesStopTo',
  'ReloadPropagatedFrom',
  'Requires',
  'Requisite',
  'StopPropagatedFrom',
  'Upholds',
  'Wants',
];

/** The type of `name` when it is one of `allowed`, as a one-element list (else empty). */
function ofType(name: string, allowed: readonly UnitType[]): UnitType[] {
  const type = unitTypeOfName(name);
  return type && allowed.includes(type) ? [type] : [];
}

/** Every word of a [Unit] dependency value that names a Quadlet unit. */
function dependencyRefs(value: string): Ref[] {
  const refs: Ref[] = [];
  const word = /\S+/g;
  for (let match = word.exec(value); match; match = word.exec(value)) {
    const type = unitTypeOfName(match[0]);
    if (type) refs.push({ name: match[0], at: match.index, types: [type] });
  }
  return refs;
}

/** Unit references inside an entry's value (empty when the key takes none). */
export function referencesIn(section: string, entry: UnitEntry): Ref[] {
  const { key, value } = entry;
  if (section === 'Unit' && UNIT_DEPENDENCY_KEYS.includes(key)) return dependencyRefs(value);
  let allowed = keyInfo(section, key)?.refs;
  if (!allowed) return [];
  let name = value;
  let at = 0;
  if (key === 'Mount') {
    const source = /(?:^|,)(?:source|src)=([^,]+)/.exec(value);
    if (!source) return [];
    name = source[1];
    at = source.index + source[0].indexOf('=') + 1;
  } else if (key === 'Volume') {
    // Only a SOURCE:DEST value names a volume unit.
    if (!value.includes(':')) return [];
    name = value.split(':')[0];
    allowed = ['volume'];
  } else if (key === 'Network') name = value.split(':')[0];
  const types = ofType(name, allowed);
  return types.length ? [{ name, at, types }] : [];
}
