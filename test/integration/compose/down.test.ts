// Compose Down repeated against every Podman target, each within a time bound: a project in one
// pod (podman.compose.pod) and a plain one, four times each, half of the rounds with the file's stop
// order and half without. Concurrent forced removals of a pod's containers once hung Podman 4.3's
// service (a Down never returned); Down now stops first and removes only stopped containers.
import assert from 'node:assert/strict';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { tempDirs, writeTree } from '../../harness/files';
import { within } from '../../harness/wait';
import { loadProject, stopOrder } from '../../../src/compose/model';
import { composeUp, downProject, listProjectContainers } from '../../../src/compose/engine';
import type { PodmanClient } from '../../../src/podman/client';

const tmp = tempDirs();
/** Rounds per project kind and target (four: two with the stop order, two without; the suite time stays small). */
const ROUNDS = 4;
/** A Down of three small containers takes about a second; a hung one never returns. */
const BOUND_MS = 30_000;

// Each service exits on SIGTERM, so a stop goes through the signal and the wait for the exit.
const service = (name: string, dependsOn?: string) => [
  `  ${name}:`,
  `    image: ${BUSYBOX}`,
  `    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]`,
  ...(dependsOn ? [`    depends_on: [${dependsOn}]`] : []),
];
// Stop levels: [b, c] at once, then a.
const FILE = ['services:', ...service('a'), ...service('b', 'a'), ...service('c'), ''].join('\n');

async function podsOf(client: PodmanClient, name: string): Promise<string[]> {
  return (await client.listPods()).map((p) => p.name).filter((p) => p === `pod_${name}`);
}

describeTargets('compose down', (s) => {
  for (const pod of [true, false]) {
    const kind = pod ? 'a project in one pod' : 'a plain project';
    s.it(`Down of ${kind} ${ROUNDS} times, each within ${BOUND_MS / 1000} s, leaves nothing`, async () => {
      const client = s.pm.client;
      const name = uniqueName(pod ? 'cmpdownpod' : 'cmpdown');
      const dir = writeTree(tmp('compose-down-'), { 'compose.yaml': FILE });
      const project = loadProject({ workingDir: dir, projectName: name, env: {} });
      assert.deepEqual(
        stopOrder(project, []).map((level) => level.sort()),
        [['b', 'c'], ['a']],
      );
      try {
        for (let round = 0; round < ROUNDS; round++) {
          await composeUp(client, project, { pod });
          assert.equal((await listProjectContainers(client, name)).filter((c) => c.state === 'running').length, 3);
          const order = round % 2 === 0 ? stopOrder(project, []) : undefined;
          const down = await within(
            `Down round ${round + 1} (${order ? 'in stop order' : 'no order'})`,
            BOUND_MS,
            downProject(client, name, { order }),
          );
          assert.deepEqual(
            down.containers.sort(),
            ['a', 'b', 'c'].map((x) => `${name}-${x}-1`),
          );
          assert.deepEqual(await listProjectContainers(client, name), [], `round ${round + 1} left containers`);
          assert.deepEqual(await podsOf(client, name), [], `round ${round + 1} left the pod`);
        }
      } finally {
        await downProject(client, name).catch(() => undefined);
      }
    });
  }
});
