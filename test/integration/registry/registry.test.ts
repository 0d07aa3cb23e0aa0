// Pull, push, tag, log in, browse and the newer-image check against a real Distribution registry
// on loopback, or where a remote Podman host reaches this machine (scripts/registry-sandbox.mjs:
// TLS with a test CA and htpasswd, and plain HTTP marked insecure) and the real private Podman of
// every target. Faults: a wrong password, a
// cancelled pull, the registry stopped in the middle of a push, an untrusted CA, 404.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { DistributionClient } from '../../../src/podman/distribution';
import { FreshnessChecker } from '../../../src/podman/outdated';
import { PodmanError } from '../../../src/podman/errors';
import { RegistryError } from '../../../src/podman/registryErrors';
import { ImageRefError } from '../../../src/podman/imageRef';
import type { LayerProgress } from '../../../src/podman/progress';
import { checkLogin, hasImage, pullImage, pushImage, tagImage } from '../../../src/podman/registryTransfer';
import type { RegistrySandbox } from '../../../scripts/registry-sandbox.mjs' with { 'resolution-mode': 'import' };

type RegistryModule = typeof import('../../../scripts/registry-sandbox.mjs', { with: { 'resolution-mode': 'import' } });
const registryModule = (): Promise<RegistryModule> =>
  import('../../../scripts/registry-sandbox.mjs' as string) as Promise<RegistryModule>;

/** An image of one layer of `mb` MB of random bytes (so that a pull or push takes a while). */
async function bigImage(
  podman: (a: string[]) => Promise<string>,
  name: string,
  mb: number,
  dir: string,
): Promise<void> {
  const work = mkdtempSync(join(dir, 'pw-big-'));
  try {
    execFileSync('dd', ['if=/dev/urandom', `of=${join(work, 'blob')}`, 'bs=1M', `count=${mb}`], { stdio: 'ignore' });
    execFileSync('tar', ['-C', work, '-cf', `${work}.tar`, 'blob']);
    await podman(['import', `${work}.tar`, name]);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(`${work}.tar`, { force: true });
  }
}

