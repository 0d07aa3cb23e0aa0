// Extracts the key list of every Quadlet section from podman-systemd.unit.5.md into
// test/fixtures/quadlet/manual-keys.json, so the catalogue test works without shared/.
//   node scripts/extract-quadlet-manual-keys.mjs [MANUAL] [OUT]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Section name -> sorted key names, from "## ... [Section]" and "### `Key=`" headings and table rows. */
export function extractManualKeys(markdown) {
  const out = {};
  let section;
  for (const line of markdown.split(/\r?\n/)) {
    const sec = /^## .*\[(\w+)\]\s*$/.exec(line);
    if (sec) {
      section = sec[1];
      out[section] ??= [];
      continue;
    }
    if (/^## /.test(line)) section = undefined;
    // Keys come from their own headings and from the option tables ("| Key=example | ... |").
    const key = /^### `(\w+)=`/.exec(line) ?? /^\|\s*(\w+)=/.exec(line);
    if (key && section && !out[section].includes(key[1])) out[section].push(key[1]);
  }
  for (const s of Object.keys(out)) out[s].sort();
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  // The shared folder sits next to the main checkout (../shared) or, from a worktree, two up.
  const manual =
    process.argv[2] ??
    ['..', '../..']
      .map((up) => resolve(up, 'shared', 'reference', 'podman-systemd.unit.5.md'))
      .find((p) => existsSync(p));
  if (!manual) throw new Error('podman-systemd.unit.5.md not found; pass its path');
  const target = process.argv[3] ?? resolve('test', 'fixtures', 'quadlet', 'manual-keys.json');
  const keys = extractManualKeys(readFileSync(manual, 'utf8'));
  writeFileSync(
    target,
    JSON.stringify({ source: 'podman-systemd.unit.5.md (Podman 6.0.0-dev)', sections: keys }, null, 2) + '\n',
  );
  console.log(
    `${target}: ${Object.values(keys).reduce((n, k) => n + k.length, 0)} keys in ${Object.keys(keys).length} sections`,
  );
}
