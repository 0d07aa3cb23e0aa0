// Image archives, layers and secrets against every Podman target: a 200 MB image saved and loaded
// back (same digests) with the client's memory measured, a full disk during a save, a container
// exported and imported, an image's history matched to its Containerfile with the build's cache
// use, and secrets created, inspected and removed without their value showing anywhere.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets, type TargetSuite } from '../../harness/targets';
import { buildImage } from '../../../src/podman/build';
import { BuildLayerRecorder, imageHistory, layersOfLines } from '../../../src/podman/history';
import {
  containersUsingSecret,
  createSecret,
  inspectSecret,
  listSecretInfos,
  removeSecret,
} from '../../../src/podman/secrets';
import { exportContainer, importImage, loadImages, saveImages } from '../../../src/podman/transfer';
import type { PodmanError } from '../../../src/podman/errors';

/** Makes an image of `mb` MB of random bytes (incompressible), imported through the socket. */
async function bigImage(s: TargetSuite, name: string, mb: number, dir: string): Promise<void> {
  const root = join(dir, 'root');
  fs.mkdirSync(root);
  const fd = fs.openSync(join(root, 'blob'), 'w');
  for (let i = 0; i < mb; i++) fs.writeSync(fd, randomBytes(1 << 20));
  fs.closeSync(fd);
  execFileSync('tar', ['-C', root, '-cf', join(dir, 'big.tar'), '.']);
  fs.rmSync(root, { recursive: true });
  await importImage(s.pm.client, join(dir, 'big.tar'), { reference: name });
  fs.rmSync(join(dir, 'big.tar'));
}

