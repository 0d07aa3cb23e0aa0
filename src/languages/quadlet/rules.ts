// What the Quadlet generator refuses in a unit beyond single keys and values: the rules over a
// merged unit that both the preview (which fails like the generator) and the checks (which
// report them as diagnostics) apply, written once here.
import { compareVersions } from '../../podman/version';
import { lookupAll, lookupLast, type UnitModel } from './files';
import { mountError } from './generator/mounts';
import { splitStrv, splitWords } from './generator/words';
import type { UnitEntry } from './parser';

/** Reads a unit's own section (drop-ins merged) for one Podman version. */
export interface UnitReader {
  readonly model: UnitModel;
  readonly version: string;
  /** The last entry of a key, its value read like the generator's Lookup (lookupValue). */
  last(key: string): UnitEntry | undefined;
  all(key: string): UnitEntry[];
}

/**
 * A single-valued key's value as the generator's Lookup reads it: trailing blanks dropped, and
 * quotes around it: 5.4.2 trims every `"` at both ends (strings.Trim), 5.8.6 one pair of quotes
 * around the whole value (measured on both; the change is estimated at 5.5).
 */
export function lookupValue(value: string, version: string): string {
  const trimmed = value.replace(/\s+$/, '');
  if (compareVersions(version, '5.5') < 0) return trimmed.replace(/^"+|"+$/g, '');
  const quoted = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"');
  return quoted ? trimmed.slice(1, -1) : trimmed;
}

/** The last entry of `key` in `model`'s `section`, its value read like the generator's Lookup. */
export function lookupEntry(model: UnitModel, section: string, key: string, version: string): UnitEntry | undefined {
  const entry = lookupLast(model, section, key);
  return entry && { ...entry, value: lookupValue(entry.value, version) };
}

/** A reader of `model`'s own section `section`. */
export function unitReader(model: UnitModel, section: string, version: string): UnitReader {
  return {
    model,
    version,
    last: (key) => lookupEntry(model, section, key, version),
    all: (key) => lookupAll(model, section, key),
  };
}

const valueOf = (unit: UnitReader, key: string) => unit.last(key)?.value ?? '';
const serviceWorkingDirectory = (unit: UnitReader) => lookupLast(unit.model, 'Service', 'WorkingDirectory')?.value;

/**
 * Whether the generator of `version` rewrites [Unit] dependencies naming Quadlet files into
 * service names, and so refuses a unit whose dependency names a file it cannot find (5.5 on,
 * estimated; measured: 5.4.2 leaves them, 5.8.6 refuses "unable to translate dependency").
 */
export function translatesUnitDependencies(version: string): boolean {
  return compareVersions(version, '5.5') >= 0;
}

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

/**
 * [Container]: the ReloadSignal= set along with a ReloadCmd= that has words. ReloadCmd= is read
 * like LookupLastArgs: a last value the parser refuses (`echo \$x`, an unknown escape) or
 * without words counts as unset (measured on 5.8.6).
 */
export function reloadSignalWithCommand(unit: UnitReader): UnitEntry | undefined {
  const command = splitWords(lookupLast(unit.model, 'Container', 'ReloadCmd')?.value ?? '');
  return command.length && valueOf(unit, 'ReloadSignal') ? unit.last('ReloadSignal') : undefined;
}

/**
 * [Container], [Pod], [Kube]: an explicit id mapping (UserNS=, SubUIDMap=, SubGIDMap= with a value,
 * or UIDMap=/GIDMap= words left after the last reset) along with any RemapUid=, RemapGid= or
 * RemapUsers= line, even empty ones (the generator only asks whether the key is there; it ignores
 * RemapUidSize= here). Measured on 5.4.2 and 5.8.6.
 */
export function remapWithExplicitMapping(unit: UnitReader): { remap: UnitEntry; explicit: UnitEntry } | undefined {
  const explicit =
    ['UserNS', 'SubUIDMap', 'SubGIDMap'].map((key) => unit.last(key)).find((entry) => entry?.value) ??
    ['UIDMap', 'GIDMap']
      .map((key) => unit.all(key).filter((entry) => splitStrv(entry.value).length > 0))
      .find((entries) => entries.length > 0)?.[0];
  if (!explicit) return undefined;
  const remap = ['RemapUsers', 'RemapUid', 'RemapGid'].map((key) => unit.last(key)).find((entry) => entry);
  return remap ? { remap, explicit } : undefined;
}

