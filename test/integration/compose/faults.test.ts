// Faults of Compose Up against every Podman target (issue 15's list; the healthcheck that never
// passes, a port already taken and Cancel are in engine.test.ts): an image that cannot be pulled
// and a build that fails each stop Up with a message naming the service and the line of its
// image or build, before anything is created (so nothing half-made is left).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { tempDirs, writeTree } from '../../harness/files';
import type { PodmanClient } from '../../../src/podman/client';
import { loadProject } from '../../../src/compose/model';
import { ComposeError, composeUp, downProject, listProjectContainers, LABEL } from '../../../src/compose/engine';

const tmp = tempDirs();

/** Nothing of the project on the service: no container, no network, no volume. */
async function nothingOf(client: PodmanClient, project: string) {
  const filter = { query: { filters: { label: [`${LABEL.project}=${project}`] } } };
  return {
    containers: (await listProjectContainers(client, project)).length,
    networks: ((await client.libpod('GET', '/networks/json', filter)) as unknown[]).length,
    volumes: ((await client.libpod('GET', '/volumes/json', filter)) as unknown[]).length,
  };
}

describeTargets('compose faults', (s) => {
  s.it('an image that cannot be pulled: the service, its image line, and nothing created', async () => {
    const client = s.pm.client;
    const name = uniqueName('cmppull');
    // Port 9 (discard) on loopback: nothing listens there, the pull fails at once.
    const dir = writeTree(tmp('compose-pull-'), {
      'compose.yaml': [
        'services:',
        '  ok:',
        `    image: ${BUSYBOX}`,
        '    command: [sleep, "600"]',
        '  broken:',
        '    image: 127.0.0.1:9/pw-nowhere/missing:1',
        '    volumes: [data:/data]',
        'volumes:',
        '  data: {}',
        '',
      ].join('\n'),
    });
    try {
      await assert.rejects(
        composeUp(client, loadProject({ workingDir: dir, projectName: name, env: {} })),
        (e: unknown) => {
          assert.ok(e instanceof ComposeError, String(e));
          assert.equal(e.service, 'broken');
          assert.match(e.message, /^broken: Pulling 127\.0\.0\.1:9\/pw-nowhere\/missing:1 failed: /);
          assert.ok(e.message.includes(`(${join(dir, 'compose.yaml')}:6:`), `at the image line: ${e.message}`);
          assert.deepEqual(e.created, []);
          assert.doesNotMatch(e.message, /Created so far/);
          return true;
        },
      );
      assert.deepEqual(await nothingOf(client, name), { containers: 0, networks: 0, volumes: 0 });
    } finally {
      await downProject(client, name, { volumes: true });
    }
  });

  s.it('a build that fails: the service, its build line, the failing step, and nothing created', async () => {
    const client = s.pm.client;
    const name = uniqueName('cmpbuild');
    const dir = writeTree(tmp('compose-build-'), {
      'compose.yaml': ['services:', '  app:', '    build: ./app', '    command: [sleep, "600"]', ''].join('\n'),
      'app/Containerfile': `FROM ${BUSYBOX}\nRUN echo about to fail && exit 3\n`,
    });
    const output: string[] = [];
    try {
      await assert.rejects(
        composeUp(client, loadProject({ workingDir: dir, projectName: name, env: {} }), {
          reporter: { output: (svc, text) => output.push(`${svc}: ${text}`) },
        }),
        (e: unknown) => {
          assert.ok(e instanceof ComposeError, String(e));
          assert.equal(e.service, 'app');
          assert.match(e.message, new RegExp(`^app: Building ${name}-app failed: .*exit status 3`));
          assert.match(e.message, /STEP 2: RUN echo about to fail && exit 3/);
          assert.ok(e.message.includes(`(${join(dir, 'compose.yaml')}:3:`), `at the build line: ${e.message}`);
          assert.deepEqual(e.created, []);
          return true;
        },
      );
      assert.match(output.join(''), /app: .*about to fail/, 'the build output reached the reporter');
      assert.deepEqual(await nothingOf(client, name), { containers: 0, networks: 0, volumes: 0 });
    } finally {
      await downProject(client, name, { volumes: true });
    }
  });
});
