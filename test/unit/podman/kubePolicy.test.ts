// Podman's kube play policy (src/podman/kubePolicy.ts) and the documents play reads
// (src/podman/kubeDocuments.ts), which must agree with the language service's parse.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKubeDocuments } from '../../../src/podman/kubeDocuments';
import { expectedPodNames, kindPlays, podBelongsTo, podPerReplica } from '../../../src/podman/kubePolicy';
import { parseKube } from '../../../src/languages/kube';

const FIX = join(__dirname, '..', '..', 'fixtures', 'kube');
const read = (f: string, eol = '\n') => readFileSync(join(FIX, f), 'utf8').replace(/\r?\n/g, eol);

describe('kube play policy', () => {
  it('names pods the way each Podman version does', () => {
    const [, , dep] = readKubeDocuments(read('multi-doc.yaml'));
    assert.deepEqual(expectedPodNames(dep, '4.3.1'), ['api-pod-0', 'api-pod-1', 'api-pod-2']);
    assert.deepEqual(expectedPodNames(dep, '5.4.2'), ['api-pod']);
    assert.deepEqual(expectedPodNames(dep), ['api-pod'], 'an unknown version: the newest naming');
    assert.ok(
      podBelongsTo(dep, 'api-pod-2') &&
        podBelongsTo(dep, 'api-pod') &&
        !podBelongsTo(dep, 'api-pod-x') &&
        !podBelongsTo(dep, 'api'),
    );
    assert.deepEqual(expectedPodNames({ kind: 'Pod', name: 'web' }, '4.3.1'), ['web']);
    assert.deepEqual(expectedPodNames({ kind: 'ConfigMap', name: 'settings' }), []);
    assert.equal(podPerReplica('4.9.4'), true);
    assert.equal(podPerReplica('5.0.0-dev'), false);
    assert.equal(podPerReplica(undefined), false);
  });

  it('plays each kind from its first version on', () => {
    assert.equal(kindPlays('Pod', '4.3.1'), true);
    assert.equal(kindPlays('DaemonSet', '4.3.1'), false);
    assert.equal(kindPlays('DaemonSet', '4.7.0'), true);
    assert.equal(kindPlays('Job', '5.1.9'), false);
    assert.equal(kindPlays('Job', undefined), true, 'an unknown version: the newest list');
    assert.equal(kindPlays('Service', undefined), false);
    assert.equal(kindPlays(undefined, '5.4.2'), false);
  });
});

describe('the documents play reads', () => {
  it('collects kinds, names, replicas, claims and images', () => {
    const docs = readKubeDocuments(read('multi-doc.yaml'));
    assert.deepEqual(
      docs.map((doc) => `${doc.kind}/${doc.name}`),
      ['ConfigMap/settings', 'PersistentVolumeClaim/data', 'Deployment/api', 'Service/api'],
    );
    assert.deepEqual(
      docs.flatMap((doc) => doc.claims),
      ['data'],
    );
    assert.deepEqual(docs[2].images, ['localhost/pw-busybox:latest']);
    assert.equal(docs[2].replicas, 3);
  });

  it('follows aliases and merge keys, and names an unknown anchor', () => {
    const [doc] = readKubeDocuments('base: &b {name: m}\nkind: &k Pod\nmetadata:\n  <<: *b\n');
    assert.equal(doc.kind, 'Pod');
    assert.equal(doc.name, 'm');
    const [bad] = readKubeDocuments('apiVersion: v1\nkind: Pod\nmetadata: {name: *nope}\n');
    assert.match(bad.errors.join('\n'), /Unknown anchor &nope/);
  });

  for (const eol of ['\n', '\r\n']) {
    it(`reads every fixture as the language service's parse does (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
      const files = readdirSync(FIX).filter((f) => f.endsWith('.yaml'));
      assert.ok(files.length >= 10);
      for (const f of files) {
        const text = read(f, eol);
        const fromLanguage = parseKube(text).docs.map((doc) => ({
          index: doc.index,
          kind: doc.kind,
          name: doc.name,
          replicas: doc.replicas,
          empty: doc.empty,
          docRange: doc.docRange,
          errors: doc.errors.map((error) => error.message),
          images: doc.images.map((image) => image.ref),
          claims: doc.claims,
        }));
        const fromPodman = readKubeDocuments(text).map((doc) => ({
          index: doc.index,
          kind: doc.kind,
          name: doc.name,
          replicas: doc.replicas,
          empty: doc.empty,
          docRange: doc.docRange,
          errors: doc.errors,
          images: doc.images,
          claims: doc.claims,
        }));
        assert.deepEqual(fromPodman, fromLanguage, f);
      }
    });
  }
});
