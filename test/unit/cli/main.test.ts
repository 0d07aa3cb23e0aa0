import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, subcommands } from '../../../src/cli/main';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('podman-workbench CLI', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pw-cli-'));
    writeFileSync(join(dir, 'Containerfile'), 'FROM alpine\nRUN true\n');
    writeFileSync(join(dir, 'bad.containerfile'), 'FROM alpine\r\nRUNN true\r\nCOPY $X /x\r\n');
    writeFileSync(join(dir, 'warn.dockerfile'), 'FROM alpine\nCOPY $X /x\n');
    writeFileSync(join(dir, 'Containerfile.in'), '#include "missing.inc"\nFROM alpine\n');
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    writeFileSync(join(dir, 'Dockerfile.bin'), Buffer.from([0x46, 0x52, 0x00, 0x01, 0xff]));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints nothing and exits 0 for a clean file', async () => {
    const r = await run(['check', join(dir, 'Containerfile')]);
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
  });

  it('prints file:line:col: severity: message [code] and exits 1 on errors', async () => {
    const file = join(dir, 'bad.containerfile');
    const r = await run(['check', file]);
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[0], `${file}:2:1: error: Unknown instruction 'RUNN'; did you mean RUN? [unknown-instruction]`);
    assert.match(
      lines[1],
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:6: warning: .* \\[undefined-variable\\]$`),
    );
  });

  it('exits 0 when there are only warnings', async () => {
    const r = await run(['check', join(dir, 'warn.dockerfile')]);
    assert.equal(r.code, 0);
    assert.match(r.out, /warning/);
  });

  it('--json prints an array with 1-based positions', async () => {
    const r = await run(['check', '--json', join(dir, 'bad.containerfile'), join(dir, 'Containerfile')]);
    assert.equal(r.code, 1);
    const arr = JSON.parse(r.out);
    assert.equal(arr.length, 2);
    assert.deepEqual(
      {
        line: arr[0].line,
        column: arr[0].column,
        endColumn: arr[0].endColumn,
        severity: arr[0].severity,
        code: arr[0].code,
      },
      { line: 2, column: 1, endColumn: 5, severity: 'error', code: 'unknown-instruction' },
    );
  });

  it('checks .in includes against the real file system', async () => {
    const r = await run(['check', join(dir, 'Containerfile.in')]);
    assert.equal(r.code, 1);
    assert.match(r.out, /Containerfile\.in:1:11: error: Included file not found: .*missing\.inc \[include-not-found\]/);
  });

  it('reports a binary file without crashing', async () => {
    const r = await run(['check', join(dir, 'Dockerfile.bin')]);
    assert.equal(r.code, 1);
    assert.match(r.out, /\[binary-file\]/);
  });

  it('skips files no service handles, saying so on stderr; fails on unreadable ones', async () => {
    const notes = join(dir, 'notes.txt');
    const r = await run(['check', notes]);
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
    assert.equal(
      r.err,
      `skipped: ${notes} (not a Containerfile, Quadlet unit, Kubernetes YAML or Compose file; use --lang)\n`,
    );
    const r2 = await run(['check', join(dir, 'Missingfile')]);
    assert.equal(r2.code, 1);
    assert.match(r2.err, /cannot read/);
  });

  it('usage errors exit 2', async () => {
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['check'])).code, 2);
    assert.equal((await run(['check', '--yaml', 'x'])).code, 2);
    assert.equal((await run(['check', '--lang'])).code, 2);
    assert.equal((await run(['check', '--lang', 'containerfile'])).code, 2, 'no FILE');
  });

  it('--lang names an unknown language: exit 2, listing the known ones', async () => {
    const r = await run(['check', '--lang', 'toml', join(dir, 'notes.txt')]);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /unknown language 'toml' for --lang: use containerfile, quadlet, kube or compose/);
  });

  it('--help lists every subcommand', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    for (const name of Object.keys(subcommands)) assert.match(r.out, new RegExp(`^  ${name} `, 'm'));
    assert.match(r.out, /podman-workbench check \[--json\] \[--lang containerfile\|quadlet\|kube\|compose\] FILE/);
  });

  it('runs as a process with the right exit status', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/tools.ts', 'check', join(dir, 'bad.containerfile')],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /:2:1: error: .*\[unknown-instruction\]/);
    const ok = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/tools.ts', 'check', '--json', join(dir, 'Containerfile')],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), []);
  });

  describe('through the real entry (src/tools.ts, what dist/cli.js runs)', () => {
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/tools.ts', ...args], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
    let names: Record<string, string> = {};
    before(() => {
      names = {
        prod: join(dir, 'Containerfile-prod'),
        prodIn: join(dir, 'Containerfile-prod.in'),
        buildIn: join(dir, 'build.Dockerfile.in'),
        dev: join(dir, 'Dockerfile-dev'),
        unit: join(dir, 'web.unit'),
        yaml: join(dir, 'pod.txt'),
      };
      writeFileSync(names.prod, 'FROM alpine\r\nRUNN true\r\n');
      writeFileSync(names.prodIn, '#include "missing.inc"\nFROM alpine\n');
      writeFileSync(names.buildIn, '/* C comment */\nFROM alpine\nRUNN x\n');
      writeFileSync(names.dev, 'FROM alpine\nCOPY $X /x\n');
      writeFileSync(names.unit, '[Container]\nImage=alpine\nBogusKey=1\n');
      writeFileSync(names.yaml, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containerz: []\n');
    });

    it('recognises Containerfile-*, Dockerfile-* and *.Dockerfile.in; skips the rest on stderr', () => {
      const notes = join(dir, 'notes.txt');
      const r = cli(['check', names.prod, names.prodIn, names.buildIn, names.dev, notes]);
      assert.equal(r.status, 1, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.deepEqual(
        lines.map((l) => l.replace(dir + '/', '').replace(/: (error|warning): .* \[/, ': $1 [')),
        [
          'Containerfile-prod:2:1: error [unknown-instruction]',
          'Containerfile-prod.in:1:11: error [include-not-found]',
          'build.Dockerfile.in:3:1: error [unknown-instruction]',
          'Dockerfile-dev:2:6: warning [undefined-variable]',
        ],
      );
      assert.equal(
        r.stderr,
        `skipped: ${notes} (not a Containerfile, Quadlet unit, Kubernetes YAML or Compose file; use --lang)\n`,
      );
    });

    it('a skipped file alone exits 0, and says so', () => {
      const r = cli(['check', names.unit]);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, '');
      assert.match(
        r.stderr,
        /^skipped: .*web\.unit \(not a Containerfile, Quadlet unit, Kubernetes YAML or Compose file; use --lang\)\n$/,
      );
    });

    it('--lang forces a checker on a file of any name', () => {
      const asContainerfile = cli(['check', '--lang', 'containerfile', join(dir, 'notes.txt')]);
      assert.equal(asContainerfile.status, 1, asContainerfile.stderr);
      assert.match(asContainerfile.stdout, /notes\.txt:1:1: error: .*\[unknown-instruction\]/);
      assert.equal(asContainerfile.stderr, '');
      const asQuadlet = cli(['check', '--lang=quadlet', '--json', names.unit]);
      assert.equal(asQuadlet.stderr, '');
      const quadletCodes = JSON.parse(asQuadlet.stdout).map((f: { code: string }) => f.code);
      assert.ok(quadletCodes.length > 0 && quadletCodes.every((c: string) => c.startsWith('quadlet.')), quadletCodes);
      const asKube = cli(['check', '--lang', 'kube', '--json', names.yaml]);
      assert.equal(asKube.stderr, '');
      const kube = JSON.parse(asKube.stdout);
      assert.ok(kube.length > 0, 'the Kubernetes checker reported the unknown field');
      assert.ok(kube.every((f: { file: string; code: string }) => f.file === names.yaml && f.code.startsWith('kube')));
    });

    it('--lang compose checks any file as a compose file', () => {
      const r = cli(['check', '--lang', 'compose', names.yaml]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(
        r.stdout,
        /pod\.txt:1:1: error: unknown key 'apiVersion' in the file\. Did you mean 'version'\? \[compose\.schema\.additionalProperties\]/,
      );
    });
  });
});
