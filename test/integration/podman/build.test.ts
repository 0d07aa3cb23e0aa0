// Builds through the socket against every Podman target: ignore file, build args and secrets,
// a failing step traced to its line, cancellation; no working container is left behind.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX, uniqueName, type TestPodman } from '../../harness/podman';
import { tempDirs, writeTree } from '../../harness/files';
import { describeTargets } from '../../harness/targets';
import { waitFor } from '../../harness/wait';
import { BuildError, buildImage, lineOfStep } from '../../../src/podman/build';
import { PodmanError } from '../../../src/podman/errors';

/** Containers Podman knows, Buildah's working containers included. */
async function allContainers(pm: TestPodman): Promise<string[]> {
  return (await pm.podman(['ps', '-a', '--external', '--format', '{{.ID}}'])).split('\n').filter(Boolean);
}

const tempDir = tempDirs();

describeTargets('build', (s) => {
  const context = (files: Record<string, string>): string => writeTree(tempDir('pw-build-'), files);

  s.it('builds an image honouring .containerignore, build args and secrets', async () => {
    const tag = `localhost/${uniqueName('built')}:test`;
    const secret = join(tempDir('pw-secret-'), 'token');
    writeFileSync(secret, 'sekrit-value');
    const d = context({
      Containerfile: `FROM ${BUSYBOX}\nARG GREETING=none\nCOPY . /ctx\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /seen-secret && echo "$GREETING" > /greeting\n`,
      'keep.txt': 'kept',
      'ignored/big.bin': 'x'.repeat(1000),
      '.containerignore': 'ignored\n',
    });
    const lines: string[] = [];
    const steps: number[] = [];
    const r = await buildImage(s.pm.client, {
      contextDir: d,
      containerfile: join(d, 'Containerfile'),
      tags: [tag],
      buildArgs: { GREETING: 'hi there' },
      secrets: [{ id: 'tok', src: secret }],
      onOutput: (t) => lines.push(t),
      onStep: (st) => steps.push(st.step),
    });
    assert.match(r.imageId, /^[0-9a-f]{64}$/);
    assert.ok(lines.join('').includes('STEP 4/4'), 'streamed the build output');
    assert.deepEqual(steps, [1, 2, 3, 4]);
    assert.ok((await s.pm.client.listImages()).some((i) => i.id === r.imageId && i.repoTags.includes(tag)));
    const out = await s.pm.podman([
      'run',
      '--rm',
      tag,
      'sh',
      '-c',
      'ls -a /ctx; cat /greeting /seen-secret; ls /ctx/.podman-workbench* 2>&1 || true',
    ]);
    assert.match(out, /keep\.txt/);
    assert.doesNotMatch(out, /ignored/);
    assert.match(out, /hi there/);
    assert.match(out, /sekrit-value/, 'the secret was mounted during RUN');
    assert.match(out, /No such file/, 'the secret file itself is not in the image');
    await s.pm.podman(['rmi', '-f', tag]);
  });

  s.it('reports a failing step with its Containerfile line and leaves no working container', async () => {
    const before = await allContainers(s.pm);
    const text = `# comment\nFROM ${BUSYBOX}\nRUN echo one \\\n  two\nRUN exit 3\nRUN echo never\n`;
    const d = context({ Containerfile: text });
    const err = await buildImage(s.pm.client, {
      contextDir: d,
      containerfile: join(d, 'Containerfile'),
      tags: ['localhost/pw-fail:test'],
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof BuildError, `expected a BuildError, got ${String(err)}`);
    assert.equal(err.step?.instruction, 'RUN exit 3');
    assert.equal(lineOfStep(text, err.step!), 4);
    assert.match(err.message, /exit status 3|exit code 3|exited with 3/i);
    assert.deepEqual(await allContainers(s.pm), before, 'no leftover working container after a failed build');
  });

  s.it('cancels a build when asked and leaves nothing behind', async () => {
    const before = await allContainers(s.pm);
    const d = context({ Containerfile: `FROM ${BUSYBOX}\nRUN sleep 6\n` });
    const abort = new AbortController();
    const started = buildImage(s.pm.client, {
      contextDir: d,
      containerfile: join(d, 'Containerfile'),
      tags: ['localhost/pw-cancel:test'],
      signal: abort.signal,
      onStep: (st) => st.step === 2 && setTimeout(() => abort.abort(), 300),
    });
    await assert.rejects(started, (e: unknown) => e instanceof PodmanError && e.kind === 'cancelled');
    // Podman tears the working container down after the client went away.
    let now: string[] = [];
    await waitFor(
      'the working container to go',
      async () => (now = await allContainers(s.pm)).length === before.length,
      20_000,
      500,
    );
    assert.deepEqual(now, before);
  });
});
