// After `npm run package`: every module the packaged bundles require must ship with them. The
// .vsix carries no node_modules, so a package left external by the bundler fails to load in an
// installed extension, while tests that run from the repository never notice (node_modules is
// there). Two checks: the require() calls of dist/*.js name only Node's modules, `vscode`, the
// bundles' own files, or optional native parts required inside try/catch with a fallback; and the
// bundles, copied where no node_modules can be found, load with a stand-in `vscode`.
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const bundles = readdirSync(dist).filter((f) => f.endsWith('.js'));
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
// cpu-features and native addons: optional, in try/catch. ajv's templates for standalone code name
// its runtime modules in strings that this bundle never runs.
const OPTIONAL = [/^cpu-features$/, /\.node$/, /^ajv\/dist\/runtime\//];

function unshippedRequires() {
  const problems = new Set();
  for (const file of bundles) {
    const text = readFileSync(join(dist, file), 'utf8');
    for (const [, spec] of text.matchAll(/\brequire\("([^"]+)"\)/g)) {
      if (builtins.has(spec) || spec === 'vscode' || OPTIONAL.some((re) => re.test(spec))) continue;
      if (spec.startsWith('./') && existsSync(join(dist, spec))) continue;
      problems.add(`${file} requires "${spec}", which the .vsix does not contain`);
    }
  }
  return [...problems];
}

// Any name a bundle reads from `vscode` is a callable, constructible stand-in (esbuild's ESM wrapper
// copies the module onto an object whose prototype is the module's prototype).
const LOADER = `
const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) { return req === 'vscode' ? 'vscode' : resolve.call(this, req, ...rest); };
const deep = () => new Proxy(function () {}, { get: (t, k) => (k === Symbol.toPrimitive ? () => '' : deep()), apply: () => deep(), construct: () => deep() });
const stub = Object.create(new Proxy({}, { get: (t, k) => (k === 'then' ? undefined : deep()) }));
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };
for (const [file, name] of [['extension.js', 'activate'], ['server.js', 'runTools']]) {
  if (typeof require('./' + file)[name] !== 'function') throw new Error(file + ' has no ' + name);
}
`;

function loadsAlone() {
  const dir = mkdtempSync(join(tmpdir(), 'pw-package-'));
  try {
    for (const file of bundles) copyFileSync(join(dist, file), join(dir, file));
    writeFileSync(join(dir, 'load.cjs'), LOADER);
    execFileSync(process.execPath, [join(dir, 'load.cjs')], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    return [];
  } catch (e) {
    const first = String(e.stderr ?? e.message)
      .split('\n')
      .find((l) => /^\w*Error\b/.test(l));
    return [`the bundles do not load outside the repository: ${first ?? e.message}`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const problems = [...unshippedRequires(), ...loadsAlone()];
if (problems.length) {
  console.error(problems.join('\n'));
  console.error('Bundle the package (esbuild.mjs) or ship it with the extension.');
  process.exit(1);
}
console.log('package check: the bundles load with only what the .vsix contains');
