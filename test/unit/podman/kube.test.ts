// Pure helpers of src/podman/kube.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sameGeneratedKube } from '../../../src/podman/kube';

const generated = (stamp: string, version = '4.3.1', image = 'localhost/app:1') =>
  `# Save the output of this file and use kubectl create -f to import\n# it into Kubernetes.\n#\n# Created with podman-${version}\napiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: "${stamp}"\n  name: web\nspec:\n  containers:\n  - image: ${image}\n    name: app\n`;

describe('generate kube: the same YAML generated twice', () => {
  it('is the same when only the timestamps and the Podman version differ', () => {
    assert.equal(
      sameGeneratedKube(generated('2026-11-23T01:00:00Z'), generated('2026-11-23T02:00:00Z', '4.3.2')),
      true,
    );
    assert.equal(
      sameGeneratedKube(generated('2026-11-23T01:00:00Z').replace(/\n/g, '\r\n'), generated('2026-11-23T02:00:00Z')),
      true,
      'CRLF on disk',
    );
  });
  it('differs when anything else does', () => {
    assert.equal(
      sameGeneratedKube(
        generated('2026-11-23T01:00:00Z'),
        generated('2026-11-23T01:00:00Z', '4.3.1', 'localhost/app:2'),
      ),
      false,
    );
    assert.equal(sameGeneratedKube(generated('x'), `${generated('x')}# a note\n`), false);
  });
});
