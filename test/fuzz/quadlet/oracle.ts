// The oracle of the Quadlet fuzzer: Podman's real Quadlet generators (Debian 13's 5.4.2 and the
// newer one of Debian unstable, fetched by scripts/get-quadlet-generator.sh), run with -dryrun
// over a whole folder of units at once.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '..', '..', '..');
const cache = process.env.PODMAN_WORKBENCH_CACHE ?? join(homedir(), '.cache', 'podman-workbench');

/** Debian suites whose generator the project fetches: the required one first. */
export const SUITES = ['trixie', 'sid'] as const;
export type Suite = (typeof SUITES)[number];

export interface RealGenerator {
  suite: Suite;
  bin: string;
  version: string;
}

/** Where the suite's generator lives once fetched. */
export function generatorPath(suite: Suite): string {
  const dir = suite === 'trixie' ? 'quadlet-generator' : `quadlet-generator-${suite}`;
  return join(cache, dir, 'root', 'usr', 'libexec', 'podman', 'quadlet');
}

/** The suite's generator, fetched if missing; throws with the reason when it cannot be had. */
export async function findGenerator(suite: Suite): Promise<RealGenerator> {
  const bin = generatorPath(suite);
  if (!existsSync(bin)) {
    await run('bash', [join(repoRoot, 'scripts', 'get-quadlet-generator.sh'), suite], { maxBuffer: 16 << 20 });
  }
  if (!existsSync(bin)) throw new Error(`Quadlet generator (${suite}) not found at ${bin}`);
  const version = (await run(bin, ['-version'])).stdout.trim();
  return { suite, bin, version };
}

/** What the generator made of a folder: services by name, and refusals by unit file name. */
export interface GeneratorRun {
  services: Map<string, string>;
  /** Service names by the path of the unit they come from (their SourcePath=). */
  bySource: Map<string, string[]>;
  errors: Map<string, string>;
  /** The generator crashed (a Go panic) and wrote nothing. */
  crashed: boolean;
}

/** Runs the generator with -dryrun over `dir` (as QUADLET_UNIT_DIRS). */
export async function runGenerator(bin: string, dir: string): Promise<GeneratorRun> {
  let stdout = '';
  let stderr = '';
  try {
    ({ stdout, stderr } = await run(bin, ['-dryrun', '-no-kmsg-log'], {
      env: { QUADLET_UNIT_DIRS: dir, PATH: process.env.PATH ?? '' },
      maxBuffer: 256 << 20,
    }));
  } catch (err) {
    const failed = err as { stdout?: string; stderr?: string };
    stdout = failed.stdout ?? '';
    stderr = failed.stderr ?? '';
  }
  const services = new Map<string, string>();
  const marks = [...stdout.matchAll(/^---(.+)---$/gm)];
  marks.forEach((mark, i) => {
    const end = i + 1 < marks.length ? marks[i + 1].index : undefined;
    services.set(mark[1], stdout.slice(mark.index + mark[0].length + 1, end));
  });
  const bySource = new Map<string, string[]>();
  for (const [name, text] of services) {
    const source = /^SourcePath=(.*)$/m.exec(text)?.[1];
    if (source !== undefined) bySource.set(source, [...(bySource.get(source) ?? []), name]);
  }
  const errors = new Map<string, string>();
  for (const line of stderr.split('\n')) {
    const refusal = /converting "([^"]+)": (.*)$/.exec(line);
    if (refusal && !errors.has(refusal[1])) errors.set(refusal[1], refusal[2]);
  }
  return { services, bySource, errors, crashed: /^panic: /m.test(stderr) };
}

/** The message a unit on which the generator crashes is recorded with. */
export const CRASH = 'the generator crashes on this unit (Go panic)';
