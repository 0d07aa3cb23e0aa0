import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  discoverEndpoints,
  parseConnectionsJson,
  parseContainersConf,
  pickActive,
  socketFromUri,
  type DiscoveryEnv,
} from '../../../src/podman/discovery';

function env(
  o: Partial<DiscoveryEnv> & { files?: Record<string, string>; dirs?: Record<string, string[]> },
): DiscoveryEnv {
  return {
    env: {},
    platform: 'linux',
    homedir: '/home/u',
    uid: 1000,
    ...o,
    readFile: async (p) => o.files?.[p],
    listDir: async (p) => o.dirs?.[p],
  };
}

describe('endpoint discovery', () => {
  it('parses connection URIs', () => {
    assert.deepEqual(socketFromUri('unix:///run/user/1000/podman/podman.sock'), {
      socketPath: '/run/user/1000/podman/podman.sock',
    });
    assert.deepEqual(socketFromUri('unix:///tmp/with%20space.sock'), { socketPath: '/tmp/with space.sock' });
    assert.deepEqual(socketFromUri('/plain/path.sock'), { socketPath: '/plain/path.sock' });
    assert.deepEqual(socketFromUri('npipe:////./pipe/podman-machine-default'), {
      socketPath: '\\\\.\\pipe\\podman-machine-default',
    });
    assert.deepEqual(socketFromUri('ssh://core@127.0.0.1:2222/run/podman/podman.sock', '/k'), {
      ssh: { host: '127.0.0.1', user: 'core', port: 2222, socketPath: '/run/podman/podman.sock', identity: '/k' },
    });
    assert.deepEqual(socketFromUri('ssh://alias/run/user/1000/podman/podman.sock'), {
      ssh: { host: 'alias', socketPath: '/run/user/1000/podman/podman.sock' },
    });
    assert.match(socketFromUri('ssh://host').unsupported ?? '', /no socket path/);
    assert.match(socketFromUri('ftp://x').unsupported ?? '', /Unknown connection URI scheme: ftp/);
  });

  it('lists the setting, CONTAINER_HOST, rootless and rootful sockets for a user', async () => {
    const eps = await discoverEndpoints(
      env({
        settingSocketPath: '/custom/podman.sock',
        env: { CONTAINER_HOST: 'unix:///env/podman.sock', XDG_RUNTIME_DIR: '/run/user/1000' },
      }),
    );
    assert.deepEqual(
      eps.map((e) => [e.source, e.socketPath]),
      [
        ['setting', '/custom/podman.sock'],
        ['env', '/env/podman.sock'],
        ['rootless', '/run/user/1000/podman/podman.sock'],
        ['rootful', '/run/podman/podman.sock'],
      ],
    );
  });

  it('root gets only the rootful socket by default', async () => {
    const eps = await discoverEndpoints(env({ uid: 0, homedir: '/root' }));
    assert.deepEqual(
      eps.map((e) => e.socketPath),
      ['/run/podman/podman.sock'],
    );
  });

  it("reads Podman 5's podman-connections.json, marking the default and machines", async () => {
    const text = JSON.stringify({
      Connection: {
        Default: 'podman-machine-default-root',
        Connections: {
          'podman-machine-default': {
            URI: 'ssh://core@127.0.0.1:53123/run/user/501/podman/podman.sock',
            IsMachine: true,
          },
          'podman-machine-default-root': {
            URI: 'unix:///var/folders/x/podman-machine-default-api.sock',
            IsMachine: true,
          },
          local: { URI: 'unix:///srv/podman.sock' },
        },
      },
      Farm: {},
    });
    assert.equal(parseConnectionsJson('not json').length, 0);
    const eps = await discoverEndpoints(env({ files: { '/home/u/.config/containers/podman-connections.json': text } }));
    const machine = eps.find((e) => e.socketPath === '/var/folders/x/podman-machine-default-api.sock');
    assert.equal(machine?.source, 'machine');
    assert.equal(machine?.isDefault, true);
    assert.ok(
      eps.some((e) => e.uri.startsWith('ssh://') && e.ssh?.port === 53123 && !e.unsupported),
      'ssh connections are usable endpoints',
    );
    assert.ok(eps.some((e) => e.label === 'Connection local' && e.socketPath === '/srv/podman.sock'));
  });

  it('reads containers.conf service destinations with comments and quoting', () => {
    const conf = [
      '[engine]',
      'active_service = "prod" # the one to use',
      '',
      '[engine.service_destinations]',
      '  [engine.service_destinations.prod]',
      '  uri = "unix:///srv/prod.sock"',
      "  identity = '/home/u/.ssh/id'",
      '[engine.service_destinations."dev"]',
      "uri = 'ssh://dev@host/run/podman/podman.sock'",
    ].join('\r\n');
    assert.deepEqual(parseContainersConf(conf), [
      { name: 'prod', uri: 'unix:///srv/prod.sock', identity: '/home/u/.ssh/id', isDefault: true },
      { name: 'dev', uri: 'ssh://dev@host/run/podman/podman.sock', isDefault: false },
    ]);
  });

  it('finds podman machine sockets on macOS and the default pipe on Windows', async () => {
    const mac = await discoverEndpoints(
      env({
        platform: 'darwin',
        homedir: '/Users/u',
        env: { TMPDIR: '/var/folders/t/' },
        dirs: {
          '/Users/u/.local/share/containers/podman/machine/applehv': ['podman.sock', 'other'],
          '/var/folders/t/podman': ['podman-machine-default-api.sock'],
        },
      }),
    );
    assert.deepEqual(
      mac.map((e) => e.socketPath),
      [
        '/Users/u/.local/share/containers/podman/machine/applehv/podman.sock',
        '/var/folders/t/podman/podman-machine-default-api.sock',
      ],
    );
    assert.ok(mac.every((e) => e.source === 'machine'));
    const win = await discoverEndpoints(env({ platform: 'win32' }));
    assert.deepEqual(
      win.map((e) => e.socketPath),
      ['\\\\.\\pipe\\podman-machine-default'],
    );
  });

  it('picks the remembered endpoint, else the setting, else a healthy default', async () => {
    const eps = await discoverEndpoints(
      env({ settingSocketPath: '/s.sock', env: { XDG_RUNTIME_DIR: '/run/user/1000' } }),
    );
    assert.equal(pickActive(eps, '/run/podman/podman.sock', () => true)?.id, '/run/podman/podman.sock');
    assert.equal(pickActive(eps, undefined, () => false)?.id, '/s.sock');
    const noSetting = eps.filter((e) => e.source !== 'setting');
    assert.equal(
      pickActive(noSetting, undefined, (id) => id === '/run/podman/podman.sock')?.id,
      '/run/podman/podman.sock',
    );
  });
});
