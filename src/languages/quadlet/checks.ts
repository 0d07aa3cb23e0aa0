// Checks of a Quadlet unit (merged with its drop-ins). Produces issues tied to the file they
// come from, with stable codes; the diagnostics feature turns them into LSP diagnostics.
// Sections and entries are checked here, one named check per rule; the rules over the whole
// merged unit are in unitChecks.ts.
import type { Range } from 'vscode-languageserver-types';
import { compareVersions } from '../../podman/version';
import { editDistance } from '../editDistance';
import type { FileAccess, LiveData } from '../types';
import {
  keyInfo,
  sectionKeys,
  TYPE_SECTION,
  TYPE_SINCE,
  typesWithKey,
  unitTypeOfSection,
  type KeyInfo,
  type UnitType,
} from './catalogue';
import { loadUnit, lookupAll, lookupLast, resolveUnitRef, type SourceFile, type UnitModel } from './files';
import { containerNetworkName } from './generator/names';
import { referencedUnitUnnamed } from './generator/refusals';
import type { GenerateOptions } from './generator/context';
import { valueOffsetToPosition, type UnitEntry, type UnitFileAst, type UnitSection } from './parser';
import { referencesIn } from './references';
import { checkWholeUnit } from './unitChecks';
import { translatesUnitDependencies } from './rules';
import { LATEST_MODELLED_VERSION } from './generator/context';
import { checkValue } from './values';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Issue {
  path: string;
  range: Range;
  severity: Severity;
  /** Stable code, `quadlet.` + kebab-case. */
  code: string;
  message: string;
  /** Extra facts for quick fixes (e.g. `{ replacement: 'Image' }`). */
  data?: Record<string, string>;
}

const INSTALL_KEYS_APPLIED = ['Alias', 'WantedBy', 'RequiredBy', 'UpheldBy', 'DefaultInstance'];

export interface CheckOptions {
  files: FileAccess;
  live: LiveData;
  searchDirs: string[];
  /** Units of the same `.quadlets` file, by file name. */
  siblings?: Map<string, { path: string; text: string }>;
  /** False for drop-ins checked without their unit: skips whole-unit rules. */
  wholeUnit?: boolean;
  /** Stop after this many issues (huge broken files). */
  limit?: number;
}

/** Whether an issue means the generator refuses the unit (an error, or a key too new for the Podman). */
const blocksUnit = (issue: Issue) => issue.severity === 'error' || issue.code === 'quadlet.newer-than-podman';

/** Where issues go: only those of one source file when asked, up to a limit. */
export class IssueList {
  readonly issues: Issue[] = [];
  /**
   * `unit`: the unit file and its section header. When only the unit file's issues are kept, an
   * error in one of its drop-ins is repeated there: the generator refuses the merged unit.
   */
  constructor(
    private readonly only: string | undefined,
    private readonly limit: number,
    private readonly unit?: { path: string; header: Range },
  ) {}
  report(issue: Issue) {
    if (!this.only || issue.path === this.only) this.issues.push(issue);
    else if (blocksUnit(issue) && this.unit && this.only === this.unit.path) {
      const where = `${issue.path.slice(issue.path.lastIndexOf('/') + 1)}:${issue.range.start.line + 1}`;
      const message = `A drop-in makes the generator refuse this unit (${where}): ${issue.message}`;
      this.issues.push({ ...issue, path: this.unit.path, range: this.unit.header, message, data: undefined });
    }
  }
  get full(): boolean {
    return this.issues.length >= this.limit;
  }
}

/** The closest candidate: same name ignoring case first, then by edit distance. */
function suggest(name: string, candidates: string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameButCase = candidates.find((candidate) => candidate.toLowerCase() === lower);
  if (sameButCase) return sameButCase;
  const cap = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = cap + 1;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase(), cap);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

const OTHER_SYSTEMD_SECTIONS = [
  'Timer',
  'Socket',
  'Mount',
  'Path',
  'Swap',
  'Slice',
  'Scope',
  'Automount',
  'Device',
  'Target',
];

function sectionsFor(type: UnitType | undefined): string[] {
  const own = type ? [TYPE_SECTION[type]] : [];
  return [...own, 'Quadlet', 'Unit', 'Service', 'Install'];
}

/** Range of `length` characters at character offset `at` inside an entry's joined value. */
function subRange(entry: UnitEntry, at: number, length: number): Range {
  return { start: valueOffsetToPosition(entry, at), end: valueOffsetToPosition(entry, at + length) };
}

