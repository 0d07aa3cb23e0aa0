import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPortSpec, parsePortSpec, parsePortSpecs } from '../../../src/podman/ports';

describe('port specs (podman run -p)', () => {
  const accepted: [string, ReturnType<typeof parsePortSpec>][] = [
    // What the debug configuration's "ports" accepted.
    ['8080:80', { host_port: 8080, container_port: 80, protocol: 'tcp' }],
    ['127.0.0.1:9000:9000/udp', { host_ip: '127.0.0.1', host_port: 9000, container_port: 9000, protocol: 'udp' }],
    ['[::1]:8080:80', { host_ip: '::1', host_port: 8080, container_port: 80, protocol: 'tcp' }],
    [' 8080:80 ', { host_port: 8080, container_port: 80, protocol: 'tcp' }],
    // What Run Image accepted.
    ['127.0.0.1:9000:90/udp', { host_ip: '127.0.0.1', host_port: 9000, container_port: 90, protocol: 'udp' }],
    ['[fe80::1]:53:53/sctp', { host_ip: 'fe80::1', host_port: 53, container_port: 53, protocol: 'sctp' }],
    // podman run -p: a container port alone or an empty host port is published on a port Podman picks.
    ['5000', { container_port: 5000, protocol: 'tcp' }],
    ['127.0.0.1::80', { host_ip: '127.0.0.1', container_port: 80, protocol: 'tcp' }],
    ['[::]::80/udp', { host_ip: '::', container_port: 80, protocol: 'udp' }],
    // Ranges of one length.
    ['8000-8009:80-89', { host_port: 8000, container_port: 80, range: 10, protocol: 'tcp' }],
    ['7000-7001/udp', { container_port: 7000, range: 2, protocol: 'udp' }],
    ['0.0.0.0:1-2:3-4/TCP', { host_port: 1, container_port: 3, range: 2, protocol: 'tcp' }],
    [':80', { container_port: 80, protocol: 'tcp' }],
  ];
  for (const [text, want] of accepted) {
    it(`accepts ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parsePortSpec(text), want);
      assert.ok(isPortSpec(text));
    });
  }

  const refused: [string, RegExp][] = [
    ['x:80', /Not a port mapping: x:80/],
    ['80:$(id)', /Not a port mapping/],
    ['70000:80', /out of range/],
    ['80:0', /out of range/],
    ['999.1.1.1:80:80', /Not a host address/],
    ['::1:80:80', /Not a host address/],
    ['localhost:80:80', /Not a host address/],
    ['8000-8009:80', /ranges differ in length/],
    ['90-80', /does not end after it starts/],
    ['80-80', /does not end after it starts/],
    ['[::1]:80', /needs a host port/],
    ['::80', /empty host address/],
    ['80/icmp', /Not a protocol: icmp/],
    ['', /Not a port mapping/],
  ];
  for (const [text, message] of refused) {
    it(`refuses ${JSON.stringify(text)} with a reason`, () => {
      assert.throws(() => parsePortSpec(text), message);
      assert.equal(isPortSpec(text), false);
    });
  }

  it('reads a list separated by blanks or commas, and stops at the first bad entry', () => {
    assert.deepEqual(parsePortSpecs('8080:80, 127.0.0.1:9000:90/udp 5000'), [
      { host_port: 8080, container_port: 80, protocol: 'tcp' },
      { host_ip: '127.0.0.1', host_port: 9000, container_port: 90, protocol: 'udp' },
      { container_port: 5000, protocol: 'tcp' },
    ]);
    assert.deepEqual(parsePortSpecs('  '), []);
    assert.throws(() => parsePortSpecs('8080:80 70000:80'), /Port out of range: 70000:80/);
  });
});
