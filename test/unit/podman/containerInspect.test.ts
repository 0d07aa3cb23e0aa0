// containerFromInspect: a container's libpod inspect gives exactly the entry the libpod list gives
// for it (the explorer fetches a created container this way), in the shapes Podman 4.3 and 5.x
// answer; a pod member or published ports (which inspect cannot say as the list does) give
// undefined, so that the caller lists it. The integration client suite checks the same against
// real Podman targets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerFromInspect, parseContainer } from '../../../src/podman/models';

const ID = 'a'.repeat(64);
const IMAGE_ID = 'b'.repeat(64);

/** The list entry (GET /libpod/containers/json) of a created, never started container. */
const listed = {
  AutoRemove: false,
  Command: ['sh', '-c', 'echo hi'],
  Created: '2026-12-03T21:00:00.123456789Z',
  CreatedAt: '',
  Exited: false,
  ExitedAt: -62135596800,
  ExitCode: 0,
  Id: ID,
  Image: 'localhost/pw-busybox:latest',
  ImageID: IMAGE_ID,
  IsInfra: false,
  Labels: { 'io.podman.compose.project': 'proj', a: 'b' },
  Mounts: [],
  Names: ['web'],
  Namespaces: {},
  Networks: ['podman'],
  Pid: 0,
  Pod: '',
  PodName: '',
  Ports: null,
  Size: null,
  StartedAt: -62135596800,
  State: 'created',
  Status: '',
};

/** The same container's inspect (GET /libpod/containers/{id}/json), the fields that matter and some that do not. */
const inspected = {
  Id: ID,
  Created: '2026-12-03T21:00:00.123456789Z',
  Path: 'sh',
  Args: ['-c', 'echo hi'],
  State: {
    OciVersion: '1.0.2-dev',
    Status: 'created',
    Running: false,
    Pid: 0,
    ExitCode: 0,
    StartedAt: '0001-01-01T00:00:00Z',
    FinishedAt: '0001-01-01T00:00:00Z',
  },
  Image: IMAGE_ID,
  ImageName: 'localhost/pw-busybox:latest',
  Name: 'web',
  Pod: '',
  IsInfra: false,
  Config: {
    Hostname: 'aaaaaaaaaaaa',
    Cmd: ['sh', '-c', 'echo hi'],
    Entrypoint: '',
    Labels: { 'io.podman.compose.project': 'proj', a: 'b' },
    Annotations: { 'io.container.manager': 'libpod' },
  },
  NetworkSettings: {
    Ports: { '8080/tcp': null },
    Networks: { podman: { NetworkID: 'podman', IPAddress: '' } },
  },
};

describe('containerFromInspect', () => {
  it('gives the list entry of a created container (zero start time, exposed port not published)', () => {
    assert.deepEqual(containerFromInspect(inspected), parseContainer(listed));
  });

  it('gives the list entry of a running container with a health check (State.Health, 5.x; State.Healthcheck, 4.3)', () => {
    const started = '2026-12-03T21:00:05.999999999+01:00';
    const list = { ...listed, State: 'running', StartedAt: 1796331605 - 3600, Status: 'healthy', Pid: 42 };
    const state = { ...inspected.State, Status: 'running', Running: true, Pid: 42, StartedAt: started };
    const want = parseContainer(list);
    assert.deepEqual(containerFromInspect({ ...inspected, State: { ...state, Health: { Status: 'healthy' } } }), want);
    assert.deepEqual(
      containerFromInspect({ ...inspected, State: { ...state, Healthcheck: { Status: 'healthy' } } }),
      want,
    );
  });

  it('gives the list entry of an exited one (exit code), with no network (host or none)', () => {
    const list = { ...listed, State: 'exited', ExitCode: 3, StartedAt: 1796331601, Networks: [] };
    const state = { ...inspected.State, Status: 'exited', ExitCode: 3, StartedAt: '2026-12-03T21:00:01.5Z' };
    const raw = { ...inspected, State: state, NetworkSettings: { Ports: {} } };
    assert.deepEqual(containerFromInspect(raw), parseContainer(list));
  });

  it('gives undefined for a pod member or published ports (the caller lists those), and for no id', () => {
    assert.equal(containerFromInspect({ ...inspected, Pod: 'c'.repeat(64) }), undefined);
    const ports = { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '40000' }] };
    assert.equal(
      containerFromInspect({ ...inspected, NetworkSettings: { ...inspected.NetworkSettings, Ports: ports } }),
      undefined,
    );
    assert.equal(containerFromInspect({ ...inspected, Id: undefined }), undefined);
    assert.equal(containerFromInspect('not an object'), undefined);
  });
});