/** The entry holding the `index`th word (0-based) of a list key split like LookupAllStrv. */
export function entryOfStrvWord(unit: UnitReader, key: string, index: number): UnitEntry | undefined {
  let seen = 0;
  for (const entry of unit.all(key)) {
    seen += splitStrv(entry.value).length;
    if (seen > index) return entry;
  }
  return undefined;
}

/** [Container]: the RemapUid= (or RemapGid=) set without RemapUsers=. */
export function remapIdsWithoutMode(unit: UnitReader): UnitEntry | undefined {
  if (valueOf(unit, 'RemapUsers')) return undefined;
  return entryOfStrvWord(unit, 'RemapUid', 0) ?? entryOfStrvWord(unit, 'RemapGid', 0);
}

/** [Kube]: the Yaml= files played; several from 5.7 on (estimated), before only the last one. */
export function kubeYamls(unit: UnitReader): UnitEntry[] {
  const yamls = unit.all('Yaml');
  return compareVersions(unit.version, '5.7') >= 0 ? yamls : yamls.slice(-1);
}

/** [Kube]: SetWorkingDirectory=yaml with several Yaml= played (and no [Service] WorkingDirectory=). */
export function yamlWorkdirWithSeveralYamls(unit: UnitReader): UnitEntry | undefined {
  const workdir = unit.last('SetWorkingDirectory');
  if (workdir?.value.toLowerCase() !== 'yaml' || serviceWorkingDirectory(unit)) return undefined;
  return kubeYamls(unit).length > 1 ? workdir : undefined;
}

/**
 * [Build]: no File=, context or [Service] WorkingDirectory= to build from. SetWorkingDirectory=file
 * with an empty File= gives none either (measured on 5.4.2 and 5.8.6).
 */
export function buildLacksContext(unit: UnitReader): boolean {
  const workdir = valueOf(unit, 'SetWorkingDirectory').toLowerCase();
  return !valueOf(unit, 'File') && !serviceWorkingDirectory(unit) && (!workdir || workdir === 'file');
}

/**
 * [Build]: SetWorkingDirectory=file without a File= line; an empty File= counts as one, and a
 * [Service] WorkingDirectory= does not help (measured on 5.4.2 and 5.8.6).
 */
export function fileWorkdirWithoutFile(unit: UnitReader): UnitEntry | undefined {
  const workdir = unit.last('SetWorkingDirectory');
  if (workdir?.value.toLowerCase() !== 'file') return undefined;
  return unit.last('File') ? undefined : workdir;
}

/** [Network]: the first Gateway= and the first IPRange= beyond the number of Subnet= keys. */
export function gatewaysAndRangesWithoutSubnet(unit: UnitReader): UnitEntry[] {
  const subnets = unit.all('Subnet').length;
  return [unit.all('Gateway')[subnets], unit.all('IPRange')[subnets]].filter((entry) => entry !== undefined);
}

/**
 * A refusal of the generator as one row: the unit types it applies to, the entry it is about
 * (or true for the unit as a whole) when the generator refuses, the generator's own message, and
 * the checks' diagnostic. The preview (generator/refusals.ts) and the checks (unitChecks.ts) both
 * walk this table, so they cannot disagree on these refusals.
 */
export interface Refusal {
  readonly code: string;
  readonly types: readonly string[];
  /** The offending entry, `true` when the whole unit is at fault, undefined when accepted. */
  readonly find: (unit: UnitReader) => UnitEntry | true | undefined;
  /** The generator's message (its wording) for a Podman version. */
  readonly generator: (entry: UnitEntry | undefined, version: string) => string;
  /** The checks' diagnostic message. */
  readonly check: (entry: UnitEntry | undefined) => string;
}

/** The generator's URL test (its regexp as written: any value starting with `http`, or `git://`, or containing `github.com/` before something). */
export const isUrl = (value: string) => /^((https?)|(git):\/\/)|(github\.com\/).+$/.test(value);

/** [Build]: a relative File= with no context to resolve it against (5.8 on: `%` specifiers count as absolute, measured). */
function relativeBuildFile(unit: UnitReader): UnitEntry | undefined {
  const file = unit.last('File');
  if (!file?.value || file.value.startsWith('/') || isUrl(file.value)) return undefined;
  if (file.value.startsWith('%') && compareVersions(unit.version, '5.8') >= 0) return undefined;
  return valueOf(unit, 'SetWorkingDirectory') || serviceWorkingDirectory(unit) ? undefined : file;
}

