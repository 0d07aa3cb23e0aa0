// Renders the extension icon (media/icon.png, 128×128) from the activity-bar glyph media/podman.svg:
// the glyph in white on a rounded purple square, drawn by headless Chromium.
//   node scripts/icon.mjs
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser } from './code-server.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const glyph = readFileSync(join(root, 'media', 'podman.svg'), 'utf8')
  .replace(/<!--[\s\S]*?-->/g, '')
  .replace('width="24" height="24"', 'width="104" height="104"');
const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div id="icon" style="width:128px;height:128px;border-radius:24px;background:linear-gradient(160deg,#9b3fb3,#6a1f86);
display:flex;align-items:center;justify-content:center;color:#fff">${glyph}</div></body></html>`;

const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(html);
  await page.locator('#icon').screenshot({ path: join(root, 'media', 'icon.png'), omitBackground: true });
  console.log(`wrote ${join(root, 'media', 'icon.png')}`);
} finally {
  await browser.close();
}
