// The Containerfile checker against Podman's own builder: every minimal file under
// test/fixtures/containerfile/buildah is built through the socket, and the build succeeds exactly
// when the checker reports no error. ok/ files must build; fails/ files must fail, with the build
// error their `# podman: <text>` line names (so they fail for the reason the checker gives).
// Each build's context holds the Containerfile and one file, a.txt; nothing is pulled (the local
// busybox image only). Left out, because Podman 4.3's service itself crashes on them:
// `COPY --from=<index past the last stage>` and a bare `ARG`.
// Left out because their outcome depends on build options, not on the file: type=ssh or
// type=secret mounts with required=true (these builds pass no --ssh and no --secret), and a stage
// index that is not an earlier stage (COPY --from=1 in stage 1): Podman then takes the digits as
// the start of an image id, so whether it fails depends on the images in the store (the checker
// warns). One such build with a long index no image id starts with shows that it fails.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { BUSYBOX, sharedPodman, uniqueName, type TestPodman } from '../../../harness/podman';
import { tempDirs } from '../../../harness/files';
import { buildImage } from '../../../../src/podman/build';
import { Codes, containerfileDiagnostics } from '../../../../src/languages/containerfile/diagnostics';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'containerfile', 'buildah');

function fixtures(kind: 'ok' | 'fails' | 'warned'): { name: string; text: string }[] {
  return readdirSync(join(FIXTURES, kind))
    .filter((f) => f.endsWith('.containerfile'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(FIXTURES, kind, name), 'utf8') }));
}

/** Codes the checker never reports as errors (Podman builds such files). */
const NEVER_ERRORS: readonly string[] = [
  Codes.fileTooLarge,
  Codes.instructionBeforeFrom,
  Codes.invalidStageName,
  Codes.duplicateStageName,
  Codes.duplicateFlag,
  Codes.undefinedVariable,
  Codes.argSyntax,
  Codes.invalidPort,
  Codes.mountMissingType,
  Codes.mountSshAgent,
  Codes.stageIndexOutOfRange,
  Codes.emptyContinuation,
];

function errorsOf(text: string): string[] {
  return containerfileDiagnostics(text)
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${d.message}`);
}

describe('Containerfile checker agrees with Podman builds', () => {
  let pm: TestPodman;
  const tags: string[] = [];
  const tempDir = tempDirs();
  before(async () => {
    pm = await sharedPodman();
  });
  after(async () => {
    if (tags.length) await pm.podman(['rmi', '-f', ...tags]).catch(() => '');
  });

  /** Builds `text`; resolves with undefined on success, else the build's error message. */
  async function build(text: string): Promise<string | undefined> {
    const dir = tempDir('pw-buildah-');
    writeFileSync(join(dir, 'Containerfile'), text);
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    const tag = `localhost/${uniqueName('pw-buildah')}:test`;
    try {
      await buildImage(pm.client, { contextDir: dir, containerfile: join(dir, 'Containerfile'), tags: [tag] });
      tags.push(tag);
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  it('the fixtures use only the local busybox image', () => {
    for (const { name, text } of [...fixtures('ok'), ...fixtures('fails'), ...fixtures('warned')]) {
      for (const m of text.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)) {
        assert.ok(m[1] === BUSYBOX || m[1] === '$BASE' || !/[/:]/.test(m[1]), `${name}: FROM ${m[1]}`);
      }
    }
    assert.ok(fixtures('ok').length >= 10 && fixtures('fails').length >= 30);
  });

  it('every code the checker reports as an error has a failing fixture', () => {
    const reported = new Set(
      fixtures('fails').flatMap(({ text }) =>
        containerfileDiagnostics(text)
          .filter((d) => d.severity === DiagnosticSeverity.Error)
          .map((d) => String(d.code)),
      ),
    );
    const missing = Object.values(Codes).filter((c) => !NEVER_ERRORS.includes(c) && !reported.has(c));
    assert.deepEqual(missing, []);
  });

  describe('ok: Podman builds them and the checker reports no error', { concurrency: 2 }, () => {
    for (const { name, text } of fixtures('ok')) {
      it(name, async () => {
        assert.deepEqual(errorsOf(text), [], 'the checker reports no error');
        const failure = await build(text);
        assert.equal(failure, undefined, `the build fails: ${failure}`);
      });
    }
  });

  describe('warned: Podman may fail them, depending on what is in its store; the checker warns', () => {
    for (const { name, text } of fixtures('warned')) {
      it(name, async () => {
        assert.deepEqual(errorsOf(text), [], 'the checker reports no error');
        const warnings = containerfileDiagnostics(text).filter((d) => d.severity === DiagnosticSeverity.Warning);
        assert.ok(warnings.length > 0, 'the checker warns');
        const failure = await build(text);
        assert.ok(failure !== undefined, 'the build succeeded');
        const expected = /^# podman: (.*)$/m.exec(text)?.[1];
        if (expected) assert.ok(failure.includes(expected), `expected "${expected}" in: ${failure}`);
      });
    }
  });

  describe('fails: Podman fails them and the checker reports an error', { concurrency: 2 }, () => {
    for (const { name, text } of fixtures('fails')) {
      it(name, async () => {
        assert.notDeepEqual(errorsOf(text), [], 'the checker reports an error');
        const failure = await build(text);
        assert.ok(failure !== undefined, 'the build succeeded');
        const expected = /^# podman: (.*)$/m.exec(text)?.[1];
        if (expected) assert.ok(failure.includes(expected), `expected "${expected}" in: ${failure}`);
      });
    }
  });
});
