// The health check's order against a fake Podman on a unix socket whose /libpod/info answers only
// when the test lets it: the connection is usable after /_ping (the version from its header, the
// version check applied), and /info completes it (rootless, platform) or fails it, later.
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PodmanClient, serverSummary } from '../../../src/podman/client';
import type { Endpoint } from '../../../src/podman/discovery';
import { checkHealth } from '../../../src/connections/health';

describe('checkHealth: usable after /_ping, completed by /libpod/info', () => {
  let dir: string;
  let server: http.Server;
  let version = '4.3.1';
  let infoStatus = 200;
  const seen: string[] = [];
  let releaseInfo: () => void = () => undefined;
  let infoGate = Promise.resolve();
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pw-health-'));
    server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.setHeader('Libpod-Api-Version', version);
      res.setHeader('Api-Version', '1.41');
      if (req.url === '/_ping') return void res.end('OK');
      void infoGate.then(() => {
        res.statusCode = infoStatus;
        res.setHeader('Content-Type', 'application/json');
        const body = { host: { os: 'linux', arch: 'amd64', hostname: 'h1', security: { rootless: true } } };
        res.end(JSON.stringify(infoStatus === 200 ? { ...body, version: { Version: version } } : { message: 'boom' }));
      });
    });
    await new Promise<void>((r) => server.listen(join(dir, 'podman.sock'), r));
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    seen.length = 0;
    version = '4.3.1';
    infoStatus = 200;
    infoGate = new Promise<void>((r) => (releaseInfo = r));
  });

  const endpoint = (): Endpoint => ({
    id: join(dir, 'podman.sock'),
    label: 'fake',
    source: 'setting',
    uri: `unix://${join(dir, 'podman.sock')}`,
    socketPath: join(dir, 'podman.sock'),
  });
  const make = (e: Endpoint) => new PodmanClient(e.socketPath!);

  it('is ok after the ping while /info is still pending, then complete when /info answers', async () => {
    const check = await checkHealth(endpoint(), make);
    assert.equal(check.health.state, 'ok');
    if (check.health.state !== 'ok') return;
    assert.equal(check.health.info.version, '4.3.1');
    assert.equal(check.health.info.rootless, undefined);
    assert.equal(serverSummary(check.health.info), 'Podman 4.3.1');
    assert.equal(check.client?.libpodPrefix, '/v4.3.1/libpod', 'the client that pinged knows the prefix');
    let settled = false;
    void check.details?.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(settled, false, '/info has not answered yet');
    assert.deepEqual(seen, ['/_ping', '/v4.3.1/libpod/info'], 'one ping, /info asked at once after it');
    releaseInfo();
    const details = await check.details;
    assert.equal(details?.state, 'ok');
    if (details?.state !== 'ok') return;
    assert.deepEqual(
      { rootless: details.info.rootless, os: details.info.os, host: details.info.hostname },
      { rootless: true, os: 'linux', host: 'h1' },
    );
    assert.equal(serverSummary(details.info), 'Podman 4.3.1 · rootless');
    assert.deepEqual(seen, ['/_ping', '/v4.3.1/libpod/info'], 'no second ping for /info');
  });

  it('refuses a Podman too old from the ping alone, and asks no /info', async () => {
    version = '4.2.0';
    const errors: string[] = [];
    const check = await checkHealth(endpoint(), make, (e) => errors.push(e.kind));
    assert.equal(check.health.state, 'error');
    if (check.health.state === 'error') assert.match(check.health.error.message, /Podman 4\.2\.0 is too old/);
    assert.equal(check.details, undefined);
    assert.deepEqual(errors, ['unsupported']);
    assert.deepEqual(seen, ['/_ping']);
  });

  it('turns a failing /info into an error health, after the ping said ok', async () => {
    infoStatus = 500;
    const errors: string[] = [];
    const check = await checkHealth(endpoint(), make, (e) => errors.push(e.kind));
    assert.equal(check.health.state, 'ok');
    releaseInfo();
    const details = await check.details;
    assert.equal(details?.state, 'error');
    assert.equal(errors.length, 1);
  });

  it('reports a socket that is not there as an error, with no client', async () => {
    const missing = { ...endpoint(), id: join(dir, 'none.sock'), socketPath: join(dir, 'none.sock') };
    const check = await checkHealth(missing, make);
    assert.equal(check.health.state, 'error');
    if (check.health.state === 'error') assert.equal(check.health.error.kind, 'socket-missing');
    assert.equal(check.client, undefined);
  });
});
