import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { quadletService } from '../../../../src/languages/quadlet';
import { ctxOf, docOf, EOLS } from './helpers';

type Case = {
  name: string;
  path?: string;
  lines: string[];
  files?: Record<string, string>;
  podmanVersion?: string;
  /** [code, line, startChar, endChar] expected among the diagnostics. */
  expect: [string, number, number, number][];
  /** Codes that must not appear. */
  absent?: string[];
  message?: RegExp;
};

const IMG = 'Image=docker.io/library/alpine:3';
const cases: Case[] = [
  {
    name: 'unknown section with suggestion',
    lines: ['[Contianer]', IMG],
    expect: [['quadlet.unknown-section', 0, 1, 10]],
    message: /did you mean \[Container\]/,
  },
  {
    name: 'section of another unit type',
    lines: ['[Container]', IMG, '[Pod]', 'PodName=x'],
    expect: [['quadlet.section-wrong-type', 2, 1, 4]],
  },
  {
    name: 'unknown key with did-you-mean',
    lines: ['[Container]', IMG, 'PublishPorts=80'],
    expect: [['quadlet.unknown-key', 2, 0, 12]],
    message: /did you mean PublishPort=/,
  },
  {
    name: 'key of another unit type',
    lines: ['[Container]', IMG, 'PodName=web'],
    expect: [['quadlet.key-wrong-type', 2, 0, 7]],
    message: /\.pod/,
  },
  {
    name: 'typo in a systemd key',
    lines: ['[Service]', 'Restrat=always', '[Container]', IMG],
    expect: [['quadlet.unknown-key', 1, 0, 7]],
    message: /Restart=/,
  },
  {
    name: 'unrelated systemd keys are not flagged',
    lines: ['[Service]', 'MemoryHigh=1G', 'ProtectSystem=strict', '[Container]', IMG],
    expect: [],
    absent: ['quadlet.unknown-key'],
  },
  {
    name: 'invalid boolean',
    lines: ['[Container]', IMG, 'ReadOnly=perhaps'],
    expect: [['quadlet.invalid-bool', 2, 9, 16]],
  },
  { name: 'invalid enum', lines: ['[Container]', IMG, 'Pull=sometimes'], expect: [['quadlet.invalid-enum', 2, 5, 14]] },
  {
    name: 'invalid port',
    lines: ['[Container]', IMG, 'PublishPort=8080:70000'],
    expect: [['quadlet.invalid-port', 2, 12, 22]],
  },
  {
    name: 'invalid duration',
    lines: ['[Container]', IMG, 'HealthInterval=often'],
    expect: [['quadlet.invalid-duration', 2, 15, 20]],
  },
  { name: 'invalid size', lines: ['[Container]', IMG, 'ShmSize=huge'], expect: [['quadlet.invalid-size', 2, 8, 12]] },
  {
    name: 'relative path where an absolute one is needed',
    lines: ['[Container]', IMG, 'WorkingDir=srv/app'],
    expect: [['quadlet.absolute-path-required', 2, 11, 18]],
  },
  {
    name: 'container without Image or Rootfs',
    lines: ['[Unit]', 'Description=x', '[Container]', 'Exec=sleep 1'],
    expect: [['quadlet.missing-image', 2, 0, 11]],
  },
  {
    name: 'kube without Yaml',
    path: '/q/a.kube',
    lines: ['[Kube]', 'UserNS=auto'],
    expect: [['quadlet.missing-yaml', 0, 0, 6]],
  },
  {
    name: 'build without ImageTag and context',
    path: '/q/a.build',
    lines: ['[Build]', 'Pull=never'],
    expect: [
      ['quadlet.missing-image-tag', 0, 0, 7],
      ['quadlet.missing-build-context', 0, 0, 7],
    ],
  },
  {
    name: 'image without Image',
    path: '/q/a.image',
    lines: ['[Image]', 'Arch=amd64'],
    expect: [['quadlet.missing-image', 0, 0, 7]],
  },
  {
    name: 'missing own section',
    path: '/q/a.volume',
    lines: ['[Unit]', 'Description=x'],
    expect: [['quadlet.missing-section', 0, 0, 0]],
  },
  {
    name: 'Group without User',
    lines: ['[Container]', IMG, 'Group=10'],
    expect: [['quadlet.group-without-user', 2, 0, 5]],
  },
  {
    name: 'Image and Rootfs together',
    lines: ['[Container]', IMG, 'Rootfs=/r'],
    expect: [['quadlet.image-rootfs-conflict', 2, 0, 6]],
  },
  {
    name: 'Pod with PublishPort',
    lines: ['[Container]', IMG, 'Pod=web.pod', 'PublishPort=80:80'],
    files: { '/q/web.pod': '[Pod]\n' },
    expect: [['quadlet.pod-conflict', 3, 0, 11]],
  },
  {
    name: 'Pod that is not a .pod unit',
    lines: ['[Container]', IMG, 'Pod=web'],
    expect: [['quadlet.pod-not-quadlet', 2, 4, 7]],
  },
  {
    name: 'references to units that exist nowhere',
    lines: [
      '[Container]',
      'Image=app.build',
      'Network=back.network',
      'Volume=data.volume:/data',
      'Pod=web.pod',
      'Mount=type=image,source=base.image,destination=/b',
    ],
    expect: [
      ['quadlet.unresolved-reference', 1, 6, 15],
      ['quadlet.unresolved-reference', 2, 8, 20],
      ['quadlet.unresolved-reference', 3, 7, 18],
      ['quadlet.unresolved-reference', 4, 4, 11],
      ['quadlet.unresolved-reference', 5, 24, 34],
    ],
  },
  {
    name: 'references that exist are fine',
    lines: ['[Container]', 'Image=app.build', 'Network=back.network', 'Volume=data.volume:/data'],
    files: { '/q/app.build': '', '/q/back.network': '', '/q/data.volume': '' },
    expect: [],
    absent: ['quadlet.unresolved-reference'],
  },
  {
    name: 'refused [Service] keys',
    lines: ['[Container]', IMG, '[Service]', 'User=app', 'DynamicUser=yes'],
    expect: [
      ['quadlet.refused-service-key', 3, 0, 4],
      ['quadlet.refused-service-key', 4, 0, 11],
    ],
  },
  {
    name: 'key newer than the connected Podman',
    lines: ['[Container]', IMG, 'Pod=web.pod'],
    files: { '/q/web.pod': '' },
    podmanVersion: '4.9.4',
    expect: [['quadlet.newer-than-podman', 2, 0, 3]],
    message: /Podman 5\.0/,
  },
  {
    name: 'key supported by the connected Podman',
    lines: ['[Container]', IMG, 'Pod=web.pod'],
    files: { '/q/web.pod': '' },
    podmanVersion: '5.4.2',
    expect: [],
    absent: ['quadlet.newer-than-podman'],
  },
  {
    name: 'duplicate single-valued key',
    lines: ['[Container]', IMG, 'ContainerName=a', 'ContainerName=b'],
    expect: [['quadlet.duplicate-key', 2, 0, 13]],
  },
  {
    name: 'key before any section',
    lines: ['Image=x', '[Container]', IMG],
    expect: [['quadlet.key-outside-section', 0, 0, 5]],
  },
  {
    name: '[Install] keys the generator ignores',
    lines: ['[Container]', IMG, '[Install]', 'Also=x.timer'],
    expect: [['quadlet.install-key-ignored', 3, 0, 4]],
  },
  {
    name: 'deprecated key (still accepted by 5.x)',
    lines: ['[Container]', IMG, 'VolatileTmp=true'],
    podmanVersion: '5.8.6',
    expect: [['quadlet.deprecated-key', 2, 0, 11]],
    message: /Tmpfs=\/tmp/,
  },
  {
    name: 'deprecated Remap keys mixed with UserNS',
    lines: ['[Container]', IMG, 'RemapUsers=auto', 'UserNS=host'],
    expect: [['quadlet.remap-conflict', 3, 0, 6]],
  },
  {
    name: 'SetWorkingDirectory=yaml with several Yaml=',
    path: '/q/k.kube',
    lines: ['[Kube]', 'Yaml=/a.yaml', 'Yaml=/b.yaml', 'SetWorkingDirectory=yaml'],
    expect: [['quadlet.kube-yaml-workdir', 3, 0, 19]],
  },
  {
    name: 'several Yaml= on an older Podman',
    path: '/q/k.kube',
    lines: ['[Kube]', 'Yaml=/a.yaml', 'Yaml=/b.yaml'],
    podmanVersion: '5.4.2',
    expect: [['quadlet.older-podman-behaviour', 1, 0, 4]],
    absent: ['quadlet.kube-yaml-workdir'],
  },
  {
    name: 'volume Image= without Driver=image',
    path: '/q/v.volume',
    lines: ['[Volume]', 'Image=docker.io/a/b'],
    expect: [['quadlet.volume-image-driver', 1, 0, 5]],
  },
  {
    name: 'network ranges without subnets',
    path: '/q/n.network',
    lines: ['[Network]', 'IPRange=10.0.0.0/25'],
    expect: [['quadlet.gateway-without-subnet', 1, 0, 7]],
  },
  {
    name: 'unit type newer than the connected Podman',
    path: '/q/a.artifact',
    lines: ['[Artifact]', 'Artifact=quay.io/a/b:1'],
    podmanVersion: '5.4.2',
    expect: [['quadlet.newer-than-podman', 0, 0, 10]],
  },
  {
    name: 'a clean unit has no diagnostics',
    lines: [
      '[Unit]',
      'Description=ok',
      '[Container]',
      IMG,
      'PublishPort=8080:80',
      '[Service]',
      'Restart=always',
      '[Install]',
      'WantedBy=default.target',
    ],
    expect: [],
    absent: ['quadlet.'],
  },
];

