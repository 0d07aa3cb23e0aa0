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
  }

  it('tells the file kinds apart', () => {
    assert.equal(imageFileKind('dockerfile', '/w/x', ''), 'containerfile');
    assert.equal(imageFileKind('plaintext', '/w/Containerfile.dev', ''), 'containerfile');
    assert.equal(imageFileKind('quadlet', '/w/a.container', ''), 'quadlet');
    assert.equal(imageFileKind('yaml', '/w/pod.yaml', 'kind: Pod\n'), 'kube');
    assert.equal(imageFileKind('yaml', '/w/ci.yaml', 'jobs: {}\n'), undefined);
  });
});
