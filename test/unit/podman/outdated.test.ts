// The newer-image check (src/podman/outdated.ts) with a lookup that counts its calls: current,
// outdated, unknown when offline (not cached), cached while fresh, bounded parallelism.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FreshnessChecker, findLocal } from '../../../src/podman/outdated';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

describe('newer-image check', () => {
  it('compares the local digests with the registry one, caches, and stays quiet offline', async () => {
    let calls = 0;
    let remote = A;
    let offline = false;
    const now = { t: 0 };
    const checker = new FreshnessChecker(
      async () => {
        calls++;
        if (offline) throw new Error('connection refused');
        return remote;
      },
      { ttlMs: 1000, now: () => now.t },
    );
    const image = { repoTags: ['r.io/app:1'], repoDigests: [`r.io/app@${A}`] };
    assert.equal((await checker.check('r.io/app:1', image)).state, 'current');
    remote = B;
    assert.equal((await checker.check('r.io/app:1', image)).state, 'current', 'cached');
    assert.equal(calls, 1);
    now.t = 2000;
    const outdated = await checker.check('r.io/app:1', image);
    assert.deepEqual([outdated.state, outdated.remoteDigest], ['outdated', B]);
    checker.invalidate();
    offline = true;
    const unknown = await checker.check('r.io/app:1', image);
    assert.equal(unknown.state, 'unknown');
    assert.match(unknown.reason ?? '', /connection refused/);
    offline = false;
    assert.equal((await checker.check('r.io/app:1', image)).state, 'outdated', 'a failure is not cached');
    assert.equal((await checker.check('localhost/app:1', image)).state, 'unknown', 'localhost is not asked');
    assert.equal((await checker.check('alpine', image)).state, 'unknown', 'unqualified is not asked');
  });

  it('recognises an image pushed from here by its config digest (Podman records no digest on push)', async () => {
    let configCalls = 0;
    const checker = new FreshnessChecker(async () => B, {
      config: async (_r, _repo, digest) => {
        configCalls++;
        return digest === B ? `sha256:${'c'.repeat(64)}` : undefined;
      },
    });
    const pushed = { id: 'c'.repeat(64), repoTags: ['r.io/app:1'], repoDigests: [`r.io/app@${A}`] };
    assert.equal((await checker.check('r.io/app:1', pushed)).state, 'current');
    assert.equal((await checker.check('r.io/app:1', { ...pushed, id: 'd'.repeat(64) })).state, 'outdated');
    assert.equal(configCalls, 1, 'a manifest config is asked once');
  });

  it('asks one manifest GET (digest and config) for an image without a recorded digest', async () => {
    const asked: string[] = [];
    const checker = new FreshnessChecker(
      async () => {
        asked.push('head');
        return B;
      },
      {
        config: async () => {
          asked.push('config');
          return undefined;
        },
        manifest: async () => {
          asked.push('manifest');
          return { digest: B, config: `sha256:${'c'.repeat(64)}` };
        },
      },
    );
    const pushed = { id: 'c'.repeat(64), repoTags: ['r.io/app:1'] };
    assert.equal((await checker.check('r.io/app:1', pushed)).state, 'current');
    assert.equal((await checker.check('r.io/app:1', { ...pushed, id: 'd'.repeat(64) })).state, 'outdated');
    const pulled = { repoTags: ['r.io/other:1'], repoDigests: [`r.io/other@${B}`] };
    assert.equal((await checker.check('r.io/other:1', pulled)).state, 'current');
    assert.deepEqual(asked, ['manifest', 'head'], 'one request per tag, none for the config');
  });

  it('checks many images in parallel, bounded', async () => {
    let running = 0;
    let most = 0;
    const checker = new FreshnessChecker(
      async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return A;
      },
      { parallel: 4 },
    );
    const images = Array.from({ length: 20 }, (_, i) => ({
      repoTags: [`r.io/a${i}:1`],
      repoDigests: [`r.io/a${i}@${A}`],
    }));
    const results = await checker.checkAll(images);
    assert.equal(results.size, 20);
    assert.ok([...results.values()].every((r) => r.state === 'current'));
    assert.equal(most, 4);
    assert.equal(findLocal(images, 'r.io/a3:1'), images[3]);
    assert.equal(findLocal(images, 'r.io/a3'), undefined, 'latest is another tag');
  });
});
