// The demo workspace `npm start` opens is the first thing a newcomer sees: every file in it that
// a language service understands must pass `podman-workbench check` without a finding, and a file
// the user edited is never written again.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';

type DemoModule = typeof import('../../../scripts/demo.mjs', { with: { 'resolution-mode': 'import' } });
const loadDemo = () => import('../../../scripts/demo.mjs' as string) as Promise<DemoModule>;

const CHECKED = ['Containerfile', 'quadlet/demo.container', 'quadlet/demo.network', 'kube/demo.yaml', 'compose.yaml'];

describe('the demo workspace', () => {
  let dir = '';
  let demo: DemoModule;
  before(async () => {
    demo = await loadDemo();
    dir = mkdtempSync(join(tmpdir(), 'pw-demo-'));
    demo.writeDemoWorkspace(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has every checked file, and each passes check with no finding', async () => {
    for (const rel of CHECKED) assert.ok(demo.DEMO_FILES[rel], `${rel} is part of the demo`);
    let out = '';
    const checked = await main(['check', ...CHECKED.map((rel) => join(dir, rel))], {
      out: (t) => (out += t),
      err: (t) => (out += t),
    });
    assert.equal(out, '', 'no finding in the demo files');
    assert.equal(checked, 0);
  });

  it('keeps a file the user edited when it is written again', () => {
    const file = join(dir, 'compose.yaml');
    writeFileSync(file, '# mine\n');
    demo.writeDemoWorkspace(dir);
    assert.equal(readFileSync(file, 'utf8'), '# mine\n');
  });
});
