// Validation of Kubernetes YAML on a corpus of fixtures, each run with "\n" and "\r\n" line ends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubeService, validateKube, KubeCode } from '../../../../src/languages/kube';
import { EMPTY_LIVE_DATA, type LiveData, type ServiceContext } from '../../../../src/languages/types';

const FIX = join(__dirname, '..', '..', '..', 'fixtures', 'kube');
const live = (podmanVersion?: string): LiveData => ({
  ...EMPTY_LIVE_DATA,
  podmanVersion,
  images: ['localhost/pw-busybox:latest'],
});
const ctx: ServiceContext = {
  files: { readFile: async () => undefined, readDir: async () => undefined, exists: async () => false },
  live: live('5.4.2'),
};

/** Expected diagnostics as "code@line:col-line:col" (1-based), in any order. */
const CASES: { file: string; version?: string; expect: string[] }[] = [
  { file: 'valid-pod.yaml', version: '4.3.1', expect: [] },
  { file: 'valid-pod.yaml', version: '5.4.2', expect: [] },
  { file: 'empty-docs.yaml', expect: [] },
  {
    file: 'multi-doc.yaml',
    version: '5.4.2',
    expect: [`${KubeCode.replicas}@23:13-23:14`, `${KubeCode.kindSkipped}@42:7-42:14`],
  },
  {
    file: 'multi-doc.yaml',
    version: '4.3.1',
    expect: [`${KubeCode.replicas}@23:13-23:14`, `${KubeCode.kindSkipped}@42:7-42:14`],
  },
  {
    file: 'anchors.yaml',
    expect: [
      `${KubeCode.wrongType}@16:22-16:26`,
      `${KubeCode.fieldIgnored}@10:5-10:8`,
      `${KubeCode.syntax}@26:12-26:18`,
    ],
  },
  {
    file: 'invalid-types.yaml',
    expect: [
      `${KubeCode.missingName}@3:1-3:9`,
      `${KubeCode.wrongType}@7:5-7:15`,
      `${KubeCode.wrongType}@15:16-15:22`,
      `${KubeCode.wrongType}@22:22-22:28`,
      `${KubeCode.yaml11Bool}@25:14-25:17`,
      `${KubeCode.missingImage}@17:11-17:18`,
    ],
  },
  { file: 'syntax-error.yaml', expect: [`${KubeCode.syntax}@8:1-8:2`] },
  {
    file: 'nothing-runs.yaml',
    expect: [
      `${KubeCode.kindSkipped}@2:7-2:14`,
      `${KubeCode.kindSkipped}@7:7-7:14`,
      `${KubeCode.nothingRuns}@2:7-2:14`,
    ],
  },
  {
    file: 'unsupported-fields.yaml',
    expect: [
      `${KubeCode.fieldClusterOnly}@6:3-6:15`,
      `${KubeCode.fieldClusterOnly}@8:3-8:14`,
      `${KubeCode.fieldIgnored}@13:5-13:12`,
      `${KubeCode.fieldIgnored}@17:5-17:19`,
      `${KubeCode.fieldIgnored}@21:5-21:10`,
    ],
  },
  { file: 'job.yaml', version: '5.4.2', expect: [`${KubeCode.fieldIgnored}@6:3-6:14`] },
  {
    file: 'job.yaml',
    version: '4.3.1',
    expect: [`${KubeCode.kindNeedsNewer}@2:7-2:10`, `${KubeCode.nothingRuns}@2:7-2:10`],
  },
  { file: 'duplicate.yaml', expect: [`${KubeCode.imageNotLocal}@8:12-8:35`, `${KubeCode.duplicatePod}@13:9-13:13`] },
];

function render(text: string, version?: string): string[] {
  return validateKube(text, live(version))
    .map(
      (d) =>
        `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`,
    )
    .sort();
}

for (const eol of ['\n', '\r\n']) {
  describe(`kube validation (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    for (const c of CASES) {
      it(`${c.file}${c.version ? ` on Podman ${c.version}` : ''}`, () => {
        const text = readFileSync(join(FIX, c.file), 'utf8').replace(/\r?\n/g, eol);
        assert.deepEqual(render(text, c.version), [...c.expect].sort());
      });
    }

    it('every diagnostic carries the podman source, a stable code and a severity', () => {
      const text = readFileSync(join(FIX, 'invalid-types.yaml'), 'utf8').replace(/\r?\n/g, eol);
      const codes = new Set<string>(Object.values(KubeCode));
      for (const d of validateKube(text, live())) {
        assert.equal(d.source, 'podman');
        assert.ok(codes.has(String(d.code)), String(d.code));
        assert.ok(d.severity && d.severity >= 1 && d.severity <= 3);
      }
    });
  });
}

describe('kube validation limits', () => {
  it('says nothing of images when no live data is there (not connected)', () => {
    const text = readFileSync(join(FIX, 'duplicate.yaml'), 'utf8');
    const ds = validateKube(text, EMPTY_LIVE_DATA);
    assert.ok(!ds.some((d) => d.code === KubeCode.imageNotLocal));
  });

  it('refuses to parse a 10 MB file, quickly, with one warning', () => {
    const doc = readFileSync(join(FIX, 'valid-pod.yaml'), 'utf8');
    let text = '';
    while (text.length < 10 * 1024 * 1024) text += `${doc}---\n`;
    const t0 = performance.now();
    const ds = validateKube(text, live());
    assert.ok(performance.now() - t0 < 200, 'bounded');
    assert.deepEqual(
      ds.map((d) => d.code),
      [KubeCode.tooLarge],
    );
  });

  it('survives alias bombs within the node budget', () => {
    const lines = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: bomb}',
      'a0: &a0 [x, x, x, x, x, x, x, x, x]',
    ];
    for (let i = 1; i < 12; i++) {
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    }
    const t0 = performance.now();
    validateKube(lines.join('\n'), live());
    assert.ok(performance.now() - t0 < 1000);
  });

  it('handles malformed input without throwing', () => {
    for (const t of [
      '',
      '---',
      '- a\n- b',
      'kind: [',
      '"',
      'apiVersion: v1\nkind: Pod\nmetadata: [1]\nspec: 3',
      '\u0000\u0001',
      ': : :',
      'apiVersion: v1\nkind: Pod\n<<: *nope',
    ]) {
      assert.doesNotThrow(() => validateKube(t, live()), JSON.stringify(t));
    }
  });

  it('gives a binary file one diagnostic, through the service too', async () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n${'\u0000\u0001\u0002: [\n'.repeat(50)}`;
    for (const ds of [
      validateKube(text, live()),
      await kubeService.diagnostics({ uri: 'file:///bin.yaml', languageId: 'yaml', text }, ctx),
    ]) {
      assert.deepEqual(
        ds.map((d) => [d.code, d.range.start.line, d.severity]),
        [[KubeCode.binaryFile, 0, 1]],
      );
      assert.match(String(ds[0].message), /NUL bytes.*not like Kubernetes YAML/);
    }
  });

  it('reports a document that is a list instead of a mapping', () => {
    const ds = validateKube(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: a, image: x}]}\n---\n- apiVersion: v1\n- kind: Pod\n',
      live(),
    );
    assert.deepEqual(
      ds.filter((d) => d.code === KubeCode.notObject).map((d) => d.range.start.line),
      [5],
    );
  });
});
