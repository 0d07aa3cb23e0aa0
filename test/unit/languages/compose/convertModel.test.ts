// The conversion reads the project as Up does (src/compose/model): the override file merged,
// .env and env_file, extends and profiles, the document's unsaved text in place of its file; a
// problem Up would refuse refuses the conversion; each warning names its field's position.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeOptions } from '../../../../src/languages/compose';
import { convertCompose } from '../../../../src/languages/compose/convert';
import { nodeFileAccess } from '../../../../src/languages/nodeFiles';

const BASE = [
  'services:',
  '  base:',
  '    image: docker.io/library/busybox:${TAG}',
  '    environment:',
  '      FROM_BASE: "1"',
  '  web:',
  '    extends: base',
  '    env_file: web.env',
  '    oom_score_adj: 200',
  '  debug:',
  '    image: busybox',
  '    profiles: [debug]',
  '',
].join('\n');

describe('compose conversion through the compose model', () => {
  let dir = '';
  const file = () => join(dir, 'compose.yaml');
  const convert = (text: string, to: 'quadlet' | 'kube' = 'quadlet') =>
    convertCompose({ path: file(), text, to, files: nodeFileAccess });
  before(() => {
    composeOptions.env = () => ({});
    dir = mkdtempSync(join(tmpdir(), 'compose-convert-model-'));
    writeFileSync(file(), 'services: {}\n'); // on disk: not what is converted (the text is)
    writeFileSync(join(dir, '.env'), 'TAG=1.36\n');
    writeFileSync(join(dir, 'web.env'), 'FROM_ENV_FILE=yes\n');
    writeFileSync(join(dir, 'compose.override.yaml'), 'services:\n  web:\n    hostname: from-override\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const eol of ['\n', '\r\n']) {
    it(`converts the merged project Up would run (${eol === '\n' ? 'LF' : 'CRLF'})`, async () => {
      const outcome = await convert(BASE.replace(/\n/g, eol));
      assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.errors));
      assert.deepEqual(
        outcome.files.map((f) => f.name).filter((n) => n.endsWith('.container')),
        ['base.container', 'web.container'],
      );
      const web = outcome.files.find((f) => f.name === 'web.container')!.text.split('\n');
      for (const line of [
        'Image=docker.io/library/busybox:1.36', // extends, interpolated from .env
        'HostName=from-override', // the override file merged
        'Environment=FROM_BASE=1',
        'Environment=FROM_ENV_FILE=yes', // env_file read as Up reads it
      ]) {
        assert.ok(web.includes(line), `${line} in\n${web.join('\n')}`);
      }
      const warnings = outcome.warnings.map((w) => [w.path, w.range?.line, w.range?.file]);
      assert.deepEqual(warnings, [
        ['services.debug.profiles', 11, file()],
        ['services.web.oom_score_adj', 8, file()],
      ]);
      assert.match(outcome.warnings[0].message, /not converted: its profiles \(debug\) are not active/);
    });
  }

  it('converts a service of an active profile (COMPOSE_PROFILES)', async () => {
    composeOptions.env = () => ({ COMPOSE_PROFILES: 'debug' });
    try {
      const outcome = await convert(BASE, 'kube');
      assert.ok(outcome.ok);
      assert.match(outcome.files[0].text, /name: debug/);
      assert.ok(!outcome.warnings.some((w) => w.path === 'services.debug.profiles'));
    } finally {
      composeOptions.env = () => ({});
    }
  });

  it('refuses what Up refuses, naming the file it is in', async () => {
    writeFileSync(join(dir, 'compose.override.yaml'), 'services:\n  web:\n    depends_on: [nowhere]\n');
    try {
      const outcome = await convert(BASE);
      assert.ok(!outcome.ok);
      assert.match(outcome.errors.map((e) => e.message).join('\n'), /nowhere/);
    } finally {
      writeFileSync(join(dir, 'compose.override.yaml'), 'services:\n  web:\n    hostname: from-override\n');
    }
  });
});
