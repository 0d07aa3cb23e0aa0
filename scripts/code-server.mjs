// code-server (a real VS Code in the browser) and headless Chromium for the scripts that need a
// real VS Code: the extension-host tests, the README screenshots and `npm start`.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import net from 'node:net';

export function toolEnv() {
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

export const freePort = () =>
  new Promise((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

export async function waitHttp(url, ms) {
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

/** Starts code-server in its own process group; returns {url, stop()}. */
/** `trust: true` leaves Workspace Trust on (the folder opens untrusted unless the settings say otherwise). */
export async function startCodeServer({ folder, userDir, extDir, settings, env = {}, trust = false }) {
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
      ...(trust ? [] : ['--disable-workspace-trust']),
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
