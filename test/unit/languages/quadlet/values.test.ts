import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keyInfo } from '../../../../src/languages/quadlet/catalogue';
import {
  checkPort,
  checkValue,
  isCidr,
  isDuration,
  isIPv6,
  isSize,
  parseBool,
} from '../../../../src/languages/quadlet/values';

const code = (section: string, key: string, v: string) => checkValue(keyInfo(section, key)!, v)?.code;

describe('value checks', () => {
  it('booleans follow systemd', () => {
    for (const v of ['yes', 'TRUE', 'on', '1', 'n', 'off']) assert.notEqual(parseBool(v), undefined, v);
    assert.equal(parseBool('maybe'), undefined);
    assert.equal(code('Container', 'ReadOnly', 'maybe'), 'invalid-bool');
    assert.equal(code('Container', 'ReadOnly', 'yes'), undefined);
  });
  it('enums accept only listed values (Notify also takes booleans)', () => {
    assert.equal(code('Container', 'Pull', 'sometimes'), 'invalid-enum');
    assert.equal(code('Container', 'Pull', 'newer'), undefined);
    assert.equal(code('Container', 'Notify', 'healthy'), undefined);
    assert.equal(code('Container', 'Notify', 'yes'), undefined);
    assert.equal(code('Container', 'Notify', 'later'), 'invalid-enum');
    assert.equal(code('Service', 'Restart', 'sometimes'), 'invalid-enum');
  });
  it('ports and port ranges', () => {
    for (const ok of [
      '80',
      '8080:80',
      '127.0.0.1:8080:80',
      '127.0.0.1::80',
      '[::1]:8080:80/udp',
      '50-59:50-59',
      '8080:80/sctp',
    ]) {
      assert.equal(checkPort(ok), undefined, ok);
    }
    for (const bad of ['99999', '80/icmp', 'a:b', '1.2.3:80:80', '50-59:60-65:x', '8000-8001:80-85']) {
      assert.ok(checkPort(bad), bad);
    }
    assert.equal(code('Container', 'ExposeHostPort', '50-40'), 'invalid-port');
  });
  it('durations, sizes, numbers, signals, id maps, addresses', () => {
    for (const ok of ['30', '30s', '1m30s', '5 min 3s', 'infinity', '1.5h', '100ms']) assert.ok(isDuration(ok), ok);
    for (const bad of ['soon', '10 parsecs', '', '1m-3s']) assert.ok(!isDuration(bad), bad);
    assert.equal(code('Container', 'HealthInterval', 'disable'), undefined);
    assert.ok(isSize('512m') && isSize('2GiB') && !isSize('big'));
    assert.equal(code('Container', 'ShmSize', 'lots'), 'invalid-size');
    assert.equal(code('Container', 'PidsLimit', '10k'), 'invalid-number');
    assert.equal(code('Container', 'StopSignal', 'SIGNOPE'), 'invalid-signal');
    assert.equal(code('Container', 'StopSignal', 'SIGRTMIN+3'), undefined);
    assert.equal(code('Container', 'UIDMap', '0:1000'), 'invalid-idmap');
    assert.equal(code('Container', 'IP', '10.0.0.300'), 'invalid-ip');
    assert.ok(isIPv6('fd00::1') && isIPv6('::ffff:10.0.0.1') && !isIPv6('1::2::3'));
    assert.ok(isCidr('10.0.0.0/8') && !isCidr('10.0.0.0/33'));
    assert.equal(code('Network', 'IPRange', '10.0.0.10-10.0.0.20'), undefined);
  });
  it('absolute paths and systemd specifiers', () => {
    assert.equal(code('Container', 'WorkingDir', 'relative/dir'), 'absolute-path-required');
    assert.equal(code('Container', 'WorkingDir', '/srv'), undefined);
    assert.equal(code('Container', 'PublishPort', '%i:80'), undefined, 'specifiers are left to systemd');
    assert.equal(code('Container', 'ReadOnly', ''), undefined, 'an empty assignment resets');
  });
});
