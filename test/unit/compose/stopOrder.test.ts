// Compose's stop order for Stop and Down: a service's containers only once every container of the
// services depending on it is done, independent services at once, a cycle not hanging, and no
// order at all when the file (so the dependencies) is not known. The order is the model's
// (`stopOrder` of a file), as Down and Stop take it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inStopOrder } from '../../../src/compose/engine/project';
import { loadProject, stopOrder } from '../../../src/compose/model';
import type { ContainerSummary } from '../../../src/podman/models';

const container = (service: string, n = 1): ContainerSummary => ({
  id: `${service}-${n}`,
  name: `p-${service}-${n}`,
  names: [`p-${service}-${n}`],
  image: 'localhost/pw-busybox:latest',
  imageId: '',
  command: [],
  state: 'running',
  status: 'Up',
  created: 0,
  startedAt: 0,
  exitCode: 0,
  ports: [],
  labels: { 'com.docker.compose.service': service },
  podId: '',
  podName: '',
  isInfra: false,
  networks: [],
});

/** The model's stop order of a file whose services are `service: [its depends_on]`. */
function orderOf(services: Record<string, string[]>): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'pw-stop-order-'));
  try {
    const lines = ['services:'];
    for (const [name, deps] of Object.entries(services)) {
      lines.push(`  ${name}:`, '    image: x', ...(deps.length ? [`    depends_on: [${deps.join(', ')}]`] : []));
    }
    writeFileSync(join(dir, 'compose.yaml'), `${lines.join('\n')}\n`);
    return stopOrder(loadProject({ workingDir: dir, projectName: 'p', env: {} }), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs inStopOrder with an action that takes a few ms, recording when each container starts and ends. */
async function trace(containers: ContainerSummary[], order?: string[][]) {
  const log: string[] = [];
  await inStopOrder(containers, order, async (c) => {
    log.push(`start ${c.id}`);
    await new Promise((r) => setTimeout(r, 5));
    log.push(`end ${c.id}`);
  });
  return log;
}

const before = (log: string[], a: string, b: string) => log.indexOf(a) >= 0 && log.indexOf(a) < log.indexOf(b);

describe('compose stop order', () => {
  it('a chain goes one service after the other, dependents first', async () => {
    // db <- api <- web: web stops first, then api, then db.
    const order = orderOf({ db: [], api: ['db'], web: ['api'] });
    const log = await trace([container('db'), container('api'), container('web')], order);
    assert.deepEqual(log, ['start web-1', 'end web-1', 'start api-1', 'end api-1', 'start db-1', 'end db-1']);
  });

  it('independent services and replicas go at once; a shared dependency waits for all its dependents', async () => {
    const order = orderOf({ db: [], a: ['db'], b: ['db'] });
    const log = await trace([container('db'), container('a', 1), container('a', 2), container('b')], order);
    assert.deepEqual(log.slice(0, 3).sort(), ['start a-1', 'start a-2', 'start b-1']);
    for (const dep of ['end a-1', 'end a-2', 'end b-1']) assert.ok(before(log, dep, 'start db-1'), log.join(', '));
  });

  it('a dependent that is not among the containers (not selected, not running) does not hold anything', async () => {
    const log = await trace([container('db')], orderOf({ db: [], gone: ['db'] }));
    assert.deepEqual(log, ['start db-1', 'end db-1']);
  });

  it('a cycle (a file with errors: Up refuses it, Down must still end) visits every container once', async () => {
    const order = orderOf({ a: ['b'], b: ['a'] });
    const log = await trace([container('a'), container('b')], order);
    assert.deepEqual(log.filter((l) => l.startsWith('start')).sort(), ['start a-1', 'start b-1']);
  });

  it('without the dependencies everything goes at once', async () => {
    const log = await trace([container('db'), container('api'), container('web')]);
    assert.deepEqual(log.slice(0, 3), ['start db-1', 'start api-1', 'start web-1']);
  });
});