/**
 * Samples memory while `work` runs: the V8 heap's growth, and heap + array buffers (the Buffers in
 * flight plus those not yet collected), in MB. Buffering the whole tar would show as 200+ in both.
 */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; heapMb: number; totalMb: number }> {
  global.gc?.();
  const start = process.memoryUsage();
  const peak = { heap: 0, total: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.heap = Math.max(peak.heap, m.heapUsed - start.heapUsed);
    peak.total = Math.max(peak.total, m.heapUsed + m.arrayBuffers - start.heapUsed - start.arrayBuffers);
  };
  const timer = setInterval(sample, 10);
  try {
    const result = await work();
    sample();
    return { result, heapMb: peak.heap / 1024 / 1024, totalMb: peak.total / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/** The save's or the load's memory stayed bounded: heap under the goal (32 MB), buffers included under 64. */
function bounded(what: string, m: { heapMb: number; totalMb: number }): void {
  assert.ok(m.heapMb < 32, `the ${what} grew the heap by ${m.heapMb.toFixed(1)} MB`);
  assert.ok(m.totalMb < 64, `the ${what} grew heap + buffers by ${m.totalMb.toFixed(1)} MB`);
}

describeTargets('image archives', (s) => {
  // The memory bound is the client's (the same code whatever the target): measured with 200 MB
  // once, on Podman 4.3 rootful; the other targets check the round trip on 40 MB (seconds each).
  const mb = s.target.id === 'podman4' ? 200 : 40;
  s.it(`saves a ${mb} MB image and loads it back: same id and layers, bounded memory both ways`, async () => {
    const c = s.pm.client;
    const dir = fs.mkdtempSync(join(tmpdir(), 'pw-save-'));
    const name = `localhost/${uniqueName('pw-big')}:1`;
    try {
      await bigImage(s, name, mb, dir);
      const before = await c.inspectImage(name);
      const tar = join(dir, 'big-saved.tar');
      // Cancelled at the first progress report: the partial file goes, nothing is left.
      const abort = new AbortController();
      await assert.rejects(
        saveImages(c, [name], tar, { signal: abort.signal, onProgress: () => abort.abort(), progressEveryMs: 0 }),
        (e: PodmanError) => e.kind === 'cancelled' && /partial file .* was removed/.test(e.message),
      );
      assert.deepEqual(fs.readdirSync(dir), [], 'nothing written once cancelled');
      const progress: number[] = [];
      const save = await measured(() =>
        saveImages(c, [name], tar, {
          format: 'docker-archive',
          onProgress: (p) => progress.push(p.bytes),
          progressEveryMs: 0,
        }),
      );
      assert.ok(save.result.bytes > mb * 1024 * 1024, `a tar of more than ${mb} MB (${save.result.bytes})`);
      assert.equal(fs.statSync(tar).size, save.result.bytes);
      assert.ok(progress.length > 3 && progress.at(-1) === save.result.bytes, `progress reported (${progress.length})`);
      bounded('save', save);
      assert.deepEqual(
        fs.readdirSync(dir).filter((f) => f.includes('.partial-')),
        [],
        'no partial file left',
      );
      await c.removeImage(name, { force: true });
      const load = await measured(() => loadImages(c, tar));
      assert.deepEqual(load.result, [name]);
      bounded('load', load);
      const after = await c.inspectImage(name);
      assert.equal(after.Id, before.Id, 'the same image id (config digest)');
      assert.deepEqual(
        (after as { RootFS?: { Layers?: string[] } }).RootFS?.Layers,
        (before as { RootFS?: { Layers?: string[] } }).RootFS?.Layers,
        'the same layer digests',
      );
    } finally {
      await c.removeImage(name, { force: true }).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  s.it(
    'a full disk during a save: the partial file is removed and the error says so',
    async () => {
      const dir = fs.mkdtempSync(join(tmpdir(), 'pw-full-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', dir]);
      try {
        const dest = join(dir, 'busybox.tar');
        await assert.rejects(
          saveImages(s.pm.client, [BUSYBOX], dest),
          (e: PodmanError) => /disk is full/.test(e.message) && /partial file was removed/.test(e.message) && !!e.fix,
        );
        assert.deepEqual(fs.readdirSync(dir), [], 'nothing left on the full disk');
      } finally {
        execFileSync('umount', [dir]);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    process.getuid?.() !== 0 && 'mounting a small tmpfs (the full disk) needs root',
  );

  s.it(
    'refuses what it cannot do before sending anything: oci-archive of several images, a file that is no tar',
    async () => {
      const c = s.pm.client;
      const dir = fs.mkdtempSync(join(tmpdir(), 'pw-bad-'));
      try {
        const requests = c.requestCount;
        await assert.rejects(
          saveImages(c, [BUSYBOX, BUSYBOX], join(dir, 'x.tar'), { format: 'oci-archive' }),
          (e: PodmanError) => /only as a docker-archive/.test(e.message),
        );
        fs.writeFileSync(join(dir, 'notes.txt'), 'not an archive\n');
        await assert.rejects(loadImages(c, join(dir, 'notes.txt')), /is not a tar archive.*nothing was sent/);
        await assert.rejects(importImage(c, join(dir, 'notes.txt')), /is not a tar archive/);
        assert.equal(c.requestCount, requests, 'no request was made');
        assert.deepEqual(fs.readdirSync(dir), ['notes.txt']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  s.it('saves two images as one docker-archive and as oci-archive one, and loads each', async () => {
    const c = s.pm.client;
    const dir = fs.mkdtempSync(join(tmpdir(), 'pw-multi-'));
    const second = `localhost/${uniqueName('pw-second')}:2`;
    try {
      const [repo, tag] = second.split(/:(?=[^:]+$)/);
      await c.tagImage(BUSYBOX, repo, tag);
      await saveImages(c, [BUSYBOX, second], join(dir, 'two.tar'));
      await saveImages(c, [second], join(dir, 'one.oci.tar'), { format: 'oci-archive' });
      await c.removeImage(second);
      assert.deepEqual((await loadImages(c, join(dir, 'two.tar'))).sort(), [BUSYBOX, second].sort());
      await c.removeImage(second);
      const loaded = await loadImages(c, join(dir, 'one.oci.tar'));
      assert.equal(loaded.length, 1, JSON.stringify(loaded));
      assert.equal((await c.inspectImage(loaded[0])).Id, (await c.inspectImage(BUSYBOX)).Id);
      if (loaded[0] !== second) await c.removeImage(loaded[0]).catch(() => undefined);
    } finally {
      await c.removeImage(second).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  s.it("exports a container's file system and imports it as an image that runs", async () => {
    const c = s.pm.client;
    const dir = fs.mkdtempSync(join(tmpdir(), 'pw-export-'));
    const name = uniqueName('pw-exp');
    const imported = `localhost/${uniqueName('pw-imported')}:1`;
    try {
      const id = await c.createContainer({ image: BUSYBOX, name, command: ['sh', '-c', 'echo marked > /marker'] });
      await c.containerAction(id, 'start');
      const tar = join(dir, 'fs.tar');
      const r = await exportContainer(c, id, tar);
      assert.equal(fs.statSync(tar).size, r.bytes);
      const listing = execFileSync('tar', ['-tf', tar], { encoding: 'utf8' }).split('\n');
      assert.ok(
        listing.includes('marker') || listing.includes('./marker'),
        'the file the container wrote is in the tar',
      );
      const imageId = await importImage(c, tar, { reference: imported, changes: ['CMD ["/bin/cat", "/marker"]'] });
      const inspect = await c.inspectImage(imported);
      assert.equal(inspect.Id, imageId);
      const run = await c.createContainer({ image: imported, name: `${name}-run` });
      await c.containerAction(run, 'start');
      await c.libpod('POST', `/containers/${run}/wait`, { query: { condition: 'exited' } });
      const chunks: Buffer[] = [];
      for await (const chunk of await c.logs(run)) chunks.push(Buffer.from(chunk as Buffer));
      assert.match(Buffer.concat(chunks).toString('latin1'), /marked/);
      await c.removeContainer(run, { force: true });
    } finally {
      await c.removeContainer(name, { force: true }).catch(() => undefined);
      await c.removeImage(imported, { force: true }).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const LAYERED = [
  `FROM ${BUSYBOX}`,
  'ENV A=1',
  'RUN dd if=/dev/zero of=/big bs=1024 count=300',
  'COPY hello.txt /hello.txt',
  'LABEL x=y',
  'RUN echo STAMP > /stamp',
  'CMD ["/bin/sh"]',
  '',
].join('\n');

describeTargets('image layers', (s) => {
  s.it(
    'matches the history to the Containerfile lines, with sizes and what a rebuild took from the cache',
    async () => {
      const c = s.pm.client;
      const dir = fs.mkdtempSync(join(tmpdir(), 'pw-layers-'));
      const tag = `localhost/${uniqueName('pw-layered')}:1`;
      const build = async (text: string) => {
        fs.writeFileSync(join(dir, 'Containerfile'), text);
        const recorder = new BuildLayerRecorder();
        const r = await buildImage(c, {
          contextDir: dir,
          containerfile: join(dir, 'Containerfile'),
          tags: [tag],
          onOutput: (t) => recorder.feed(t),
        });
        return { imageId: r.imageId, steps: recorder.end() };
      };
      try {
        fs.writeFileSync(join(dir, 'hello.txt'), 'hello\n');
        const stamp = uniqueName('stamp');
        const first = await build(LAYERED.replace('STAMP', stamp));
        const second = await build(LAYERED.replace('STAMP', `${stamp}-changed`));
        assert.deepEqual(
          second.steps.map((st) => [st.step, st.cached]),
          [
            [1, false],
            [2, true],
            [3, true],
            [4, true],
            [5, true],
            [6, false],
            [7, false],
          ],
          'the steps before the changed RUN come from the cache, the rest are built',
        );
        assert.ok(
          first.steps.slice(1).every((st) => !st.cached),
          'the first build took nothing from the cache',
        );
        const history = await imageHistory(c, second.imageId);
        const layers = layersOfLines(LAYERED.replace('STAMP', `${stamp}-changed`), second.steps, history);
        const byLine = new Map(layers.map((l) => [l.line, l]));
        assert.ok(
          (byLine.get(2)?.size ?? 0) >= 300 * 1024,
          `the dd layer holds 300 KB: ${JSON.stringify(byLine.get(2))}`,
        );
        assert.equal(byLine.get(2)?.cached, true);
        assert.ok((byLine.get(3)?.size ?? 0) > 0, 'COPY makes a layer');
        assert.equal(byLine.get(1)?.size, 0, 'ENV adds no files');
        assert.equal(byLine.get(4)?.size, 0, 'LABEL adds no files');
        assert.equal(byLine.get(5)?.cached, false, 'the changed RUN was built');
        assert.ok((byLine.get(5)?.size ?? 0) > 0);
        assert.match(byLine.get(5)?.createdBy ?? '', new RegExp(`${stamp}-changed`));
        assert.equal(byLine.get(0)?.cached, undefined, 'FROM is neither built nor cached');
      } finally {
        await c.removeImage(tag, { force: true }).catch(() => undefined);
        await c.pruneImages().catch(() => undefined);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describeTargets('secrets', (s) => {
  s.it(
    'creates, lists, inspects and removes a secret, names the containers that use it, and never shows the value',
    async () => {
      const c = s.pm.client;
      const name = uniqueName('pw-secret');
      const value = `pw-value-${randomBytes(12).toString('hex')}`;
      const ctr = uniqueName('pw-uses-secret');
      const seen: string[] = [];
      try {
        const id = await createSecret(c, name, Buffer.from(value));
        await assert.rejects(createSecret(c, name, Buffer.from('other')), (e: PodmanError) => {
          seen.push(e.message, e.fix ?? '');
          return /exists already/.test(e.message);
        });
        await assert.rejects(createSecret(c, 'bad name!', Buffer.from(value)), (e: PodmanError) => {
          seen.push(e.message);
          return /secret name/.test(e.message);
        });
        const list = await listSecretInfos(c);
        const info = list.find((x) => x.name === name);
        assert.ok(info, 'listed');
        assert.equal(info.id, id);
        const inspected = await inspectSecret(c, name);
        assert.equal(inspected.id, id);
        assert.equal(inspected.driver, 'file');
        seen.push(JSON.stringify(list), JSON.stringify(inspected));
        seen.push(JSON.stringify(await c.libpod('GET', `/secrets/${name}/json`)));
        assert.deepEqual(await containersUsingSecret(c, info), []);
        await c.createContainer({
          image: BUSYBOX,
          name: ctr,
          command: ['cat', `/run/secrets/${name}`],
          secrets: [{ Source: name, Target: `/run/secrets/${name}` }],
        } as Parameters<typeof c.createContainer>[0]);
        assert.deepEqual(
          (await containersUsingSecret(c, info)).map((u) => u.name),
          [ctr],
        );
        await removeSecret(c, id);
        assert.ok(!(await listSecretInfos(c)).some((x) => x.name === name), 'removed');
        await assert.rejects(inspectSecret(c, name), (e: PodmanError) => e.kind === 'not-found');
        for (const text of seen) assert.ok(!text.includes(value), `the value shows in: ${text.slice(0, 200)}`);
        // Nor in what Podman logged while serving us (the sandbox's files other than the secret store).
        for (const file of logFiles(s.pm.dir)) {
          assert.ok(!fs.readFileSync(file, 'latin1').includes(value), `the value is in ${file}`);
        }
      } finally {
        await c.removeContainer(ctr, { force: true }).catch(() => undefined);
        await removeSecret(c, name).catch(() => undefined);
      }
    },
  );
});

/** The sandbox's log-like files: its top-level files (service log, events), not the store. */
function logFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.endsWith('.sock') && !d.name.endsWith('.lock'))
    .map((d) => join(dir, d.name));
}
