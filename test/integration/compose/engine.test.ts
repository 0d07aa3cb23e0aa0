// The compose engine against every Podman target: the three-service project of issue 15 (db with
// a healthcheck, api waiting for it to be healthy, web published on the host) comes up in order,
// web reaches api by its service name, the port answers, a named volume keeps its data across
// down/up, editing one service recreates only it, down leaves only the volume (and with volumes,
// nothing); profiles and named services; a healthcheck that never passes; a port already taken.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { join } from 'node:path';
import { BUSYBOX, uniqueName, type TestPodman } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { freePort } from '../../harness/ports';
import { tempDirs, writeTree } from '../../harness/files';
import { waitFor } from '../../harness/wait';
import { execCollect } from '../../../src/podman/exec';
import type { PodmanClient } from '../../../src/podman/client';
import { loadProject } from '../../../src/compose/model';
import { ComposeError, composeUp, downProject, listProjectContainers, LABEL } from '../../../src/compose/engine';

const tmp = tempDirs();
/** GET / from the api service by its name (busybox nc: the test image's wget is not usable). */
const HTTP_GET_API = ['sh', '-c', 'printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc -w 5 api 8080'];
const body = (r: { stdout: Buffer }) => r.stdout.toString().split('\r\n\r\n')[1]?.trim();

/**
 * Holds a port on the Podman host: a listener here, or on a remote host a container publishing it
 * (Podman holds the ports it publishes open). Returns the port and the undo.
 */
async function takePort(pm: TestPodman, address: string): Promise<{ port: number; release(): Promise<void> }> {
  if (!pm.remote) {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, address, r));
    return { port: (server.address() as net.AddressInfo).port, release: async () => void server.close() };
  }
  const port = await freePort();
  const holder = uniqueName('port-holder');
  await pm.podman(['run', '-d', '--name', holder, '-p', `${address}:${port}:80`, BUSYBOX, 'sleep', '600']);
  return { port, release: async () => void (await pm.podman(['rm', '-f', '-t', '0', holder])) };
}

const THREE = `
services:
  db:
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo boot >> /data/boots; sleep 1; touch /data/ready; exec sleep 600"]
    volumes: [dbdata:/data]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD", "cat", "/data/ready"]
      interval: 500ms
      timeout: 2s
      retries: 40
  api:
    image: ${BUSYBOX}
    command: sh -c 'mkdir -p /www && echo "api $$GREETING" > /www/index.html && exec httpd -f -p 8080 -h /www'
    environment: [GREETING]
    stop_signal: SIGKILL
    depends_on:
      db: {condition: service_healthy}
  web:
    image: ${BUSYBOX}
    command: sh -c 'mkdir -p /www && echo web > /www/index.html && exec httpd -f -p 80 -h /www'
    ports: ["\${WEB_ADDRESS}:\${WEB_PORT}:80"]
    stop_signal: SIGKILL
    depends_on: [api]
volumes:
  dbdata: {}
`;

async function projectState(client: PodmanClient, project: string) {
  const containers = await listProjectContainers(client, project);
  const filter = { query: { filters: { label: [`${LABEL.project}=${project}`] } } };
  const networks = (await client.libpod('GET', '/networks/json', filter)) as { name: string }[];
  const volumes = (await client.libpod('GET', '/volumes/json', filter)) as { Name: string }[];
  return {
    containers: containers.map((c) => `${c.name}:${c.state}`).sort(),
    networks: networks.map((n) => n.name),
    volumes: volumes.map((v) => v.Name),
  };
}

