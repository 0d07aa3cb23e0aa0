// One unit judged against the real generator: the preview's service (or refusal) and the
// checks' verdict (error diagnostics) must agree with what the generator did with the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFileAccess } from '../../../src/languages/nodeFiles';
import { previewUnit, quadletService } from '../../../src/languages/quadlet';
import { serviceOptions } from '../../../src/languages/quadlet/document';
import { compareServices } from './compare';
import { CRASH, type GeneratorRun } from './oracle';
import type { FuzzFile } from './units';

// References resolve next to the unit only, like QUADLET_UNIT_DIRS in these runs.
serviceOptions.searchDirs = () => [];

/** Error diagnostics of the checks, plus the warning that the Podman is too old for a key. */
async function blockingDiagnostics(path: string, text: string, version: string): Promise<string[]> {
  const doc = { uri: `file://${path}`, languageId: 'quadlet', text };
  const diagnostics = await quadletService.diagnostics(doc, {
    files: nodeFileAccess,
    live: { podmanVersion: version, images: [], networks: [], volumes: [], secrets: [] },
  });
  return diagnostics
    .filter((diagnostic) => diagnostic.severity === 1 || diagnostic.code === 'quadlet.newer-than-podman')
    .map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
}

/** How the generator and the preview decided on one unit, and where they differ. */
export interface Judgement {
  unit: string;
  generatorAccepts: boolean;
  differences: string[];
}

/** Differences on a unit the generator refused with `message`. */
async function judgeRefused(path: string, text: string, version: string, message: string): Promise<string[]> {
  const out: string[] = [];
  const ours = await previewUnit({ path, text, files: nodeFileAccess, podmanVersion: version });
  if (ours.ok) out.push(`refusal: generator refuses (${message}), preview accepts`);
  else if (ours.errors[0].message !== message && message !== CRASH) {
    out.push(`refusal message: generator says "${message}", preview says "${ours.errors[0].message}"`);
  }
  if (!(await blockingDiagnostics(path, text, version)).length) {
    out.push(`refusal: generator refuses (${message}), check reports no error`);
  }
  return out;
}

/** Differences on a unit the generator accepted (or silently ignored when it wrote no service). */
async function judgeAccepted(path: string, text: string, version: string, real: GeneratorRun): Promise<string[]> {
  const ours = await previewUnit({ path, text, files: nodeFileAccess, podmanVersion: version });
  const names = real.bySource.get(path) ?? [];
  if (!ours.ok) {
    // A file the generator silently skips (a unit type it does not know) is refused by the preview.
    if (!names.length && /ignores this file/.test(ours.errors[0].message)) return [];
    return [`acceptance: generator accepts, preview refuses (${ours.errors[0].message})`];
  }
  // Two units of the folder with the same ServiceName=: the generator writes the service once, for the other.
  if (!names.length && real.services.has(ours.serviceName)) return [];
  if (!names.length) return [`acceptance: generator writes nothing for this file, preview writes ${ours.serviceName}`];
  if (!names.includes(ours.serviceName)) {
    return [`service name: generator writes ${names.join(', ')}, preview writes ${ours.serviceName}`];
  }
  const out = compareServices(real.services.get(ours.serviceName)!, ours.unitText);
  const blocking = await blockingDiagnostics(path, text, version);
  for (const diagnostic of blocking) out.push(`acceptance: generator accepts, check reports ${diagnostic}`);
  return out;
}

/** Judges the unit file `unit` of `dir`, which `real` is the generator's run over. */
export async function judgeUnit(
  dir: string,
  unit: string,
  real: GeneratorRun,
  version: string,
  removedText?: FuzzFile,
): Promise<Judgement> {
  const path = join(dir, unit);
  // A unit the generator crashed on was taken out of the folder: its text is judged in place.
  const text =
    real.errors.get(unit) === CRASH && typeof removedText === 'string' ? removedText : readFileSync(path, 'utf8');
  const message = real.errors.get(unit);
  const differences =
    message !== undefined
      ? await judgeRefused(path, text, version, message)
      : await judgeAccepted(path, text, version, real);
  return { unit, generatorAccepts: message === undefined, differences };
}
