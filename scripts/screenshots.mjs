// README screenshots (`npm run screenshots`): a fresh sandboxed Podman holding only the demo
// (a pod with two containers and a standalone container), the packaged extension in a real VS
// Code, and pictures of the explorer and of the Quadlet preview written to .test-work/screenshots/
// and of the Stats panel (copy them to docs/images/ when they should replace the README's).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startSandbox } from './podman-sandbox.mjs';
import { createDemo } from './demo.mjs';
import { startCodeServer, launchBrowser } from './code-server.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const work = join(root, '.test-work', 'screenshots-run');

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
      userDir: join(work, 'user'),
      extDir: join(work, 'ext'),
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
    const box = await page.locator('.part.sidebar').boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width + 1, box.y + 300);
      await page.mouse.down();
      await page.mouse.move(box.x + 520, box.y + 300, { steps: 5 });
      await page.mouse.up();
    }
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
    // The Stats panel of every running container, a busy one among them, after ~15 s of frames.
    await demo.podman([
      'run',
      '-d',
      '--name',
      'demo-busy',
      'localhost/pw-busybox:latest',
      'sh',
      '-c',
      'while :; do :; done',
    ]);
    await command('Podman: Show Stats');
    // The palette may have matched Show Container Stats: its picker then offers demo-busy first.
    const busyPick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'demo-busy' }).first();
    if (await busyPick.isVisible().catch(() => false)) await busyPick.click();
    await page.waitForTimeout(15_000);
    await page.mouse.move(5, 790);
    await page.screenshot({ path: join(out, 'stats.png') });
    console.log(`screenshot: ${join(out, 'stats.png')}`);
    await page.close();
  } finally {
    cs?.stop();
    await demo.stop({ cleanup: true });
  }
}

async function main() {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  rmSync(work, { recursive: true, force: true });
  const folder = join(work, 'workspace');
  mkdirSync(folder, { recursive: true });
  if (existsSync(join(root, 'test', 'fixtures', 'workspace'))) {
    cpSync(join(root, 'test', 'fixtures', 'workspace'), folder, { recursive: true });
  }
  const browser = await launchBrowser();
  try {
    await screenshots(browser, folder);
  } finally {
    await browser.close().catch(() => {});
  }
}

main().catch((e) => {
  console.error(`screenshots failed: ${e.message}`);
  process.exit(1);
});
