// Image references in Containerfiles, Quadlet units and Kubernetes YAML (src/registries/imageLines.ts),
// with exact ranges, under both line endings.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { imageFileKind, imageLines } from '../../../src/registries/imageLines';

const EOLS = ['\n', '\r\n'];

describe('image references in files', () => {
  for (const eol of EOLS) {
    const label = JSON.stringify(eol);
    it(`finds FROM images, not stages, build args or scratch (${label})`, () => {
      const text = [
        'ARG BASE=alpine',
        'FROM --platform=$BUILDPLATFORM quay.io/a/b:1 AS build',
        'FROM build',
        'FROM $BASE',
        'FROM scratch',
        '  from 127.0.0.1:5000/app:2',
        'FROM UPPER/case',
      ].join(eol);
      assert.deepEqual(imageLines(text, 'containerfile'), [
        { line: 1, start: 31, end: 44, reference: 'quay.io/a/b:1' },
        { line: 5, start: 7, end: 27, reference: '127.0.0.1:5000/app:2' },
      ]);
    });

    it(`finds Image= and marks AutoUpdate=registry units (${label})`, () => {
      const text = ['[Container]', 'Image=quay.io/x/y:latest', 'AutoUpdate=registry'].join(eol);
      assert.deepEqual(imageLines(text, 'quadlet'), [
        { line: 1, start: 6, end: 24, reference: 'quay.io/x/y:latest', autoUpdate: true },
      ]);
      assert.equal(imageLines('[Container]\nImage=a.io/b\n', 'quadlet')[0].autoUpdate, undefined);
    });

    it(`finds kube image: values, quoted or not (${label})`, () => {
      const text = [
        'kind: Pod',
        'spec:',
        '  containers:',
        '  - image: "r.io/a:1"',
        '    name: a',
        '    image: r.io/b # c',
      ].join(eol);
      assert.deepEqual(
        imageLines(text, 'kube').map((l) => [l.line, l.start, l.end, l.reference]),
        [
          [3, 12, 20, 'r.io/a:1'],
          [5, 11, 17, 'r.io/b'],
        ],
      );
    });

    it(`reads the Quadlet pull policy: Pull= and an image unit's Policy= (${label})`, () => {
      const cases: [string[], string | undefined][] = [
        [['[Container]', 'Image=a.io/b:1', 'Pull=never'], 'never'],
        [['[Container]', 'Pull=Missing', 'Image=a.io/b:1'], 'missing'],
        [['[Image]', 'Image=a.io/b:1', 'Policy=newer'], 'newer'],
        [['[Kube]', 'Yaml=x.yaml', '[Container]', 'Image=a.io/b:1', 'Pull=always'], 'always'],
        [['[Container]', 'Image=a.io/b:1', 'Pull=sometimes'], undefined],
        [['[Container]', 'Image=a.io/b:1', '# Pull=never'], undefined],
      ];
      for (const [lines, policy] of cases) {
        assert.equal(imageLines(lines.join(eol), 'quadlet')[0]?.policy, policy, lines.join(' | '));
      }
    });

    it(`reads each Kubernetes container's imagePullPolicy, and only its own (${label})`, () => {
      const text = [
        'kind: Pod', //                                    0
        'spec:', //                                        1
        '  containers:', //                                2
        '  - name: a', //                                  3
        '    imagePullPolicy: Never', //                   4
        '    image: r.io/a:1', //                          5
        '  - image: r.io/b:1', //                          6
        '    env:', //                                     7
        '    - name: imagePullPolicy', //                  8
        '      value: Always', //                          9
        '    imagePullPolicy: "IfNotPresent"', //          10
        '  - image: r.io/c:1', //                          11
        '    name: c', //                                  12
        '  initContainers:', //                            13
        '    - name: i', //                                14
        '      image: r.io/i:1', //                        15
        '      imagePullPolicy: Always', //                16
      ].join(eol);
      assert.deepEqual(
        imageLines(text, 'kube').map((l) => [l.reference, l.policy]),
        [
          ['r.io/a:1', 'never'],
          ['r.io/b:1', 'missing'],
          ['r.io/c:1', undefined],
          ['r.io/i:1', 'always'],
        ],
      );
    });
  }

  it('tells the file kinds apart', () => {
    assert.equal(imageFileKind('dockerfile', '/w/x', ''), 'containerfile');
    assert.equal(imageFileKind('plaintext', '/w/Containerfile.dev', ''), 'containerfile');
    assert.equal(imageFileKind('quadlet', '/w/a.container', ''), 'quadlet');
    assert.equal(imageFileKind('yaml', '/w/pod.yaml', 'kind: Pod\n'), 'kube');
    assert.equal(imageFileKind('yaml', '/w/ci.yaml', 'jobs: {}\n'), undefined);
  });
});