export function sectionHeaderRange(ast: UnitFileAst, name: string): Range {
  const section = ast.sections.find((candidate) => candidate.name === name);
  if (!section) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const { start, end } = section.range;
  return start.line === end.line
    ? section.range
    : { start, end: { line: start.line, character: section.nameRange.end.character + 1 } };
}

/** What the checks of one entry know. */
interface EntryScope {
  model: UnitModel;
  file: SourceFile;
  section: UnitSection;
  entry: UnitEntry;
  version?: string;
  options: CheckOptions;
  list: IssueList;
}

/** The unit type is newer than the connected Podman. */
function checkUnitTypeVersion(model: UnitModel, version: string | undefined, list: IssueList) {
  const type = model.type;
  if (!version || compareVersions(version, TYPE_SINCE[type]) >= 0) return;
  list.report({
    path: model.main.path,
    range: sectionHeaderRange(model.main.ast, TYPE_SECTION[type]),
    severity: 'warning',
    code: 'quadlet.newer-than-podman',
    message: `.${type} units need Podman ${TYPE_SINCE[type]} or later; the connected Podman is ${version}, whose generator ignores this file.`,
    data: { since: TYPE_SINCE[type] },
  });
}

/** A section that does not belong in this unit type (false when it does). */
function checkSectionBelongs(model: UnitModel, file: SourceFile, section: UnitSection, list: IssueList): boolean {
  const allowed = sectionsFor(model.type);
  if (allowed.includes(section.name) || section.name.startsWith('X-')) return true;
  const otherType = unitTypeOfSection(section.name);
  const base = { path: file.path, range: section.nameRange, severity: 'warning' as const };
  if (otherType) {
    list.report({
      ...base,
      code: 'quadlet.section-wrong-type',
      message: `[${section.name}] belongs in .${otherType} files; in a .${model.type} file it is passed to systemd, which ignores it.`,
    });
    return false;
  }
  const hint = suggest(section.name, allowed);
  const tail = hint
    ? `: did you mean [${hint}]?`
    : OTHER_SYSTEMD_SECTIONS.includes(section.name)
      ? ' for a .service unit; systemd ignores it.'
      : '.';
  list.report({
    ...base,
    code: 'quadlet.unknown-section',
    message: `Unknown section [${section.name}]${tail}`,
    ...(hint ? { data: { replacement: hint } } : {}),
  });
  return false;
}

/** A key the catalogue does not know: an error in Quadlet's sections, a likely typo in systemd's. */
function checkUnknownKey(scope: EntryScope) {
  const { model, file, section, entry, list } = scope;
  const candidates = sectionKeys(section.name).map((info) => info.key);
  const hint = suggest(entry.key, candidates);
  const base = { path: file.path, range: entry.keyRange };
  if (section.name !== TYPE_SECTION[model.type] && section.name !== 'Quadlet') {
    // systemd has hundreds of keys: only flag names that look like typos of known ones.
    if (!hint || hint === entry.key) return;
    list.report({
      ...base,
      severity: 'warning',
      code: 'quadlet.unknown-key',
      message: `${entry.key}= is not a known [${section.name}] key: did you mean ${hint}=?`,
      data: { replacement: hint },
    });
    return;
  }
  const elsewhere = typesWithKey(entry.key).filter((type) => type !== model.type);
  if (elsewhere.length && !hint?.startsWith(entry.key)) {
    list.report({
      ...base,
      severity: 'error',
      code: 'quadlet.key-wrong-type',
      message: `${entry.key}= is not a [${section.name}] key (it exists for ${elsewhere.map((type) => `.${type}`).join(', ')} units); the generator rejects it.`,
    });
    return;
  }
  list.report({
    ...base,
    severity: 'error',
    code: 'quadlet.unknown-key',
    message: `Unknown key ${entry.key}= in [${section.name}]${hint ? `: did you mean ${hint}=?` : ''}; the generator rejects unknown keys.`,
    ...(hint ? { data: { replacement: hint } } : {}),
  });
}

/**
 * A [Service] key Quadlet does not support (false when so: nothing else is checked). The
 * generator writes it anyway (5.4.2 warns "use at your own risk"; measured on 5.4.2 and 5.8.6).
 */
function checkRefused(scope: EntryScope, info: KeyInfo): boolean {
  if (!info.refused) return true;
  scope.list.report({
    path: scope.file.path,
    range: scope.entry.keyRange,
    severity: 'warning',
    code: 'quadlet.refused-service-key',
    message: `Quadlet does not support ${scope.entry.key}= in [Service] (the generator keeps it, at your own risk): run a rootless Quadlet from the user's own search path instead.`,
  });
  return false;
}

