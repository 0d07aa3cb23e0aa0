// The client's requests, checked against a fake Podman on a unix socket: paths carry the
// libpod version the server announces, and each action sends the query names libpod reads.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PodmanClient } from '../../../src/podman/client';

describe('PodmanClient requests (fake Podman 5 socket)', () => {
  let dir: string;
  let server: http.Server;
  const seen: string[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pw-fake-'));
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.setHeader('Libpod-Api-Version', '5.4.2');
      res.setHeader('Api-Version', '1.41');
      if (req.url === '/_ping') {
        res.end('OK');
        return;
      }
      res.statusCode = 204;
      res.end();
    });
    await new Promise<void>((r) => server.listen(join(dir, 'podman.sock'), r));
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses the announced version as prefix; stop sends `timeout`, restart `t`', async () => {
    const c = new PodmanClient(join(dir, 'podman.sock'));
    await c.ping();
    assert.equal(c.libpodPrefix, '/v5.4.2/libpod');
    seen.length = 0;
    await c.containerAction('web', 'stop', { timeout: 0 });
    await c.containerAction('web', 'restart', { timeout: 2 });
    await c.containerAction('web', 'stop');
    await c.containerAction('web', 'kill', { signal: 'SIGTERM' });
    assert.deepEqual(seen, [
      'POST /v5.4.2/libpod/containers/web/stop?timeout=0',
      'POST /v5.4.2/libpod/containers/web/restart?t=2',
      'POST /v5.4.2/libpod/containers/web/stop?',
      'POST /v5.4.2/libpod/containers/web/kill?signal=SIGTERM',
    ]);
  });
});
