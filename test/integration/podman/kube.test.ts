// Kubernetes YAML against a real Podman: play, replay, down (with and without the claims'
// volumes), generate and play back, a name clash, an image that cannot be pulled.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { BUSYBOX, sharedPodman, uniqueName, type TestPodman } from '../../harness/podman';
import { downKube, formatPlayReport, generateKube, playKube, runningDocuments } from '../../../src/podman/kube';
import { parseKube } from '../../../src/languages/kube/parse';
import { deploymentYaml, podYaml } from '../../fixtures/kube/objects';

// Started at the top level: the harness registers its stop with after(), which must belong to
// the file, not to a before() hook (inside one it would stop the service right away).
const podmanReady = sharedPodman();

describe('kube play / down / generate against a real Podman', () => {
  let pm: TestPodman;
  let version: string;
  before(async () => {
    pm = await podmanReady;
    version = (await pm.client.info()).version;
  });

  const podNames = async () => (await pm.client.listPods()).map((p) => p.name);
  const volumeNames = async () => (await pm.client.listVolumes()).map((v) => v.name);

  it('plays a Deployment with a ConfigMap and a claim, replays it, and takes it down keeping the volume', async () => {
    const n = uniqueName('kdep');
    const yaml = deploymentYaml(n);
    const docs = parseKube(yaml).docs;
    const r = await playKube(pm.client, yaml, { podmanVersion: version });
    assert.equal(r.ok, true, formatPlayReport(r).join('\n'));
    assert.equal(r.pods.length, 1);
    const p = r.pods[0];
    assert.match(p.name, new RegExp(`^${n}-pod(-0)?$`));
    assert.equal(p.docIndex, 2, 'the pod is traced to the Deployment document');
    assert.ok(p.containers.some((c) => c.name.endsWith('-main')));
    assert.deepEqual(r.skippedDocs, [3]);
    assert.ok((await volumeNames()).includes(`${n}-data`));
    const main = p.containers.find((c) => c.name.endsWith('-main'))!;
    const env = ((await pm.client.inspectContainer(main.id)) as { Config?: { Env?: string[] } }).Config?.Env ?? [];
    assert.ok(env.includes('GREETING=hello'), 'the ConfigMap fed the environment');
    const states = await runningDocuments(pm.client, docs);
    assert.equal(states[2].running, true);
    assert.equal(states[0].makesPods, false);

    // Replay: the same pod name, a new pod, the volume kept.
    const again = await playKube(pm.client, yaml, { replace: true, podmanVersion: version });
    assert.equal(again.ok, true, formatPlayReport(again).join('\n'));
    assert.equal(again.replaced.length, 1);
    assert.notEqual(again.pods[0].id, p.id);
    assert.equal(again.pods[0].name, p.name);
    assert.deepEqual(again.keptVolumes, [`${n}-data`]);

    const down = await downKube(pm.client, yaml, { podmanVersion: version });
    assert.equal(down.removedPods.length, 1);
    assert.deepEqual(down.keptVolumes, [`${n}-data`]);
    assert.ok(!(await podNames()).includes(p.name));
    assert.ok((await volumeNames()).includes(`${n}-data`), 'down keeps the claim volume by default');
    assert.equal((await runningDocuments(pm.client, docs))[2].running, false);

    // Play again on the existing volume, then down with removeVolumes.
    const third = await playKube(pm.client, yaml, { podmanVersion: version });
    assert.equal(third.ok, true, formatPlayReport(third).join('\n'));
    const down2 = await downKube(pm.client, yaml, { removeVolumes: true, podmanVersion: version });
    assert.deepEqual(down2.removedVolumes, [`${n}-data`]);
    assert.ok(!(await volumeNames()).includes(`${n}-data`));
  });

  it('refuses a name clash without touching the running pod', async () => {
    const n = uniqueName('kclash');
    const yaml = podYaml(n, [BUSYBOX]);
    const first = await playKube(pm.client, yaml, { podmanVersion: version });
    assert.equal(first.ok, true, formatPlayReport(first).join('\n'));
    try {
      const second = await playKube(pm.client, yaml, { podmanVersion: version });
      assert.equal(second.ok, false);
      assert.deepEqual(second.clash, [n]);
      assert.match(second.error ?? '', /exists already.*Replay/);
      assert.equal(second.errorDoc, 0);
      const pods = await pm.client.listPods();
      assert.equal(pods.find((p) => p.name === n)?.id, first.pods[0].id, 'the running pod is untouched');
      assert.equal(pods.find((p) => p.name === n)?.status, 'Running');
    } finally {
      await downKube(pm.client, yaml);
    }
  });

  it('reports an image that cannot be pulled and removes the half-created pod', async () => {
    const n = uniqueName('kpull');
    const yaml = `${podYaml(`${n}-ok`, [BUSYBOX])}---\n${podYaml(n, [BUSYBOX, 'registry.invalid/nothing/here:1'])}`;
    const r = await playKube(pm.client, yaml, { podmanVersion: version });
    assert.equal(r.ok, false);
    assert.match(r.error ?? '', /registry\.invalid/);
    assert.equal(r.errorDoc, 1, 'traced to the second document');
    assert.ok(r.cleanedUp.includes(`pod ${n}`), formatPlayReport(r).join('\n'));
    assert.deepEqual(r.leftBehind, []);
    const names = await podNames();
    assert.ok(!names.includes(n), 'no half-created pod left');
    assert.ok(!names.includes(`${n}-ok`), 'the pod of the first document, made by this failed play, is removed too');
    assert.match(formatPlayReport(r).join('\n'), /document 2 \(Pod\//);
  });

  it('cleans up after a container without an image', async () => {
    const n = uniqueName('knoimg');
    const yaml = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${n}\nspec:\n  containers:\n  - name: a\n    command: [sh]\n`;
    const r = await playKube(pm.client, yaml, { podmanVersion: version });
    assert.equal(r.ok, false);
    assert.ok(!(await podNames()).includes(n));
  });

  it('generates YAML from a running pod and plays it back', async () => {
    const n = uniqueName('kgen');
    const yaml = podYaml(n, [BUSYBOX]);
    const r = await playKube(pm.client, yaml, { podmanVersion: version });
    assert.equal(r.ok, true, formatPlayReport(r).join('\n'));
    const generated = await generateKube(pm.client, [n]);
    assert.match(generated, /kind: Pod/);
    assert.match(generated, new RegExp(`name: ${n}`));
    const withService = await generateKube(pm.client, [n], { service: true });
    assert.match(withService, /kind: Service/);
    await downKube(pm.client, yaml);
    assert.ok(!(await podNames()).includes(n));
    const back = await playKube(pm.client, generated, { podmanVersion: version });
    try {
      assert.equal(back.ok, true, formatPlayReport(back).join('\n'));
      assert.equal(back.pods[0].name, n);
      assert.equal((await pm.client.listPods()).find((p) => p.name === n)?.status, 'Running');
    } finally {
      await downKube(pm.client, generated);
    }
  });

  it('sends only the options the connected Podman knows, and annotations reach the containers', async () => {
    const n = uniqueName('kopt');
    const yaml = podYaml(n, [BUSYBOX]);
    const r = await playKube(pm.client, yaml, {
      podmanVersion: version,
      annotations: { 'pw.test': 'yes' },
      userns: 'auto',
      start: false,
    });
    try {
      assert.equal(r.ok, true, formatPlayReport(r).join('\n'));
      if (version.startsWith('4.3')) assert.ok(r.skippedOptions.some((s) => s.startsWith('userns')));
      const c = r.pods[0].containers[0];
      const info = (await pm.client.inspectContainer(c.id)) as {
        Config?: { Annotations?: Record<string, string> };
        State?: { Status?: string };
      };
      assert.equal(info.Config?.Annotations?.['pw.test'], 'yes');
      assert.notEqual(info.State?.Status, 'running', 'start=false only creates');
    } finally {
      await downKube(pm.client, yaml);
    }
  });
});
