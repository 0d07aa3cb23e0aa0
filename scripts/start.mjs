// Second half of `npm start` (after setup and packaging): finds or starts a Podman, writes the demo
// workspace (scripts/demo.mjs) and opens it in VS Code with the packaged extension. The demo
// objects go in a sandboxed Podman only, never in the user's own. Ctrl-C stops everything it started.
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import http from 'node:http';
import { startSandbox } from './podman-sandbox.mjs';
import { createDemo, writeDemoWorkspace, DEMO_GO_CONTAINER } from './demo.mjs';
import { startCodeServer } from './code-server.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const vsix = join(root, 'dist', 'podman-workbench.vsix');
const runDir = join(root, '.test-work', 'run');
mkdirSync(runDir, { recursive: true });

/** True when a Podman API answers /_ping on this socket. */
const answers = (socketPath) =>
  new Promise((res) => {
    if (!existsSync(socketPath)) return res(false);
    const req = http.get({ socketPath, path: '/_ping', timeout: 2000 }, (r) => {
      r.resume();
      res(r.statusCode === 200 && typeof r.headers['libpod-api-version'] === 'string');
    });
    req.on('error', () => res(false));
    req.on('timeout', () => req.destroy());
  });

const candidates = [];
if (process.env.CONTAINER_HOST?.startsWith('unix://')) candidates.push(process.env.CONTAINER_HOST.slice(7));
const uid = process.getuid?.() ?? -1;
const xdg = process.env.XDG_RUNTIME_DIR || (uid > 0 ? `/run/user/${uid}` : '');
if (xdg) candidates.push(join(xdg, 'podman', 'podman.sock'));
candidates.push('/run/podman/podman.sock');

const cleanups = [];
let stopEditor;
// Ctrl-C at any point (the demo takes a while to make) stops what was started so far.
let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping...');
  stopEditor?.();
  for (const c of cleanups) await c().catch(() => {});
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
// Whatever fails from here on, stop what was started.
process.on('uncaughtException', async (e) => {
  console.error(`\nnpm start failed: ${e.message}`);
  for (const c of cleanups) await c().catch(() => {});
  process.exit(1);
});

const workspace = writeDemoWorkspace();
console.log(`Demo workspace: ${workspace}`);
let socket;
for (const c of candidates)
  if (await answers(c)) {
    socket = c;
    break;
  }
if (socket) {
  console.log(`Using your Podman at ${socket}; the demo creates nothing in it.`);
  console.log(
    `To try the debugger, start the container ${DEMO_GO_CONTAINER} yourself: see ${join(workspace, 'README.md')}.`,
  );
} else {
  console.log('No Podman socket answers here: starting a sandboxed Podman service with the demo...');
  const sb = await startSandbox({ dir: join('/tmp', `pw-demo-${process.pid}`) });
  cleanups.push(() => sb.stop({ cleanup: true }));
  try {
    await createDemo(sb.dir, { workspace });
  } catch (e) {
    console.error(`The demo is incomplete: ${e.message.split('\n')[0]}`);
  }
  socket = sb.socketPath;
  console.log(`Sandboxed Podman at ${socket} (private root ${sb.dir})`);
}

const env = { ...process.env, CONTAINER_HOST: `unix://${socket}` };
const code = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
if (code) {
  const userDir = join(runDir, 'code-user');
  const extDir = join(runDir, 'code-ext');
  execFileSync(code, ['--user-data-dir', userDir, '--extensions-dir', extDir, '--install-extension', vsix, '--force'], {
    stdio: 'inherit',
  });
  const child = spawn(
    code,
    ['--user-data-dir', userDir, '--extensions-dir', extDir, '--new-window', '--wait', workspace],
    {
      env,
      stdio: 'inherit',
    },
  );
  stopEditor = () => child.kill('SIGTERM');
  child.on('exit', () => shutdown());
  console.log('VS Code is open with Podman Workbench installed. Close it or press Ctrl-C to stop.');
} else {
  const tools = Object.fromEntries(
    execFileSync('sh', ['-c', '. "${PODMAN_WORKBENCH_CACHE:-$HOME/.cache/podman-workbench}/env.sh" && env'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((l) => l.startsWith('PODMAN_WORKBENCH_'))
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  const extDir = join(runDir, `ext-${process.pid}`);
  cleanups.push(async () => rmSync(extDir, { recursive: true, force: true }));
  execFileSync(
    tools.PODMAN_WORKBENCH_NODE24,
    [tools.PODMAN_WORKBENCH_CODE_SERVER, '--extensions-dir', extDir, '--install-extension', vsix],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const cs = await startCodeServer({
    folder: workspace,
    userDir: join(runDir, 'code-server-user'),
    extDir,
    settings: { 'podman.socketPath': socket, 'workbench.startupEditor': 'readme' },
    env,
  });
  stopEditor = cs.stop;
  console.log(
    `\nPodman Workbench is running in VS Code (code-server): ${cs.url}/?folder=${encodeURIComponent(workspace)}\nOpen it in your browser; press Ctrl-C to stop everything.`,
  );
}

setInterval(() => {}, 1 << 30);