/** [Service] keys of a container or kube service the generator restricts, with the values it allows. */
function serviceValueOutside(unit: UnitReader, key: string, allowed: string[]): UnitEntry | undefined {
  const entry = lookupLast(unit.model, 'Service', key);
  return entry && !allowed.includes(entry.value) ? entry : undefined;
}

/** [Volume]: a mount option key set without Device=. */
const withoutDevice = (key: string) => (unit: UnitReader) =>
  valueOf(unit, key) && !valueOf(unit, 'Device') && valueOf(unit, 'Driver') !== 'image' ? unit.last(key) : undefined;

export const REFUSALS: readonly Refusal[] = [
  {
    code: 'quadlet.volume-image-missing',
    types: ['volume'],
    // The key missing, not an empty value (measured on 5.4.2 and 5.8.6: Image= gives `image=`).
    find: (unit) => (valueOf(unit, 'Driver') === 'image' && !unit.last('Image') ? unit.last('Driver') : undefined),
    generator: () => 'the key Image is mandatory when using the image driver',
    check: () => 'Driver=image needs Image=.',
  },
  {
    code: 'quadlet.relative-build-file',
    types: ['build'],
    find: relativeBuildFile,
    generator: () => 'relative path in File key requires SetWorkingDirectory key to be set',
    check: () => 'A relative File= needs SetWorkingDirectory= (or [Service] WorkingDirectory=) to resolve it.',
  },
  {
    code: 'quadlet.service-type',
    types: ['container', 'kube'],
    find: (unit) => serviceValueOutside(unit, 'Type', ['notify', 'oneshot']),
    generator: (entry) => `invalid service Type '${entry?.value}'`,
    check: () => 'The generator only accepts Type=notify (its default) or Type=oneshot here.',
  },
  {
    code: 'quadlet.kill-mode',
    types: ['container', 'kube'],
    find: (unit) => serviceValueOutside(unit, 'KillMode', ['mixed', 'control-group']),
    generator: (entry) => `invalid KillMode '${entry?.value}'`,
    check: () => 'The generator only accepts KillMode=mixed (its default) or KillMode=control-group here.',
  },
  ...['Type', 'Options'].map((key): Refusal => ({
    code: 'quadlet.volume-without-device',
    types: ['volume'],
    find: withoutDevice(key),
    generator: () => `key ${key} can't be used without Device`,
    check: () => `${key}= is a mount option of Device=; the generator rejects it without Device=.`,
  })),
  ...(['Uid', 'Gid'] as const).map((id): Refusal => ({
    code: 'quadlet.remap-conflict',
    types: ['container', 'pod', 'kube'],
    find: (unit) => (valueOf(unit, 'RemapUsers') === 'keep-id' ? entryOfStrvWord(unit, `Remap${id}`, 1) : undefined),
    generator: () => `RemapUsers=keep-id supports only a single value for ${id.toUpperCase()} mapping`,
    check: () => `RemapUsers=keep-id takes a single Remap${id}=.`,
  })),
  {
    code: 'quadlet.remap-conflict',
    types: ['kube'],
    // Only when no explicit mapping is set: that conflict is reported first.
    find: (unit) => {
      const mode = lookupLast(unit.model, 'Kube', 'RemapUsers');
      return mode?.value === 'manual' && !remapWithExplicitMapping(unit) ? mode : undefined;
    },
    generator: () => 'RemapUsers=manual is not supported',
    check: () => 'A .kube unit does not take RemapUsers=manual; use auto or keep-id.',
  },
  {
    code: 'quadlet.mount-without-source',
    types: ['container'],
    find: (unit) => unit.all('Mount').find((entry) => mountError(entry.value, unit.version)),
    generator: (entry, version) => mountError(entry?.value ?? '', version) ?? '',
    check: () =>
      'The generator refuses this Mount=: a malformed list of fields, or a mount type that needs source= (or src=).',
  },
];

/** The refusals of the table that apply to a unit, in table order. */
export function refusalsOf(unit: UnitReader): { refusal: Refusal; entry: UnitEntry | undefined }[] {
  return REFUSALS.filter((refusal) => refusal.types.includes(unit.model.type)).flatMap((refusal) => {
    const found = refusal.find(unit);
    return found === undefined ? [] : [{ refusal, entry: found === true ? undefined : found }];
  });
}