async function run(c: Case, eol: string): Promise<Diagnostic[]> {
  const ctx = ctxOf(c.files ?? {}, { podmanVersion: c.podmanVersion });
  return await quadletService.diagnostics(docOf(c.path ?? '/q/a.container', c.lines.join(eol) + eol), ctx);
}

describe('Quadlet diagnostics', () => {
  for (const c of cases) {
    for (const [label, eol] of EOLS) {
      it(`${c.name} (${label})`, async () => {
        const diags = await run(c, eol);
        const got = diags.map((d) => [
          String(d.code),
          d.range.start.line,
          d.range.start.character,
          d.range.end.character,
        ]);
        for (const e of c.expect) {
          assert.ok(
            got.some((g) => JSON.stringify(g) === JSON.stringify(e)),
            `expected ${JSON.stringify(e)} in ${JSON.stringify(got)}`,
          );
        }
        for (const a of c.absent ?? []) {
          assert.ok(!got.some((g) => String(g[0]).startsWith(a)), `unexpected ${a}: ${JSON.stringify(got)}`);
        }
        if (c.message) {
          assert.ok(
            diags.some((d) => c.message!.test(String(d.message))),
            diags.map((d) => d.message).join(' | '),
          );
        }
        for (const d of diags) assert.equal(d.source, 'podman');
      });
    }
  }

  it('checks a drop-in in the context of its unit', async () => {
    const ctx = ctxOf({
      '/q/web.container': '[Container]\nImage=docker.io/a/b\nPod=web.pod\n',
      '/q/web.pod': '[Pod]\n',
    });
    const diags = await quadletService.diagnostics(
      docOf('/q/web.container.d/10-ports.conf', '[Container]\nPublishPort=80:80\nReadOnly=nah\n'),
      ctx,
    );
    const codes = diags.map((d) => `${d.code}@${d.range.start.line}`).sort();
    assert.deepEqual(codes, ['quadlet.invalid-bool@2', 'quadlet.pod-conflict@1']);
  });

  it('a unit includes its drop-ins: Image= from a drop-in satisfies the unit', async () => {
    const files = { '/q/web.container.d/image.conf': '[Container]\nImage=docker.io/a/b\n' };
    const withDropIn = await quadletService.diagnostics(
      docOf('/q/web.container', '[Container]\nExec=sleep 1\n'),
      ctxOf(files),
    );
    assert.deepEqual(withDropIn, []);
    const without = await quadletService.diagnostics(
      docOf('/q/web.container', '[Container]\nExec=sleep 1\n'),
      ctxOf({}),
    );
    assert.equal(without[0]?.code, 'quadlet.missing-image');
  });

  it('a type-wide drop-in is checked on its own, without whole-unit rules', async () => {
    const diags = await quadletService.diagnostics(
      docOf('/q/container.d/50-common.conf', '[Container]\nLabel=team=ops\nNotify=sometimes\n'),
      ctxOf({}),
    );
    assert.deepEqual(
      diags.map((d) => d.code),
      ['quadlet.invalid-enum'],
    );
  });

  it('checks every unit of a .quadlets file; siblings satisfy references', async () => {
    const text = [
      '# FileName=web',
      '[Container]',
      'Image=docker.io/a/b',
      'Volume=data.volume:/d',
      'Network=other.network',
      '---',
      '# FileName=data',
      '[Volume]',
      'Copy=perhaps',
      '---',
      '[Network]',
    ].join('\n');
    const diags = await quadletService.diagnostics(docOf('/q/app.quadlets', text), ctxOf({}));
    const got = diags.map((d) => `${d.code}@${d.range.start.line}`);
    assert.deepEqual(got.sort(), [
      'quadlet.invalid-bool@8',
      'quadlet.quadlets-missing-filename@10',
      'quadlet.unresolved-reference@4',
    ]);
  });

  it('never crashes or hangs on hostile input', async () => {
    const ctx = ctxOf({
      '/q/a.container': '[Container]\nNetwork=b.container\n',
      '/q/b.container': '[Container]\nNetwork=a.container\n',
    });
    const inputs = [
      '\0\0\0',
      '[Container]\nImage=\0\n',
      '\\'.repeat(100000),
      '[Container]\n' + 'X=1\n'.repeat(50000),
      '[Container]\nNetwork=b.container\n',
    ];
    for (const text of inputs) {
      const t = performance.now();
      const diags = await quadletService.diagnostics(docOf('/q/a.container', text), ctx);
      assert.ok(Array.isArray(diags));
      assert.ok(diags.length <= 1000);
      assert.ok(performance.now() - t < 20000);
    }
  });

  it('reports a binary unit, drop-in or .quadlets file once, with nothing else', async () => {
    for (const path of ['/q/a.container', '/q/a.container.d/x.conf', '/q/all.quadlets']) {
      const text = '[Container]\nImage=a\n' + '\0\u0001[\u00ff=\n'.repeat(5000);
      const diags = await quadletService.diagnostics(docOf(path, text), ctxOf({}));
      assert.deepEqual(
        diags.map((d) => [d.code, d.severity, d.range.start.line]),
        [['quadlet.binary-file', 1, 0]],
        path,
      );
    }
  });
});
