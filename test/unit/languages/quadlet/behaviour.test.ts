// The words a Quadlet preview uses to say which generator behaviour it follows, per version.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generatorBehaviour } from '../../../../src/languages/quadlet/generator/context';

describe('generatorBehaviour', () => {
  it('names the measured generator for its own minor version', () => {
    assert.match(generatorBehaviour('5.4.0'), /the 5\.4\.2 generator's behaviour, measured/);
    assert.match(generatorBehaviour('5.8.6'), /the 5\.8\.6 generator's behaviour, measured/);
  });

  it('says where an estimated version lies against the measured ones', () => {
    assert.match(generatorBehaviour('4.9.3'), /older than the oldest measured generator \(5\.4\.2\) \(estimated\)$/);
    assert.match(generatorBehaviour('5.6.0'), /between the measured 5\.4\.2 and 5\.8\.6 generators \(estimated\)$/);
    assert.match(generatorBehaviour('6.0'), /newer than the newest measured generator \(5\.8\.6\) \(estimated\)$/);
  });
});
