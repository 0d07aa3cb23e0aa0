// Image references (src/podman/imageRef.ts): what parses into which parts, and the message a
// malformed one gets before anything is sent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatImageRef, imageRefProblem, localName, parseImageRef } from '../../../src/podman/imageRef';

const D64 = 'a'.repeat(64);

describe('image references', () => {
  it('splits registry, repository, tag and digest, with Docker Hub defaults', () => {
    const cases: [string, string, string, string | undefined, string | undefined, boolean][] = [
      ['alpine', 'docker.io', 'library/alpine', undefined, undefined, false],
      ['alpine:3.20', 'docker.io', 'library/alpine', '3.20', undefined, false],
      ['me/app', 'docker.io', 'me/app', undefined, undefined, false],
      ['docker.io/alpine:1', 'docker.io', 'library/alpine', '1', undefined, true],
      ['quay.io/podman/hello:latest', 'quay.io', 'podman/hello', 'latest', undefined, true],
      ['127.0.0.1:5000/app:1', '127.0.0.1:5000', 'app', '1', undefined, true],
      ['localhost/app', 'localhost', 'app', undefined, undefined, true],
      ['localhost:5000/a/b/c:v1.2-rc_3', 'localhost:5000', 'a/b/c', 'v1.2-rc_3', undefined, true],
      [`quay.io/x@sha256:${D64}`, 'quay.io', 'x', undefined, `sha256:${D64}`, true],
      [`quay.io/x:1@sha256:${D64}`, 'quay.io', 'x', '1', `sha256:${D64}`, true],
      ['my-registry.example.com/a__b/c.d-e:t', 'my-registry.example.com', 'a__b/c.d-e', 't', undefined, true],
    ];
    for (const [input, registry, repository, tag, digest, qualified] of cases) {
      assert.deepEqual(parseImageRef(input), { registry, repository, tag, digest, qualified }, input);
    }
  });

  it('refuses malformed references with the reason', () => {
    const cases: [string, RegExp][] = [
      ['UPPER/case', /must be lowercase \("UPPER"\)/],
      ['a::b', /the tag ":b" contains ":"|the tag after ":" is empty|contains ":"/],
      [`x@sha256:${'a'.repeat(63)}`, /sha256 digest has 64 hex digits, this one has 63/],
      [`x@sha512:${D64}`, /sha512 digest has 128 hex digits, this one has 64/],
      ['x@sha256:XYZ', /characters other than 0-9 a-f/],
      ['x@md5:abc', /unknown digest algorithm "md5"/],
      ['x@nodigest', /must read ALGORITHM:HEX/],
      ['', /it is empty/],
      ['a b', /white space/],
      ['app:', /the tag after ":" is empty/],
      ['app:-x', /may hold only letters/],
      ['quay.io/', /repository name is empty/],
      ['a//b', /empty path component/],
      ['a/-b', /may hold only a-z 0-9/],
      [`a:${'x'.repeat(129)}`, /at most 128/],
    ];
    for (const [input, message] of cases) {
      assert.throws(() => parseImageRef(input), message, input);
      assert.match(imageRefProblem(input) ?? '', /is not a valid image reference/, input);
    }
    assert.equal(imageRefProblem('quay.io/podman/hello'), undefined);
  });

  it('formats the fully qualified name Podman stores', () => {
    assert.equal(localName('alpine'), 'docker.io/library/alpine:latest');
    assert.equal(localName('127.0.0.1:5000/app'), '127.0.0.1:5000/app:latest');
    assert.equal(formatImageRef(parseImageRef(`q.io/x@sha256:${D64}`)), `q.io/x@sha256:${D64}`);
    assert.equal(formatImageRef(parseImageRef('q.io/x'), { defaultTag: false }), 'q.io/x');
  });
});