describeTargets('registry', (s) => {
  let tls: RegistrySandbox;
  let plain: RegistrySandbox;
  const creds = () => ({ username: tls.user ?? '', password: tls.password ?? '', serveraddress: tls.host });
  const repo = uniqueName('app');

  before(async () => {
    if (s.target.unavailable) return;
    const m = await registryModule();
    const sandbox = { dir: s.pm.dir, rootfs: (s.pm as { rootfs?: string }).rootfs };
    // A remote Podman host reaches this machine at another address than loopback.
    tls = await m.startRegistry({ podman: [sandbox], address: s.pm.remote?.thisMachine });
    plain = await m.startRegistry({ tls: false, podman: [sandbox], address: s.pm.remote?.thisMachineInsecure });
  });
  after(async () => {
    await tls?.stop();
    await plain?.stop();
  });

  s.it('checks logins through the Podman host: good, and a wrong password as a clear 401', async () => {
    await checkLogin(s.pm.client, creds());
    await assert.rejects(
      checkLogin(s.pm.client, { ...creds(), password: 'wrong' }),
      (e: RegistryError) => e.registryKind === 'unauthorized' && e.message.includes(tls.host) && /401/.test(e.message),
    );
  });

  s.it('refuses malformed references before anything is sent', async () => {
    const before = s.pm.client.requestCount;
    for (const bad of ['UPPER/case', 'a::b', `x@sha256:${'a'.repeat(63)}`]) {
      await assert.rejects(
        pullImage(s.pm.client, bad),
        (e: Error) => e instanceof ImageRefError && e.message.includes(bad),
      );
    }
    assert.equal(s.pm.client.requestCount, before, 'no request reached Podman');
  });

  s.it('tags and pushes with progress, browses it, removes it and pulls it back with progress', async () => {
    const ref = `${tls.host}/${repo}:1`;
    await tagImage(s.pm.client, BUSYBOX, ref);
    const pushed: LayerProgress[] = [];
    const done = await pushImage(s.pm.client, ref, ref, { credentials: creds(), onProgress: (p) => pushed.push(p) });
    assert.ok(pushed.length >= 2, 'several progress reports');
    assert.equal(done.layersDone, done.layersTotal);
    assert.ok(done.layersTotal >= 1);

    const browse = new DistributionClient({ registry: tls.host, credentials: creds(), ca: [tls.ca ?? ''] });
    assert.ok((await browse.catalog()).includes(repo));
    assert.deepEqual(await browse.tags(repo), ['1']);
    const manifest = await browse.manifest(repo, '1');
    assert.match(manifest.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(manifest.platforms[0]?.os, 'linux');
    assert.ok((manifest.size ?? 0) > 100_000, `size ${manifest.size}`);
    assert.ok(manifest.created && !Number.isNaN(Date.parse(manifest.created)));
    assert.equal(await browse.headDigest(repo, '1'), manifest.digest);
    browse.dispose();

    await s.pm.client.removeImage(ref);
    assert.equal(await hasImage(s.pm.client, ref), false);
    const seen: LayerProgress[] = [];
    const result = await pullImage(s.pm.client, ref, { credentials: creds(), onProgress: (p) => seen.push(p) });
    assert.equal(result.reference, ref);
    assert.ok(await hasImage(s.pm.client, ref));
    assert.ok(
      seen.some((p) => p.layersTotal >= 1),
      'layers announced',
    );
    const last = seen[seen.length - 1];
    assert.equal(last.layersDone, last.layersTotal);
    assert.ok(last.bytesDone > 0 || seen.some((p) => /Download complete|Already exists/.test(p.status)));
  });

  s.it('sees a newer image under the same tag as outdated, and the pulled one as current', async () => {
    const ref = `${tls.host}/${repo}:1`;
    const browse = new DistributionClient({ registry: tls.host, credentials: creds(), ca: [tls.ca ?? ''] });
    const checker = new FreshnessChecker((_r, repository, tag) => browse.headDigest(repository, tag));
    const local = async () => (await s.pm.client.listImages()).find((i) => i.repoTags.includes(ref));
    assert.equal((await checker.check(ref, await local()))?.state, 'current');
    // A new version under the same tag, pushed from another name (the old one stays local).
    const next = `localhost/${repo}-next:1`;
    const ctr = (await s.pm.podman(['create', BUSYBOX, 'true'])).trim();
    await s.pm.podman(['commit', '--change', `LABEL version=${repo}-2`, ctr, next]);
    await s.pm.podman(['rm', ctr]);
    await pushImage(s.pm.client, next, ref, { credentials: creds() });
    // Podman records no registry digest on a push: the image pushed from here is known by its config.
    const byConfig = new FreshnessChecker((_r, repository, tag) => browse.headDigest(repository, tag), {
      config: (_r, repository, digest) => browse.configDigest(repository, digest),
    });
    const pushed = (await s.pm.client.listImages()).find((i) => i.repoTags.includes(next));
    assert.equal((await byConfig.check(ref, pushed)).state, 'current', 'the image just pushed is the registry one');
    checker.invalidate();
    const outdated = await checker.check(ref, await local());
    assert.equal(outdated.state, 'outdated');
    assert.equal(outdated.remoteDigest, await browse.headDigest(repo, '1'));
    await pullImage(s.pm.client, ref, { credentials: creds() });
    checker.invalidate();
    assert.equal((await checker.check(ref, await local())).state, 'current');
    browse.dispose();
  });

  s.it('pushes to and pulls from a plain-HTTP registry marked insecure, and deletes a tag', async () => {
    const ref = `${plain.host}/${repo}:plain`;
    await tagImage(s.pm.client, BUSYBOX, ref);
    await pushImage(s.pm.client, ref, ref);
    await s.pm.client.removeImage(ref);
    await pullImage(s.pm.client, ref);
    assert.ok(await hasImage(s.pm.client, ref));
    const browse = new DistributionClient({ registry: plain.host, insecure: true });
    assert.deepEqual(await browse.tags(repo), ['plain']);
    await browse.deleteTag(repo, 'plain');
    await assert.rejects(browse.headDigest(repo, 'plain'), (e: RegistryError) => e.registryKind === 'not-found');
    browse.dispose();
  });

  s.it('cancels a pull mid-way and leaves nothing half-pulled', async () => {
    const ref = `${tls.host}/${repo}-big:1`;
    await bigImage((a) => s.pm.podman(a), ref, 48, s.pm.dir);
    await pushImage(s.pm.client, ref, ref, { credentials: creds() });
    await s.pm.client.removeImage(ref);
    const before = (await s.pm.client.listImages()).length;
    const ac = new AbortController();
    let atCancel: LayerProgress | undefined;
    await assert.rejects(
      pullImage(s.pm.client, ref, {
        credentials: creds(),
        signal: ac.signal,
        onProgress: (p) => {
          if (!atCancel && p.layersTotal > 0 && p.layersDone < p.layersTotal) {
            atCancel = p;
            ac.abort();
          }
        },
      }),
      (e: PodmanError) => e.kind === 'cancelled',
    );
    assert.ok(atCancel && atCancel.layersDone < atCancel.layersTotal, 'cancelled while layers were still coming');
    await new Promise((r) => setTimeout(r, 1500)); // would a pull go on behind our back?
    assert.equal(await hasImage(s.pm.client, ref), false, 'no image');
    assert.equal((await s.pm.client.listImages()).length, before, 'no dangling half image');
  });

  s.it('says so clearly when the registry stops in the middle of a push, and loses nothing local', async () => {
    const ref = `${tls.host}/${repo}-stop:1`;
    await bigImage((a) => s.pm.podman(a), ref, 48, s.pm.dir);
    const local = await s.pm.client.inspectImage(ref);
    let stopping: Promise<void> | undefined;
    await assert.rejects(
      pushImage(s.pm.client, ref, ref, {
        credentials: creds(),
        onProgress: (p) => void (p.status.startsWith('Copying blob') && (stopping ??= tls.stopServer())),
      }),
      (e: RegistryError) => e.registryKind === 'unreachable' && e.message.includes(tls.host) && e.fix !== undefined,
    );
    await stopping;
    assert.equal((await s.pm.client.inspectImage(ref)).id, local.id, 'the local image is intact');
    await tls.startServer();
  });

  s.it(
    'sends the pull policy to Podman: missing and never leave a local image alone, always and newer ask',
    async () => {
      const ref = `${tls.host}/${repo}-policy:1`;
      await tagImage(s.pm.client, BUSYBOX, ref);
      await pushImage(s.pm.client, ref, ref, { credentials: creds() });
      await tls.stopServer();
      try {
        // The registry is down: only the pulls Podman was told not to make succeed.
        const before = s.pm.client.requestCount;
        assert.equal((await pullImage(s.pm.client, ref, { credentials: creds(), policy: 'missing' })).pulled, false);
        assert.equal((await pullImage(s.pm.client, ref, { policy: 'never' })).pulled, false);
        assert.equal(s.pm.client.requestCount - before, 4, 'an exists check and a pull request each');
        await assert.rejects(
          pullImage(s.pm.client, ref, { credentials: creds(), policy: 'always' }),
          (e: Error) => e instanceof PodmanError && e.message.includes(tls.host),
        );
      } finally {
        await tls.startServer();
      }
      await s.pm.client.removeImage(ref);
      await assert.rejects(
        pullImage(s.pm.client, ref, { credentials: creds(), policy: 'never' }),
        (e: Error) => e instanceof PodmanError && e.message.includes('its pull policy is "never"'),
      );
      assert.equal(await hasImage(s.pm.client, ref), false, 'never pulled');
      const seen: LayerProgress[] = [];
      const newer = await pullImage(s.pm.client, ref, {
        credentials: creds(),
        policy: 'newer',
        onProgress: (p) => seen.push(p),
      });
      assert.equal(newer.pulled, true);
      assert.ok(await hasImage(s.pm.client, ref));
      assert.ok(seen.length > 0 && seen[seen.length - 1].layersDone === seen[seen.length - 1].layersTotal);
      await s.pm.client.removeImage(ref);
    },
  );

  s.it('names the missing CA and where Podman looks for it, and maps 404 and unknown hosts', async () => {
    const m = await registryModule();
    const untrusted = await m.startRegistry({ podman: [], address: s.pm.remote?.thisMachine });
    try {
      // Trusted nowhere: start() wrote its CA to no certs.d (the `podman: []` above).
      await assert.rejects(
        pullImage(s.pm.client, `${untrusted.host}/none:1`),
        (e: RegistryError) =>
          e.registryKind === 'tls' && e.fix?.includes(`/etc/containers/certs.d/${untrusted.host}/ca.crt`) === true,
      );
      const browse = new DistributionClient({ registry: untrusted.host });
      await assert.rejects(
        browse.ping(),
        (e: RegistryError) => e.registryKind === 'tls' && /certs\.d/.test(e.fix ?? ''),
      );
      browse.dispose();
    } finally {
      await untrusted.stop();
    }
    await assert.rejects(
      pullImage(s.pm.client, `${tls.host}/${repo}:missing`, { credentials: creds() }),
      (e: RegistryError) => e.registryKind === 'not-found',
    );
    await assert.rejects(
      pullImage(s.pm.client, 'no-such-host.invalid/x:1'),
      (e: RegistryError) => e.registryKind === 'unknown-host',
    );
  });
});
