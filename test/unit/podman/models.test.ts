import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyError, socketFix } from '../../../src/podman/errors';
import {
  parseContainer,
  parseEvent,
  parseImage,
  parseList,
  parseNetwork,
  parsePod,
  stateAfterEvent,
} from '../../../src/podman/models';
import { FrameDemuxer } from '../../../src/podman/client';

describe('models validated at the boundary', () => {
  it('parses a libpod container, tolerating wrong types', () => {
    const c = parseContainer({
      Id: 'abc123',
      Names: ['/web'],
      Image: 'img',
      State: 'running',
      Ports: [{ host_ip: '127.0.0.1', host_port: 8080, container_port: 80, protocol: 'tcp', range: 1 }],
      Labels: { 'io.podman.compose.project': 'shop', n: 5 },
      Pod: 'p1',
      PodName: 'pod',
      IsInfra: 'yes',
      Created: '2026-01-01T00:00:00Z',
    });
    assert.ok(c);
    assert.equal(c.name, 'web');
    assert.equal(c.state, 'running');
    assert.deepEqual(c.ports, [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp', range: 1 }]);
    assert.deepEqual(c.labels, { 'io.podman.compose.project': 'shop' }, 'non-string labels are dropped');
    assert.equal(c.composeProject, 'shop');
    assert.equal(c.isInfra, false, 'only a real boolean counts');
    assert.equal(c.created, Date.parse('2026-01-01T00:00:00Z'));
    assert.equal(parseContainer({ Names: ['x'] }), undefined, 'no id, no container');
    assert.equal(parseContainer({ Id: 'x', State: 'weird' })?.state, 'unknown');
    assert.deepEqual(parseList('not a list', parseContainer), []);
    assert.equal(parseList([null, 3, { Id: 'a' }], parseContainer).length, 1);
  });
  it('parses pods, images (dangling) and networks', () => {
    assert.equal(
      parsePod({ Id: 'p', Name: 'pod', Status: 'Running', Containers: [{ Id: 'c', Names: 'n', Status: 'running' }] })
        ?.containers[0].name,
      'n',
    );
    assert.equal(parseImage({ Id: 'sha256:abc', RepoTags: null })?.dangling, true);
    assert.equal(parseImage({ Id: 'abc', RepoTags: ['<none>:<none>'] })?.dangling, true);
    assert.deepEqual(parseImage({ Id: 'abc', RepoTags: ['a:1'] })?.repoTags, ['a:1']);
    assert.deepEqual(parseNetwork({ name: 'n', subnets: [{ subnet: '10.0.0.0/24' }] })?.subnets, ['10.0.0.0/24']);
  });
  it('normalizes events of both APIs', () => {
    const lib = parseEvent({
      Type: 'container',
      Action: 'died',
      Actor: { ID: 'id1', Attributes: { name: 'web' } },
      time: 10,
      timeNano: 10_000_000_001,
    });
    assert.deepEqual([lib?.type, lib?.action, lib?.id, lib?.name, lib?.time], ['container', 'died', 'id1', 'web', 10]);
    assert.equal(
      parseEvent({ Type: 'container', status: 'die', id: 'x', time: 1 })?.action,
      'died',
      'compat die is libpod died',
    );
    assert.equal(parseEvent({ Type: 'image', Action: 'delete' })?.action, 'remove');
    assert.equal(parseEvent({ nothing: true }), undefined);
    // Podman 5 shapes: a network event names the network in `network` (its `name` is empty);
    // health_status carries the health at the top level.
    const net = parseEvent({
      status: 'create',
      id: 'n'.repeat(64),
      Type: 'network',
      Action: 'create',
      Actor: {
        ID: 'n'.repeat(64),
        Attributes: { driver: 'bridge', image: '', name: '', network: 'backend', podId: '' },
      },
      time: 5,
      timeNano: 5_000_000_000,
    });
    assert.deepEqual([net?.type, net?.action, net?.name, net?.id], ['network', 'create', 'backend', 'n'.repeat(64)]);
    assert.equal(
      parseEvent({ Type: 'container', Action: 'create', Actor: { ID: 'c', Attributes: { name: '', network: 'x' } } })
        ?.name,
      '',
      'only network events read `network`',
    );
    const health = parseEvent({
      Type: 'container',
      Action: 'health_status',
      Actor: { ID: 'c', Attributes: { name: 'hc' } },
      time: 1,
      HealthStatus: 'unhealthy',
    });
    assert.equal(health?.healthStatus, 'unhealthy');
    assert.equal(lib?.healthStatus, undefined);
    assert.equal(stateAfterEvent('start'), 'running');
    assert.equal(stateAfterEvent('died'), 'exited');
    assert.equal(stateAfterEvent('pause'), 'paused');
    assert.equal(stateAfterEvent('kill'), undefined, 'a signal need not end the process');
  });
});

describe('errors carry a reason and a fix', () => {
  it('classifies socket errors', () => {
    const sock = '/run/user/1000/podman/podman.sock';
    const missing = classifyError(Object.assign(new Error('x'), { code: 'ENOENT' }), sock);
    assert.equal(missing.kind, 'socket-missing');
    assert.match(missing.fix ?? '', /systemctl --user enable --now podman\.socket/);
    assert.equal(
      classifyError(Object.assign(new Error('x'), { code: 'EACCES' }), '/run/podman/podman.sock').kind,
      'permission-denied',
    );
    assert.equal(classifyError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), sock).kind, 'refused');
    assert.equal(classifyError(Object.assign(new Error('x'), { code: 'ENOTSOCK' }), sock).kind, 'not-a-socket');
    assert.match(socketFix('/run/podman/podman.sock'), /sudo systemctl enable --now podman\.socket/);
  });
  it('keeps the API message of HTTP errors', () => {
    const e = classifyError(
      Object.assign(
        new Error('(HTTP code 404) no such object - no container with name or ID "x" found: no such container '),
        { statusCode: 404, reason: 'no such object', json: null },
      ),
      '/s',
    );
    assert.equal(e.kind, 'not-found');
    assert.match(e.message, /no container with name or ID "x"/);
    const c = classifyError({ statusCode: 409, json: { message: 'container is paused', cause: 'x' } }, '/s');
    assert.equal(c.kind, 'conflict');
    assert.equal(c.message, 'container is paused');
  });
});

describe('client helpers', () => {
  it('demultiplexes frames split across chunks', () => {
    const got: string[] = [];
    const d = new FrameDemuxer((s, b) => got.push(`${s}:${b.toString()}`));
    const frame = (t: number, s: string) =>
      Buffer.concat([Buffer.from([t, 0, 0, 0]), Buffer.from([0, 0, 0, Buffer.byteLength(s)]), Buffer.from(s)]);
    const all = Buffer.concat([frame(1, 'out'), frame(2, 'err!'), frame(1, 'é')]);
    for (const b of [all.subarray(0, 5), all.subarray(5, 13), all.subarray(13)]) d.push(b);
    assert.deepEqual(got, ['stdout:out', 'stderr:err!', 'stdout:é']);
  });
});
