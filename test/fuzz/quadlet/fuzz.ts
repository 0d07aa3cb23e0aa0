// The fuzz loop: folders of random units written to a temporary directory, one generator run
// per folder, every unit judged against it; differing units kept with their folder for the
// minimiser.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { judgeUnit } from './judge';
import { runGenerator, type RealGenerator } from './oracle';
import { Rng } from './random';
import { generateFolder, type FuzzFile } from './units';

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
      writeFolder(dir, files);
      const real = await runGenerator(generator.bin, dir);
      for (const unit of units) {
        const judgement = await judgeUnit(dir, unit, real, generator.version);
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
