import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { previewUnit, type PreviewResult } from '../../../../src/languages/quadlet';
import { splitWords } from '../../../../src/languages/quadlet/generator/words';
import { itBothEols, memFiles } from './helpers';

function execStart(r: PreviewResult): string[] {
  assert.ok(r.ok, JSON.stringify(r));
  const line = r.unitText.split('\n').find((l) => l.startsWith('ExecStart='))!;
  return splitWords(line.slice('ExecStart='.length));
}
const has = (r: PreviewResult, line: string) => r.ok && r.unitText.split('\n').includes(line);

describe('previewUnit', () => {
  itBothEols('builds podman run from a container unit', async (lines) => {
    const r = await previewUnit({
      path: '/q/web.container',
      text: lines(
        '[Container]',
        'Image=docker.io/library/nginx:1',
        'PublishPort=8080:80',
        'Environment="A=b c"',
        'Exec=nginx -g "daemon off;"',
        '',
      ),
      files: memFiles({}),
      podmanVersion: '5.4.2',
    });
    assert.ok(r.ok);
    assert.equal(r.serviceName, 'web.service');
    assert.deepEqual(execStart(r), [
      '/usr/bin/podman',
      'run',
      '--name',
      'systemd-%N',
      '--cidfile=%t/%N.cid',
      '--replace',
      '--rm',
      '--cgroups=split',
      '--sdnotify=conmon',
      '-d',
      '--publish',
      '8080:80',
      '--env',
      'A=b c',
      'docker.io/library/nginx:1',
      'nginx',
      '-g',
      'daemon off;',
    ]);
    assert.ok(has(r, '[X-Container]'));
    assert.ok(has(r, 'Type=notify'));
  });

  it('is version aware: network-online dependencies, unit types, keys', async () => {
    const text = '[Container]\nImage=docker.io/a/b\n';
    const files = memFiles({});
    const v53 = await previewUnit({ path: '/q/a.container', text, files, podmanVersion: '5.4' });
    const v49 = await previewUnit({ path: '/q/a.container', text, files, podmanVersion: '4.9' });
    assert.ok(has(v53, 'Wants=network-online.target'));
    assert.ok(!has(v49, 'Wants=network-online.target'));
    const user = await previewUnit({ path: '/q/a.container', text, files, podmanVersion: '5.4', user: true });
    assert.ok(has(user, 'After=podman-user-wait-network-online.service'));
    const pod = await previewUnit({ path: '/q/p.pod', text: '[Pod]\n', files, podmanVersion: '4.9' });
    assert.equal(pod.ok, false);
    const newer = await previewUnit({
      path: '/q/a.container',
      text: text + 'Memory=1g\n',
      files,
      podmanVersion: '5.4.2',
    });
    assert.deepEqual(newer.ok ? [] : newer.errors, [
      { message: "unsupported key 'Memory' in group 'Container' in /q/a.container", line: 3 },
    ]);
    const ok6 = await previewUnit({ path: '/q/a.container', text: text + 'Memory=1g\n', files, podmanVersion: '6.0' });
    assert.ok(execStart(ok6).includes('--memory'));
    const oldRm = await previewUnit({ path: '/q/a.container', text, files, podmanVersion: '4.4' });
    assert.ok(has(oldRm, 'ExecStop=/usr/bin/podman rm -f -i --cidfile=%t/%N.cid'));
  });

  it('translates the deprecated RemapUsers= keys before 6.0 and rejects them from 6.0', async () => {
    const text = '[Container]\nImage=docker.io/a/b\nRemapUsers=keep-id\nRemapUid=1000\nRemapGid=1001\n';
    const args = execStart(
      await previewUnit({ path: '/q/a.container', text, files: memFiles({}), podmanVersion: '5.8' }),
    );
    assert.deepEqual(args.slice(args.indexOf('--userns'), args.indexOf('--userns') + 2), [
      '--userns',
      'keep-id:uid=1000,gid=1001',
    ]);
    const v6 = await previewUnit({ path: '/q/a.container', text, files: memFiles({}), podmanVersion: '6.0' });
    assert.equal(
      v6.ok ? '' : v6.errors[0].message,
      "unsupported key 'RemapUsers' in group 'Container' in /q/a.container",
    );
  });

  it('translates [Unit] dependencies on Quadlet files from 5.5 on', async () => {
    const files = memFiles({ '/q/db.container': '[Container]\nImage=x\nServiceName=database\n' });
    const text = '[Unit]\nAfter=db.container\n[Container]\nImage=docker.io/a/b\n';
    assert.ok(
      has(await previewUnit({ path: '/q/a.container', text, files, podmanVersion: '5.5' }), 'After=database.service'),
    );
    assert.ok(
      has(await previewUnit({ path: '/q/a.container', text, files, podmanVersion: '5.4' }), 'After=db.container'),
    );
  });

  itBothEols('maps generator errors to lines', async (lines) => {
    const r = await previewUnit({
      path: '/q/a.container',
      text: lines('# x', '[Container]', 'Image=docker.io/a/b', 'Group=5', ''),
      files: memFiles({}),
    });
    assert.deepEqual(r.ok ? [] : r.errors, [{ message: 'invalid Group set without User', line: 4 }]);
    const noImage = await previewUnit({
      path: '/q/a.container',
      text: lines('[Unit]', '', '[Container]', 'Exec=x'),
      files: memFiles({}),
    });
    assert.deepEqual(noImage.ok ? [] : noImage.errors, [{ message: 'no Image or Rootfs key specified', line: 3 }]);
    const ref = await previewUnit({
      path: '/q/a.container',
      text: lines('[Container]', 'Image=docker.io/a/b', 'Network=gone.network'),
      files: memFiles({}),
    });
    assert.deepEqual(ref.ok ? [] : ref.errors, [
      { message: 'requested Quadlet unit gone.network was not found', line: 3 },
    ]);
  });

  it('merges drop-ins and reports errors in them with their path', async () => {
    const files = memFiles({ '/q/a.container.d/10.conf': '[Container]\nPublishPort=80:80\nBogus=1\n' });
    const r = await previewUnit({ path: '/q/a.container', text: '[Container]\nImage=docker.io/a/b\n', files });
    assert.deepEqual(r.ok ? [] : r.errors, [
      {
        message: "unsupported key 'Bogus' in group 'Container' in /q/a.container", // the generator names the unit, not the drop-in (measured)
        line: 3,
        path: '/q/a.container.d/10.conf',
      },
    ]);
  });

  it("a drop-in previews its unit with the drop-in's unsaved text", async () => {
    const files = memFiles({
      '/q/a.container': '[Container]\nImage=docker.io/a/b\n',
      '/q/a.container.d/10.conf': '[Container]\nPublishPort=1:1\n',
    });
    const r = await previewUnit({ path: '/q/a.container.d/10.conf', text: '[Container]\nPublishPort=2:2\n', files });
    assert.ok(r.ok && r.serviceName === 'a.service');
    assert.ok(execStart(r).includes('2:2') && !execStart(r).includes('1:1'));
    const orphan = await previewUnit({ path: '/q/gone.container.d/10.conf', text: '[Container]\n', files });
    assert.equal(orphan.ok, false);
  });

  it('resolves referenced units: names, services and dependencies', async () => {
    const files = memFiles({
      '/q/net.network': '[Network]\nNetworkName=backend\n',
      '/q/data.volume': '[Volume]\n',
      '/q/web.pod': '[Pod]\n',
      '/q/app.build': '[Build]\nImageTag=localhost/app:1\nSetWorkingDirectory=unit\n',
    });
    const text = '[Container]\nImage=app.build\nNetwork=net.network\nVolume=data.volume:/d\nPod=web.pod\n';
    const r = await previewUnit({ path: '/q/a.container', text, files, podmanVersion: '5.4' });
    const args = execStart(r);
    assert.ok(args.includes('backend') && args.includes('systemd-data:/d') && args.includes('%t/web-pod.pod-id'));
    // From 5.6 on the pod is named instead of found through its id file.
    const named = execStart(await previewUnit({ path: '/q/a.container', text, files, podmanVersion: '5.8' }));
    assert.deepEqual(named.slice(named.indexOf('--pod'), named.indexOf('--pod') + 2), ['--pod', 'systemd-web']);
    assert.ok(!named.includes('--cidfile=%t/%N.cid'));
    assert.equal(args[args.length - 1], 'localhost/app:1');
    for (const l of [
      'Requires=net-network.service',
      'Requires=data-volume.service',
      'Requires=app-build.service',
      'BindsTo=web-pod.service',
    ]) {
      assert.ok(has(r, l), l);
    }
  });

  it('lists the containers of a pod, and survives reference cycles', async () => {
    const files = memFiles({
      '/q/a.container': '[Container]\nImage=x\nPod=web.pod\nNetwork=b.container\n',
      '/q/b.container': '[Container]\nImage=y\nNetwork=a.container\n',
    });
    const pod = await previewUnit({ path: '/q/web.pod', text: '[Pod]\n', files });
    assert.ok(has(pod, 'Wants=a.service') && has(pod, 'Before=a.service'));
    const cyc = await previewUnit({
      path: '/q/a.container',
      text: '[Container]\nImage=x\nNetwork=b.container\n',
      files,
    });
    assert.ok(cyc.ok);
  });

  it('previews the first unit of a .quadlets file using its siblings', async () => {
    const text =
      '# FileName=web\n[Container]\nImage=docker.io/a/b\nVolume=data.volume:/d\n---\n# FileName=data\n[Volume]\nVolumeName=shared\n';
    const r = await previewUnit({ path: '/q/app.quadlets', text, files: memFiles({}) });
    assert.ok(r.ok && r.serviceName === 'web.service');
    assert.ok(execStart(r).includes('shared:/d'));
  });

  it('previews every other unit type', async () => {
    const files = memFiles({});
    const kube = await previewUnit({
      path: '/q/k.kube',
      text: '[Kube]\nYaml=web.yaml\nSetWorkingDirectory=yaml\n',
      files,
    });
    assert.ok(has(kube, 'WorkingDirectory=/q') && execStart(kube).includes('/q/web.yaml'));
    const vol = await previewUnit({
      path: '/q/v.volume',
      text: '[Volume]\nDevice=tmpfs\nType=tmpfs\nUser=1\nGroup=2\nOptions=size=1m\n',
      files,
    });
    assert.ok(execStart(vol).includes('o=uid=1,gid=2,size=1m'));
    const net = await previewUnit({
      path: '/q/n.network',
      text: '[Network]\nSubnet=10.0.0.0/24\nGateway=10.0.0.1\nNetworkDeleteOnStop=true\n',
      files,
      podmanVersion: '5.5',
    });
    assert.ok(has(net, 'ExecStopPost=/usr/bin/podman network rm systemd-n'));
    const img = await previewUnit({ path: '/q/i.image', text: '[Image]\nImage=quay.io/a/b:1\nTLSVerify=no\n', files });
    assert.deepEqual(execStart(img).slice(1), ['image', 'pull', '--tls-verify=false', 'quay.io/a/b:1']);
    const art = await previewUnit({
      path: '/q/x.artifact',
      text: '[Artifact]\nArtifact=quay.io/a/m:1\nQuiet=true\n',
      files,
      podmanVersion: '6.0',
    });
    assert.ok(art.ok && art.serviceName === 'x-artifact.service');
  });

  it('never throws on hostile input', async () => {
    for (const text of [
      '\0',
      '[Container]\nImage=a.image\n',
      '[Container]\n' + 'Label=a=b\n'.repeat(10000),
      '[Container]\nImage=x\nExec="unclosed',
    ]) {
      const r = await previewUnit({
        path: '/q/a.container',
        text,
        files: memFiles({ '/q/a.image': '[Image]\nImage=a.image\n' }),
      });
      assert.equal(typeof r.ok, 'boolean');
    }
  });
});
