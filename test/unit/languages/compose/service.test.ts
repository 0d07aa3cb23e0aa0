// The compose language service over a corpus of valid files (no diagnostic at all, LF and CRLF),
// negative cases with exact ranges, and completion, hover, symbols and go to definition.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeOptions, composeService } from '../../../../src/languages/compose';
import { nodeFileAccess } from '../../../../src/languages/nodeFiles';
import { kubeService } from '../../../../src/languages/kube';
import { serviceFor } from '../../../../src/languages/registry';
import { EMPTY_LIVE_DATA, type ServiceContext } from '../../../../src/languages/types';

const CORPUS = join(__dirname, '..', '..', '..', 'fixtures', 'compose', 'corpus');
const ctx: ServiceContext = { files: nodeFileAccess, live: EMPTY_LIVE_DATA };
const ENV = { TAG: '1.0', API_KEY: 'k', EMPTY: '' };
const withEol = (text: string, eol: string) => text.replace(/\r?\n/g, eol);

before(() => {
  composeOptions.env = () => ENV;
});

for (const eol of ['\n', '\r\n']) {
  const label = eol === '\n' ? 'LF' : 'CRLF';
  describe(`compose corpus (${label})`, () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.yaml'));
    it('has at least 40 files', () => assert.ok(files.length >= 40, String(files.length)));
    for (const f of files) {
      it(`${f}: no diagnostics`, async () => {
        const doc = {
          uri: pathToFileURL(join(CORPUS, f)).href,
          languageId: 'yaml',
          text: withEol(readFileSync(join(CORPUS, f), 'utf8'), eol),
        };
        const diags = await composeService.diagnostics(doc, ctx);
        assert.deepEqual(
          diags.map((d) => `${d.range.start.line + 1}: ${d.message}`),
          [],
        );
      });
    }
  });
}

/** [name, text, [code, line, the text the range covers]...] — lines 0-based. */
const NEGATIVE: [string, string, [string, number, string][]][] = [
  ['invalid YAML', 'services:\n  web:\n    image: [a\n', [['compose.syntax', 3, '']]],
  [
    'unknown key with a suggestion',
    'services:\n  web:\n    image: nginx\n    restrat: always\n',
    [['compose.schema.additionalProperties', 3, 'restrat']],
  ],
  ['wrong type', 'services:\n  web:\n    image: nginx\n    ports: 8080\n', [['compose.schema.type', 3, '8080']]],
  [
    'wrong enum value',
    'services:\n  web:\n    image: nginx\n    depends_on:\n      db:\n        condition: service_ready\n  db:\n    image: x\n',
    [['compose.schema.enum', 5, 'service_ready']],
  ],
  [
    'value off a pattern',
    'services:\n  web:\n    image: nginx\n    pull_policy: sometimes\n',
    [['compose.schema.pattern', 3, 'sometimes']],
  ],
  [
    'unknown top-level key',
    'servics:\n  web:\n    image: nginx\n',
    [['compose.schema.additionalProperties', 0, 'servics']],
  ],
  ['a scalar file', 'hello\n', [['compose.not-a-mapping', 0, 'hello']]],
  [
    'undefined service',
    'services:\n  web:\n    image: nginx\n    depends_on: [db]\n',
    [['compose.undefined-service', 3, 'db']],
  ],
  [
    'undefined service (map form)',
    'services:\n  web:\n    image: nginx\n    depends_on:\n      db:\n        condition: service_started\n',
    [['compose.undefined-service', 4, 'db']],
  ],
  [
    'undefined network',
    'services:\n  web:\n    image: nginx\n    networks: [front]\n',
    [['compose.undefined-network', 3, 'front']],
  ],
  [
    'undefined volume',
    'services:\n  web:\n    image: nginx\n    volumes:\n      - data:/data\n',
    [['compose.undefined-volume', 4, 'data:/data']],
  ],
  [
    'undefined secret',
    'services:\n  web:\n    image: nginx\n    secrets:\n      - source: pw\n',
    [['compose.undefined-secret', 4, 'pw']],
  ],
  [
    'undefined config',
    'services:\n  web:\n    image: nginx\n    configs: [conf]\n',
    [['compose.undefined-config', 3, 'conf']],
  ],
  [
    'extends an undefined service',
    'services:\n  web:\n    extends:\n      service: base\n',
    [['compose.undefined-service', 3, 'base']],
  ],
  [
    'depends_on cycle',
    'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n',
    [
      ['compose.depends-on-cycle', 3, 'b'],
      ['compose.depends-on-cycle', 6, 'a'],
    ],
  ],
  [
    'port published twice',
    'services:\n  a:\n    image: x\n    ports: ["8080:80"]\n  b:\n    image: x\n    ports:\n      - 8080:81\n',
    [['compose.port-twice', 7, '8080:81']],
  ],
  [
    'port range overlaps',
    'services:\n  a:\n    image: x\n    ports: ["9000-9005:9000-9005", "127.0.0.1:9003:1"]\n',
    [['compose.port-twice', 3, '"127.0.0.1:9003:1"']],
  ],
  ['missing build context', 'services:\n  a:\n    build: ./nowhere\n', [['compose.missing-context', 2, './nowhere']]],
  [
    'missing Containerfile',
    'services:\n  a:\n    build:\n      context: ./app\n      dockerfile: Nope\n',
    [['compose.missing-dockerfile', 4, 'Nope']],
  ],
  [
    'missing env file',
    'services:\n  a:\n    image: x\n    env_file: ./missing.env\n',
    [['compose.missing-env-file', 3, './missing.env']],
  ],
  [
    'unset variable: a warning on its name',
    'services:\n  a:\n    image: "busybox:${NOPE}"\n',
    [['compose.variable-unset', 2, 'NOPE']],
  ],
  [
    'required variable unset',
    'services:\n  a:\n    image: x\n    environment:\n      A: ${NOPE:?set NOPE}\n',
    [['compose.variable-required', 4, 'NOPE']],
  ],
  [
    'required variable empty',
    'services:\n  a:\n    image: "x:${EMPTY:?empty}"\n',
    [['compose.variable-required', 2, 'EMPTY']],
  ],
  ['unclosed interpolation', 'services:\n  a:\n    image: x${TAG\n', [['compose.interpolation-syntax', 2, '${TAG']]],
  [
    'invalid interpolation name',
    'services:\n  a:\n    image: x${1A}\n',
    [['compose.interpolation-syntax', 2, '${1A}']],
  ],
  [
    'invalid interpolation operator',
    'services:\n  a:\n    image: x${TAG:x}\n',
    [['compose.interpolation-syntax', 2, '${TAG:x}']],
  ],
  [
    'a variable after a quoted # is read, one in a comment is not',
    'services:\n  a:\n    image: x # ${IN_COMMENT}\n    command: "echo # ${NOPE}" # ${ALSO_COMMENT}\n',
    [['compose.variable-unset', 3, 'NOPE']],
  ],
  ['obsolete version', 'version: "3"\nservices:\n  a:\n    image: x\n', [['compose.version-obsolete', 0, 'version']]],
];

