import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX, sharedPodman, uniqueName, type TestPodman } from '../../harness/podman';
import { tempDirs, writeTree } from '../../harness/files';
import { BuildError, buildImage, lineOfStep } from '../../../src/podman/build';
import { PodmanError } from '../../../src/podman/errors';

/** Containers Podman knows, Buildah's working containers included. */
async function allContainers(pm: TestPodman): Promise<string[]> {
  return (await pm.podman(['ps', '-a', '--external', '--format', '{{.ID}}'])).split('\n').filter(Boolean);
}

describe('builds through the socket', () => {
  let pm: TestPodman;
  before(async () => {
    pm = await sharedPodman();
  });

  const tempDir = tempDirs();

  const context = (files: Record<string, string>): string => writeTree(tempDir('pw-build-'), files);

  it('builds an image honouring .containerignore, build args and secrets', async () => {
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
    const r = await buildImage(pm.client, {
      contextDir: d,
      containerfile: join(d, 'Containerfile'),
      tags: [tag],
      buildArgs: { GREETING: 'hi there' },
      secrets: [{ id: 'tok', src: secret }],
      onOutput: (t) => lines.push(t),
    });
    assert.match(r.imageId, /^[0-9a-f]{64}$/);
    assert.ok(lines.join('').includes('STEP 4/4'), 'streamed the build output');
    const out = await pm.podman([
      'run',
      '--rm',
      tag,
      'sh',
      '-c',
      'ls /ctx; cat /greeting /seen-secret; ls /ctx/.podman-workbench* 2>&1 || true',
    ]);
    assert.match(out, /keep\.txt/);
    assert.doesNotMatch(out, /ignored/);
    assert.match(out, /hi there/);
    assert.match(out, /sekrit-value/, 'the secret was mounted during RUN');
    assert.match(out, /No such file/, 'the secret file itself is not in the image');
    await pm.podman(['rmi', '-f', tag]);
  });

  it('reports a failing step with its Containerfile line and leaves no working container', async () => {
    const before = await allContainers(pm);
    const text = `# comment\nFROM ${BUSYBOX}\nRUN echo one \\\n  two\nRUN exit 3\nRUN echo never\n`;
    const d = context({ Containerfile: text });
    const err = await buildImage(pm.client, {
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
    assert.deepEqual(await allContainers(pm), before, 'no leftover working container after a failed build');
  });

  it('cancels a build when asked and leaves nothing behind', async () => {
    const before = await allContainers(pm);
    const d = context({ Containerfile: `FROM ${BUSYBOX}\nRUN sleep 6\n` });
    const abort = new AbortController();
    const started = buildImage(pm.client, {
      contextDir: d,
      containerfile: join(d, 'Containerfile'),
      tags: ['localhost/pw-cancel:test'],
      signal: abort.signal,
      onStep: (s) => s.step === 2 && setTimeout(() => abort.abort(), 300),
    });
    await assert.rejects(started, (e: unknown) => e instanceof PodmanError && e.kind === 'cancelled');
    // Podman tears the working container down after the client went away.
    const t0 = Date.now();
    let now = await allContainers(pm);
    while (now.length !== before.length && Date.now() - t0 < 20_000) {
      await new Promise((r) => setTimeout(r, 500));
      now = await allContainers(pm);
    }
    assert.deepEqual(now, before);
  });
});
