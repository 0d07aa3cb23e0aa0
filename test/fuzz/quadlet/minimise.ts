// Shrinks a difference to the smallest folder that still shows it: first the other files of the
// folder go (one at a time), then lines of the unit and its drop-ins. A candidate is kept when
// the unit still shows one of the original difference lines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeUnit } from './judge';
import type { RealGenerator } from './oracle';
import { convertFolder, type Difference } from './fuzz';
import { unitTypeOfName } from '../../../src/languages/quadlet/files';
import type { FuzzFile } from './units';

/** The differences of `unit` in a folder holding `files`. */
async function differencesIn(generator: RealGenerator, files: Map<string, FuzzFile>, unit: string): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'quadlet-min-'));
  try {
    const dir = join(root, 'containers', 'systemd');
    const units = [...files.keys()].filter((name) => unitTypeOfName(name));
    const texts = new Map(files);
    const real = await convertFolder(generator, root, dir, new Map(files), units);
    return (await judgeUnit(dir, unit, real, generator.version, texts.get(unit))).differences;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Logical lines of a unit text (a continued line stays with its continuation). */
function logicalLines(text: string): string[] {
  return text.split(/(?<!\\)\n/).filter((line) => line !== '');
}

/** The smallest folder found that still shows one of `difference`'s lines. */
export async function minimise(generator: RealGenerator, difference: Difference): Promise<Difference> {
  const wanted = new Set(difference.differences);
  let files = new Map(difference.files);
  let current = difference.differences;
  const tryFiles = async (candidate: Map<string, FuzzFile>) => {
    if (!candidate.has(difference.unit)) return false;
    // A link (an instance of a template) stays only with its target.
    if ([...candidate.values()].some((file) => typeof file !== 'string' && !candidate.has(file.link))) return false;
    const found = await differencesIn(generator, candidate, difference.unit);
    if (!found.some((line) => wanted.has(line))) return false;
    files = candidate;
    current = found;
    return true;
  };
  // Files not named in the unit's text first in one go, then one by one.
  const unitText = String(files.get(difference.unit));
  const unrelated = [...files.keys()].filter(
    (name) => name !== difference.unit && !unitText.includes(name.split('/')[0]),
  );
  const withoutUnrelated = new Map([...files].filter(([name]) => !unrelated.includes(name)));
  if (unrelated.length) await tryFiles(withoutUnrelated);
  for (const name of [...files.keys()]) {
    if (name === difference.unit) continue;
    const candidate = new Map(files);
    candidate.delete(name);
    await tryFiles(candidate);
  }
  for (const name of [...files.keys()]) await shrinkLines(files, name, tryFiles, () => files);
  return { unit: difference.unit, files, differences: current.filter((line) => wanted.has(line)) };
}

/** Drops lines of one file while the difference stays. */
async function shrinkLines(
  start: Map<string, FuzzFile>,
  name: string,
  tryFiles: (candidate: Map<string, FuzzFile>) => Promise<boolean>,
  latest: () => Map<string, FuzzFile>,
) {
  if (typeof start.get(name) !== 'string') return;
  let lines = logicalLines(start.get(name) as string);
  for (let i = lines.length - 1; i >= 0; i--) {
    const candidateLines = lines.filter((_, index) => index !== i);
    const candidate = new Map(latest());
    candidate.set(name, candidateLines.join('\n') + '\n');
    if (await tryFiles(candidate)) lines = candidateLines;
  }
}
