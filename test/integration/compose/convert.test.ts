// The Quadlet units converted from every file of the compose corpus (with and without a pod) go
// through Podman's real Quadlet generator (Debian 13's 5.4.2, ~/.cache/podman-workbench/
// quadlet-generator, see scripts/get-quadlet-generator.sh): it must accept every unit and make a
// service of each. Runs no Podman service, so it does not go through describeTargets.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { composeOptions } from '../../../src/languages/compose';
import { convertCompose } from '../../../src/languages/compose/convert';
import { nodeFileAccess } from '../../../src/languages/nodeFiles';

const run = promisify(execFile);
const CORPUS = join(__dirname, '..', '..', 'fixtures', 'compose', 'corpus');
const cache = process.env.PODMAN_WORKBENCH_CACHE ?? join(homedir(), '.cache', 'podman-workbench');
const GENERATOR = join(cache, 'quadlet-generator', 'root', 'usr', 'libexec', 'podman', 'quadlet');
const SERVICE_OF: Record<string, (base: string) => string> = {
  container: (b) => `${b}.service`,
  network: (b) => `${b}-network.service`,
  volume: (b) => `${b}-volume.service`,
  pod: (b) => `${b}-pod.service`,
};

/** The generator's services (name → text) and its error lines for the units of a folder. */
async function generate(dir: string): Promise<{ services: string[]; errors: string[] }> {
  let stdout = '';
  let stderr = '';
  try {
    ({ stdout, stderr } = await run(GENERATOR, ['-dryrun', '-no-kmsg-log'], {
      env: { QUADLET_UNIT_DIRS: dir, PATH: process.env.PATH ?? '' },
      maxBuffer: 16 << 20,
    }));
  } catch (e) {
    ({ stdout = '', stderr = '' } = e as { stdout?: string; stderr?: string });
  }
  const services = [...stdout.matchAll(/^---(.+)---$/gm)].map((m) => m[1]);
  const errors = stderr.split('\n').filter((l) => /converting "|error/i.test(l));
  return { services, errors };
}

describe('compose → Quadlet through the real generator', () => {
  let dir = '';
  before(() => {
    if (!existsSync(GENERATOR)) {
      throw new Error(`Quadlet generator missing at ${GENERATOR}: run scripts/get-quadlet-generator.sh`);
    }
    composeOptions.env = () => ({ TAG: '1.0', API_KEY: 'k' });
    dir = mkdtempSync(join(tmpdir(), 'compose-generator-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const pod of [false, true]) {
    it(`the generator accepts every converted unit${pod ? ' (in a pod)' : ''}`, async () => {
      for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.yaml'))) {
        const path = join(CORPUS, file);
        const outcome = await convertCompose({
          path,
          text: readFileSync(path, 'utf8'),
          to: 'quadlet',
          pod,
          files: nodeFileAccess,
        });
        assert.ok(outcome.ok, file);
        const out = mkdtempSync(join(dir, 'u-'));
        for (const u of outcome.files) writeFileSync(join(out, u.name), u.text);
        const { services, errors } = await generate(out);
        assert.deepEqual(errors, [], `${file}: ${errors.join('\n')}`);
        const expected = outcome.files.map((u) => {
          const [, base, kind] = /^(.+)\.(\w+)$/.exec(u.name)!;
          return SERVICE_OF[kind](base);
        });
        assert.deepEqual([...services].sort(), expected.sort(), file);
      }
    });
  }
});
