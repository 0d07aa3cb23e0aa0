// Random Quadlet folders for the differential fuzzer: units of every type with keys of the
// catalogue (values from values.ts), repeated keys, empty values that reset lists, continuation
// lines, drop-ins (NAME.type.d, truncated `foo-.type.d`, template `foo@.type.d`, top-level
// `type.d`), templates and instances, references between the folder's units, deprecated keys,
// keys of other unit types, and combinations the generator must refuse.
import {
  SECTIONS,
  TYPE_SECTION,
  UNIT_TYPES,
  type KeyInfo,
  type UnitType,
} from '../../../src/languages/quadlet/catalogue';
import type { Rng } from './random';
import { valueFor, type Siblings } from './values';

/** A file of the folder: its text, or a symbolic link to another file of the folder. */
export type FuzzFile = string | { link: string };

/** A folder the generator converts in one run; `units` are the unit files compared. */
export interface FuzzFolder {
  files: Map<string, FuzzFile>;
  units: string[];
}

const TYPE_WEIGHTS: [UnitType, number][] = [
  ['container', 34],
  ['volume', 12],
  ['network', 12],
  ['pod', 10],
  ['kube', 8],
  ['image', 9],
  ['build', 9],
  ['artifact', 6],
];

function pickType(rng: Rng): UnitType {
  let roll = rng.int(100);
  for (const [type, weight] of TYPE_WEIGHTS) if ((roll -= weight) < 0) return type;
  return 'container';
}

/** Unit names of the folder, by type: plain, dashed (truncated drop-ins) and templates with instances. */
function nameUnits(rng: Rng, count: number, prefix: string): { name: string; type: UnitType }[] {
  const out: { name: string; type: UnitType }[] = [];
  for (let index = 0; out.length < count; index++) {
    const type = pickType(rng);
    const stem = `${prefix}${index}`;
    const roll = rng.int(10);
    if (roll === 0) {
      out.push({ name: `${stem}@.${type}`, type });
      if (rng.chance(0.7)) out.push({ name: `${stem}@inst${index}.${type}`, type });
    } else if (roll < 3) out.push({ name: `app-${stem}-part.${type}`, type });
    else out.push({ name: `${stem}.${type}`, type });
  }
  return out.slice(0, count);
}

/** One `Key=value` line, sometimes continued over lines or preceded by a comment. */
function line(rng: Rng, key: string, value: string): string {
  const space = value.indexOf(' ', 1);
  const text =
    space > 0 && rng.chance(0.08)
      ? `${key}=${value.slice(0, space)} \\\n  ${value.slice(space + 1)}`
      : `${key}=${value}`;
  return rng.chance(0.03) ? `# a comment\n${text}` : text;
}

/** The lines of one section's keys, each key of `keys` with probability `density`. */
function sectionLines(rng: Rng, keys: KeyInfo[], density: number, siblings: Siblings): string[] {
  const out: string[] = [];
  for (const info of keys) {
    if (!rng.chance(density)) continue;
    if (info.repeatable) {
      if (rng.chance(0.1)) out.push(line(rng, info.key, valueFor(rng, info, siblings)), `${info.key}=`);
      for (let i = 1 + rng.int(3); i > 0; i--) out.push(line(rng, info.key, valueFor(rng, info, siblings)));
    } else {
      if (rng.chance(0.08)) out.push(line(rng, info.key, valueFor(rng, info, siblings))); // repeated: last wins
      out.push(line(rng, info.key, valueFor(rng, info, siblings)));
    }
  }
  return out;
}

/** Keys every unit of a type needs (so most units are accepted), unless `broken`. */
function mandatory(rng: Rng, type: UnitType, siblings: Siblings): string[] {
  const key = (section: string, name: string) => SECTIONS[section].find((info) => info.key === name)!;
  switch (type) {
    case 'container':
      return [`Image=${valueFor(rng, key('Container', 'Image'), siblings)}`];
    case 'image':
      return [`Image=${valueFor(rng, key('Image', 'Image'), siblings)}`];
    case 'artifact':
      return [`Artifact=${valueFor(rng, key('Artifact', 'Artifact'), siblings)}`];
    case 'kube':
      return [`Yaml=${valueFor(rng, key('Kube', 'Yaml'), siblings)}`];
    case 'build':
      return [
        `ImageTag=${valueFor(rng, key('Build', 'ImageTag'), siblings)}`,
        rng.chance(0.7) ? `File=${valueFor(rng, key('Build', 'File'), siblings)}` : 'SetWorkingDirectory=unit',
      ];
    default:
      return [];
  }
}

