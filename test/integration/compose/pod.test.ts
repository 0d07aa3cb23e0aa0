// The compose engine with podman.compose.pod, against every Podman target: Up puts the project's
// containers in one pod named as podman-compose names it (`pod_<project>`), the services reach
// each other by name inside it, its published port answers on the host, and Down removes the pod.
import assert from 'node:assert/strict';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { freePort } from '../../harness/ports';
import { tempDirs, writeTree } from '../../harness/files';
import { waitFor } from '../../harness/wait';
import { execCollect } from '../../../src/podman/exec';
import { loadProject } from '../../../src/compose/model';
import { composeUp, downProject, listProjectContainers } from '../../../src/compose/engine';

const tmp = tempDirs();

const FILE = (port: number) => `services:
  api:
    image: ${BUSYBOX}
    command: sh -c 'mkdir -p /www && echo api > /www/index.html && exec httpd -f -p 8080 -h /www'
    ports: ["127.0.0.1:${port}:8080"]
    stop_signal: SIGKILL
  web:
    image: ${BUSYBOX}
    command: [sleep, "600"]
    stop_signal: SIGKILL
    depends_on: [api]
`;

/** GET / from the api service by its name, from inside web. */
const HTTP_GET_API = ['sh', '-c', 'printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc -w 5 api 8080'];

describeTargets('compose engine in one pod', (s) => {
  s.it(
    'Up with the pod option: one pod_<project> holding every container, names resolve, Down removes it',
    async () => {
      const client = s.pm.client;
      const name = uniqueName('cmppod');
      const pod = `pod_${name}`;
      const port = await freePort();
      const dir = writeTree(tmp('compose-pod-'), { 'compose.yaml': FILE(port) });
      const project = loadProject({ workingDir: dir, projectName: name, env: {} });
      try {
        const up = await composeUp(client, project, { pod: true });
        assert.ok(up.resources.includes(`pod ${pod}`), up.resources.join(', '));
        assert.ok(!up.resources.some((r) => r.startsWith('network ')), 'no project network: the pod is the network');
        const containers = await listProjectContainers(client, name);
        assert.deepEqual(containers.map((c) => `${c.name} ${c.podName}`).sort(), [
          `${name}-api-1 ${pod}`,
          `${name}-web-1 ${pod}`,
        ]);
        const inPod = (await client.inspectPod(pod)).Containers?.map((c) => c.Name).sort();
        assert.deepEqual(
          inPod?.filter((n) => n?.startsWith(name)),
          [`${name}-api-1`, `${name}-web-1`],
        );
        const reply = await waitFor(
          'web to reach api by name inside the pod',
          async () => {
            const r = await execCollect(client, `${name}-web-1`, HTTP_GET_API);
            return r.stdout.toString().split('\r\n\r\n')[1]?.trim();
          },
          15_000,
          300,
        );
        assert.equal(reply, 'api');
        assert.equal(
          (await (await fetch(`http://127.0.0.1:${port}/`)).text()).trim(),
          'api',
          'the pod publishes the port',
        );

        const again = await composeUp(client, project, { pod: true });
        assert.deepEqual(again.created, [], 'a second Up keeps the pod and its containers');

        const down = await downProject(client, name);
        assert.deepEqual(down.pods, [pod]);
        assert.deepEqual(await listProjectContainers(client, name), []);
        await assert.rejects(client.inspectPod(pod), (e: unknown) => (e as { kind?: string }).kind === 'not-found');
      } finally {
        await downProject(client, name, { volumes: true }).catch(() => undefined);
      }
    },
  );
});
