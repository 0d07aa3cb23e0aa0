import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseUnitFile, splitQuadlets, valueOffsetToPosition } from '../../../../src/languages/quadlet/parser';
import { itBothEols } from './helpers';

describe('unit file parser', () => {
  itBothEols('gives sections and entries exact ranges', (lines) => {
    const ast = parseUnitFile(
      lines('# comment', '[Container]', '  Image = docker.io/a/b  ', '; other', 'Exec=sleep 1'),
    );
    assert.equal(ast.sections.length, 1);
    const s = ast.sections[0];
    assert.equal(s.name, 'Container');
    assert.deepEqual(s.nameRange, { start: { line: 1, character: 1 }, end: { line: 1, character: 10 } });
    const [img, exec] = s.entries;
    assert.equal(img.key, 'Image');
    assert.equal(img.value, 'docker.io/a/b');
    assert.deepEqual(img.keyRange, { start: { line: 2, character: 2 }, end: { line: 2, character: 7 } });
    assert.deepEqual(img.valueRange, { start: { line: 2, character: 10 }, end: { line: 2, character: 23 } });
    assert.equal(exec.value, 'sleep 1');
    assert.deepEqual(s.range.end, { line: 4, character: 12 });
  });

  itBothEols('joins continuation lines with one space and skips comments inside them', (lines) => {
    const ast = parseUnitFile(
      lines('[Container]', 'Exec=/bin/sh -c \\', '# note', '   "echo hi"  \\', '  done', 'Image=x'),
    );
    const [exec, image] = ast.sections[0].entries;
    assert.equal(exec.value, '/bin/sh -c "echo hi" done');
    assert.deepEqual(exec.range, { start: { line: 1, character: 0 }, end: { line: 4, character: 6 } });
    assert.equal(image.keyRange.start.line, 5);
    // Offsets in the joined value map back to the right line.
    assert.deepEqual(valueOffsetToPosition(exec, exec.value.indexOf('"echo')), { line: 3, character: 3 });
    assert.deepEqual(valueOffsetToPosition(exec, exec.value.indexOf('done')), { line: 4, character: 2 });
  });

  itBothEols('reports keys before any section, bad headers and lines without =', (lines) => {
    const ast = parseUnitFile(lines('Image=early', '[Container', 'garbage here', '[Container]', 'Image=x'));
    assert.equal(ast.orphans.length, 1);
    assert.deepEqual(
      ast.problems.map((p) => [p.code, p.range.start.line]),
      [
        ['key-outside-section', 0],
        ['bad-section-header', 1],
        ['invalid-line', 2],
      ],
    );
  });

  it('handles an endless continuation at the end of the file', () => {
    const ast = parseUnitFile('[Container]\nExec=a \\\n b \\');
    assert.equal(ast.sections[0].entries[0].value, 'a b');
    assert.equal(ast.problems[0].code, 'unterminated-continuation');
  });

  it('skips a byte order mark and reports NUL bytes without failing', () => {
    const ast = parseUnitFile('\ufeff[Container]\nImage=a\0b\n');
    assert.equal(ast.sections[0].name, 'Container');
    assert.equal(ast.sections[0].nameRange.start.character, 2);
    assert.equal(ast.problems[0].code, 'nul-byte');
    assert.deepEqual(ast.problems[0].range.start, { line: 1, character: 7 });
  });

  it('accepts lone CR line endings', () => {
    const ast = parseUnitFile('[Volume]\rLabel=a=b\r');
    assert.equal(ast.sections[0].entries[0].value, 'a=b');
  });

  it('parses a 10 MB file without hanging (generous bound: the test machine is shared)', () => {
    const chunk = '[Container]\nImage=docker.io/library/alpine:3\nEnvironment=A=1 B=2\nExec=sleep \\\n  infinity\n';
    const big = chunk.repeat(Math.ceil((10 * 1024 * 1024) / chunk.length));
    const t = performance.now();
    const ast = parseUnitFile(big);
    assert.ok(performance.now() - t < 20000);
    assert.ok(ast.sections.length > 100000);
  });

  it('survives pathological input: only backslashes, only brackets, binary noise', () => {
    for (const text of [
      '\\\n'.repeat(100000),
      '['.repeat(200000),
      ']=['.repeat(50000),
      String.fromCharCode(...Array.from({ length: 5000 }, (_, i) => i % 256)),
    ]) {
      const ast = parseUnitFile(text);
      assert.ok(Array.isArray(ast.sections));
    }
  });

  itBothEols('splits .quadlets files on --- with their FileName comments', (lines) => {
    const parts = splitQuadlets(
      lines('# FileName=web', '[Container]', 'Image=x', '---', '# FileName=data', '[Volume]'),
    );
    assert.deepEqual(
      parts.map((p) => [p.fileName, p.startLine]),
      [
        ['web', 0],
        ['data', 4],
      ],
    );
    assert.deepEqual(parts[1].fileNameRange, { start: { line: 4, character: 11 }, end: { line: 4, character: 15 } });
  });
});
