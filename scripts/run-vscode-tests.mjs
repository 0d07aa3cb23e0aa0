// Runs the extension-host tests inside a real VS Code: code-server (VS Code 1.139) on
// Node 24, driven by headless Chromium through playwright-core, against a real Podman. Two runs:
// every suite with Workspace Trust off (.test-work/results/vscode.json), then a short one with
// trust on and the folder untrusted (test/vscode/trust.test.ts, .test-work/results/vscode-trust.json;
// a filtered run includes it only with --trust or a filter matching "trust").
//   node scripts/run-vscode-tests.mjs [GREP] [--trust]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync, existsSync, cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startSandbox } from './podman-sandbox.mjs';
import { startCodeServer, launchBrowser } from './code-server.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const grep = args.find((a) => !a.startsWith('--'));
const results = join(root, '.test-work', 'results');
mkdirSync(results, { recursive: true });

// Workbench chatter that says nothing about our tests (kept in .test-work/vscode/host.log).
const NOISE =
  /ENOTFOUND open-vsx|allowScripts|No signed-in session|^\[(ChatModelSelection|AgentHost[^\]]*|AccountPolicyGate|Service Worker|reconnection-grace-time)\]|^(Creating a socket|Resolving connection|Resolved connection|Updating additional)/;

/** console.log-style formatting of the host's log arguments (%s, %d, %j substitutions). */
function formatLog(list) {
  const str = (a) => (typeof a === 'string' ? a : JSON.stringify(a));
  if (typeof list[0] !== 'string' || !/%[sdjifoO%]/.test(list[0])) return list.map(str).join(' ');
  let i = 1;
  const head = list[0].replace(/%([sdjifoO%])/g, (m, c) => (c === '%' ? '%' : i < list.length ? str(list[i++]) : m));
  return [head, ...list.slice(i).map(str)].join(' ');
}

/**
 * One extension-host run in a code-server of its own: `suite` selects the test entry's suites
 * (PODMAN_WORKBENCH_TEST_SUITE), `trust` turns Workspace Trust on with the folder left untrusted.
 * Returns the counts the host reported.
 */
async function runHost({ name, suite, trust, socket, podmanDir }) {
  const dir = join(root, '.test-work', name);
  rmSync(dir, { recursive: true, force: true });
  const folder = join(dir, 'workspace');
  mkdirSync(folder, { recursive: true });
  if (existsSync(join(root, 'test', 'fixtures', 'workspace')))
    cpSync(join(root, 'test', 'fixtures', 'workspace'), folder, { recursive: true });
  const hostEnv = {
    PODMAN_WORKBENCH_TEST_SOCKET: socket,
    PODMAN_WORKBENCH_TEST_DIR: podmanDir,
    ...(suite ? { PODMAN_WORKBENCH_TEST_SUITE: suite } : {}),
    ...(grep ? { PODMAN_WORKBENCH_TEST_GREP: grep } : {}),
    ...(process.env.PODMAN_WORKBENCH_BENCH_OUT
      ? { PODMAN_WORKBENCH_BENCH_OUT: process.env.PODMAN_WORKBENCH_BENCH_OUT }
      : {}),
  };
  const settings = {
    'podman.socketPath': socket,
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': trust,
    // No start-up dialog: the folder opens in Restricted Mode, as after "No, I don't trust the authors".
    ...(trust ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {}),
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
  };
  const cs = await startCodeServer({
    folder,
    userDir: join(dir, 'user'),
    extDir: join(dir, 'ext'),
    settings,
    env: hostEnv,
    trust,
  });
  const browser = await launchBrowser();
  const hostLog = [];
  let counts = { passed: 0, failed: 1, skipped: 0 };
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const host = `127.0.0.1:${cs.port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${host}${root}`],
      ['extensionTestsPath', `vscode-remote://${host}${root}/out/test/vscode/index`],
      ['extensionEnvironment', JSON.stringify(hostEnv)],
    ];
    const done = new Promise((resolveDone) => {
      page.exposeFunction('codeAutomationLog', (type, logArgs) => {
        const line = formatLog(Array.isArray(logArgs) ? logArgs : [logArgs]);
        const m = /PW_TEST_RESULT (\{.*\})/.exec(line);
        if (m) counts = JSON.parse(m[1]);
        hostLog.push(line);
        if (!NOISE.test(line)) process.stdout.write(`${line}\n`);
      });
      page.exposeFunction('codeAutomationExit', (code) => resolveDone(code));
    });
    await page.goto(
      `${cs.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    );
    const timeout = new Promise((r) => setTimeout(() => r('timeout'), 25 * 60_000));
    const code = await Promise.race([done, timeout]);
    if (code === 'timeout') {
      console.error(`${name}: extension-host tests timed out`);
      counts.failed++;
    } else if (code !== 0 && counts.failed === 0) {
      counts.failed = 1; // run() threw before any test reported
    }
  } finally {
    await browser.close().catch(() => {});
    cs.stop();
    writeFileSync(join(dir, 'host.log'), hostLog.join('\n'));
  }
  return counts;
}

/** The trust run is short and separate: unfiltered runs include it, filtered ones when asked (--trust) or matched. */
const wantTrust = () => !grep || args.includes('--trust') || /trust/i.test(grep);

async function main() {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  // The Podman the tests talk to: the runner's shared one, or our own.
  let sandbox;
  let socket = process.env.PODMAN_WORKBENCH_TEST_SOCKET;
  let podmanDir = process.env.PODMAN_WORKBENCH_TEST_DIR;
  if (!socket) {
    sandbox = await startSandbox();
    socket = sandbox.socketPath;
    podmanDir = sandbox.dir;
  }
  const bench = !!process.env.PODMAN_WORKBENCH_BENCH_OUT;
  let failed = 0;
  try {
    const counts = await runHost({ name: 'vscode', trust: false, socket, podmanDir });
    // A benchmark run (PODMAN_WORKBENCH_BENCH_OUT) is not a test run: it leaves the counts alone.
    if (!bench) writeFileSync(join(results, 'vscode.json'), JSON.stringify(counts));
    console.log(`vscode: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    failed += counts.failed;
    if (!bench && wantTrust()) {
      const trusted = await runHost({ name: 'vscode-trust', suite: 'trust', trust: true, socket, podmanDir });
      writeFileSync(join(results, 'vscode-trust.json'), JSON.stringify(trusted));
      console.log(`vscode-trust: ${trusted.passed} passed, ${trusted.failed} failed, ${trusted.skipped} skipped`);
      failed += trusted.failed;
    }
  } finally {
    if (sandbox) await sandbox.stop({ cleanup: true });
  }
  process.exit(failed ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e);
    writeFileSync(join(results, 'vscode.json'), JSON.stringify({ passed: 0, failed: 1, skipped: 0 }));
    console.log('vscode: 0 passed, 1 failed, 0 skipped');
    process.exit(1);
  });
}