function checkDeprecated({ file, entry, version, list }: EntryScope, info: KeyInfo) {
  if (!info.deprecated) return;
  const removed = info.removedIn && version && compareVersions(version, info.removedIn) >= 0;
  list.report({
    path: file.path,
    range: entry.keyRange,
    severity: removed ? 'error' : 'warning',
    code: 'quadlet.deprecated-key',
    message: `${entry.key}= is deprecated: use ${info.deprecated} instead${info.removedIn ? `; Podman ${info.removedIn} (estimated) no longer accepts it` : ''}.`,
  });
}

function checkInstallKeyApplied({ file, section, entry, list }: EntryScope) {
  if (section.name !== 'Install' || INSTALL_KEYS_APPLIED.includes(entry.key)) return;
  list.report({
    path: file.path,
    range: entry.keyRange,
    severity: 'warning',
    code: 'quadlet.install-key-ignored',
    message: `The generator only applies Alias=, WantedBy=, RequiredBy=, UpheldBy= (and DefaultInstance=); ${entry.key}= has no effect.`,
  });
}

/** A value the generator reads: a single-valued key counts only on its last line (the duplicate warning flags the others). */
function checkEntryValue({ model, file, section, entry, list }: EntryScope, info: KeyInfo) {
  if (!info.repeatable && lookupLast(model, section.name, entry.key) !== entry) return;
  const problem = checkValue(info, entry.value);
  if (!problem) return;
  list.report({
    path: file.path,
    range: entry.valueRange,
    severity: 'error',
    code: `quadlet.${problem.code}`,
    message: problem.message,
  });
}

/** A single-valued key set twice in one file; `seen` holds the entries so far by section.key. */
function checkDuplicate({ file, section, entry, list }: EntryScope, info: KeyInfo, seen: Map<string, UnitEntry>) {
  if (info.repeatable || entry.value === '') return;
  const previous = seen.get(`${section.name}.${entry.key}`);
  if (previous && previous.value !== '') {
    list.report({
      path: file.path,
      range: previous.keyRange,
      severity: 'warning',
      code: 'quadlet.duplicate-key',
      message: `${entry.key}= is set again on line ${entry.keyRange.start.line + 1}; only the last value counts.`,
    });
  }
  seen.set(`${section.name}.${entry.key}`, entry);
}

function checkKeyVersion({ file, entry, version, list }: EntryScope, info: KeyInfo) {
  if (!version || !info.since || compareVersions(version, info.since) >= 0) return;
  list.report({
    path: file.path,
    range: entry.keyRange,
    severity: 'warning',
    code: 'quadlet.newer-than-podman',
    message: `${entry.key}= needs Podman ${info.since}${info.sinceEstimated ? ' (estimated)' : ''} or later; the connected Podman is ${version}, whose generator rejects it.`,
    data: { since: info.since },
  });
}

function checkPodIsQuadlet({ model, file, section, entry, list }: EntryScope) {
  if (section.name !== 'Container' || entry.key !== 'Pod' || !entry.value || entry.value.endsWith('.pod')) return;
  // Pod= is single-valued: only its last line is read.
  if (lookupLast(model, 'Container', 'Pod') !== entry) return;
  list.report({
    path: file.path,
    range: entry.valueRange,
    severity: 'error',
    code: 'quadlet.pod-not-quadlet',
    message: `Pod= must name a .pod unit (like ${entry.value}.pod); the generator rejects other pods.`,
  });
}

/**
 * Whether the generator fails to name a network (it converts networks first: any refusal of the
 * network, its own references included) or, in [Container] Network=, a container unit.
 */
async function unnamed(scope: EntryScope, unit: UnitModel, generation: GenerateOptions): Promise<boolean> {
  if (unit.type === 'network') return referencedUnitUnnamed(unit, scope.model.type, generation);
  const joined = scope.section.name === 'Container' && scope.entry.key === 'Network' && unit.type === 'container';
  return joined && !containerNetworkName(unit, generation.podmanVersion ?? LATEST_MODELLED_VERSION);
}

/**
 * A `.network` reference (outside [Unit]) to a unit the generator refuses, or a container's
 * Network= joining a container without a name, fails the referring unit too.
 */
