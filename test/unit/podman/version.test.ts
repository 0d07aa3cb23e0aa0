// The one version module (src/podman/version.ts): parsing, comparing, and the version facts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  atLeast,
  compareVersions,
  hasQuadlet,
  MIN_PODMAN,
  parseVersion,
  QUADLET_SINCE,
} from '../../../src/podman/version';

describe('Podman versions', () => {
  it('parses releases, with missing parts as 0 and suffixes ignored', () => {
    const cases: [string, [number, number, number] | undefined][] = [
      ['4.3.1', [4, 3, 1]],
      ['5.4', [5, 4, 0]],
      ['5', [5, 0, 0]],
      ['v4.3.1', [4, 3, 1]],
      ['5.0.0-dev', [5, 0, 0]],
      ['5.2.0-rc1', [5, 2, 0]],
      ['4.9.4+ds1', [4, 9, 4]],
      ['5.2+ds1', [5, 2, 0]],
      [' 5.7.0', [5, 7, 0]],
      ['dev', undefined],
      ['', undefined],
    ];
    for (const [text, want] of cases) {
      const got = parseVersion(text);
      assert.deepEqual(got && [got.major, got.minor, got.patch], want, text);
    }
  });

  it('compares numerically, part by part', () => {
    const cases: [string, string, -1 | 0 | 1][] = [
      ['4.3.1', '4.3.0', 1],
      ['4.10.0', '4.9.9', 1],
      ['5.10', '5.9', 1],
      ['5.4.2', '5.4.2', 0],
      ['4.9.3', '5.0', -1],
      ['5.0.0-dev', '5.0.0', 0],
      ['6.0.0-dev', '6.0', 0],
      ['4.3', '4.3.0', 0],
      ['dev', '0.0.1', -1],
    ];
    for (const [left, right, sign] of cases) {
      assert.equal(Math.sign(compareVersions(left, right)), sign, `${left} vs ${right}`);
      assert.equal(Math.sign(compareVersions(right, left)), -sign || 0, `${right} vs ${left}`);
    }
  });

  it('ignores a build suffix on a two-part version (where the three old copies disagreed)', () => {
    // The Quadlet catalogue's copy split on "+" too and read "5.2+ds1" as 5.2.1 (equal to 5.2.1);
    // the client's and the kube parser's read it as 5.2.0. The suffix is not part of the release.
    assert.ok(compareVersions('5.2+ds1', '5.2.1') < 0);
    assert.equal(compareVersions('5.2+ds1', '5.2'), 0);
    // A "-" release suffix after two parts was read as the patch number by all three copies.
    assert.equal(compareVersions('4.3-1', '4.3.0'), 0);
  });

  it('answers atLeast and the Quadlet rule', () => {
    assert.equal(atLeast('4.4.0', '4.4'), true);
    assert.equal(atLeast('4.3.1', '4.4.0'), false);
    assert.equal(atLeast('5.0.0-dev', '5.0.0'), true);
    assert.equal(QUADLET_SINCE, '4.4.0');
    assert.equal(hasQuadlet('4.3.1'), false);
    assert.equal(hasQuadlet('4.4.0'), true);
    assert.equal(hasQuadlet('5.4.2'), true);
    assert.equal(atLeast(MIN_PODMAN, '4.3.0'), true);
    assert.equal(atLeast('4.2.9', MIN_PODMAN), false);
  });
});
