// The fuzz loop: folders of random units written to a temporary directory, one generator run
// per folder, every unit judged against it; differing units kept with their folder for the
// minimiser.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { judgeUnit } from './judge';
import { CRASH, runGenerator, type GeneratorRun, type RealGenerator } from './oracle';
import { Rng } from './random';
import { generateFolder, type FuzzFile } from './units';
import { CONVERSION_ORDER } from '../../../src/languages/quadlet/generator/refusals';

export interface FuzzOptions {
  count: number;
  seed: number;
  /** Units per folder (one generator run each). */
  batch?: number;
}

/** A unit on which preview or checks differ from the generator, with the folder that shows it. */
export interface Difference {
  unit: string;
  files: Map<string, FuzzFile>;
  differences: string[];
}

export interface FuzzReport {
  generator: string;
  version: string;
  units: number;
  accepted: number;
  refused: number;
  /** Units whose accept/refuse decision agreed between generator, preview and checks. */
  decisionsAgreed: number;
  differing: Difference[];
  seconds: number;
}

/** Writes a folder's files (and links) under `dir`. */
export function writeFolder(dir: string, files: Map<string, FuzzFile>) {
  for (const [name, file] of files) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof file === 'string') writeFileSync(path, file);
    else symlinkSync(file.link, path);
  }
}

const isDecision = (difference: string) => /^(refusal|acceptance|service name):/.test(difference);

/** Whether the generator crashes on `files` without the `excluded` units that are not `candidates`. */
async function crashesWith(
  generator: RealGenerator,
  root: string,
  files: Map<string, FuzzFile>,
  candidates: string[],
  excluded: Set<string>,
): Promise<boolean> {
  const dir = join(root, 'bisect', 'containers', 'systemd');
  rmSync(join(root, 'bisect'), { recursive: true, force: true });
  const kept = [...files].filter(([name]) => candidates.includes(name) || !excluded.has(name));
  // A link whose target is left out becomes an empty unit of its own.
  const written = kept.map(([name, file]): [string, FuzzFile] => [
    name,
    typeof file === 'string' || candidates.includes(file.link) || !excluded.has(file.link) ? file : '[Unit]\n',
  ]);
  writeFolder(dir, new Map(written));
  const crashed = (await runGenerator(generator.bin, dir)).crashed;
  rmSync(join(root, 'bisect'), { recursive: true, force: true });
  return crashed;
}

/**
 * When halving finds nothing, the crash needs two units of the candidates (seen: a container whose
 * Mount= names a refused volume, and a container its Network= names). The units whose removal
 * stops the crash and that the crashed run had not yet converted (no service, no error) are
 * involved; the first of them in conversion order is the one it crashes on.
 */
async function crashingByRemoval(
  generator: RealGenerator,
  root: string,
  files: Map<string, FuzzFile>,
  units: string[],
  crashedRun: GeneratorRun,
): Promise<string[]> {
  const converted = new Set([...crashedRun.errors.keys()]);
  for (const path of crashedRun.bySource.keys()) converted.add(path.slice(path.lastIndexOf('/') + 1));
  const found: string[] = [];
  for (const unit of units) {
    if (converted.has(unit)) continue;
    const others = units.filter((other) => other !== unit);
    if (!(await crashesWith(generator, root, files, others, new Set([unit])))) found.push(unit);
  }
  // The generator converts by type (its SupportedExtensions order), then by file name, and stops
  // at the crash: the first involved unit in that order is the one it crashes on.
  const rank = (unit: string) =>
    CONVERSION_ORDER[unit.slice(unit.lastIndexOf('.') + 1) as keyof typeof CONVERSION_ORDER] ?? 9;
  found.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return found.slice(0, 1);
}

/**
 * The units of `candidates` the generator crashes on, found by halving. Each run keeps the
 * folder's drop-ins and its units of other types than the candidates' (the crashes seen are in
 * container conversion, which needs the volumes, networks and images it references).
 */
async function crashingUnits(
  generator: RealGenerator,
  root: string,
  files: Map<string, FuzzFile>,
  candidates: string[],
  excluded: Set<string>,
): Promise<string[]> {
  if (!(await crashesWith(generator, root, files, candidates, excluded))) return [];
  if (candidates.length === 1) return candidates;
  const half = Math.ceil(candidates.length / 2);
  return [
    ...(await crashingUnits(generator, root, files, candidates.slice(0, half), excluded)),
    ...(await crashingUnits(generator, root, files, candidates.slice(half), excluded)),
  ];
}

/** The crashing units: among the containers first (other units kept), else among all units. */
async function findCrashing(generator: RealGenerator, root: string, files: Map<string, FuzzFile>, units: string[]) {
  const containers = units.filter((unit) => unit.endsWith('.container'));
  const found = await crashingUnits(generator, root, files, containers, new Set(containers));
  return found.length ? found : await crashingUnits(generator, root, files, units, new Set(units));
}

/**
 * Runs the generator over a folder. When it crashes, the units it crashes on are found, recorded
 * as refused with CRASH, and left out of the folder (files updated in place) so the others get
 * their verdict.
 */
export async function convertFolder(
  generator: RealGenerator,
  root: string,
  dir: string,
  files: Map<string, FuzzFile>,
  units: string[],
): Promise<GeneratorRun> {
  writeFolder(dir, files);
  let real = await runGenerator(generator.bin, dir);
  if (!real.crashed) return real;
  const halved = await findCrashing(generator, root, files, units);
  const crashing = halved.length ? halved : await crashingByRemoval(generator, root, files, units, real);
  if (!crashing.length) throw new Error(`the generator crashes on the folder ${dir} but on none of its units alone`);
  for (const [name, file] of files) {
    if (typeof file !== 'string' && crashing.includes(file.link) && !crashing.includes(name)) crashing.push(name);
  }
  for (const unit of crashing) {
    rmSync(join(dir, unit), { force: true });
    files.delete(unit);
  }
  real = await runGenerator(generator.bin, dir);
  if (real.crashed) throw new Error(`the generator still crashes on ${dir}`);
  for (const unit of crashing) real.errors.set(unit, CRASH);
  return real;
}

/** Generates `count` units from `seed` and judges each against `generator`. */
export async function runFuzz(generator: RealGenerator, options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const rng = new Rng(options.seed);
  const batch = options.batch ?? 100;
  const root = mkdtempSync(join(tmpdir(), 'quadlet-fuzz-'));
  const report: FuzzReport = {
    generator: generator.suite,
    version: generator.version,
    units: 0,
    accepted: 0,
    refused: 0,
    decisionsAgreed: 0,
    differing: [],
    seconds: 0,
  };
  try {
    for (let folder = 0; report.units < options.count; folder++) {
      const size = Math.min(batch, options.count - report.units);
      const { files, units } = generateFolder(rng, size, `u${folder}x`);
      const dir = join(root, `f${folder}`, 'containers', 'systemd');
      const real = await convertFolder(generator, root, dir, new Map(files), units);
      for (const unit of units) {
        const file = files.get(unit);
        // A link to a template is judged with the template's text when both were taken out.
        const text = typeof file === 'string' || file === undefined ? file : files.get(file.link);
        const judgement = await judgeUnit(dir, unit, real, generator.version, text);
        report.units++;
        if (judgement.generatorAccepts) report.accepted++;
        else report.refused++;
        if (!judgement.differences.some(isDecision)) report.decisionsAgreed++;
        if (judgement.differences.length) report.differing.push({ unit, files, differences: judgement.differences });
      }
      rmSync(join(root, `f${folder}`), { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}
