// The registry service: which files it takes, document symbols, hovers; claims and images of the parse.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubeService, parseKube } from '../../../../src/languages/kube';
import { lookupField } from '../../../../src/languages/kube/support';
import { serviceFor } from '../../../../src/languages/registry';
import { EMPTY_LIVE_DATA, type ServiceContext } from '../../../../src/languages/types';

const FIX = join(__dirname, '..', '..', '..', 'fixtures', 'kube');
const read = (f: string, eol = '\n') => readFileSync(join(FIX, f), 'utf8').replace(/\r?\n/g, eol);
const ctx: ServiceContext = {
  files: { readFile: async () => undefined, readDir: async () => undefined, exists: async () => false },
  live: { ...EMPTY_LIVE_DATA, podmanVersion: '5.4.2' },
};

for (const eol of ['\n', '\r\n']) {
  describe(`kube service (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    it('matches only YAML files holding apiVersion and kind', () => {
      assert.equal(kubeService.matchesPath('/x/app.yaml', read('multi-doc.yaml', eol)), true);
      assert.equal(kubeService.matchesPath('/x/app.yml', read('valid-pod.yaml', eol)), true);
      assert.equal(kubeService.matchesPath('/x/app.yaml', read('not-kube.yaml', eol)), false);
      assert.equal(kubeService.matchesPath('/x/app.json', read('valid-pod.yaml', eol)), false);
      assert.equal(kubeService.matchesPath('/x/app.yaml'), false);
      assert.equal(serviceFor({ path: '/x/a.yaml', text: read('valid-pod.yaml', eol) }), kubeService);
    });

    it('gives no diagnostics for plain YAML', async () => {
      assert.deepEqual(
        await kubeService.diagnostics(
          { uri: 'file:///p.yaml', languageId: 'yaml', text: read('not-kube.yaml', eol) },
          ctx,
        ),
        [],
      );
    });

    it('has one symbol per document: Kind/name', () => {
      const syms = kubeService.documentSymbols!({
        uri: `file:///m${eol.length}.yaml`,
        languageId: 'yaml',
        text: read('multi-doc.yaml', eol),
      });
      assert.deepEqual(
        syms.map((s) => s.name),
        ['ConfigMap/settings', 'PersistentVolumeClaim/data', 'Deployment/api', 'Service/api'],
      );
      assert.deepEqual(syms[2].selectionRange, { start: { line: 20, character: 8 }, end: { line: 20, character: 11 } });
      assert.equal(syms[1].range.start.line, 7);
    });

    it('hovers say whether Podman uses a field', async () => {
      const doc = {
        uri: `file:///u${eol.length}.yaml`,
        languageId: 'yaml',
        text: read('unsupported-fields.yaml', eol),
      };
      const at = async (line: number, character: number) => {
        const h = await kubeService.hover!(doc, { line, character }, ctx);
        return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
      };
      assert.match(await at(5, 4), /nodeSelector.*several nodes/);
      assert.match(await at(12, 6), /securityContext\.fsGroup.*ignores/);
      assert.match(await at(11, 6), /runAsUser.*uses this field/);
      assert.match(await at(16, 6), /readinessProbe.*ignores/);
      assert.match(await at(18, 6), /livenessProbe.*uses this field/);
      assert.match(await at(1, 2), /plays \*\*Pod\*\*/);
      assert.equal(await at(3, 4), '');
    });
  });
}

describe('documents of a file', () => {
  it('collects claims and images', () => {
    const f = parseKube(read('multi-doc.yaml'));
    assert.deepEqual(
      f.docs.flatMap((d) => d.claims),
      ['data'],
    );
    assert.deepEqual(
      f.docs[2].images.map((i) => i.ref),
      ['localhost/pw-busybox:latest'],
    );
  });

  it('the support table answers rows, groups and free-form insides', () => {
    assert.equal(lookupField('container', 'tty').kind, 'row');
    assert.deepEqual(lookupField('podSpec', 'tolerations'), { kind: 'group', all: 'na' });
    assert.deepEqual(lookupField('podSpec', 'securityContext'), { kind: 'group', all: 'mixed' });
    assert.equal(lookupField('container', 'resources.limits.memory').kind, 'inside');
  });
});