/** Combinations the generator refuses (or may refuse), one per call. */
const BROKEN: Partial<Record<UnitType, string[][]>> = {
  container: [
    ['Rootfs=/r', 'Image=alpine'],
    ['Image=alpine', 'Group=100'],
    ['Image=alpine', 'ReloadCmd=/bin/true', 'ReloadSignal=SIGHUP'],
    ['Image=alpine', 'RemapUid=0:1:1'],
    ['Image=alpine', 'RemapUsers=keep-id', 'UserNS=auto'],
    ['Image=alpine', 'RemapUsers=bogus'],
    ['Image=alpine', 'Pod=plain-name'],
    ['Image=alpine', 'Mount=type=volume,source=nothing-here.volume,destination=/x'],
    ['Image=alpine', 'Mount=type=bind,destination=/x'],
    ['Image=alpine', 'Mount=destination=/x'],
    ['Image=alpine', 'Yaml=x.yaml'],
    ['Image='],
    [],
  ],
  network: [['Gateway=10.0.0.1'], ['Subnet=10.0.0.0/24', 'IPRange=10.0.0.0/28', 'IPRange=10.0.0.16/28'], ['Image=x']],
  build: [['ImageTag=localhost/a'], ['File=Containerfile'], ['ImageTag=localhost/a', 'SetWorkingDirectory=file']],
  kube: [[], ['Yaml=a.yaml', 'Yaml=b.yaml', 'SetWorkingDirectory=yaml'], ['Yaml=a.yaml', 'SetWorkingDirectory=bogus']],
  image: [[], ['Image=']],
  artifact: [[]],
  volume: [['Driver=image'], ['Driver=image', 'Image=missing-1.image']],
  pod: [['Network=missing-9.network'], ['Volume=missing-9.volume:/x']],
};

/** The text of a unit: its own section, and now and then [Unit], [Service], [Install], [Quadlet]. */
function unitText(rng: Rng, type: UnitType, siblings: Siblings, allKeys: KeyInfo[]): string {
  const section = TYPE_SECTION[type];
  const broken = BROKEN[type] && rng.chance(0.06) ? rng.pick(BROKEN[type]!) : undefined;
  const own = [...(broken ?? mandatory(rng, type, siblings)), ...sectionLines(rng, SECTIONS[section], 0.1, siblings)];
  if (rng.chance(0.04)) {
    const foreign = rng.pick(allKeys.filter((info) => info.section !== section));
    own.push(`${foreign.key}=${valueFor(rng, foreign, siblings)}`);
  }
  const parts = [`[${section}]`, ...own];
  const extra = (name: string, density: number, chance: number) => {
    if (!rng.chance(chance)) return;
    const keys = SECTIONS[name].filter((info) => !info.refused || rng.chance(0.1));
    const lines = sectionLines(rng, keys, density, siblings);
    if (lines.length) parts.push('', `[${name}]`, ...lines);
  };
  extra('Unit', 0.15, 0.5);
  extra('Service', 0.08, 0.4);
  extra('Install', 0.3, 0.3);
  extra('Quadlet', 0.5, 0.15);
  return parts.join('\n') + '\n';
}

/** A drop-in of a few keys of the unit's own section (and sometimes [Unit]). */
function dropInText(rng: Rng, type: UnitType, siblings: Siblings): string {
  const section = TYPE_SECTION[type];
  const keys = SECTIONS[section].filter(
    (info) => !['Image', 'Yaml', 'Artifact', 'ImageTag', 'Rootfs'].includes(info.key),
  );
  const lines = sectionLines(rng, keys, 0.05, siblings);
  const unit = rng.chance(0.3) ? ['', '[Unit]', `Description=${rng.pick(['from drop-in', '"quoted"'])}`] : [];
  return [`[${section}]`, ...lines, ...unit].join('\n') + '\n';
}

/** Drop-in folders for a unit name: its own, truncated-name and template ones. */
function dropInDirs(name: string, type: UnitType): string[] {
  const stem = name.slice(0, -(type.length + 1));
  const dirs = [`${name}.d`];
  const dash = stem.indexOf('-');
  if (dash > 0) dirs.push(`${stem.slice(0, dash + 1)}.${type}.d`);
  const at = stem.indexOf('@');
  if (at > 0 && at < stem.length - 1) dirs.push(`${stem.slice(0, at + 1)}.${type}.d`);
  return dirs;
}

/** A folder of `count` units named with `prefix` (unique per folder). */
export function generateFolder(rng: Rng, count: number, prefix: string): FuzzFolder {
  const named = nameUnits(rng, count, prefix);
  const siblings = Object.fromEntries(UNIT_TYPES.map((type) => [type, [] as string[]])) as Siblings;
  for (const { name, type } of named) siblings[type].push(name);
  const allKeys = Object.values(SECTIONS).flat();
  const files = new Map<string, FuzzFile>();
  for (const { name, type } of named) {
    const template = name.replace(/@[^.]+\./, '@.');
    if (template !== name && files.has(template) && rng.chance(0.5)) files.set(name, { link: template });
    else files.set(name, unitText(rng, type, siblings, allKeys));
    if (rng.chance(0.12)) {
      const dir = rng.pick(dropInDirs(name, type));
      files.set(`${dir}/${rng.pick(['10-a', '20-b', '50-x'])}.conf`, dropInText(rng, type, siblings));
    }
  }
  if (rng.chance(0.2)) {
    const type = pickType(rng);
    files.set(`${type}.d/00-top.conf`, `[Unit]\nDescription=top-level drop-in\n`);
  }
  return { files, units: named.map(({ name }) => name) };
}
