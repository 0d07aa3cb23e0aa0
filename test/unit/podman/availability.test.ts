// Absent vs failing endpoints: a place Podman is looked for by default with no socket is "not
// running" (with the command that starts it); a socket that exists and fails, or a path the user
// configured, is an error. The errors are real ones, from connecting to real paths.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverEndpoints, endpointAvailability, startCommand, type Endpoint } from '../../../src/podman/discovery';
import { classifyError } from '../../../src/podman/errors';

/** The classified error of a real connection attempt to this path. */
function connectError(path: string) {
  return new Promise<ReturnType<typeof classifyError>>((resolve, reject) => {
    const c = net.connect(path, () => {
      c.end();
      reject(new Error(`${path} answered`));
    });
    c.on('error', (e) => resolve(classifyError(e, path)));
  });
}

/** A unix socket file whose service died (killed, so nothing unlinked it): nothing listens. */
async function staleSocket(dir: string): Promise<string> {
  const path = join(dir, 'stale.sock');
  const child = spawn(process.execPath, [
    '-e',
    `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`,
  ]);
  await new Promise((r) => child.stdout.once('data', r));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  assert.ok(existsSync(path), 'the killed service left its socket file');
  return path;
}

describe('endpoint availability', () => {
  const endpoints = (async () =>
    discoverEndpoints({
      env: { XDG_RUNTIME_DIR: '/run/user/1000' },
      platform: 'linux',
      homedir: '/home/u',
      uid: 1000,
      settingSocketPath: '/srv/custom/podman.sock',
      readFile: async () => undefined,
      listDir: async () => undefined,
    }))();
  const bySource = async (source: Endpoint['source']) => (await endpoints).find((e) => e.source === source)!;

  it('names the command that starts each well-known endpoint', async () => {
    assert.equal(startCommand(await bySource('rootful')), 'sudo systemctl enable --now podman.socket');
    assert.equal(startCommand(await bySource('rootless')), 'systemctl --user enable --now podman.socket');
    assert.equal(startCommand(await bySource('setting')), undefined);
  });

  it('calls a missing rootful or rootless socket absent, with its start command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-avail-'));
    try {
      const missing = await connectError(join(dir, 'podman.sock'));
      assert.equal(missing.kind, 'socket-missing');
      assert.deepEqual(endpointAvailability(await bySource('rootful'), missing.kind), {
        state: 'absent',
        start: 'sudo systemctl enable --now podman.socket',
      });
      assert.deepEqual(endpointAvailability(await bySource('rootless'), missing.kind), {
        state: 'absent',
        start: 'systemctl --user enable --now podman.socket',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('calls a configured path that is missing, and a path that exists but fails, failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-avail-'));
    try {
      const missing = await connectError(join(dir, 'podman.sock'));
      assert.deepEqual(endpointAvailability(await bySource('setting'), missing.kind), { state: 'failing' });
      const file = join(dir, 'not-a-socket');
      writeFileSync(file, 'x');
      const plainFile = await connectError(file);
      assert.notEqual(plainFile.kind, 'socket-missing');
      assert.deepEqual(endpointAvailability(await bySource('rootful'), plainFile.kind), { state: 'failing' });
      const stale = await connectError(await staleSocket(dir));
      assert.notEqual(stale.kind, 'socket-missing');
      assert.deepEqual(endpointAvailability(await bySource('rootless'), stale.kind), { state: 'failing' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