const covered = (
  text: string,
  d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } },
) => {
  const lines = text.split(/\r?\n/);
  if (d.range.start.line !== d.range.end.line) return lines[d.range.start.line].slice(d.range.start.character);
  return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
};

for (const eol of ['\n', '\r\n']) {
  describe(`compose negative cases (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    for (const [name, raw, expected] of NEGATIVE) {
      it(name, async () => {
        const text = withEol(raw, eol);
        const doc = { uri: pathToFileURL(join(CORPUS, 'negative.yaml')).href, languageId: 'yaml', text };
        const diags = await composeService.diagnostics(doc, ctx);
        const got = diags.map((d) => [String(d.code), d.range.start.line, covered(text, d)]);
        assert.deepEqual(
          got,
          expected.map(([code, line, cover]) => [code, line, cover]),
        );
      });
    }
  });
}

describe('compose diagnostics details', () => {
  it('suggests the key meant and gives severities', async () => {
    const text = 'services:\n  web:\n    image: nginx:${NOPE}\n    restrat: always\n';
    const diags = await composeService.diagnostics({ uri: 'untitled:x', languageId: 'yaml', text }, ctx);
    assert.match(String(diags[0].message), /unknown key 'restrat' in services\.web\. Did you mean 'restart'\?/);
    assert.deepEqual(
      diags.map((d) => d.severity),
      [1, 2],
    );
  });

  it('an override file may use the names of its base file; an include brings its names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-override-'));
    try {
      writeFileSync(join(dir, 'compose.yaml'), 'services:\n  db:\n    image: x\nnetworks:\n  back: {}\n');
      const text = 'services:\n  web:\n    image: x\n    depends_on: [db]\n    networks: [back]\n';
      const uri = pathToFileURL(join(dir, 'compose.override.yaml')).href;
      assert.deepEqual(await composeService.diagnostics({ uri, languageId: 'yaml', text }, ctx), []);
      const alone = await composeService.diagnostics(
        { uri: pathToFileURL(join(dir, 'other.yaml')).href, languageId: 'yaml', text },
        ctx,
      );
      assert.deepEqual(
        alone.map((d) => d.code),
        ['compose.undefined-service', 'compose.undefined-network'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the .env file beside the compose file sets variables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-env-'));
    try {
      writeFileSync(join(dir, '.env'), '# comment\nFROM_DOTENV="yes"\n');
      const text = 'services:\n  a:\n    image: "x:${FROM_DOTENV}"\n';
      const diags = await composeService.diagnostics(
        { uri: pathToFileURL(join(dir, 'compose.yaml')).href, languageId: 'yaml', text },
        ctx,
      );
      assert.deepEqual(diags, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('compose files and the registry', () => {
  it('takes compose file names, leaves other YAML to the Kubernetes service', () => {
    for (const name of [
      'compose.yaml',
      'compose.yml',
      'docker-compose.yml',
      'docker-compose.yaml',
      'compose.override.yaml',
      'docker-compose.override.yml',
      'compose.prod.yaml',
    ]) {
      assert.equal(serviceFor({ languageId: 'yaml', path: `/p/${name}` }), composeService, name);
    }
    assert.equal(serviceFor({ path: '/p/compose.yaml', text: 'services: {}\n' }), composeService);
    assert.equal(serviceFor({ languageId: 'dockercompose' }), composeService);
    assert.equal(serviceFor({ languageId: 'yaml', path: '/p/app.yaml' }), kubeService);
    assert.equal(composeService.matchesPath('/p/composer.yaml'), false);
  });
});

describe('compose editing features', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'compose-nav-'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'Containerfile'), 'FROM busybox\n');
    writeFileSync(join(dir, 'web.env'), 'A=1\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const TEXT = [
    'services:', //                               0
    '  web:', //                                  1
    '    image: nginx:${TAG}', //                 2
    '    env_file: web.env', //                   3
    '    depends_on: [api]', //                   4
    '    networks:', //                           5
    '      - back', //                            6
    '    pull_policy: al', //                     7
    '  api:', //                                  8
    '    build: ./app', //                        9
    '    restart: always', //                    10
    '    ', //                                   11
    'networks:', //                              12
    '  back: {}', //                             13
    '',
  ].join('\n');
  const doc = () => ({ uri: pathToFileURL(join(dir, 'compose.yaml')).href, languageId: 'yaml', text: TEXT });
  const labels = async (line: number, character: number) =>
    (await composeService.completion!(doc(), { line, character }, ctx)).map((i) => i.label);

  it('completes service keys from the schema', async () => {
    const l = await labels(11, 4);
    for (const k of ['image', 'healthcheck', 'depends_on', 'ports']) assert.ok(l.includes(k), k);
    assert.ok(!l.includes('services'));
  });
  it('completes enumerated values', async () => {
    const l = await labels(7, 19);
    for (const v of ['always', 'never', 'missing', 'build']) assert.ok(l.includes(v), v);
  });
  it('completes network names in a service and service names in depends_on', async () => {
    assert.ok((await labels(6, 8)).includes('back'));
    const text = TEXT.replace('    restart: always', '    depends_on:\n      - ');
    const l = (await composeService.completion!({ ...doc(), text }, { line: 11, character: 8 }, ctx)).map(
      (i) => i.label,
    );
    assert.deepEqual(
      l.filter((x) => x === 'web' || x === 'api'),
      ['web'],
    );
  });
  it('hovers a key with its description and a variable with its value', async () => {
    const h = await composeService.hover!(doc(), { line: 10, character: 6 }, ctx);
    assert.match(JSON.stringify(h?.contents), /restart/i);
    const v = await composeService.hover!(doc(), { line: 2, character: 20 }, ctx);
    assert.match(JSON.stringify(v?.contents), /TAG\*\* = `1\.0`/);
  });
  it('has a symbol per service under services', () => {
    const syms = composeService.documentSymbols!(doc());
    assert.deepEqual(
      syms.map((s) => s.name),
      ['services', 'networks'],
    );
    assert.deepEqual(
      syms[0].children!.map((s) => `${s.name}:${s.detail ?? ''}`),
      ['web:nginx:${TAG}', 'api:'],
    );
    assert.deepEqual(syms[0].children![1].selectionRange, {
      start: { line: 8, character: 2 },
      end: { line: 8, character: 5 },
    });
  });
  it('goes to the definition of a referenced service and network, and to env files and build contexts', async () => {
    const at = async (line: number, character: number) => composeService.definition!(doc(), { line, character }, ctx);
    assert.deepEqual((await at(4, 18))[0].range.start, { line: 8, character: 2 });
    assert.deepEqual((await at(6, 9))[0].range.start, { line: 13, character: 2 });
    assert.equal((await at(3, 15))[0].uri, pathToFileURL(join(dir, 'web.env')).href);
    assert.equal((await at(9, 13))[0].uri, pathToFileURL(join(dir, 'app', 'Containerfile')).href);
    assert.deepEqual(await at(2, 6), []);
  });
});
