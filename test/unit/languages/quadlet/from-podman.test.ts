import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { convertRun, shellWords } from '../../../../src/languages/quadlet/fromRun';
import { splitWords } from '../../../../src/languages/quadlet/generator/words';
import {
  previewUnit,
  quadletFromInspect,
  quadletFromPodmanRun,
  quadletService,
} from '../../../../src/languages/quadlet';
import { ctxOf, docOf, memFiles } from './helpers';

/** Options of an ExecStart as a sorted list of "flag value" strings, plus image and command. */
async function effective(unitText: string) {
  const r = await previewUnit({ path: '/q/gen.container', text: unitText, files: memFiles({}), podmanVersion: '5.4' });
  assert.ok(r.ok, JSON.stringify(r));
  return splitWords(
    r.unitText
      .split('\n')
      .find((l) => l.startsWith('ExecStart='))!
      .slice(10),
  );
}

describe('shell word splitting', () => {
  it('handles quotes, escapes and line continuations', () => {
    assert.deepEqual(shellWords(`podman run -e 'A=b c' -e "B=\\"q\\" \\$x" a\\ b \\\n  img`), [
      'podman',
      'run',
      '-e',
      'A=b c',
      '-e',
      'B="q" $x',
      'a b',
      'img',
    ]);
    assert.deepEqual(shellWords('x "" y'), ['x', '', 'y']);
    assert.deepEqual(shellWords('a # comment'), ['a']);
  });
});

