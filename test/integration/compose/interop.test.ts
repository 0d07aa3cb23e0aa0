// Interoperability on one socket, every direction that can work with the peers this machine has
// (Debian 12: podman-compose 1.0.3, docker-compose 1.29.2), each stated in its test's title:
// - podman-compose 1.0.3 up → our Stop, Start and Down (we find its containers by its labels);
// - docker-compose 1.29.2 up → our Down; our Up → docker-compose stop, our Start, docker-compose down
//   (docker-compose finds containers by the com.docker.compose labels, which we set);
// - our Up → podman-compose 1.0.3 down does NOT work: 1.0.3 finds containers by its own names
//   `<project>_<service>_<n>`, ours are Compose v2's `<project>-<service>-<n>`. podman-compose 1.5.0
//   added `x-podman: name_separator_compat` (hyphens); the last test pins the 1.0.3 limit so a
//   newer peer on the machine shows up as a failure to read, not as silence.
// podman-compose runs the podman CLI: a wrapper points it at the target's socket (remote).
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { tempDirs, writeTree } from '../../harness/files';
import { loadProject, stopOrder } from '../../../src/compose/model';
import { composeUp, downProject, listProjectContainers, startProject, stopProject } from '../../../src/compose/engine';

const run = promisify(execFile);
const tmp = tempDirs();
const which = (cmd: string) => ['/usr/bin', '/usr/local/bin'].some((d) => existsSync(join(d, cmd)));

/** Interop runs once, on the machine's Podman 4.3 (the podman CLI podman-compose drives is that version). */
const onePlace = (id: string) =>
  id === 'podman4' ? undefined : 'interop runs on the podman4 target only (the other tools are the same programs)';

/** podman-compose's version ("podman-composer version  1.0.3" in 1.0.3's output), or undefined. */
function podmanComposeVersion(): string | undefined {
  if (!which('podman-compose')) return undefined;
  try {
    const out = execFileSync('podman-compose', ['version'], { encoding: 'utf8', timeout: 60_000, stdio: 'pipe' });
    return /podman-composer? version\s+(\S+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}
const PC_VERSION = podmanComposeVersion();

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
  const states = async (project: string) =>
    (await listProjectContainers(s.pm.client, project)).map((c) => `${c.name} ${c.state}`).sort();
  /** podman-compose with its podman CLI pointed at the target's socket. */
  const podmanCompose = (dir: string, project: string) => {
    const wrapper = join(dir, 'podman-remote');
    writeFileSync(wrapper, `#!/bin/sh\nexec podman --remote --url unix://${s.pm.socketPath} "$@"\n`);
    chmodSync(wrapper, 0o755);
    return (args: string[]) =>
      run('podman-compose', ['--podman-path', wrapper, '-p', project, '-f', join(dir, 'compose.yaml'), ...args], {
        timeout: 120_000,
      });
  };
  const pcSkip = () => onePlace(s.target.id) ?? (!PC_VERSION && 'podman-compose is not installed');

  s.it(
    'podman-compose 1.0.3 up → our Stop (in the file’s order), Start and Down take it over',
    async () => {
      const dir = writeTree(tmp('compose-interop-'), { 'compose.yaml': FILE });
      const project = uniqueName('pc').replaceAll('-', '');
      await podmanCompose(dir, project)(['up', '-d']);
      const theirs = [`${project}_a_1`, `${project}_b_1`];
      assert.deepEqual(
        await states(project),
        theirs.map((n) => `${n} running`),
        'podman-compose’s own names',
      );
      const order = stopOrder(loadProject({ workingDir: dir, projectName: project, env: {} }), []);
      assert.deepEqual((await stopProject(s.pm.client, project, { order })).sort(), theirs);
      assert.deepEqual(
        await states(project),
        theirs.map((n) => `${n} exited`),
      );
      assert.deepEqual((await startProject(s.pm.client, project)).sort(), theirs);
      assert.deepEqual(
        await states(project),
        theirs.map((n) => `${n} running`),
      );
      const down = await downProject(s.pm.client, project, { order });
      assert.deepEqual(down.containers.sort(), theirs);
      assert.deepEqual(await everything(project), { containers: 0, networks: 0 });
    },
    pcSkip(),
  );

  s.it(
    'docker-compose 1.29.2 up → our Down; our Up → docker-compose stop, our Start, docker-compose down',
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
      const ours = [`${project}-a-1`, `${project}-b-1`];
      assert.deepEqual(
        await states(project),
        ours.map((n) => `${n} running`),
      );
      await dc(['stop', '--timeout', '1']);
      assert.deepEqual(
        await states(project),
        ours.map((n) => `${n} exited`),
        'docker-compose stopped ours',
      );
      await startProject(s.pm.client, project);
      assert.deepEqual(
        await states(project),
        ours.map((n) => `${n} running`),
      );
      await dc(['down', '--timeout', '1']);
      assert.deepEqual(await everything(project), { containers: 0, networks: 0 });
    },
    onePlace(s.target.id) ?? (!which('docker-compose') && 'docker-compose is not installed'),
  );

  s.it(
    'our Up → podman-compose 1.0.3 down cannot take it down (it looks for <project>_<service>_<n>); our Down can',
    async () => {
      const dir = writeTree(tmp('compose-interop-'), { 'compose.yaml': FILE });
      const project = uniqueName('pcx').replaceAll('-', '');
      try {
        await composeUp(s.pm.client, loadProject({ workingDir: dir, projectName: project, env: {} }));
        // 1.0.3 reports each missing container and goes on; its exit status is not the point.
        await podmanCompose(dir, project)(['down']).catch(() => undefined);
        assert.deepEqual(
          await states(project),
          [`${project}-a-1 running`, `${project}-b-1 running`],
          'podman-compose 1.0.3 left our containers as they were',
        );
      } finally {
        await downProject(s.pm.client, project);
      }
      assert.deepEqual(await everything(project), { containers: 0, networks: 0 });
    },
    pcSkip() || (PC_VERSION !== '1.0.3' && `the limit pinned here is 1.0.3's; this machine has ${PC_VERSION}`),
  );
});
