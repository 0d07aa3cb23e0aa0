// Runs the extension-host tests inside a real VS Code: code-server (VS Code 1.139) on
// Node 24, driven by headless Chromium through playwright-core, against a real Podman.
// Writes .test-work/results/vscode.json. Optional: a filter (mocha grep) as argument.
//   node scripts/run-vscode-tests.mjs [GREP] [--screenshot]
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync, existsSync, readFileSync, cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';
import net from 'node:net';
import { startSandbox, createDemo } from './podman-sandbox.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const grep = args.find((a) => !a.startsWith('--'));
const wantScreenshot = args.includes('--screenshot') || !grep;
const work = join(root, '.test-work', 'vscode');
const results = join(root, '.test-work', 'results');
mkdirSync(results, { recursive: true });

function toolEnv() {
  const cache = process.env.PODMAN_WORKBENCH_CACHE ?? join(homedir(), '.cache', 'podman-workbench');
  const env = {};
  const f = join(cache, 'env.sh');
  if (!existsSync(f)) throw new Error(`code-server is not installed: run bash scripts/setup.sh first (${f} missing)`);
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    const m = /^export (\w+)="(.*)"$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  return env;
}

const freePort = () =>
  new Promise((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

async function waitHttp(url, ms) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

// Workbench chatter that says nothing about our tests (kept in .test-work/vscode/host.log).
const NOISE =
  /ENOTFOUND open-vsx|allowScripts|No signed-in session|^\[(ChatModelSelection|AgentHost[^\]]*|AccountPolicyGate|Service Worker|reconnection-grace-time)\]|^(Creating a socket|Resolving connection|Resolved connection|Updating additional)/;
const hostLog = [];

/** console.log-style formatting of the host's log arguments (%s, %d, %j substitutions). */
function formatLog(list) {
  const str = (a) => (typeof a === 'string' ? a : JSON.stringify(a));
  if (typeof list[0] !== 'string' || !/%[sdjifoO%]/.test(list[0])) return list.map(str).join(' ');
  let i = 1;
  const head = list[0].replace(/%([sdjifoO%])/g, (m, c) => (c === '%' ? '%' : i < list.length ? str(list[i++]) : m));
  return [head, ...list.slice(i).map(str)].join(' ');
}

/** Starts code-server in its own process group; returns {url, stop()}. */
export async function startCodeServer({ folder, userDir, extDir, settings, env = {} }) {
  const tools = toolEnv();
  mkdirSync(join(userDir, 'User'), { recursive: true });
  mkdirSync(extDir, { recursive: true });
  writeFileSync(join(userDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // Machine-scoped settings (podman.socketPath) of a remote workbench live in Machine/.
  mkdirSync(join(userDir, 'Machine'), { recursive: true });
  writeFileSync(join(userDir, 'Machine', 'settings.json'), JSON.stringify(settings, null, 2));
  const port = await freePort();
  const cs = spawn(
    tools.PODMAN_WORKBENCH_NODE24,
    [
      tools.PODMAN_WORKBENCH_CODE_SERVER,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      userDir,
      '--extensions-dir',
      extDir,
      '--vscode-option',
      'enable-smoke-test-driver',
      folder,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let out = '';
  cs.stdout.on('data', (d) => (out += d));
  cs.stderr.on('data', (d) => (out += d));
  const stop = () => {
    try {
      process.kill(-cs.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  };
  try {
    await waitHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  } catch (e) {
    stop();
    throw new Error(`${e.message}\n${out.slice(-2000)}`);
  }
  return { port, url: `http://127.0.0.1:${port}`, stop, output: () => out };
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

async function main() {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  rmSync(work, { recursive: true, force: true });
  const folder = join(work, 'workspace');
  mkdirSync(folder, { recursive: true });
  if (existsSync(join(root, 'test', 'fixtures', 'workspace')))
    cpSync(join(root, 'test', 'fixtures', 'workspace'), folder, { recursive: true });

  // The Podman the tests talk to: the runner's shared one, or our own.
  let sandbox;
  let socket = process.env.PODMAN_WORKBENCH_TEST_SOCKET;
  let podmanDir = process.env.PODMAN_WORKBENCH_TEST_DIR;
  if (!socket) {
    sandbox = await startSandbox();
    socket = sandbox.socketPath;
    podmanDir = sandbox.dir;
  }
  const hostEnv = {
    PODMAN_WORKBENCH_TEST_SOCKET: socket,
    PODMAN_WORKBENCH_TEST_DIR: podmanDir,
    ...(grep ? { PODMAN_WORKBENCH_TEST_GREP: grep } : {}),
    ...(process.env.PODMAN_WORKBENCH_BENCH_OUT
      ? { PODMAN_WORKBENCH_BENCH_OUT: process.env.PODMAN_WORKBENCH_BENCH_OUT }
      : {}),
  };
  const settings = {
    'podman.socketPath': socket,
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
  };
  const cs = await startCodeServer({
    folder,
    userDir: join(work, 'user'),
    extDir: join(work, 'ext'),
    settings,
    env: hostEnv,
  });
  const browser = await launchBrowser();
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
      console.error('extension-host tests timed out');
      counts.failed++;
    } else if (code !== 0 && counts.failed === 0) {
      counts.failed = 1; // run() threw before any test reported
    }
    if (wantScreenshot)
      await screenshots(browser, folder).catch((e) => console.error(`screenshot failed: ${e.message}`));
  } finally {
    await browser.close().catch(() => {});
    cs.stop();
    if (sandbox) await sandbox.stop({ cleanup: true });
  }
  writeFileSync(join(work, 'host.log'), hostLog.join('\n'));
  // A benchmark run (PODMAN_WORKBENCH_BENCH_OUT) is not a test run: it leaves the counts alone.
  if (!process.env.PODMAN_WORKBENCH_BENCH_OUT) writeFileSync(join(results, 'vscode.json'), JSON.stringify(counts));
  console.log(`vscode: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  process.exit(counts.failed ? 1 : 0);
}

/**
 * Screenshots for the README, taken against a fresh sandbox holding only the demo (a pod with
 * two containers and a standalone container): the explorer beside a Containerfile with its
 * diagnostics, and a Quadlet unit beside its generated-unit preview.
 */
async function screenshots(browser, folder) {
  const demo = await startSandbox();
  let cs;
  try {
    await createDemo(demo.dir);
    cs = await startCodeServer({
      folder,
      userDir: join(work, 'user-shot'),
      extDir: join(work, 'ext-shot'),
      settings: {
        'podman.socketPath': demo.socketPath,
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
        'workbench.tips.enabled': false,
        'editor.minimap.enabled': false,
        'window.commandCenter': false,
        'workbench.colorTheme': 'Default Dark Modern',
        'podman.quadlet.podmanVersion': '5.4',
      },
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    const host = `127.0.0.1:${cs.port}`;
    const payload = [['extensionDevelopmentPath', `vscode-remote://${host}${root}`]];
    await page.goto(
      `${cs.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    );
    await page.waitForSelector('.activitybar', { timeout: 60_000 });
    await page.locator('.activitybar a[aria-label^="Podman"]').first().click({ timeout: 30_000 });
    const pod = page.locator('.monaco-list-row', { hasText: 'demo-pod' }).first();
    await pod.waitFor({ timeout: 30_000 });
    if ((await pod.getAttribute('aria-expanded')) === 'false') await pod.click();
    await page.locator('.monaco-list-row', { hasText: 'demo-worker' }).first().waitFor({ timeout: 15_000 });
    // A wider side bar, so descriptions (image, status, ports) are readable.
    const sash = page.locator('.sidebar + .monaco-sash, .part.sidebar ~ .monaco-sash').first();
    const box = await page.locator('.part.sidebar').boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width + 1, box.y + 300);
      await page.mouse.down();
      await page.mouse.move(box.x + 520, box.y + 300, { steps: 5 });
      await page.mouse.up();
    }
    void sash;
    const command = async (title) => {
      await page.keyboard.press('F1');
      await page.keyboard.type(title);
      await page.waitForTimeout(700);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(1000);
    };
    // The chat's secondary side bar only takes room in a picture of this extension.
    const aux = page
      .locator('.part.auxiliarybar .codicon-close, .part.auxiliarybar [aria-label^="Hide Secondary Side Bar"]')
      .first();
    if (await aux.count()) await aux.click().catch(() => {});
    else await command('View: Hide Secondary Side Bar');
    const open = async (rel) => {
      await page.keyboard.press('Control+P');
      await page.keyboard.type(rel);
      await page.waitForTimeout(700);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(1500);
    };
    await open('lang/Containerfile');
    await page.mouse.move(5, 790); // no hover tooltip in the picture
    await page.waitForTimeout(2500);
    const out = join(root, '.test-work', 'screenshots');
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: join(out, 'explorer.png') });
    console.log(`screenshot: ${join(out, 'explorer.png')}`);
    await open('quadlet/web.container');
    await command('Podman: Quadlet: Preview Generated Unit');
    await page.waitForTimeout(2000);
    await page.mouse.move(5, 790);
    await page.screenshot({ path: join(out, 'quadlet-preview.png') });
    console.log(`screenshot: ${join(out, 'quadlet-preview.png')}`);
    await page.close();
  } finally {
    cs?.stop();
    await demo.stop({ cleanup: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e);
    writeFileSync(join(results, 'vscode.json'), JSON.stringify({ passed: 0, failed: 1, skipped: 0 }));
    console.log('vscode: 0 passed, 1 failed, 0 skipped');
    process.exit(1);
  });
}
