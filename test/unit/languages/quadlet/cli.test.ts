import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../../../src/cli/main';
import { quadletCli } from '../../../../src/languages/quadlet';
import { memFiles } from './helpers';

async function cli(args: string[], files = memFiles({})) {
  let out = '';
  let err = '';
  const code = await quadletCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) }, files);
  return { code, out, err };
}

describe('quadlet CLI', () => {
  const path = resolve('/q/web.container');
  it('prints the generated unit', async () => {
    const r = await cli(
      ['preview', path, '--podman-version', '5.4'],
      memFiles({ [path]: '[Container]\nImage=docker.io/a/b\n' }),
    );
    assert.equal(r.code, 0);
    assert.match(r.out, /^# web\.service\n/);
    assert.match(r.out, /ExecStart=\/usr\/bin\/podman run .* docker\.io\/a\/b\n/);
    assert.equal(r.err, '');
  });

  it('prints generator errors as file:line: error: and exits 1', async () => {
    const r = await cli(
      ['preview', path, '--podman-version=5.4.2'],
      memFiles({ [path]: '[Container]\nImage=docker.io/a/b\nMemory=1g\n' }),
    );
    assert.equal(r.code, 1);
    assert.equal(r.err, `${path}:3: error: unsupported key 'Memory' in group 'Container' in ${path}\n`);
    assert.equal(r.out, '');
  });

  it('previews a chosen unit of a .quadlets file', async () => {
    const q = resolve('/q/app.quadlets');
    const files = memFiles({
      [q]: '# FileName=web\n[Container]\nImage=docker.io/a/b\n---\n# FileName=data\n[Volume]\nVolumeName=shared\n',
    });
    const r = await cli(['preview', q, '--unit', 'data'], files);
    assert.equal(r.code, 0);
    assert.match(r.out, /^# data-volume\.service\n/);
    assert.match(r.out, /volume create --ignore shared/);
    const bad = await cli(['preview', q, '--unit=nope'], files);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /no unit named nope in this file \(it has web\.container, data\.volume\)/);
  });

  it('rejects bad usage', async () => {
    assert.equal((await cli([])).code, 2);
    assert.equal((await cli(['frob'])).code, 2);
    assert.equal((await cli(['preview'])).code, 2);
    assert.equal((await cli(['preview', path, '--podman-version'])).code, 2);
    assert.equal((await cli(['preview', path, '--podman-version', 'latest'])).code, 2);
    const missing = await cli(['preview', '/nope/x.container']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read/);
    assert.equal((await cli(['--help'])).code, 0);
  });

  it('podman-workbench check reports a Quadlet file full of binary garbage once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-quadlet-cli-'));
    try {
      // 256 KB of pseudo-random bytes (a fixed-seed LCG): NULs, brackets, `=` and newlines among them.
      const bytes = Buffer.alloc(256 * 1024);
      let seed = 12345;
      for (let i = 0; i < bytes.length; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        bytes[i] = seed >>> 24;
      }
      const file = join(dir, 'garbage.container');
      writeFileSync(file, bytes);
      let out = '';
      let err = '';
      const code = await main(['check', file], { out: (t) => (out += t), err: (t) => (err += t) });
      assert.equal(code, 1);
      const lines = out.trim().split('\n');
      assert.equal(lines.length, 1, `${lines.length} lines, first: ${lines.slice(0, 3).join(' | ')}`);
      assert.match(lines[0], /garbage\.container:1:1: error: .*binary.* \[quadlet\.binary-file\]$/);
      assert.equal(err, '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
