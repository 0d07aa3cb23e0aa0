// What the Quadlet generator refuses in a unit beyond single keys and values: the rules over a
// merged unit that both the preview (which fails like the generator) and the checks (which
// report them as diagnostics) apply, written once here.
import { compareVersions } from '../../podman/version';
import { lookupAll, lookupLast, type UnitModel } from './files';
import { splitWords } from './generator/words';
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

/** [Container]: the ReloadSignal= set along with ReloadCmd=. */
export function reloadSignalWithCommand(unit: UnitReader): UnitEntry | undefined {
  return valueOf(unit, 'ReloadCmd') && valueOf(unit, 'ReloadSignal') ? unit.last('ReloadSignal') : undefined;
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
      .map((key) => unit.all(key).filter((entry) => splitWords(entry.value).length > 0))
      .find((entries) => entries.length > 0)?.[0];
  if (!explicit) return undefined;
  const remap = ['RemapUsers', 'RemapUid', 'RemapGid'].map((key) => unit.last(key)).find((entry) => entry);
  return remap ? { remap, explicit } : undefined;
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

const MOUNT_FORMAT =
  'incorrect mount format: should be --mount type=<bind|glob|tmpfs|volume>,[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]';

/** [Container]: the first Mount= of a type that needs a source but has none (5.8.6 says so; 5.4.2 crashes on it). */
function mountWithoutSource(unit: UnitReader): UnitEntry | undefined {
  return unit.all('Mount').find((entry) => {
    const fields = entry.value.replace(/"/g, '').split(',');
    const type = fields.find((field) => field.startsWith('type='))?.slice(5);
    if (type === 'tmpfs' || type === 'devpts' || type === 'ramfs') return false;
    return !fields.some((field) => /^(source|src)=./.test(field));
  });
}

const isUrl = (value: string) => /^(https?|git):\/\//.test(value) || value.startsWith('github.com/');

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
  valueOf(unit, key) && !valueOf(unit, 'Device') ? unit.last(key) : undefined;

export const REFUSALS: readonly Refusal[] = [
  {
    code: 'quadlet.volume-image-missing',
    types: ['volume'],
    find: (unit) => (valueOf(unit, 'Driver') === 'image' && !valueOf(unit, 'Image') ? unit.last('Driver') : undefined),
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
    types: ['container'],
    find: (unit) => (valueOf(unit, 'RemapUsers') === 'keep-id' ? unit.all(`Remap${id}`)[1] : undefined),
    generator: () => `RemapUsers=keep-id supports only a single value for ${id.toUpperCase()} mapping`,
    check: () => `RemapUsers=keep-id takes a single Remap${id}=.`,
  })),
  {
    code: 'quadlet.mount-without-source',
    types: ['container'],
    find: mountWithoutSource,
    generator: (entry, version) => {
      if (compareVersions(version, '5.5') >= 0) return 'source cannot be empty';
      if (!/(^|,)type=/.test(entry?.value ?? '')) return MOUNT_FORMAT;
      return 'the Podman 5.4 generator crashes (Go panic) on a Mount= without source';
    },
    check: () => 'This mount type needs source= (or src=).',
  },
];

/** The refusals of the table that apply to a unit, in table order. */
export function refusalsOf(unit: UnitReader): { refusal: Refusal; entry: UnitEntry | undefined }[] {
  return REFUSALS.filter((refusal) => refusal.types.includes(unit.model.type)).flatMap((refusal) => {
    const found = refusal.find(unit);
    return found === undefined ? [] : [{ refusal, entry: found === true ? undefined : found }];
  });
}
