// Compares previewUnit with Podman's real Quadlet generator (Debian 13's podman, fetched by
// scripts/get-quadlet-generator.sh) on every file of test/fixtures/quadlet/corpus, and the
// same against Debian unstable's newer generator when it can be fetched (optional).
//
// How outputs are compared: [Unit], [Service], [Install] and the X- copies are compared as
// multisets of lines per section, because line order is not part of the service's meaning.
// Exec* command lines are compared word by word as multisets, plus the command prefix up to
// the subcommand and the final operands in order: the 5.4 generator writes several groups of
// options in Go map order, which changes from one run to the next.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, copyFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir, homedir } from 'node:os';
import { SECTIONS, TYPE_SECTION, UNIT_TYPES } from '../../../src/languages/quadlet/catalogue';
import { splitWords } from '../../../src/languages/quadlet/generator/words';
import { nodeFileAccess } from '../../../src/languages/nodeFiles';
import { previewUnit, quadletService } from '../../../src/languages/quadlet';
import { serviceOptions } from '../../../src/languages/quadlet/document';

// Diagnostics look only next to the file, like QUADLET_UNIT_DIRS in these runs.
serviceOptions.searchDirs = () => [];

/** Error-level diagnostics, plus warnings that say the connected Podman is too old. */
async function blockingDiagnostics(path: string, version: string): Promise<string[]> {
  const doc = { uri: `file://${path}`, languageId: 'quadlet', text: readFileSync(path, 'utf8') };
  const diags = await quadletService.diagnostics(doc, {
    files: nodeFileAccess,
    live: { podmanVersion: version, images: [], networks: [], volumes: [], secrets: [] },
  });
  return diags
    .filter((d) => d.severity === 1 || d.code === 'quadlet.newer-than-podman')
    .map((d) => `${d.code}@${d.range.start.line + 1}: ${d.message}`);
}

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '..', '..', '..');
const corpus = join(repoRoot, 'test', 'fixtures', 'quadlet', 'corpus');
const cache = process.env.PODMAN_WORKBENCH_CACHE ?? join(homedir(), '.cache', 'podman-workbench');
const binOf = (suite: string) =>
  join(
    cache,
    suite === 'trixie' ? 'quadlet-generator' : `quadlet-generator-${suite}`,
    'root',
    'usr',
    'libexec',
    'podman',
    'quadlet',
  );
const errorsDir = join(repoRoot, 'test', 'fixtures', 'quadlet', 'corpus-errors');
const UNIT_RE = /\.(container|pod|volume|network|kube|image|build|artifact)$/;

