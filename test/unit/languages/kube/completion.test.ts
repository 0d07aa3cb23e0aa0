// Completion in Kubernetes YAML: keys Podman knows (with what kube play does with them), enumerated
// values, and names from the file and the live connection, under LF and CRLF, while lines are typed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver-types';
import { kubeService } from '../../../../src/languages/kube';
import { fieldAt } from '../../../../src/languages/kube/completion';
import { EMPTY_LIVE_DATA, type ServiceContext } from '../../../../src/languages/types';

const ctx: ServiceContext = {
  files: { readFile: async () => undefined, readDir: async () => undefined, exists: async () => false },
  live: {
    ...EMPTY_LIVE_DATA,
    images: ['localhost/app:1', 'docker.io/library/busybox:latest'],
    volumes: ['pgdata'],
    secrets: ['db-password'],
  },
};

const FILE = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: app-config',
  'data: {A: b}',
  '---',
  'apiVersion: v1',
  'kind: Secret',
  'metadata:',
  '  name: app-secret',
  'stringData: {p: q}',
  '---',
  'apiVersion: v1',
  'kind: PersistentVolumeClaim',
  'metadata:',
  '  name: app-data',
  '---',
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: app',
  'spec:',
  '  restartPolicy: ',
  '  containers:',
  '  - name: web',
  '    image: ',
  '    imagePullPolicy: ',
  '    env:',
  '    - name: P',
  '      valueFrom:',
  '        secretKeyRef:',
  '          name: ',
  '    envFrom:',
  '    - configMapRef:',
  '        name: ',
  '    ',
  '  volumes:',
  '  - name: data',
  '    persistentVolumeClaim:',
  '      claimName: ',
  '  - name: host',
  '    hostPath:',
  '      type: ',
  '  ',
];

/** Completion labels at the end of the line that starts with `lineStart` (its n-th occurrence). */
async function labelsAt(eol: string, lineStart: string, nth = 0): Promise<CompletionItem[]> {
  const line = FILE.map((l, i) => [l, i] as const).filter(([l]) => l === lineStart)[nth][1];
  const doc = { uri: 'file:///w/app.yaml', languageId: 'yaml', text: FILE.join(eol) };
  return (await kubeService.completion!(doc, { line, character: FILE[line].length }, ctx)) ?? [];
}
const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();

for (const eol of ['\n', '\r\n']) {
  describe(`kube completion (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    it('offers local images for image:', async () => {
      assert.deepEqual(labels(await labelsAt(eol, '    image: ')), [
        'docker.io/library/busybox:latest',
        'localhost/app:1',
      ]);
    });

    it('offers the enumerated values of restartPolicy, imagePullPolicy and hostPath.type', async () => {
      assert.deepEqual(labels(await labelsAt(eol, '  restartPolicy: ')), ['Always', 'Never', 'OnFailure']);
      assert.deepEqual(labels(await labelsAt(eol, '    imagePullPolicy: ')), ['Always', 'IfNotPresent', 'Never']);
      assert.ok(labels(await labelsAt(eol, '      type: ')).includes('DirectoryOrCreate'));
    });

    it('offers the Secrets of the file and of Podman to secretKeyRef.name, ConfigMaps to configMapRef.name', async () => {
      assert.deepEqual(labels(await labelsAt(eol, '          name: ')), ['app-secret', 'db-password']);
      assert.deepEqual(labels(await labelsAt(eol, '        name: ')), ['app-config']);
    });

    it('offers the claims of the file and Podman volumes to claimName', async () => {
      assert.deepEqual(labels(await labelsAt(eol, '      claimName: ')), ['app-data', 'pgdata']);
    });

    it('offers container keys with what kube play does with each, used ones first', async () => {
      const items = await labelsAt(eol, '    ');
      const byLabel = new Map(items.map((i) => [i.label, i]));
      assert.ok(byLabel.has('ports') && byLabel.has('securityContext') && byLabel.has('volumeMounts'));
      assert.match(String(byLabel.get('image')?.detail), /uses this field/);
      const ignored = items.find((i) => /ignores this field/.test(String(i.detail)));
      assert.ok(ignored, 'some container field Podman ignores is listed');
      assert.ok(String(ignored.sortText) > String(byLabel.get('image')?.sortText));
      assert.equal(byLabel.get('image')?.insertText, 'image: ');
    });

    it('offers pod spec keys under spec:', async () => {
      const names = labels(await labelsAt(eol, '  '));
      for (const k of ['containers', 'volumes', 'hostNetwork', 'restartPolicy']) assert.ok(names.includes(k), k);
    });
  });
}

describe('kube completion: where a key path leads', () => {
  it('maps workload templates and container lists to their tables', () => {
    assert.deepEqual(fieldAt('Pod', ['spec', 'containers', 0, 'securityContext']), {
      table: 'container',
      field: 'securityContext',
    });
    assert.deepEqual(fieldAt('Deployment', ['spec', 'template', 'spec', 'volumes', 0]), {
      table: 'podSpec',
      field: 'volumes',
    });
    assert.deepEqual(fieldAt('Deployment', ['spec']), { table: 'deploymentSpec', field: '' });
    assert.equal(fieldAt('Pod', ['metadata']), undefined);
    assert.equal(fieldAt('Service', ['spec']), undefined);
  });

  it('offers top-level keys by kind, and the played kinds for kind:', async () => {
    const doc = (text: string) => ({ uri: 'file:///w/k.yaml', languageId: 'yaml', text });
    const top = await kubeService.completion!(doc('apiVersion: v1\nkind: ConfigMap\n'), { line: 2, character: 0 }, ctx);
    assert.ok(labels(top ?? []).includes('data'));
    const kinds = await kubeService.completion!(doc('apiVersion: v1\nkind: \n'), { line: 1, character: 6 }, ctx);
    assert.ok(labels(kinds ?? []).includes('Deployment') && labels(kinds ?? []).includes('Secret'));
  });
});
