import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { isIgnored, packContext, parseIgnoreFile } from '../../../src/podman/buildContext';
import { instructionStarts, lineOfStep, parseStepLine } from '../../../src/podman/build';

const EOLS = ['\n', '\r\n'];

describe('ignore rules', () => {
  const cases: [string, string, boolean][] = [
    ['node_modules', 'node_modules/a/b.js', true],
    ['node_modules', 'src/node_modules', false],
    ['*.log', 'a.log', true],
    ['*.log', 'dir/a.log', false],
    ['**/*.log', 'dir/sub/a.log', true],
    ['**/*.log', 'a.log', true],
    ['/build', 'build/x', true],
    ['dist/*.map', 'dist/a.js.map', true],
    ['dist/*.map', 'dist/a.js', false],
    ['tmp?', 'tmp1', true],
    ['tmp?', 'tmp12', false],
    ['[ab].txt', 'a.txt', true],
    ['[!ab].txt', 'c.txt', true],
    ['[!ab].txt', 'a.txt', false],
  ];
  for (const eol of EOLS) {
    for (const [pattern, p, want] of cases) {
      it(`${JSON.stringify(pattern)} ${want ? 'ignores' : 'keeps'} ${p} (${JSON.stringify(eol)})`, () => {
        assert.equal(isIgnored(p, parseIgnoreFile(`# comment${eol}${pattern}${eol}`)), want);
      });
    }
    it(`the last matching rule wins, with ! exceptions (${JSON.stringify(eol)})`, () => {
      const rules = parseIgnoreFile(['*.md', '!README.md', 'docs', '!docs/keep.txt'].join(eol));
      assert.equal(isIgnored('CHANGES.md', rules), true);
      assert.equal(isIgnored('README.md', rules), false);
      assert.equal(isIgnored('docs/a.txt', rules), true);
      assert.equal(isIgnored('docs/keep.txt', rules), false);
    });
  }
  it('skips a BOM and blank lines', () => {
    const rules = parseIgnoreFile('\uFEFFsecret.txt\n\n   \n');
    assert.equal(rules.length, 1);
    assert.equal(isIgnored('secret.txt', rules), true);
  });
});

describe('build steps', () => {
  it('parses single- and multi-stage step lines', () => {
    assert.deepEqual(parseStepLine('STEP 3/5: RUN make'), { step: 3, steps: 5, instruction: 'RUN make' });
    assert.deepEqual(parseStepLine('[2/3] STEP 1/4: FROM alpine AS b'), {
      stage: 2,
      stages: 3,
      step: 1,
      steps: 4,
      instruction: 'FROM alpine AS b',
    });
    assert.equal(parseStepLine('--> 1234'), undefined);
  });
  for (const eol of EOLS) {
    const text = [
      '# syntax comment',
      'FROM busybox AS base',
      'RUN echo a \\',
      '    && echo b',
      '',
      'COPY <<EOF /x',
      'FROM not-an-instruction',
      'EOF',
      'FROM base',
      '# a comment',
      'RUN false',
    ].join(eol);
    it(`maps steps to instruction lines past continuations, heredocs and comments (${JSON.stringify(eol)})`, () => {
      assert.deepEqual(
        instructionStarts(text).map((s) => [s.line, s.keyword]),
        [
          [1, 'FROM'],
          [2, 'RUN'],
          [5, 'COPY'],
          [8, 'FROM'],
          [10, 'RUN'],
        ],
      );
      assert.equal(lineOfStep(text, { stage: 2, stages: 2, step: 2, steps: 2, instruction: 'RUN false' }), 10);
      assert.equal(lineOfStep(text, { stage: 1, stages: 2, step: 3, steps: 3, instruction: 'COPY' }), 5);
      assert.equal(lineOfStep(text, { step: 5, steps: 5, instruction: 'RUN false' }), 10);
    });
  }
});

describe('build context tar', () => {
  it('streams the context without ignored files, keeping the Containerfile and symlinks', async () => {
    const d = mkdtempSync(join(tmpdir(), 'pw-ctx-'));
    writeFileSync(join(d, 'Containerfile'), 'FROM x\n');
    writeFileSync(join(d, 'app.js'), 'x');
    mkdirSync(join(d, 'node_modules/pkg'), { recursive: true });
    writeFileSync(join(d, 'node_modules/pkg/i.js'), 'x');
    mkdirSync(join(d, 'docs'));
    writeFileSync(join(d, 'docs/a.md'), 'a');
    writeFileSync(join(d, 'docs/keep.md'), 'k');
    symlinkSync('app.js', join(d, 'link.js'));
    const rules = parseIgnoreFile('node_modules\nContainerfile\ndocs\n!docs/keep.md\n');
    const { stream, done } = packContext(d, {
      rules,
      alwaysInclude: ['Containerfile'],
      extra: { 'extra.txt': Buffer.from('e') },
    });
    const names: string[] = [];
    const ex = extract();
    ex.on('entry', (h, s, next) => {
      names.push(`${h.type}:${h.name}`);
      s.resume();
      s.on('end', next);
    });
    const finished = new Promise<void>((r) => ex.on('finish', () => r()));
    stream.pipe(ex);
    const counts = await done;
    await finished;
    assert.deepEqual(
      names.sort(),
      ['file:Containerfile', 'file:app.js', 'file:docs/keep.md', 'file:extra.txt', 'symlink:link.js'].sort(),
    );
    assert.equal(counts.files, 5);
    rmSync(d, { recursive: true, force: true });
  });
});
