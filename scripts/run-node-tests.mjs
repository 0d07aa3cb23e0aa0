// Runs one tier of node:test files (test/<tier>/**/*.test.ts) through tsx and writes
// its counts to .test-work/results/<tier>.json for scripts/test.sh to add up.
//   node scripts/run-node-tests.mjs unit|integration [FILTER]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [tier, filter] = process.argv.slice(2);
if (!tier) {
  console.error('usage: run-node-tests.mjs <tier> [filter]');
  process.exit(2);
}
function walk(d) {
  if (!existsSync(d)) return [];
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}
const files = walk(join('test', tier))
  .filter((f) => !filter || f.includes(filter))
  .sort();
const out = join('.test-work', 'results');
mkdirSync(out, { recursive: true });
const countsFile = join(out, `${tier}.counts.jsonl`);
writeFileSync(countsFile, '');
if (files.length === 0) {
  writeFileSync(join(out, `${tier}.json`), JSON.stringify({ passed: 0, failed: 0, skipped: 0 }));
  console.log(`${tier}: no test files`);
  process.exit(0);
}
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/count-reporter.mjs',
    `--test-reporter-destination=${countsFile}`,
    ...(tier === 'integration' ? ['--test-concurrency=1'] : []),
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '' } },
);
const lines = readFileSync(countsFile, 'utf8').trim().split('\n').filter(Boolean);
const total = lines.length ? JSON.parse(lines[lines.length - 1]) : { passed: 0, failed: 1, skipped: 0 };
if (r.status !== 0 && total.failed === 0) total.failed = 1; // a crash outside any test still fails the tier
writeFileSync(join(out, `${tier}.json`), JSON.stringify(total));
console.log(`${tier}: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed ? 1 : 0);