async function realGenerate(bin: string, dir: string): Promise<{ services: Map<string, string>; errors: string[] }> {
  let stdout = '';
  let stderr = '';
  try {
    ({ stdout, stderr } = await run(bin, ['-dryrun', '-no-kmsg-log'], {
      env: { QUADLET_UNIT_DIRS: dir, PATH: process.env.PATH ?? '' },
      maxBuffer: 64 << 20,
    }));
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    stdout = err.stdout ?? '';
    stderr = err.stderr ?? '';
  }
  const services = new Map<string, string>();
  const re = /^---(.+)---$/gm;
  const marks = [...stdout.matchAll(re)];
  marks.forEach((m, i) =>
    services.set(m[1], stdout.slice(m.index! + m[0].length + 1, i + 1 < marks.length ? marks[i + 1].index : undefined)),
  );
  const errors = stderr
    .split('\n')
    .filter((l) => /converting "/.test(l))
    .map((l) => l.replace(/^.*?converting "[^"]+": /, ''));
  return { services, errors };
}

type Parsed = Map<string, string[]>;
function parseService(text: string): Parsed {
  const out: Parsed = new Map();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^\[(.+)\]$/.exec(line);
    if (m) {
      section = m[1];
      if (!out.has(section)) out.set(section, []);
      continue;
    }
    out.get(section)?.push(line);
  }
  return out;
}

/** Normalised form of a line: Exec lines become sorted words plus prefix and operands. */
function normalise(line: string): string {
  const eq = line.indexOf('=');
  const key = line.slice(0, eq);
  const value = line.slice(eq + 1);
  if (!key.startsWith('Exec')) return line;
  const words = splitWords(value.replace(/^-/, ''));
  const sub = words.findIndex((w) =>
    ['run', 'create', 'pull', 'play', 'down', 'build', 'start', 'stop', 'rm', 'exec', 'kill'].includes(w),
  );
  const ignoreFailure = value.startsWith('-') ? ' (failure ignored)' : '';
  return `${key}${ignoreFailure}: prefix=[${words.slice(0, sub + 1).join(' ')}] last=[${words.slice(-1).join(' ')}] words=[${[...words].sort().join(' ')}]`;
}

function compare(real: string, ours: string): string[] {
  const a = parseService(real);
  const b = parseService(ours);
  const diffs: string[] = [];
  for (const section of new Set([...a.keys(), ...b.keys()])) {
    const x = (a.get(section) ?? []).map(normalise).sort();
    const y = (b.get(section) ?? []).map(normalise).sort();
    const missing = x.filter((l) => !y.includes(l));
    const extra = y.filter((l) => !x.includes(l));
    for (const l of missing) diffs.push(`[${section}] generator has: ${l}`);
    for (const l of extra) diffs.push(`[${section}] preview has:   ${l}`);
  }
  return diffs;
}

const units = readdirSync(corpus).filter((f) => UNIT_RE.test(f) && statSync(join(corpus, f)).isFile());

describe('the Quadlet corpus', () => {
  it('the corpus covers every key of the catalogue (together with corpus-errors)', () => {
    const seen = new Set<string>();
    const files = [...units.map((f) => join(corpus, f)), ...readdirSync(errorsDir).map((f) => join(errorsDir, f))];
    for (const f of files) {
      let section = '';
      for (const line of readFileSync(f, 'utf8').split('\n')) {
        const m = /^\[(\w+)\]/.exec(line);
        if (m) section = m[1];
        const k = /^(\w+)=/.exec(line);
        if (k) seen.add(`${section}.${k[1]}`);
      }
    }
    for (const f of ['web-front.container.d/10-port.conf', 'web-.container.d/20-env.conf']) {
      for (const l of readFileSync(join(corpus, f), 'utf8').split('\n')) {
        if (/^\w+=/.test(l)) seen.add(`Container.${l.split('=')[0]}`);
      }
    }
    const quadletSections = [...UNIT_TYPES.map((t) => TYPE_SECTION[t]), 'Quadlet'];
    const missing = quadletSections.flatMap((s) => SECTIONS[s].map((k) => `${s}.${k.key}`)).filter((k) => !seen.has(k));
    assert.deepEqual(missing, []);
  });
});

/** One suite's generator: its path and version once found, or why it is unavailable. */
interface Generator {
  bin: string;
  version: string;
  unavailable: string;
}

/** Finds (fetching if needed) the suite's generator; a `required` one that is missing throws. */
async function findGenerator(suite: string, required: boolean, g: Generator): Promise<void> {
  const path = binOf(suite);
  if (!existsSync(path)) {
    await run('bash', [join(repoRoot, 'scripts', 'get-quadlet-generator.sh'), suite], {
      maxBuffer: 16 << 20,
    }).catch((e: Error) => {
      g.unavailable = `Quadlet generator (${suite}) missing and scripts/get-quadlet-generator.sh ${suite} failed: ${e.message}`;
    });
  }
  if (!existsSync(path)) {
    g.unavailable ||= `Quadlet generator not found at ${path}; run scripts/get-quadlet-generator.sh ${suite}`;
    if (required) throw new Error(g.unavailable);
    return;
  }
  g.bin = path;
  g.version = (await run(g.bin, ['-version'])).stdout.trim();
  assert.match(g.version, /^\d+\.\d+/);
}

/** The generator produced the preview's service, with the same content, and no blocking diagnostic. */
async function assertSameService(
  services: Map<string, string>,
  ours: { unitText: string; serviceName: string },
  path: string,
  version: string,
): Promise<void> {
  const real = services.get(ours.serviceName);
  assert.ok(
    real !== undefined,
    `generator produced no ${ours.serviceName}; it produced ${[...services.keys()].join(', ')}`,
  );
  assert.deepEqual(compare(real, ours.unitText), []);
  // The language service agrees: nothing the generator accepts is reported as an error.
  assert.deepEqual(await blockingDiagnostics(path, version), []);
}

/** A unit of the valid corpus: the generator converts the corpus, and the preview matches it. */
async function matchesGenerator(g: Generator, file: string): Promise<void> {
  const { services, errors } = await realGenerate(g.bin, corpus);
  assert.deepEqual(errors, [], 'the valid corpus must convert without errors');
  const path = join(corpus, file);
  const ours = await previewUnit({
    path,
    text: readFileSync(path, 'utf8'),
    files: nodeFileAccess,
    podmanVersion: g.version,
  });
  assert.ok(ours.ok, `preview failed: ${JSON.stringify(ours)}`);
  await assertSameService(services, ours, path, g.version);
}

/** A unit of corpus-errors, alone in a directory: the preview accepts or rejects it as the generator does. */
async function handlesLikeGenerator(g: Generator, file: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quadlet-err-'));
  try {
    copyFileSync(join(errorsDir, file), join(dir, file));
    const { services, errors } = await realGenerate(g.bin, dir);
    const ours = await previewUnit({
      path: join(dir, file),
      text: readFileSync(join(dir, file), 'utf8'),
      files: nodeFileAccess,
      podmanVersion: g.version,
    });
    if (services.size > 0) {
      // Accepted by this (newer) generator: the preview must accept it and produce the same service.
      assert.ok(ours.ok, `generator accepted ${file} but preview rejected it: ${JSON.stringify(ours)}`);
      await assertSameService(services, ours, join(dir, file), g.version);
      return;
    }
    // Rejected (or ignored) by the generator: the language service must say so before generation.
    assert.ok(
      (await blockingDiagnostics(join(dir, file), g.version)).length > 0,
      `no diagnostic explains why the generator rejects ${file}`,
    );
    assert.equal(
      ours.ok,
      false,
      `generator rejected ${file} (${errors.join('; ') || 'ignored the file'}) but the preview accepted it`,
    );
    if (errors.length) assert.equal(ours.errors[0].message, errors[0]);
    if (!ours.ok) assert.ok(ours.errors[0].line >= 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Tests against one generator; `required` generators fail when missing, others are skipped. */
function againstGenerator(suite: string, required: boolean) {
  describe(`previewUnit against the real Quadlet generator (Debian ${suite})`, () => {
    const g: Generator = { bin: '', version: '', unavailable: '' };
    before(() => findGenerator(suite, required, g));
    const ready = (t: { skip(msg: string): void }) => {
      if (!g.bin) t.skip(g.unavailable);
      return !!g.bin;
    };

    for (const file of units) {
      it(`matches the generator for ${file}`, async (t) => {
        if (ready(t)) await matchesGenerator(g, file);
      });
    }

    const errorFiles = readdirSync(errorsDir).filter((f) => UNIT_RE.test(f));
    for (const file of errorFiles) {
      it(`handles corpus-errors/${file} like the generator`, async (t) => {
        if (ready(t)) await handlesLikeGenerator(g, file);
      });
    }
  });
}

againstGenerator('trixie', true);
againstGenerator('sid', false);
