import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseContainerInspect,
  parseImageInspect,
  parseNetworkInspect,
  parsePodInspect,
  parseVolumeInspect,
} from '../../../src/podman/inspect';

describe('inspect records', () => {
  it('keeps every field Podman sends, typed ones of the right type as they are', () => {
    const raw = {
      Id: 'c'.repeat(64),
      Name: 'web',
      State: { Status: 'running', Running: true, Pid: 42, OciVersion: '1.0' },
      Config: { Env: ['A=1'], Entrypoint: '/bin/sh', Labels: null },
      HostConfig: { CapAdd: null, Privileged: false },
      Mounts: [{ Type: 'bind', Source: '/a', Destination: '/b', RW: true, Propagation: 'rprivate' }],
      Extra: { anything: [1, 2] },
    };
    assert.deepEqual(parseContainerInspect(raw), raw);
  });
  it('drops a typed field of the wrong type, and a malformed list item', () => {
    const r = parseContainerInspect({
      Id: 'abc',
      Name: 7,
      State: { Running: 'yes', Pid: 3 },
      Config: { Env: ['A=1', 2] },
      Mounts: [{ Source: '/a', Destination: 5 }, 'x'],
    });
    assert.deepEqual(r, { Id: 'abc', State: { Pid: 3 }, Config: {}, Mounts: [{ Source: '/a' }] });
  });
  it('refuses an answer without its key', () => {
    assert.throws(() => parseContainerInspect({ Name: 'web' }), /container inspect without Id/);
    assert.throws(() => parseContainerInspect('nope'), /without Id/);
    assert.throws(() => parseImageInspect({}), /image inspect without Id/);
    assert.throws(() => parsePodInspect([]), /pod inspect without Id/);
    assert.throws(() => parseVolumeInspect({ Name: '' }), /volume inspect without Name/);
    assert.throws(() => parseNetworkInspect({ Name: 'n' }), /network inspect without name/);
  });
  it('types the image, pod, volume and network fields the product reads', () => {
    assert.deepEqual(parseImageInspect({ Id: 'i', Config: { Entrypoint: ['/app'], Cmd: null, WorkingDir: 3 } }), {
      Id: 'i',
      Config: { Entrypoint: ['/app'], Cmd: null },
    });
    assert.deepEqual(parsePodInspect({ Id: 'p', Containers: [{ Id: 'c', State: 'running' }, null] }), {
      Id: 'p',
      Containers: [{ Id: 'c', State: 'running' }],
    });
    assert.deepEqual(parseVolumeInspect({ Name: 'v', Labels: { a: 'b' }, Options: { o: 1 } }), {
      Name: 'v',
      Labels: { a: 'b' },
    });
    assert.deepEqual(parseNetworkInspect({ name: 'n', subnets: [{ subnet: '10.0.0.0/24', gateway: 1 }] }), {
      name: 'n',
      subnets: [{ subnet: '10.0.0.0/24' }],
    });
  });
});
