// Compose interpolation, every form of the spec, table-driven; and the .env format.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { interpolate, InterpolationError, parseEnvFile, EnvFileError } from '../../../src/compose/model';

const env = { SET: 'value', EMPTY: '', FOO: 'foo' };

describe('compose interpolation', () => {
  const cases: [string, string, string[]?][] = [
    ['plain', 'plain'],
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['a${SET}b$FOO.c', 'avaluebfoo.c'],
    ['${UNSET}', '', ['UNSET']],
    ['$UNSET-x', '-x', ['UNSET']],
    ['${UNSET:-d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    ['${SET:-d}', 'value'],
    ['${SET:+x}', 'x'],
    ['${EMPTY:+x}', ''],
    ['${EMPTY+x}', 'x'],
    ['${UNSET+x}', ''],
    ['${UNSET:-${FOO}}', 'foo'],
    ['${UNSET:-${NOPE:-deep}}', 'deep'],
    ['${SET?$FOO}', 'value'],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['cost: 5$', 'cost: 5$'],
    ['$1 and $-', '$1 and $-'],
  ];
  for (const [input, expected, unset = []] of cases) {
    it(`${input} → ${JSON.stringify(expected)}`, () => {
      const r = interpolate(input, env);
      assert.equal(r.value, expected);
      assert.deepEqual(r.unset, unset);
    });
  }
  const errors: [string, RegExp][] = [
    ['${UNSET:?must be set}', /Required variable UNSET is not set: must be set/],
    ['${EMPTY:?needed}', /Required variable EMPTY is empty: needed/],
    ['${UNSET?}', /Required variable UNSET is not set$/],
    ['x ${UNSET?err $FOO}', /not set: err foo/],
    ['${SET', /unclosed/],
    ['${}', /Invalid interpolation format/],
    ['${SET/a/b}', /unsupported operator/],
  ];
  for (const [input, message] of errors) {
    it(`${input} fails with ${message}`, () => {
      assert.throws(
        () => interpolate(input, env),
        (e: unknown) => e instanceof InterpolationError && message.test(e.message),
      );
    });
  }
  it('${EMPTY?err} passes: only unset fails without the colon', () => {
    assert.equal(interpolate('${EMPTY?err}', env).value, '');
  });
});

describe('compose .env format', () => {
  for (const eol of ['\n', '\r\n']) {
    it(`reads quotes, export, comments and interpolation (${JSON.stringify(eol)})`, () => {
      const text = [
        '# comment',
        'A=1',
        'export B=two words # trailing',
        "C='literal $A'",
        'D="line\\nbreak $A"',
        'E=${A}-${HOSTVAR}',
        'F=',
        'ONLY_KEY',
        'G="multi',
        'line"',
      ].join(eol);
      const entries = parseEnvFile(text, (n) => (n === 'HOSTVAR' ? 'h' : undefined));
      assert.deepEqual(
        entries.map((e) => [e.key, e.value, e.line]),
        [
          ['A', '1', 1],
          ['B', 'two words', 2],
          ['C', 'literal $A', 3],
          ['D', 'line\nbreak 1', 4],
          ['E', '1-h', 5],
          ['F', '', 6],
          ['G', 'multi\nline', 8],
        ],
      );
    });
  }
  it('a line that is no assignment is an error with its line', () => {
    assert.throws(
      () => parseEnvFile('A=1\n=oops\n'),
      (e: unknown) => e instanceof EnvFileError && e.line === 1,
    );
  });
});
