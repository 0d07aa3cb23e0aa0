// What the Quadlet generator refuses in a unit beyond single keys and values: the rules over a
// merged unit that both the preview (which fails like the generator) and the checks (which
// report them as diagnostics) apply, written once here.
import { compareVersions } from '../../podman/version';
import { lookupAll, lookupLast, type UnitModel } from './files';
import type { UnitEntry } from './parser';

/** Reads a unit's own section (drop-ins merged) for one Podman version. */
export interface UnitReader {
  readonly model: UnitModel;
  readonly version: string;
  last(key: string): UnitEntry | undefined;
  all(key: string): UnitEntry[];
}

/** A reader of `model`'s own section `section`. */
export function unitReader(model: UnitModel, section: string, version: string): UnitReader {
  return {
    model,
    version,
    last: (key) => lookupLast(model, section, key),
    all: (key) => lookupAll(model, section, key),
  };
}

const valueOf = (unit: UnitReader, key: string) => unit.last(key)?.value ?? '';
const serviceWorkingDirectory = (unit: UnitReader) => lookupLast(unit.model, 'Service', 'WorkingDirectory')?.value;

/** [Container]: neither Image= nor Rootfs=. */
export function containerLacksImage(unit: UnitReader): boolean {
  return !valueOf(unit, 'Image') && !valueOf(unit, 'Rootfs');
}

/** [Container]: the Rootfs= set along with Image=. */
export function rootfsWithImage(unit: UnitReader): UnitEntry | undefined {
  return valueOf(unit, 'Image') && valueOf(unit, 'Rootfs') ? unit.last('Rootfs') : undefined;
}

/** [Container]: the Group= set without User=. */
export function groupWithoutUser(unit: UnitReader): UnitEntry | undefined {
  return valueOf(unit, 'Group') && !valueOf(unit, 'User') ? unit.last('Group') : undefined;
}

/** [Container]: the ReloadSignal= set along with ReloadCmd=. */
export function reloadSignalWithCommand(unit: UnitReader): UnitEntry | undefined {
  return valueOf(unit, 'ReloadCmd') && valueOf(unit, 'ReloadSignal') ? unit.last('ReloadSignal') : undefined;
}

/** [Container]: an explicit id mapping key combined with the deprecated RemapUsers= family. */
export function remapWithExplicitMapping(unit: UnitReader): { remap: UnitEntry; explicit: UnitEntry } | undefined {
  const uids = unit.all('RemapUid');
  const gids = unit.all('RemapGid');
  const remap =
    ['RemapUsers', 'RemapUid', 'RemapGid', 'RemapUidSize'].map((key) => unit.last(key)).find((entry) => entry?.value) ??
    uids[0] ??
    gids[0];
  const explicit = ['UserNS', 'UIDMap', 'GIDMap', 'SubUIDMap', 'SubGIDMap']
    .map((key) => unit.last(key))
    .find((entry) => entry?.value);
  return remap && explicit ? { remap, explicit } : undefined;
}

/** [Container]: the RemapUid= (or RemapGid=) set without RemapUsers=. */
export function remapIdsWithoutMode(unit: UnitReader): UnitEntry | undefined {
  if (valueOf(unit, 'RemapUsers')) return undefined;
  return unit.all('RemapUid')[0] ?? unit.all('RemapGid')[0];
}

/** [Kube]: the Yaml= files played; several from 5.7 on (estimated), before only the last one. */
export function kubeYamls(unit: UnitReader): UnitEntry[] {
  const yamls = unit.all('Yaml');
  return compareVersions(unit.version, '5.7') >= 0 ? yamls : yamls.slice(-1);
}

/** [Kube]: SetWorkingDirectory=yaml with several Yaml= played (and no [Service] WorkingDirectory=). */
export function yamlWorkdirWithSeveralYamls(unit: UnitReader): UnitEntry | undefined {
  const workdir = unit.last('SetWorkingDirectory');
  if (workdir?.value !== 'yaml' || serviceWorkingDirectory(unit)) return undefined;
  return kubeYamls(unit).length > 1 ? workdir : undefined;
}

/** [Build]: no File=, SetWorkingDirectory= or [Service] WorkingDirectory= to build from. */
export function buildLacksContext(unit: UnitReader): boolean {
  return !valueOf(unit, 'File') && !valueOf(unit, 'SetWorkingDirectory') && !serviceWorkingDirectory(unit);
}

/** [Build]: SetWorkingDirectory=file without File= (and no [Service] WorkingDirectory=). */
export function fileWorkdirWithoutFile(unit: UnitReader): UnitEntry | undefined {
  const workdir = unit.last('SetWorkingDirectory');
  if (workdir?.value !== 'file' || serviceWorkingDirectory(unit)) return undefined;
  return valueOf(unit, 'File') ? undefined : workdir;
}

/** [Network]: the first Gateway= and the first IPRange= beyond the number of Subnet= keys. */
export function gatewaysAndRangesWithoutSubnet(unit: UnitReader): UnitEntry[] {
  const subnets = unit.all('Subnet').length;
  return [unit.all('Gateway')[subnets], unit.all('IPRange')[subnets]].filter((entry) => entry !== undefined);
}
