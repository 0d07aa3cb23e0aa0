import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { keyInfo, SECTIONS, typesWithKey } from '../../../../src/languages/quadlet/catalogue';

const repoRoot = resolve(__dirname, '..', '..', '..', '..');
// Podman's manual is kept in the repository (test/fixtures/quadlet/README.md), so no check here skips.
const manualText = readFileSync(resolve(repoRoot, 'test/fixtures/quadlet/podman-systemd.unit.5.md'), 'utf8');
const fixture = JSON.parse(readFileSync(resolve(repoRoot, 'test/fixtures/quadlet/manual-keys.json'), 'utf8')) as {
  sections: Record<string, string[]>;
};

/** Same extraction as scripts/extract-quadlet-manual-keys.mjs, kept independent on purpose. */
function parseManual(md: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let section: string | undefined;
  for (const line of md.split(/\r?\n/)) {
    const sec = /^## .*\[(\w+)\]\s*$/.exec(line);
    if (sec) {
      section = sec[1];
      out[section] ??= [];
      continue;
    }
    if (line.startsWith('## ')) section = undefined;
    const key = /^### `(\w+)=`/.exec(line) ?? /^\|\s*(\w+)=/.exec(line);
    if (key && section && !out[section].includes(key[1])) out[section].push(key[1]);
  }
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

function missingFrom(manual: Record<string, string[]>): string[] {
  const missing: string[] = [];
  for (const [section, keys] of Object.entries(manual)) {
    for (const k of keys) if (!keyInfo(section, k)) missing.push(`[${section}] ${k}=`);
  }
  return missing;
}

/** Whitespace-normalised manual, for the copy check. */
const manualWords = manualText.replace(/\s+/g, ' ');

/** The first run of 8 words of `description` that appears verbatim in the manual. */
function copiedRun(description: string): string | undefined {
  const words = description.split(/\s+/);
  for (let i = 0; i + 8 <= words.length; i++) {
    const run = words.slice(i, i + 8).join(' ');
    if (manualWords.includes(run)) return run;
  }
  return undefined;
}

describe('catalogue', () => {
  it('has every key of the checked-in manual key list', () => {
    assert.ok(Object.keys(fixture.sections).length >= 9);
    assert.deepEqual(missingFrom(fixture.sections), []);
  });

  it('has every key of the manual itself, and the key list is up to date', () => {
    const manual = parseManual(manualText);
    assert.ok(Object.keys(manual).length >= 9);
    assert.deepEqual(missingFrom(manual), []);
    assert.deepEqual(
      manual,
      fixture.sections,
      'regenerate with node scripts/extract-quadlet-manual-keys.mjs test/fixtures/quadlet/podman-systemd.unit.5.md',
    );
  });

  it('detects a key missing from the catalogue (the check can fail)', () => {
    assert.deepEqual(missingFrom({ Container: ['Image', 'NotAKey'] }), ['[Container] NotAKey=']);
  });

  it('detects a description copied from the manual (the copy check can fail)', () => {
    const sentence = manualWords.split('. ').find((part) => part.split(' ').length > 12)!;
    assert.ok(copiedRun(`In my words: ${sentence}.`));
    assert.equal(copiedRun('A description written for this project, in words of its own, here.'), undefined);
  });

  it('describes every key in its own words, with kind, example and version', () => {
    assert.ok(manualWords.length > 50_000);
    for (const [section, keys] of Object.entries(SECTIONS)) {
      for (const k of keys) {
        assert.ok(k.description.length > 15, `${section}.${k.key} description`);
        assert.ok(k.example.startsWith(`${k.key}=`), `${section}.${k.key} example`);
        if (k.kind === 'enum') assert.ok(k.values?.length, `${section}.${k.key} enum values`);
        if (!['Unit', 'Service', 'Install'].includes(section)) {
          assert.match(k.since ?? '', /^\d+\.\d+$/, `${section}.${k.key} since`);
        }
        // No run of 8 words of a description may appear verbatim in the manual.
        const run = copiedRun(k.description);
        assert.equal(run, undefined, `${section}.${k.key} copies the manual: "${run}"`);
      }
    }
  });

  it('lists the systemd keys users set and the ones Quadlet refuses', () => {
    for (const k of ['Description', 'After', 'Requires', 'Wants', 'Before', 'BindsTo', 'PartOf']) {
      assert.ok(keyInfo('Unit', k), k);
    }
    for (const k of [
      'Restart',
      'RestartSec',
      'TimeoutStartSec',
      'TimeoutStopSec',
      'Environment',
      'ExecStartPre',
      'ExecStartPost',
      'Type',
      'Slice',
    ]) {
      assert.ok(keyInfo('Service', k), k);
    }
    for (const k of ['WantedBy', 'RequiredBy', 'Alias']) assert.ok(keyInfo('Install', k), k);
    for (const k of ['User', 'Group', 'DynamicUser']) assert.equal(keyInfo('Service', k)?.refused, true, k);
    assert.equal(keyInfo('Service', 'Restart')?.kind, 'enum');
  });

  it('knows which unit types share a key', () => {
    assert.deepEqual(typesWithKey('ExitPolicy'), ['pod']);
    assert.ok(typesWithKey('PodmanArgs').length >= 8);
  });
});
