// Kubernetes YAML against every Podman target: play, replay, down (with and without the claims'
// volumes), generate and play back, a name clash, an image that cannot be pulled, and the play
// options each Podman knows.
import assert from 'node:assert/strict';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { downKube, formatPlayReport, generateKube, playKube, runningDocuments } from '../../../src/podman/kube';
import { parseKube } from '../../../src/languages/kube/parse';
import { deploymentYaml, ENDS_ON_TERM, podYaml } from '../../fixtures/kube/objects';

// The containers end on SIGTERM: Podman 5's kube down stops with the 10 s default otherwise.
const deployment = (n: string) => deploymentYaml(n, { command: ENDS_ON_TERM });
const pod = (n: string, images = [BUSYBOX]) => podYaml(n, images, ENDS_ON_TERM);

describeTargets('kube', (s) => {
  const version = () => s.caps.version;
  const podNames = async () => (await s.pm.client.listPods()).map((p) => p.name);
  const volumeNames = async () => (await s.pm.client.listVolumes()).map((v) => v.name);

  s.it(
    'plays a Deployment with a ConfigMap and a claim, replays it, and takes it down keeping the volume',
    async () => {
      const n = uniqueName('kdep');
      const yaml = deployment(n);
      const docs = parseKube(yaml).docs;
      const r = await playKube(s.pm.client, yaml, { podmanVersion: version() });
      assert.equal(r.ok, true, formatPlayReport(r).join('\n'));
      assert.equal(r.pods.length, 1);
      const p = r.pods[0];
      assert.match(p.name, new RegExp(`^${n}-pod(-0)?$`));
      assert.equal(p.docIndex, 2, 'the pod is traced to the Deployment document');
      assert.ok(p.containers.some((c) => c.name.endsWith('-main')));
      assert.deepEqual(r.skippedDocs, [3]);
      assert.ok((await volumeNames()).includes(`${n}-data`));
      const main = p.containers.find((c) => c.name.endsWith('-main'))!;
      const env = ((await s.pm.client.inspectContainer(main.id)) as { Config?: { Env?: string[] } }).Config?.Env ?? [];
      assert.ok(env.includes('GREETING=hello'), 'the ConfigMap fed the environment');
      const states = await runningDocuments(s.pm.client, docs);
      assert.equal(states[2].running, true);
      assert.equal(states[0].makesPods, false);

      // Replay: the same pod name, a new pod, the volume kept.
      const again = await playKube(s.pm.client, yaml, { replace: true, podmanVersion: version() });
      assert.equal(again.ok, true, formatPlayReport(again).join('\n'));
      assert.equal(again.replaced.length, 1);
      assert.notEqual(again.pods[0].id, p.id);
      assert.equal(again.pods[0].name, p.name);
      assert.deepEqual(again.keptVolumes, [`${n}-data`]);

      const down = await downKube(s.pm.client, yaml, { podmanVersion: version() });
      assert.equal(down.removedPods.length, 1);
      assert.deepEqual(down.keptVolumes, [`${n}-data`]);
      assert.ok(!(await podNames()).includes(p.name));
      assert.ok((await volumeNames()).includes(`${n}-data`), 'down keeps the claim volume by default');
      assert.equal((await runningDocuments(s.pm.client, docs))[2].running, false);

      // Play again on the existing volume, then down with removeVolumes.
      const third = await playKube(s.pm.client, yaml, { podmanVersion: version() });
      assert.equal(third.ok, true, formatPlayReport(third).join('\n'));
      const down2 = await downKube(s.pm.client, yaml, { removeVolumes: true, podmanVersion: version() });
      assert.deepEqual(down2.removedVolumes, [`${n}-data`]);
      assert.ok(!(await volumeNames()).includes(`${n}-data`));
    },
  );

  s.it('refuses a name clash without touching the running pod', async () => {
    const n = uniqueName('kclash');
    const yaml = pod(n);
    const first = await playKube(s.pm.client, yaml, { podmanVersion: version() });
    assert.equal(first.ok, true, formatPlayReport(first).join('\n'));
    try {
      const second = await playKube(s.pm.client, yaml, { podmanVersion: version() });
      assert.equal(second.ok, false);
      assert.deepEqual(second.clash, [n]);
      assert.match(second.error ?? '', /exists already.*Replay/);
      assert.equal(second.errorDoc, 0);
      const pods = await s.pm.client.listPods();
      assert.equal(pods.find((p) => p.name === n)?.id, first.pods[0].id, 'the running pod is untouched');
      assert.equal(pods.find((p) => p.name === n)?.status, 'Running');
    } finally {
      await downKube(s.pm.client, yaml);
    }
  });

  s.it('reports an image that cannot be pulled and removes the half-created pod', async () => {
    const n = uniqueName('kpull');
    const yaml = `${pod(`${n}-ok`)}---\n${pod(n, [BUSYBOX, 'registry.invalid/nothing/here:1'])}`;
    const r = await playKube(s.pm.client, yaml, { podmanVersion: version() });
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

  s.it('cleans up after a container without an image', async () => {
    const n = uniqueName('knoimg');
    const yaml = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${n}\nspec:\n  containers:\n  - name: a\n    command: [sh]\n`;
    const r = await playKube(s.pm.client, yaml, { podmanVersion: version() });
    assert.equal(r.ok, false);
    assert.ok(!(await podNames()).includes(n));
  });

  s.it('generates YAML from a running pod and plays it back', async () => {
    const n = uniqueName('kgen');
    const yaml = pod(n);
    const r = await playKube(s.pm.client, yaml, { podmanVersion: version() });
    assert.equal(r.ok, true, formatPlayReport(r).join('\n'));
    const generated = await generateKube(s.pm.client, [n]);
    assert.match(generated, /kind: Pod/);
    assert.match(generated, new RegExp(`name: ${n}`));
    const withService = await generateKube(s.pm.client, [n], { service: true });
    assert.match(withService, /kind: Service/);
    await downKube(s.pm.client, yaml);
    assert.ok(!(await podNames()).includes(n));
    let back = await playKube(s.pm.client, generated, { podmanVersion: version() });
    if (!back.ok && /waiting for init preliminary setup/.test(formatPlayReport(back).join('\n'))) {
      // Seen once in CI: runc's init died before its first message (Podman 5 in its sandbox, the
      // machine under load). Not what this test is about: played once more, and said so.
      console.log(`runc start failure, playing once more: ${formatPlayReport(back).join(' | ')}`);
      await downKube(s.pm.client, generated);
      back = await playKube(s.pm.client, generated, { podmanVersion: version() });
    }
    try {
      assert.equal(back.ok, true, formatPlayReport(back).join('\n'));
      assert.equal(back.pods[0].name, n);
      assert.equal((await s.pm.client.listPods()).find((p) => p.name === n)?.status, 'Running');
    } finally {
      await downKube(s.pm.client, generated);
    }
  });

  s.it('sends the options this Podman knows: annotations reach the containers, start=false only creates', async () => {
    const n = uniqueName('kopt');
    const yaml = pod(n);
    const options = { podmanVersion: version(), annotations: { 'pw.test': 'yes' }, publish: [], start: false };
    const r = await playKube(s.pm.client, yaml, options);
    try {
      assert.equal(r.ok, true, formatPlayReport(r).join('\n'));
      assert.deepEqual(r.skippedOptions, [], 'every one of these options is known since 4.2');
      const info = (await s.pm.client.inspectContainer(r.pods[0].containers[0].id)) as {
        Config?: { Annotations?: Record<string, string> };
        State?: { Status?: string };
      };
      assert.equal(info.Config?.Annotations?.['pw.test'], 'yes');
      assert.notEqual(info.State?.Status, 'running', 'start=false only creates');
    } finally {
      await downKube(s.pm.client, yaml);
    }
  });

  // One outcome per target, from its capabilities: the play either may not send userns (before 4.4)
  // and succeeds, or sends it and Podman refuses for want of subordinate ids, leaving nothing.
  s.it('plays with userns=auto as this Podman can', async () => {
    const n = uniqueName('kuserns');
    const yaml = pod(n);
    const r = await playKube(s.pm.client, yaml, { podmanVersion: version(), userns: 'auto', start: false });
    try {
      const report = formatPlayReport(r).join('\n');
      if (s.caps.kube.usernsAuto === 'skipped') {
        assert.equal(r.ok, true, report);
        assert.deepEqual(r.skippedOptions, ['userns (needs Podman 4.4.0)']);
        assert.match(report, /Options not sent \(unknown to this Podman\): userns/);
      } else {
        assert.deepEqual(r.skippedOptions, [], `${s.target.label} knows userns`);
        assert.equal(
          r.ok,
          false,
          `userns=auto needs subordinate ids for "containers", which this Podman lacks: ${report}`,
        );
        assert.match(r.error ?? '', /subuid|subgid|containers|user namespace/i, report);
        assert.deepEqual(r.leftBehind, [], report);
        assert.ok(!(await podNames()).includes(n), 'no half-created pod left');
      }
    } finally {
      await downKube(s.pm.client, yaml).catch(() => undefined);
    }
  });
});
