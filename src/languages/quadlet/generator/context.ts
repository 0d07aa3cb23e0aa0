// What every unit type's translation shares: the error the generator reports, the service file
// being written, and the context of one generation (the unit, the Podman version, file access)
// with its readers for the unit's own section.
import { posix } from 'node:path';
import type { FileAccess } from '../../types';
import { TYPE_SECTION } from '../catalogue';
import { compareVersions } from '../../../podman/version';
import { lookupAll, lookupLast, type UnitModel } from '../files';
import type { UnitEntry } from '../parser';
import { parseBool } from '../values';
import { lookupEntry } from '../rules';
import { keyValueWords, splitValue, splitWords, type SplitMode } from './words';

/** The newest release this preview models; used when no version is given. */
export const LATEST_MODELLED_VERSION = '6.0';

/** Generators whose behaviour was measured by differential testing (test/fuzz/quadlet). */
export const MEASURED_GENERATORS = ['5.4.2', '5.8.6'] as const;

/** Which generator behaviour a preview for `version` follows, in words. */
export function generatorBehaviour(version: string = LATEST_MODELLED_VERSION): string {
  const minor = (v: string) => v.split('.').slice(0, 2).join('.');
  const measured = MEASURED_GENERATORS.find((known) => minor(known) === minor(version));
  if (measured) return `Podman ${version}: the ${measured} generator's behaviour, measured by differential testing`;
  const [oldest, newest] = [MEASURED_GENERATORS[0], MEASURED_GENERATORS[MEASURED_GENERATORS.length - 1]];
  const where =
    compareVersions(version, oldest) < 0
      ? `older than the oldest measured generator (${oldest})`
      : compareVersions(version, newest) > 0
        ? `newer than the newest measured generator (${newest})`
        : `between the measured ${MEASURED_GENERATORS.join(' and ')} generators`;
  return `Podman ${version}: modelled from release history, ${where} (estimated)`;
}

/** A refusal of the generator, tied to the entry (or line) it is about. */
export class GeneratorError extends Error {
  constructor(
    message: string,
    readonly entry?: UnitEntry,
    readonly lineHint?: number,
  ) {
    super(message);
  }
}

type Lines = [string, string][];
interface OutSection {
  name: string;
  lines: Lines;
}

/** Output unit: sections in order, each a list of key=value lines. */
export class ServiceFile {
  sections: OutSection[] = [];
  get(name: string): OutSection {
    let section = this.sections.find((candidate) => candidate.name === name);
    if (!section) {
      section = { name, lines: [] };
      this.sections.push(section);
    }
    return section;
  }
  add(section: string, key: string, value: string) {
    this.get(section).lines.push([key, value]);
  }
  prepend(section: string, key: string, value: string) {
    this.get(section).lines.unshift([key, value]);
  }
  /** Sets a key like the generator's Set: the last line of the key takes the value (others stay), or a line is added. */
  set(section: string, key: string, value: string) {
    const target = this.get(section);
    const last = target.lines.map(([name]) => name).lastIndexOf(key);
    if (last < 0) return this.add(section, key, value);
    target.lines[last] = [key, value];
  }
  /** Adds a line unless the section already sets the key. */
  addDefault(section: string, key: string, value: string) {
    if (!this.has(section, key)) this.add(section, key, value);
  }
  has(section: string, key: string): boolean {
    return !!this.sections.find((candidate) => candidate.name === section)?.lines.some(([name]) => name === key);
  }
  /** Whether the [Service] section says Type=oneshot (its last Type= line). */
  isOneshot(): boolean {
    const type = this.sections
      .find((section) => section.name === 'Service')
      ?.lines.filter(([key]) => key === 'Type')
      .pop();
    return type?.[1] === 'oneshot';
  }
  /** The tail of every unit type that runs one command to completion (volume, network, image, build). */
  oneshot(remainAfterExit: boolean) {
    this.addDefault('Service', 'SyslogIdentifier', '%N');
    if (!this.has('Service', 'Type')) this.add('Service', 'Type', 'oneshot');
    if (remainAfterExit && !this.has('Service', 'RemainAfterExit')) this.add('Service', 'RemainAfterExit', 'yes');
  }
  /** Requires= and After= on another service. */
  requireService(service: string) {
    this.add('Unit', 'Requires', service);
    this.add('Unit', 'After', service);
  }
  render(): string {
    return this.sections
      .map((section) => `[${section.name}]\n${section.lines.map(([key, value]) => `${key}=${value}\n`).join('')}`)
      .join('\n');
  }
}