describe('quadletFromPodmanRun', () => {
  const cmd = `podman run -d --rm -it --name web -p 8080:80 -p 127.0.0.1:8443:443/tcp -e "GREETING=hello world" --env=MODE=prod -v data:/data:Z -v /srv/www:/usr/share/nginx/html:ro --label app=web --cap-add NET_ADMIN --user 1000:1000 --read-only --init --security-opt no-new-privileges --memory-swap 1g --restart=always --health-cmd 'curl -f http://localhost/' --frobnicate docker.io/library/nginx:1.27 nginx -g 'daemon off;'`;

  it('maps flags to keys and lists what it dropped', () => {
    const { text, unsupported } = convertRun(cmd);
    for (const l of [
      'ContainerName=web',
      'PublishPort=8080:80',
      'PublishPort=127.0.0.1:8443:443/tcp',
      'Environment="GREETING=hello world"',
      'Environment=MODE=prod',
      'Volume=data:/data:Z',
      'Label=app=web',
      'AddCapability=NET_ADMIN',
      'User=1000',
      'Group=1000',
      'ReadOnly=true',
      'RunInit=true',
      'NoNewPrivileges=true',
      'PodmanArgs=--memory-swap=1g',
      'Restart=always',
      'HealthCmd=curl -f http://localhost/',
      'Image=docker.io/library/nginx:1.27',
      'Exec=nginx -g "daemon off;"',
    ]) {
      assert.ok(text.split('\n').includes(l), `missing ${l} in\n${text}`);
    }
    assert.deepEqual(unsupported, ['--frobnicate']);
    assert.match(text, /# Not carried over: --interactive/);
    assert.match(text, /# Not carried over: --frobnicate/);
  });

  it('round-trips: the preview runs the same effective options', async () => {
    const text = quadletFromPodmanRun(cmd.replace(' --frobnicate', ''));
    const diags = await quadletService.diagnostics(docOf('/q/gen.container', text), ctxOf());
    assert.deepEqual(
      diags.map((d) => d.message),
      [],
    );
    const args = await effective(text);
    const pairs = (a: string[]) =>
      a.map((w, i) =>
        w.startsWith('-') && !w.includes('=') && a[i + 1] && !a[i + 1].startsWith('-') ? `${w} ${a[i + 1]}` : w,
      );
    const got = pairs(args);
    for (const p of [
      '--name web',
      '--publish 8080:80',
      '--publish 127.0.0.1:8443:443/tcp',
      '--env GREETING=hello world',
      '--env MODE=prod',
      '-v data:/data:Z',
      '-v /srv/www:/usr/share/nginx/html:ro',
      '--label app=web',
      '--cap-add net_admin',
      '--user 1000:1000',
      '--read-only',
      '--init',
      '--security-opt=no-new-privileges',
      '--memory-swap=1g',
      '--health-cmd curl -f http://localhost/',
    ]) {
      assert.ok(got.includes(p), `${p} missing from ${JSON.stringify(got)}`);
    }
    assert.deepEqual(args.slice(-4), ['docker.io/library/nginx:1.27', 'nginx', '-g', 'daemon off;']);
  });

  it('escapes systemd specifiers and keeps clustered short flags apart', async () => {
    const text = quadletFromPodmanRun(`podman run -dit -p8080:80 -e PCT=50% alpine echo 100%`);
    assert.ok(text.includes('Environment=PCT=50%%'));
    assert.ok(text.includes('PublishPort=8080:80'));
    assert.ok(text.includes('Exec=echo 100%%'));
  });

  it('rejects something that is not podman run', () => {
    assert.throws(() => quadletFromPodmanRun('docker ps'), /podman run/);
    assert.throws(() => quadletFromPodmanRun('podman run --rm'), /no image/);
  });
});

describe('quadletFromInspect', () => {
  it('builds a .container from container inspect JSON', async () => {
    const inspect = [
      {
        Id: 'abc',
        Name: 'web',
        ImageName: 'docker.io/library/nginx:1',
        Config: {
          Image: 'docker.io/library/nginx:1',
          Env: ['PATH=/usr/bin', 'MODE=prod', 'MSG=a b'],
          Labels: { app: 'web', 'io.containers.autoupdate': 'registry' },
          Cmd: ['nginx', '-g', 'daemon off;'],
          User: '101',
          WorkingDir: '/srv',
        },
        HostConfig: {
          PortBindings: {
            '80/tcp': [{ HostIp: '', HostPort: '8080' }],
            '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }],
          },
          CapAdd: ['NET_ADMIN'],
          RestartPolicy: { Name: 'always' },
          ReadonlyRootfs: true,
          NetworkMode: 'bridge',
        },
        Mounts: [
          { Type: 'volume', Name: 'data', Destination: '/data', RW: true },
          { Type: 'bind', Source: '/etc/app', Destination: '/conf', RW: false },
        ],
        NetworkSettings: { Networks: { backend: {} } },
      },
    ];
    const text = quadletFromInspect('container', inspect);
    for (const l of [
      'Image=docker.io/library/nginx:1',
      'ContainerName=web',
      'Environment=MODE=prod',
      'Environment="MSG=a b"',
      'Label=app=web',
      'AutoUpdate=registry',
      'PublishPort=8080:80',
      'PublishPort=127.0.0.1:5353:53/udp',
      'Volume=data:/data',
      'Volume=/etc/app:/conf:ro',
      'Network=backend',
      'AddCapability=NET_ADMIN',
      'User=101',
      'WorkingDir=/srv',
      'ReadOnly=true',
      'Exec=nginx -g "daemon off;"',
      'Restart=always',
    ]) {
      assert.ok(text.split('\n').includes(l), `missing ${l} in\n${text}`);
    }
    assert.ok(!text.includes('PATH='));
    const diags = await quadletService.diagnostics(docOf('/q/web.container', text), ctxOf());
    assert.deepEqual(
      diags.map((d) => d.message),
      [],
    );
  });

  it('converts real Podman 4.3.1 inspect output (fixtures) into units that preview to the same options', async () => {
    const { readFileSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const load = (k: string) =>
      JSON.parse(readFileSync(resolve(__dirname, '../../../fixtures/quadlet/inspect', `${k}.json`), 'utf8'));
    const text = quadletFromInspect('container', load('container'));
    assert.deepEqual(
      (await quadletService.diagnostics(docOf('/q/web.container', text), ctxOf({ '/q/backend.network': '' }))).map(
        (d) => d.message,
      ),
      [],
    );
    const args = await effective(text);
    const pairs = args.map((w, i) => `${w} ${args[i + 1]}`);
    for (const p of [
      '--publish 8080:80',
      '--publish 127.0.0.1:5353:53/udp',
      '-v cache:/cache',
      '-v /etc/hostname:/conf/hostname:ro',
      '--env MODE=prod',
      '--env MSG=a b',
      '--label app=web',
      '--label io.containers.autoupdate=local',
      '--cap-add cap_net_admin',
      '--user 101',
      '--workdir /srv',
      '--network backend',
      '--name web',
    ]) {
      assert.ok(pairs.includes(p), `${p} missing: ${args.join(' ')}`);
    }
    assert.ok(args.includes('--read-only') && args.includes('--init'));
    assert.deepEqual(args.slice(-3), ['localhost/bb:1', 'sleep', '1000']);
    assert.match(
      quadletFromInspect('volume', load('volume')),
      /VolumeName=cache\nDevice=tmpfs\nType=tmpfs\nOptions=mode=0755\nLabel=team=ops/,
    );
    assert.match(
      quadletFromInspect('network', load('network')),
      /NetworkName=backend\nSubnet=10.89.7.0\/24\nGateway=10.89.7.1\nInternal=true\nLabel=tier=back/,
    );
    assert.match(quadletFromInspect('image', load('image')), /Image=localhost\/bb:1/);
  });

  it('builds volume, network, pod and image units', () => {
    assert.match(
      quadletFromInspect('volume', {
        Name: 'data',
        Driver: 'local',
        Options: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' },
        Labels: { a: 'b' },
      }),
      /VolumeName=data\nDevice=tmpfs\nType=tmpfs\nOptions=size=1m\nLabel=a=b/,
    );
    const net = quadletFromInspect('network', {
      name: 'backend',
      driver: 'bridge',
      subnets: [{ subnet: '10.89.0.0/24', gateway: '10.89.0.1' }],
      ipv6_enabled: false,
      internal: true,
      dns_enabled: true,
      labels: {},
      options: {},
    });
    assert.match(net, /NetworkName=backend\nSubnet=10.89.0.0\/24\nGateway=10.89.0.1\nInternal=true/);
    assert.match(
      quadletFromInspect('pod', {
        Name: 'web',
        InfraConfig: { PortBindings: { '80/tcp': [{ HostPort: '8080' }] }, Networks: ['backend'] },
      }),
      /PodName=web\nPublishPort=8080:80\nNetwork=backend/,
    );
    assert.match(
      quadletFromInspect('image', { RepoTags: ['docker.io/library/alpine:3'], Architecture: 'amd64', Os: 'linux' }),
      /\[Image\]\nImage=docker.io\/library\/alpine:3\nArch=amd64\nOS=linux/,
    );
  });
});
