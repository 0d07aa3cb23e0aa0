// Bundles the extension, the language server, the CLI and the extension-host tests.
//   node esbuild.mjs               development build (sourcemaps, not minified)
//   node esbuild.mjs --production  packaging build (minified, sourcemaps kept)
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --analyze     also print the KB each package (or our src/ folder) adds to each bundle
import * as esbuild from 'esbuild';
import { existsSync, rmSync, writeFileSync, mkdirSync, chmodSync, realpathSync } from 'node:fs';
import { join, resolve as resolvePath, sep } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const analyze = process.argv.includes('--analyze');

// Each bundle is built only when its entry exists, so a capability can add its own.
// The language server and the CLI share one bundle (src/tools.ts); dist/cli.js is a shim.
const products = [
  { in: 'src/extension.ts', out: 'dist/extension' },
  { in: 'src/tools.ts', out: 'dist/server' },
  { in: 'src/debug/bridge/main.ts', out: 'dist/dap-bridge' },
].filter((p) => existsSync(p.in));

// dockerode loads gRPC and protobuf for Docker BuildKit sessions, and tar-fs and a
// .dockerignore reader for its own directory builds; we use none of them (builds stream our own
// tar to libpod): a stub that fails loudly on use keeps ~400 KB out of the bundles. js-yaml is
// bundled without its dumper (the Kubernetes YAML parser only loads); docker-modem's
// readable-stream is Node's own stream module, and its debug tracing a no-op.
const noBuildkit = {
  name: 'trim-unused',
  setup(build) {
    build.onResolve(
      { filter: /^(@grpc\/grpc-js|@grpc\/proto-loader|protobufjs|tar-fs|@balena\/dockerignore)$/ },
      () => ({ path: resolvePath('src/util/no-buildkit.cjs') }),
    );
    build.onResolve({ filter: /^js-yaml$/ }, () => ({ path: resolvePath('src/util/js-yaml-load.cjs') }));
    build.onResolve({ filter: /^readable-stream$/ }, () => ({ path: resolvePath('src/util/node-stream.cjs') }));
    build.onResolve({ filter: /^debug$/ }, () => ({ path: resolvePath('src/util/no-debug.cjs') }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  external: ['vscode'],
  logLevel: 'warning',
  plugins: [noBuildkit],
  legalComments: 'none',
  // dockerode's optional ssh transport pulls in native crypto we never load.
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

// Packages both the extension and the language server bundle load once, from dist/shared.js
// (~170 KB less in the package): each bundle's import of one becomes a property of that file, read
// when first used. Only the top-level copy is shared: a copy nested under another package (the
// language server's own protocol types) stays in the bundle that needs it.
const SHARED = ['yaml', 'js-yaml', 'vscode-languageserver-types', 'vscode-languageserver-textdocument'];
const SHARED_FILTER = new RegExp(`^(${SHARED.join('|')})$`);
const topLevel = (name, path) =>
  path.startsWith(join(realpathSync('node_modules'), name, sep)) || path.startsWith(resolvePath('src/util'));
const shareModules = {
  name: 'share-modules',
  setup(build) {
    build.onResolve({ filter: SHARED_FILTER }, async (args) => {
      if (args.pluginData === 'shared') return undefined;
      const found = await build.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        pluginData: 'shared',
      });
      return topLevel(args.path, found.path) ? { path: args.path, namespace: 'shared' } : found;
    });
    build.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => ({
      contents: `module.exports = require('./shared.js')[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
    build.onResolve({ filter: /^\.\/shared\.js$/ }, () => ({ path: './shared.js', external: true }));
  },
};
const sharedEntry = SHARED.map(
  (n) => `Object.defineProperty(exports, ${JSON.stringify(n)}, { get: () => require(${JSON.stringify(n)}) });`,
).join('\n');

// ssh2 (~300 KB with its crypto) is a bundle of its own, dist/ssh2.js, read on first SSH use
// (src/podman/ssh/ssh2.ts requires it inside a function): the other bundles' `ssh2` becomes that
// file. It holds only what we use: the client, the OpenSSH agent and the key parser. docker-modem's
// own SSH agent, which requires ssh2 as docker-modem loads, loads only if called (it never is).
const lazySsh2 = {
  name: 'lazy-ssh2',
  setup(build) {
    build.onResolve({ filter: /^ssh2$/ }, () => ({ path: './ssh2.js', external: true }));
    build.onResolve({ filter: /^\.\/ssh$/ }, (args) =>
      args.importer.includes(`${sep}docker-modem${sep}`) ? { path: resolvePath('src/util/modem-ssh.cjs') } : undefined,
    );
  },
};
const ssh2Entry = `module.exports = {
  Client: require('ssh2/lib/client.js'),
  OpenSSHAgent: require('ssh2/lib/agent.js').OpenSSHAgent,
  utils: { parseKey: require('ssh2/lib/protocol/keyParser.js').parseKey },
};`;

// ssh2's optional native parts (cpu-features, the sshcrypto addon) are required inside try/catch
// and fall back to JavaScript when absent.
const nativeOptional = ['cpu-features', '*.node'];
const builds = products.map((p) => ({
  ...common,
  entryPoints: [p.in],
  outfile: `${p.out}.js`,
  external: [...common.external, ...nativeOptional],
  plugins: [shareModules, lazySsh2, ...common.plugins],
}));
builds.push({
  ...common,
  stdin: { contents: sharedEntry, resolveDir: resolvePath('.'), loader: 'js', sourcefile: 'shared-modules.js' },
  outfile: 'dist/shared.js',
});
builds.push({
  ...common,
  stdin: { contents: ssh2Entry, resolveDir: resolvePath('.'), loader: 'js', sourcefile: 'ssh2-parts.js' },
  outfile: 'dist/ssh2.js',
  external: [...common.external, ...nativeOptional],
});

// The monitor webviews (browser code, uPlot included): dist/webview/<name>.js and .css, the only
// resources their panels may load.
for (const name of ['stats', 'table']) {
  if (!existsSync(`src/monitor/webview/${name}.ts`)) continue;
  builds.push({
    entryPoints: [`src/monitor/webview/${name}.ts`],
    outfile: `dist/webview/${name}.js`,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: !production,
    logLevel: 'warning',
    legalComments: 'none',
  });
}

// Extension-host tests run inside the real VS Code; mocha stays external (node_modules).
if (!production && existsSync('test/vscode/index.ts')) {
  builds.push({
    ...common,
    entryPoints: ['test/vscode/index.ts'],
    outdir: 'out/test/vscode',
    external: ['vscode', 'mocha', 'ssh2', 'cpu-features'],
  });
}

/** A bundle's bytes grouped by package (node_modules/<name>) or src/ folder, largest first. */
function bySource(metafile) {
  return Object.entries(metafile.outputs)
    .filter(([out]) => out.endsWith('.js'))
    .map(([out, { bytes, inputs }]) => {
      const groups = {};
      for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
        groups[pkg] = (groups[pkg] ?? 0) + bytesInOutput;
      }
      const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
      const rows = Object.entries(groups).sort((a, b) => b[1] - a[1]);
      return [
        `${out} ${kb(bytes)}`,
        ...rows.filter(([, n]) => n >= 2048).map(([g, n]) => `  ${kb(n).padStart(9)}  ${g}`),
      ];
    })
    .flat()
    .join('\n');
}

if (!watch) rmSync('dist', { recursive: true, force: true });
if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: analyze })));
  for (const r of results.filter((x) => x.metafile)) console.log(bySource(r.metafile));
}
mkdirSync('dist', { recursive: true });
writeFileSync(
  'dist/cli.js',
  "#!/usr/bin/env node\n// The podman-workbench CLI: the same bundle as the language server.\nrequire('./server.js').runTools();\n",
);
chmodSync('dist/cli.js', 0o755);
