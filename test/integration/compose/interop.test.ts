// Interoperability on one socket: a project brought up by Debian's podman-compose or by
// docker-compose is taken down cleanly by our Down (found by its labels); a project brought up by
// us is taken down by docker-compose (which finds containers by the com.docker.compose labels).
// podman-compose 1.0.3 runs the podman CLI: a wrapper points it at the target's socket (remote).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { tempDirs, writeTree } from '../../harness/files';
import { loadProject } from '../../../src/compose/model';
import { composeUp, downProject, listProjectContainers } from '../../../src/compose/engine';

const run = promisify(execFile);
const tmp = tempDirs();
const which = (cmd: string) => ['/usr/bin', '/usr/local/bin'].some((d) => existsSync(join(d, cmd)));

/** Interop runs once, on the machine's Podman 4.3 (the podman CLI podman-compose drives is that version). */
const onePlace = (id: string) =>
  id === 'podman4' ? undefined : 'interop runs on the podman4 target only (the other tools are the same programs)';

const FILE = `services:
  a:
    image: ${BUSYBOX}
    command: [sleep, "600"]
    stop_signal: SIGKILL
  b:
    image: ${BUSYBOX}
    command: [sleep, "600"]
    stop_signal: SIGKILL
    depends_on: [a]
`;

describeTargets('compose interop', (s) => {
  const everything = async (project: string) => {
    const filter = { query: { filters: { label: [`com.docker.compose.project=${project}`] } } };
    const nets = (await s.pm.client.libpod('GET', '/networks/json', filter)) as unknown[];
    return { containers: (await listProjectContainers(s.pm.client, project)).length, networks: nets.length };
  };

  s.it(
    'podman-compose up, our Down takes it down',
    async () => {
      const dir = writeTree(tmp('compose-interop-'), { 'compose.yaml': FILE });
      const wrapper = join(dir, 'podman-remote');
      writeFileSync(wrapper, `#!/bin/sh\nexec podman --remote --url unix://${s.pm.socketPath} "$@"\n`);
      chmodSync(wrapper, 0o755);
      const project = uniqueName('pc').replaceAll('-', '');
      await run(
        'podman-compose',
        ['--podman-path', wrapper, '-p', project, '-f', join(dir, 'compose.yaml'), 'up', '-d'],
        {
          timeout: 120_000,
        },
      );
      const theirs = await listProjectContainers(s.pm.client, project);
      assert.equal(theirs.length, 2, 'podman-compose made two containers');
      const down = await downProject(s.pm.client, project);
      assert.equal(down.containers.length, 2);
      assert.deepEqual(await everything(project), { containers: 0, networks: 0 });
    },
    onePlace(s.target.id) ?? (!which('podman-compose') && 'podman-compose is not installed'),
  );

  s.it(
    'docker-compose up, our Down takes it down; our Up, docker-compose down takes it down',
    async () => {
      const dir = writeTree(tmp('compose-interop-'), { 'compose.yaml': FILE });
      const env = { ...process.env, DOCKER_HOST: `unix://${s.pm.socketPath}` };
      const project = uniqueName('dc').replaceAll('-', '');
      const dc = (args: string[]) =>
        run('docker-compose', ['-p', project, '-f', join(dir, 'compose.yaml'), ...args], { env, timeout: 120_000 });
      await dc(['up', '-d']);
      assert.equal((await listProjectContainers(s.pm.client, project)).length, 2);
      await downProject(s.pm.client, project);
      assert.deepEqual(await everything(project), { containers: 0, networks: 0 });

      await composeUp(s.pm.client, loadProject({ workingDir: dir, projectName: project, env: {} }));
      assert.equal((await listProjectContainers(s.pm.client, project)).length, 2);
      await dc(['down', '--timeout', '1']);
      assert.deepEqual(await everything(project), { containers: 0, networks: 0 });
    },
    onePlace(s.target.id) ?? (!which('docker-compose') && 'docker-compose is not installed'),
  );
});