async function checkReferencedNetwork(scope: EntryScope, ref: { name: string; at: number }, path: string) {
  const { section, entry, options, list, file } = scope;
  if (section.name === 'Unit' || !/\.(network|container)$/.test(ref.name)) return;
  const text = options.siblings?.get(ref.name)?.text ?? (await options.files.readFile(path).catch(() => undefined));
  const unit = text === undefined ? undefined : await loadUnit(path, text, options.files, options);
  const generation = {
    files: options.files,
    podmanVersion: options.live.podmanVersion || LATEST_MODELLED_VERSION,
    searchDirs: options.searchDirs,
    siblings: options.siblings,
  };
  if (!unit || !(await unnamed(scope, unit, generation))) return;
  list.report({
    path: file.path,
    range: subRange(entry, ref.at, ref.name.length),
    severity: 'error',
    code: 'quadlet.referenced-unit-refused',
    message: `The generator cannot get the name of ${ref.name}, so this unit fails too.`,
  });
}

/**
 * Whether the generator reads this entry's reference at all: a single-valued key counts only in
 * its last line, a list only after its last reset, and a volume's Image= only with Driver=image (measured on 5.4.2 and 5.8.6).
 */
function referenceRead({ model, section, entry }: EntryScope): boolean {
  // [Unit] dependencies are lists: an empty value drops the words before it (LookupAllStrv).
  const read =
    section.name === 'Unit' || keyInfo(section.name, entry.key)?.repeatable
      ? lookupAll(model, section.name, entry.key)
      : [lookupLast(model, section.name, entry.key)];
  if (!read.includes(entry)) return false;
  if (section.name !== 'Volume' || entry.key !== 'Image') return true;
  return lookupLast(model, 'Volume', 'Driver')?.value.replace(/^"+|"+$/g, '') === 'image';
}

/** References to units that are not found: the generator fails (in [Unit] only when it translates them). */
async function checkReferences(scope: EntryScope) {
  const { model, file, section, entry, options, list } = scope;
  if (!referenceRead(scope)) return;
  for (const ref of referencesIn(section.name, entry)) {
    const found = await resolveUnitRef(ref.name, model.path, options.files, options.searchDirs, options.siblings);
    if (found) {
      await checkReferencedNetwork(scope, ref, found);
      continue;
    }
    const inUnit = section.name === 'Unit';
    const refused = !inUnit || translatesUnitDependencies(options.live.podmanVersion || LATEST_MODELLED_VERSION);
    list.report({
      path: file.path,
      range: subRange(entry, ref.at, ref.name.length),
      severity: refused ? 'error' : 'warning',
      code: 'quadlet.unresolved-reference',
      message: `${ref.name} was not found next to this file or in the Quadlet search path${refused ? '; the generator fails without it' : ''}.`,
    });
  }
}

/** Every check of one entry. */
async function checkEntry(scope: EntryScope, seen: Map<string, UnitEntry>) {
  const info = keyInfo(scope.section.name, scope.entry.key);
  if (!info) return checkUnknownKey(scope);
  if (!checkRefused(scope, info)) return;
  checkDeprecated(scope, info);
  checkInstallKeyApplied(scope);
  checkEntryValue(scope, info);
  checkDuplicate(scope, info, seen);
  checkKeyVersion(scope, info);
  checkPodIsQuadlet(scope);
  await checkReferences(scope);
}

/** The sections and entries of one source file; false when the issue limit was reached. */
async function checkFile(model: UnitModel, file: SourceFile, options: CheckOptions, list: IssueList) {
  const seen = new Map<string, UnitEntry>();
  const version = options.live.podmanVersion;
  for (const section of file.ast.sections) {
    if (!checkSectionBelongs(model, file, section, list)) continue;
    for (const entry of section.entries) {
      if (list.full) return false;
      await checkEntry({ model, file, section, entry, version, options, list }, seen);
    }
  }
  return true;
}

function checkOrphans(file: SourceFile, list: IssueList) {
  for (const entry of file.ast.orphans) {
    list.report({
      path: file.path,
      range: entry.keyRange,
      severity: 'error',
      code: 'quadlet.key-outside-section',
      message: `${entry.key}= comes before any [Section] header; it is ignored.`,
    });
  }
}

/** All checks of one unit. `only` limits issues to one source file (a drop-in being edited). */
export async function checkUnit(model: UnitModel, options: CheckOptions, only?: string): Promise<Issue[]> {
  const header = sectionHeaderRange(model.main.ast, TYPE_SECTION[model.type]);
  const list = new IssueList(only, options.limit ?? Infinity, { path: model.main.path, header });
  const sources = [model.main, ...model.dropIns];
  checkUnitTypeVersion(model, options.live.podmanVersion, list);
  for (const file of sources) if (!(await checkFile(model, file, options, list))) return list.issues;
  for (const file of sources) checkOrphans(file, list);
  if (options.wholeUnit !== false) checkWholeUnit(model, options.live.podmanVersion, list);
  return list.issues;
}