export interface GenerateOptions {
  files: FileAccess;
  podmanVersion?: string;
  searchDirs?: string[];
  user?: boolean;
  podmanPath?: string;
  siblings?: Map<string, { path: string; text: string }>;
  overrides?: Map<string, string>;
}

/** One generation: the unit, the version generated for, and readers for the unit's own section. */
export class GenContext {
  readonly version: string;
  readonly files: FileAccess;
  readonly searchDirs: string[];
  readonly user: boolean;
  readonly podman: string;
  readonly siblings: Map<string, { path: string; text: string }>;
  readonly overrides: Map<string, string>;

  constructor(
    readonly model: UnitModel,
    /** The options of this generation, for generating the units it depends on. */
    readonly options: GenerateOptions,
  ) {
    this.version = options.podmanVersion || LATEST_MODELLED_VERSION;
    this.files = options.files;
    this.searchDirs = options.searchDirs ?? [];
    this.user = !!options.user;
    this.podman = options.podmanPath ?? '/usr/bin/podman';
    this.siblings = options.siblings ?? new Map();
    this.overrides = options.overrides ?? new Map();
  }

  get section(): string {
    return TYPE_SECTION[this.model.type];
  }
  atLeast(version: string): boolean {
    return compareVersions(this.version, version) >= 0;
  }
  /** Whether this generator addresses containers and pods by name instead of id files (5.6, estimated). */
  get byName(): boolean {
    return this.atLeast('5.6');
  }
  /** The last entry of a key of the unit's own section, its value read like the generator's Lookup (quotes trimmed). */
  last(key: string): UnitEntry | undefined {
    return lookupEntry(this.model, this.section, key, this.version);
  }
  /** The last entry of a key as written (the generator's LookupLast: Exec=, RemapUsers=). */
  lastRaw(key: string): UnitEntry | undefined {
    return lookupLast(this.model, this.section, key);
  }
  /** Every entry of a key of the unit's own section, drop-ins included, in order. */
  all(key: string): UnitEntry[] {
    return lookupAll(this.model, this.section, key);
  }
  /** The words of every occurrence of a key, split like the generator splits that key. */
  words(key: string, mode: SplitMode): string[] {
    return this.all(key).flatMap((entry) => splitValue(entry.value, mode) ?? []);
  }
  /** The last value of a key as a boolean (undefined when unset or not a boolean). */
  bool(key: string): boolean | undefined {
    const entry = this.last(key);
    return entry ? parseBool(entry.value) : undefined;
  }
  /** KEY=VALUE words of every occurrence of a key, sorted by key, later values replacing earlier ones. */
  keyValues(key: string): string[] {
    // A word without `=` (Label=L): 5.4.2 drops it, 5.8.6 passes it on (measured; 5.5 on estimated).
    const keepsBare = compareVersions(this.version, '5.5') >= 0;
    const values = new Map<string, string | undefined>();
    for (const entry of this.all(key)) {
      for (const [name, value] of keyValueWords(entry.value)) {
        if (keepsBare || value !== undefined) values.set(name, value);
      }
    }
    return [...values.keys()]
      .sort()
      .map((name) => (values.get(name) === undefined ? name : `${name}=${values.get(name)}`));
  }
  /** Resolves a relative path against the unit's folder; `%`-prefixed paths are left to systemd. */
  absPath(path: string): string {
    if (path.startsWith('/') || path.startsWith('%')) return path;
    return posix.normalize(posix.join(posix.dirname(this.model.path), path));
  }
  /** The 0-based line of the unit's own section header (where "key missing" errors point). */
  sectionLine(): number | undefined {
    return this.model.main.ast.sections.find((section) => section.name === this.section)?.nameRange.start.line;
  }
  /** `podman` with its global options (ContainersConfModule=, GlobalArgs=). */
  podmanPrefix(): string[] {
    const args = [this.podman];
    // Module paths are passed on as written, relative ones too (measured on 5.4.2 and 5.8.6).
    for (const entry of this.all('ContainersConfModule')) args.push(`--module=${entry.value}`);
    for (const entry of this.all('GlobalArgs')) args.push(...splitWords(entry.value));
    return args;
  }
  /** The words of every PodmanArgs=. */
  podmanArgs(): string[] {
    return this.all('PodmanArgs').flatMap((entry) => splitWords(entry.value));
  }
}
