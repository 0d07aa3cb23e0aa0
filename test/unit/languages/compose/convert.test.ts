// Compose → Quadlet and Compose → Kubernetes YAML over every file of the compose corpus (with and
// without a pod): the units pass our own Quadlet checks for Podman 5.4 (no error, nothing newer
// than it), the YAML passes our Kubernetes checks, and the fields left out are warnings.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeOptions } from '../../../../src/languages/compose';
import { convertCompose, type ConvertTarget } from '../../../../src/languages/compose/convert';
import { kubeService } from '../../../../src/languages/kube';
import { nodeFileAccess } from '../../../../src/languages/nodeFiles';
import { quadletService, serviceOptions } from '../../../../src/languages/quadlet';

const CORPUS = join(__dirname, '..', '..', '..', 'fixtures', 'compose', 'corpus');
const live = { podmanVersion: '5.4.2', images: [], networks: [], volumes: [], secrets: [] };

async function converted(file: string, to: ConvertTarget, pod: boolean) {
  const path = join(CORPUS, file);
  const outcome = await convertCompose({ path, text: readFileSync(path, 'utf8'), to, pod, files: nodeFileAccess });
  assert.ok(outcome.ok, outcome.ok ? '' : JSON.stringify(outcome.errors));
  return outcome;
}

describe('compose conversion over the corpus', () => {
  let dir = '';
  const saved = serviceOptions.searchDirs;
  before(() => {
    composeOptions.env = () => ({ TAG: '1.0', API_KEY: 'k' });
    serviceOptions.searchDirs = () => [];
    dir = mkdtempSync(join(tmpdir(), 'compose-convert-'));
  });
  after(() => {
    serviceOptions.searchDirs = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.yaml'));

  for (const pod of [false, true]) {
    it(`Quadlet units pass the Quadlet checks${pod ? ' (in a pod)' : ''}`, async () => {
      for (const file of files) {
        const out = mkdtempSync(join(dir, 'q-'));
        const { files: units } = await converted(file, 'quadlet', pod);
        for (const u of units) writeFileSync(join(out, u.name), u.text);
        for (const u of units) {
          const doc = { uri: pathToFileURL(join(out, u.name)).href, languageId: 'quadlet', text: u.text };
          const diags = await quadletService.diagnostics(doc, { files: nodeFileAccess, live });
          const blocking = diags.filter((d) => d.severity === 1 || d.code === 'quadlet.newer-than-podman');
          assert.deepEqual(
            blocking.map((d) => `${file} → ${u.name}:${d.range.start.line + 1}: ${d.message}`),
            [],
          );
        }
      }
    });

    it(`Kubernetes YAML passes the Kubernetes checks${pod ? ' (one Pod)' : ''}`, async () => {
      for (const file of files) {
        const { files: yaml } = await converted(file, 'kube', pod);
        assert.equal(yaml.length, 1);
        const doc = { uri: 'file:///x/out.yaml', languageId: 'yaml', text: yaml[0].text };
        const diags = await kubeService.diagnostics(doc, { files: nodeFileAccess, live });
        const errors = diags.filter((d) => d.severity === 1);
        assert.deepEqual(
          errors.map((d) => `${file}:${d.range.start.line + 1}: ${d.message}`),
          [],
        );
      }
    });
  }

  it('maps the fields users write most, and warns for each field left out', async () => {
    const q = await converted('29-runtime.yaml', 'quadlet', false);
    const unit = q.files.find((f) => f.name === 'app.container')!.text;
    for (const line of [
      'RunInit=true',
      'WorkingDir=/srv',
      'HostName=app.local',
      'StopSignal=SIGINT',
      'StopTimeout=90',
      'Pull=missing',
      'PodmanArgs=--tty',
      'Restart=on-failure',
    ]) {
      assert.ok(unit.split('\n').includes(line), `${line} in\n${unit}`);
    }
    const warned = (await converted('30-resources-legacy.yaml', 'quadlet', false)).warnings.map((w) => w.path);
    assert.deepEqual(warned, ['services.app.oom_score_adj']);
    const deps = (await converted('07-depends-on-conditions.yaml', 'quadlet', false)).files;
    const web = deps.find((f) => f.name === 'web.container')!.text;
    assert.match(web, /Requires=api\.service\nAfter=api\.service\nRequires=migrate\.service/);
    assert.match(deps.find((f) => f.name === 'api.container')!.text, /Notify=healthy/);
  });

  it('puts ports and networks on the pod when converting into one', async () => {
    const { files: units } = await converted('03-ports.yaml', 'quadlet', true);
    const pod = units.find((f) => f.name.endsWith('.pod'))!.text;
    assert.match(pod, /PublishPort=8080:80/);
    const web = units.find((f) => f.name === 'web.container')!.text;
    assert.doesNotMatch(web, /PublishPort|Network=/);
    assert.match(web, /^Pod=corpus\.pod$/m);
  });

  it('the Kubernetes YAML has a Deployment per service and a Service for published ports', async () => {
    const { files: yaml } = await converted('12-networks-list.yaml', 'kube', false);
    assert.deepEqual(
      [...yaml[0].text.matchAll(/^kind: (\w+)/gm)].map((m) => m[1]),
      ['Deployment', 'Deployment'],
    );
    const ports = (await converted('03-ports.yaml', 'kube', false)).files[0].text;
    assert.deepEqual(
      [...ports.matchAll(/^kind: (\w+)/gm)].map((m) => m[1]),
      ['Deployment', 'Service'],
    );
  });
});
