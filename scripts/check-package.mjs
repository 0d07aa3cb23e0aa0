// After `npm run package`: every module the packaged bundles require must ship with them. The
// .vsix carries no node_modules, so a package left external by the bundler fails to load in an
// installed extension, while tests that run from the repository never notice (node_modules is
// there). Three checks: the require() calls of dist/*.js name only Node's modules, `vscode`, the
// bundles' own files, or optional native parts required inside try/catch with a fallback; the .vsix
// holds every dist/*.js; and the bundles, taken out of the .vsix where no node_modules can be
// found, load with a stand-in `vscode` (dist/ssh2.js only when asked for, as on first SSH use).
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const VSIX = join(dist, 'podman-workbench.vsix');
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

// A public key (of a throwaway pair) for ssh2.js's key parser to read.
const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJjIgZhsifqZRUULxcEfkW/5O8Rr6AfNzfg6j06ao88B check-package';

const LOADER = `
require(${JSON.stringify(new URL('./stand-in-vscode.cjs', import.meta.url).pathname)});
for (const [file, name] of [['extension.js', 'activate'], ['server.js', 'runTools']]) {
  if (typeof require('./' + file)[name] !== 'function') throw new Error(file + ' has no ' + name);
}
// ssh2 is read on first SSH use only, then from its own file.
const ssh2File = require.resolve('./ssh2.js');
if (require.cache[ssh2File]) throw new Error('ssh2.js is loaded with the bundles, not on first SSH use');
const ssh2 = require(ssh2File);
for (const [name, part] of Object.entries({ Client: ssh2.Client, OpenSSHAgent: ssh2.OpenSSHAgent, parseKey: ssh2.utils?.parseKey })) {
  if (typeof part !== 'function') throw new Error('ssh2.js has no ' + name);
}
const key = ssh2.utils.parseKey(${JSON.stringify(PUBLIC_KEY)});
if (key instanceof Error || key.type !== 'ssh-ed25519') throw new Error('ssh2.js cannot read an ed25519 key: ' + key);
`;

/** The bundles the .vsix leaves out (it holds them as extension/dist/<file>). */
function unpackaged() {
  const listing = execFileSync('unzip', ['-Z1', VSIX], { encoding: 'utf8' }).split('\n');
  return bundles
    .filter((file) => !listing.includes(`extension/dist/${file}`))
    .map((file) => `dist/${file} is not in the .vsix (.vscodeignore)`);
}

function loadsAlone() {
  const dir = mkdtempSync(join(tmpdir(), 'pw-package-'));
  try {
    execFileSync('unzip', ['-q', '-W', '-j', VSIX, 'extension/dist/*.js', '-d', dir]);
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

if (!existsSync(VSIX)) {
  console.error(`${VSIX} is missing: run npm run package`);
  process.exit(1);
}
const problems = [...unshippedRequires(), ...unpackaged(), ...loadsAlone()];
if (problems.length) {
  console.error(problems.join('\n'));
  console.error('Bundle the package (esbuild.mjs) or ship it with the extension.');
  process.exit(1);
}
console.log('package check: the bundles load with only what the .vsix contains');