describeTargets('compose engine', (s) => {
  s.it('three services: order, names, ports, volume across down/up, recreate only the edited one, down', async () => {
    const client = s.pm.client;
    const name = uniqueName('cmp');
    const dir = writeTree(tmp('compose-three-'), { 'compose.yaml': THREE });
    const port = await freePort();
    // Where this machine reaches the ports the Podman host publishes (another host over SSH).
    const published = s.pm.remote?.published ?? '127.0.0.1';
    const load = (greeting: string) =>
      loadProject({
        workingDir: dir,
        projectName: name,
        env: { WEB_ADDRESS: published, WEB_PORT: String(port), GREETING: greeting },
      });
    const events: string[] = [];
    const reporter = { service: (svc: string, state: string) => events.push(`${svc} ${state}`) };
    try {
      const first = await composeUp(client, load('hello'), { reporter });
      assert.deepEqual(first.services, ['db', 'api', 'web']);
      const at = (e: string) => events.indexOf(e);
      assert.ok(at('db healthy') > at('db started') && at('db started') >= 0, events.join(', '));
      assert.ok(at('api started') > at('db healthy'), `api starts once db is healthy: ${events.join(', ')}`);
      assert.ok(at('web started') > at('api started'), events.join(', '));
      assert.deepEqual((await projectState(client, name)).containers, [
        `${name}-api-1:running`,
        `${name}-db-1:running`,
        `${name}-web-1:running`,
      ]);
      const viaName = await execCollect(client, `${name}-web-1`, HTTP_GET_API);
      assert.equal(body(viaName), 'api hello', `web reaches api by name: ${viaName.stderr}`);
      assert.equal((await (await fetch(`http://${published}:${port}/`)).text()).trim(), 'web');

      const edited = await composeUp(client, load('changed'));
      assert.deepEqual(edited.created, [`${name}-api-1`], 'only the edited service is recreated');
      assert.deepEqual(edited.unchanged.sort(), [`${name}-db-1`, `${name}-web-1`]);
      // The new api container has started; its httpd listens a moment later.
      await waitFor(
        'the recreated api to answer web',
        async () => {
          return body(await execCollect(client, `${name}-web-1`, HTTP_GET_API)) === 'api changed';
        },
        15_000,
        300,
      );

      const down = await downProject(client, name);
      assert.equal(down.containers.length, 3);
      assert.deepEqual(await projectState(client, name), { containers: [], networks: [], volumes: [`${name}_dbdata`] });
      await composeUp(client, load('changed'));
      const boots = await execCollect(client, `${name}-db-1`, ['cat', '/data/boots']);
      assert.equal(boots.stdout.toString(), 'boot\nboot\n', 'the named volume kept its data across down/up');
      await downProject(client, name, { volumes: true });
      assert.deepEqual(await projectState(client, name), { containers: [], networks: [], volumes: [] });
    } finally {
      await downProject(client, name, { volumes: true }).catch(() => undefined);
    }
  });

  s.it('profiles and named services start only what they should', async () => {
    const client = s.pm.client;
    const name = uniqueName('cmpprof');
    const svc = (extra = '') => `{image: ${BUSYBOX}, command: [sleep, "600"], stop_signal: SIGKILL${extra}}`;
    const dir = writeTree(tmp('compose-prof-'), {
      'compose.yaml': `services:\n  a: ${svc()}\n  b: ${svc(', profiles: [extra]')}\n  c: ${svc(', depends_on: [a]')}\n  d: ${svc()}\n`,
    });
    const project = loadProject({ workingDir: dir, projectName: name, env: {} });
    const running = async () => (await listProjectContainers(client, name)).map((c) => c.labels[LABEL.service]).sort();
    try {
      await composeUp(client, project, { services: ['c'] });
      assert.deepEqual(await running(), ['a', 'c'], 'a named service brings its dependency only');
      await composeUp(client, project);
      assert.deepEqual(await running(), ['a', 'c', 'd'], 'without the profile, b stays off');
      await composeUp(client, project, { profiles: ['extra'] });
      assert.deepEqual(await running(), ['a', 'b', 'c', 'd']);
    } finally {
      await downProject(client, name, { volumes: true });
    }
  });

  s.it('a healthcheck that never passes: a bounded wait naming the service with its last output', async () => {
    const client = s.pm.client;
    const name = uniqueName('cmpsick');
    const dir = writeTree(tmp('compose-sick-'), {
      'compose.yaml': [
        'services:',
        '  sick:',
        `    image: ${BUSYBOX}`,
        '    command: [sleep, "600"]',
        '    stop_signal: SIGKILL',
        '    healthcheck: {test: ["CMD-SHELL", "echo not ready yet; exit 1"], interval: 200ms, retries: 2}',
        '  app:',
        `    image: ${BUSYBOX}`,
        '    command: [sleep, "600"]',
        '    depends_on: {sick: {condition: service_healthy}}',
      ].join('\n'),
    });
    const project = loadProject({ workingDir: dir, projectName: name, env: {} });
    try {
      const t0 = Date.now();
      await assert.rejects(composeUp(client, project, { waitTimeoutMs: 3000 }), (e: unknown) => {
        assert.ok(e instanceof ComposeError);
        assert.equal(e.service, 'sick');
        assert.match(e.message, /sick was not healthy .*Last health check output: not ready yet/);
        assert.match(e.message, new RegExp(`app depends on it at ${join(dir, 'compose.yaml')}:10:`));
        // As Docker Compose does, every container is created first; app never started.
        assert.match(e.message, new RegExp(`Created so far: network ${name}_default, container ${name}-(sick|app)-1`));
        return true;
      });
      assert.ok(Date.now() - t0 < 20_000);
      assert.deepEqual(
        (await projectState(client, name)).containers,
        [`${name}-app-1:created`, `${name}-sick-1:running`],
        'as Docker Compose does, every container is created first: app was never started',
      );
    } finally {
      await downProject(client, name, { volumes: true });
    }
  });

  s.it('Cancel halfway through Up: what it started is stopped, and the error says what it created', async () => {
    const client = s.pm.client;
    const name = uniqueName('cmpcancel');
    const dir = writeTree(tmp('compose-cancel-'), {
      'compose.yaml': [
        'services:',
        '  slow:',
        `    image: ${BUSYBOX}`,
        '    command: [sleep, "600"]',
        '    stop_signal: SIGKILL',
        '    healthcheck: {test: ["CMD-SHELL", "exit 1"], interval: 200ms, retries: 100}',
        '  after:',
        `    image: ${BUSYBOX}`,
        '    command: [sleep, "600"]',
        '    depends_on: {slow: {condition: service_healthy}}',
      ].join('\n'),
    });
    const abort = new AbortController();
    const reporter = {
      service: (svc: string, state: string) => svc === 'slow' && state === 'started' && abort.abort(),
    };
    try {
      await assert.rejects(
        composeUp(client, loadProject({ workingDir: dir, projectName: name, env: {} }), {
          signal: abort.signal,
          reporter,
        }),
        (e: unknown) => {
          assert.ok(e instanceof ComposeError && e.cancelled, String(e));
          assert.match(
            e.message,
            /^Up was cancelled\. Created so far: .*container .*-slow-1.*\(stopped; Down removes them\)/,
          );
          return true;
        },
      );
      const states = (await projectState(client, name)).containers;
      assert.deepEqual(states, [`${name}-after-1:created`, `${name}-slow-1:exited`]);
    } finally {
      await downProject(client, name, { volumes: true });
    }
  });

  s.it('a port already taken on the host: the error names the service and its ports line', async () => {
    const client = s.pm.client;
    const name = uniqueName('cmpport');
    const address = s.pm.remote?.published ?? '127.0.0.1';
    const taken = await takePort(s.pm, address);
    const dir = writeTree(tmp('compose-port-'), {
      'compose.yaml': `services:\n  web:\n    image: ${BUSYBOX}\n    command: [sleep, "600"]\n    ports: ["${address}:${taken.port}:80"]\n`,
    });
    try {
      await assert.rejects(
        composeUp(client, loadProject({ workingDir: dir, projectName: name, env: {} })),
        (e: unknown) => {
          assert.ok(e instanceof ComposeError);
          assert.equal(e.service, 'web');
          assert.match(e.message, /Starting .*-web-1 failed: .*(address already in use|bind)/i);
          assert.match(e.message, /compose\.yaml:5:\d+/, 'at the ports line');
          return true;
        },
      );
    } finally {
      await taken.release();
      await downProject(client, name, { volumes: true });
    }
  });
});
