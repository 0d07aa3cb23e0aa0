// The README's settings table agrees with the settings package.json contributes: every setting is
// documented, with the default VS Code will use, and the table names no setting that does not exist.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

interface Setting {
  default?: unknown;
}

function contributed(): Map<string, Setting> {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const sections = [pkg.contributes.configuration].flat() as { properties: Record<string, Setting> }[];
  return new Map(sections.flatMap((s) => Object.entries(s.properties)));
}

/** The rows of the table under "## Settings": name → the default column's text. */
function documented(): Map<string, string> {
  const text = readFileSync('README.md', 'utf8').replace(/\r\n/g, '\n');
  const section = text.split('\n## Settings\n')[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, string>();
  for (const m of section.matchAll(/^\| `([\w.]+)` \| ([^|]+) \|/gm)) rows.set(m[1], m[2].trim());
  return rows;
}

/** How the README writes a default: strings and numbers in backticks, an empty string as "empty". */
function written(value: unknown): string {
  return value === '' || value === undefined ? 'empty' : `\`${String(value)}\``;
}

describe('README settings table', () => {
  const settings = contributed();
  const rows = documented();

  it('documents every contributed setting with its default', () => {
    assert.ok(settings.size > 0, 'package.json contributes settings');
    for (const [name, s] of settings) {
      assert.ok(rows.has(name), `${name} is missing from the README's settings table`);
      assert.equal(rows.get(name), written(s.default), `${name}: the README's default`);
    }
  });

  it('names no setting the extension does not contribute', () => {
    for (const name of rows.keys()) assert.ok(settings.has(name), `${name} is in the README but not in package.json`);
  });
});
