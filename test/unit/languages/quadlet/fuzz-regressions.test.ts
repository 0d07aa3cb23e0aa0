// Differences the Quadlet fuzzer (test/fuzz/quadlet) found between the preview or the checks and
// Podman's real generators, each kept as a fixed case: the expected verdict and lines are what
// the generators of Podman 5.4.2 and 5.8.6 wrote for the same files (measured with -dryrun).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { previewUnit, quadletService } from '../../../../src/languages/quadlet';
import { CASES_58 } from './fuzz-cases-58';
import { ctxOf, docOf, memFiles } from './helpers';

export interface Case {
  name: string;
  path: string;
  text: string;
  /** Other files of the folder. */
  files?: Record<string, string>;
  versions: string[];
  /** The generator's refusal, or the lines its service has (`!` first: lines it does not have). */
  refusal?: string;
  lines?: string[];
}

const CASES: Case[] = [
  {
    name: 'a relative File= of a .build unit needs a context',
    path: '/q/b.build',
    text: '[Build]\nImageTag=localhost/a\nFile=sub/Dockerfile\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: 'relative path in File key requires SetWorkingDirectory key to be set',
  },
  {
    name: 'File=%h/... counts as relative for 5.4, not for 5.8',
    path: '/q/b.build',
    text: '[Build]\nImageTag=localhost/a\nFile=%h/Dockerfile\n',
    versions: ['5.4.2'],
    refusal: 'relative path in File key requires SetWorkingDirectory key to be set',
  },
  {
    name: 'File=%h/... is accepted by 5.8',
    path: '/q/b.build',
    text: '[Build]\nImageTag=localhost/a\nFile=%h/Dockerfile\n',
    versions: ['5.8.6'],
    lines: ['ExecStart=/usr/bin/podman build --tag localhost/a --file %h/Dockerfile'],
  },
  {
    name: 'Options= of a .volume needs Device=',
    path: '/q/v.volume',
    text: '[Volume]\nOptions=rw,noatime\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: "key Options can't be used without Device",
  },
  {
    name: 'Type= of a .volume needs Device=',
    path: '/q/v.volume',
    text: '[Volume]\nType=tmpfs\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: "key Type can't be used without Device",
  },
  {
    name: 'Driver=image needs Image=',
    path: '/q/v.volume',
    text: '[Volume]\nDriver=image\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: 'the key Image is mandatory when using the image driver',
  },
  {
    name: 'a container service is notify or oneshot',
    path: '/q/a.container',
    text: '[Container]\nImage=a\n[Service]\nType=notify-reload\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: "invalid service Type 'notify-reload'",
  },
  {
    name: 'a kube service has KillMode mixed or control-group',
    path: '/q/a.kube',
    text: '[Kube]\nYaml=/a.yaml\n[Service]\nKillMode=none\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: "invalid KillMode 'none'",
  },
  {
    name: 'a SyslogIdentifier= of the unit is kept, not doubled',
    path: '/q/n.network',
    text: '[Network]\n[Service]\nSyslogIdentifier=foo\n',
    versions: ['5.4.2', '5.8.6'],
    lines: ['SyslogIdentifier=foo', '!SyslogIdentifier=%N'],
  },
  {
    name: "a container's KillMode= is kept and NotifyAccess= replaced",
    path: '/q/a.container',
    text: '[Container]\nImage=a\n[Service]\nKillMode=control-group\nNotifyAccess=none\n',
    versions: ['5.4.2', '5.8.6'],
    lines: ['KillMode=control-group', '!KillMode=mixed', 'NotifyAccess=all', '!NotifyAccess=none'],
  },
  {
    name: 'a oneshot kube service gets no NotifyAccess=',
    path: '/q/a.kube',
    text: '[Kube]\nYaml=/a.yaml\n[Service]\nType=oneshot\n',
    versions: ['5.4.2', '5.8.6'],
    lines: ['Type=oneshot', '!NotifyAccess=all', '!Type=notify'],
  },
  {
    name: 'a [Unit] dependency on a missing Quadlet file fails the unit from 5.5 on',
    path: '/q/a.container',
    text: '[Container]\nImage=a\n[Unit]\nAfter=gone.volume\n',
    versions: ['5.8.6'],
    refusal: 'unable to translate dependency for gone.volume',
  },
  {
    name: 'a [Unit] dependency on a missing Quadlet file is left alone before 5.5',
    path: '/q/a.container',
    text: '[Container]\nImage=a\n[Unit]\nAfter=gone.volume\n',
    versions: ['5.4.2'],
    lines: ['After=gone.volume'],
  },
  {
    name: 'an instance file keeps the type suffix after the instance',
    path: '/q/b@i.image',
    text: '[Image]\nImage=a\n[Unit]\nDescription=instance\n',
    versions: ['5.4.2', '5.8.6'],
    lines: ['ExecStart=/usr/bin/podman image pull a'],
  },
  {
    name: 'a bind mount needs a source (5.8)',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nMount=type=bind,destination=/x\n',
    versions: ['5.8.6'],
    refusal: 'source cannot be empty',
  },
  {
    name: 'a mount without type or source is malformed (5.4)',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nMount=destination=/x\n',
    versions: ['5.4.2'],
    refusal:
      'incorrect mount format: should be --mount type=<bind|glob|tmpfs|volume>,[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]',
  },
  {
    name: 'tmpfs and devpts mounts need no source',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nMount=type=tmpfs,destination=/x\nMount=type=devpts,destination=/y\n',
    versions: ['5.4.2', '5.8.6'],
    lines: [],
  },
  {
    name: 'RemapUsers=keep-id takes one RemapUid=',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nRemapUsers=keep-id\nRemapUid=1\nRemapUid=2\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: 'RemapUsers=keep-id supports only a single value for UID mapping',
  },
  {
    name: 'RemapUidSize= alone does not conflict with an explicit GIDMap=',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nGIDMap=0:1:1\nRemapUidSize=3\n',
    versions: ['5.8.6'],
    lines: [
      'ExecStart=/usr/bin/podman run --name systemd-%N --replace --rm --cgroups=split --sdnotify=conmon -d --gidmap 0:1:1 a',
    ],
  },
  {
    name: 'RemapUidSize= alone does not conflict with an explicit GIDMap= (5.4)',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nGIDMap=0:1:1\nRemapUidSize=3\n',
    versions: ['5.4.2'],
    lines: [
      'ExecStart=/usr/bin/podman run --name systemd-%N --cidfile=%t/%N.cid --replace --rm --cgroups=split --sdnotify=conmon -d --gidmap 0:1:1 a',
    ],
  },
  {
    name: 'an empty RemapUid= still conflicts with UserNS=',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nUserNS=auto\nRemapUid=\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: 'deprecated Remap keys are set along with explicit mapping keys',
  },
  {
    name: 'a key=value word without = is dropped by 5.4',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nAnnotation=J K=1\nEnvironment=E\nLabel=L\n',
    versions: ['5.4.2'],
    lines: [
      'ExecStart=/usr/bin/podman run --name systemd-%N --cidfile=%t/%N.cid --replace --rm --cgroups=split --sdnotify=conmon -d --annotation K=1 a',
    ],
  },
  {
    name: 'a key=value word without = is kept by 5.8',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nAnnotation=J K=1\n',
    versions: ['5.8.6'],
    lines: [
      'ExecStart=/usr/bin/podman run --name systemd-%N --replace --rm --cgroups=split --sdnotify=conmon -d --annotation J --annotation K=1 a',
    ],
  },
  {
    name: 'a pod does not list a container refused before Pod= is read',
    path: '/q/p.pod',
    text: '[Pod]\n',
    files: { '/q/c.container': '[Container]\nAppArmor=unconfined\nPod=p.pod\n' },
    versions: ['5.4.2', '5.8.6'],
    lines: ['!Before=c.service', '!Wants=c.service'],
  },
  {
    name: 'Type= without Device= is reported before Options=',
    path: '/q/v.volume',
    text: '[Volume]\nOptions=rw\nType=tmpfs\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: "key Type can't be used without Device",
  },
  {
    name: 'false booleans are written as --flag=false',
    path: '/q/n.network',
    text: '[Network]\nDisableDNS=false\nInternal=false\nIPv6=true\n',
    versions: ['5.4.2', '5.8.6'],
    lines: ['ExecStart=/usr/bin/podman network create --ignore --disable-dns=false --internal=false --ipv6 systemd-n'],
  },
  {
    name: 'Copy=true is written as --opt copy',
    path: '/q/v.volume',
    text: '[Volume]\nCopy=true\n',
    versions: ['5.4.2', '5.8.6'],
    lines: ['ExecStart=/usr/bin/podman volume create --ignore --opt copy systemd-v'],
  },
  {
    name: 'KubeDownForce=false is written as --force=false',
    path: '/q/k.kube',
    text: '[Kube]\nYaml=/a.yaml\nKubeDownForce=false\n',
    versions: ['5.4.2', '5.8.6'],
    lines: ['ExecStopPost=/usr/bin/podman kube down --force=false /a.yaml'],
  },
  {
    name: 'ServiceName= is trimmed of double quotes',
    path: '/q/a.image',
    text: '[Image]\nImage=a\nServiceName="with space" x\n',
    versions: ['5.4.2', '5.8.6'],
    lines: ['ExecStart=/usr/bin/podman image pull a'],
  },
  {
    name: 'a container on a network unit the generator refuses is refused too',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nNetwork=n.network\n',
    files: { '/q/n.network': '[Network]\nGateway=10.0.0.1\n' },
    versions: ['5.4.2', '5.8.6'],
    refusal: 'cannot get the resource name of n.network',
  },
  {
    name: 'the deprecated RemapUsers= family is translated in a .pod',
    path: '/q/p.pod',
    text: '[Pod]\nRemapUsers=keep-id\nRemapUid=5\n',
    versions: ['5.4.2'],
    lines: [
      'ExecStartPre=/usr/bin/podman pod create --infra-conmon-pidfile=%t/%N.pid --pod-id-file=%t/%N.pod-id --exit-policy=stop --replace --userns keep-id:uid=5 --infra-name systemd-p-infra --name systemd-p',
    ],
  },
  {
    name: 'LogOpt= and RemapUsers= are translated in a .kube',
    path: '/q/k.kube',
    text: '[Kube]\nYaml=/a.yaml\nLogOpt=tag=x\nRemapUsers=auto\n',
    versions: ['5.4.2', '5.8.6'],
    lines: [
      'ExecStart=/usr/bin/podman kube play --replace --service-container=true --log-opt tag=x --userns auto /a.yaml',
    ],
  },
  {
    name: '5.4 refuses a .build without ImageTag= before it reads the keys',
    path: '/q/b.build',
    text: '[Build]\nRetry=3\n',
    versions: ['5.4.2'],
    refusal: 'no ImageTag key specified',
  },
  {
    name: 'a .kube refuses KillMode= before the deprecated Remap keys',
    path: '/q/k.kube',
    text: '[Kube]\nYaml=/a.yaml\nRemapGid=5\n[Service]\nKillMode=process\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: "invalid KillMode 'process'",
  },
  {
    name: 'a .kube refuses Type= before SetWorkingDirectory=',
    path: '/q/k.kube',
    text: '[Kube]\nYaml=/a.yaml\nSetWorkingDirectory=bogus\n[Service]\nType=exec\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: "invalid service Type 'exec'",
  },
  {
    name: 'a .kube refuses several ids for RemapUsers=keep-id before its networks',
    path: '/q/k.kube',
    text: '[Kube]\nYaml=/a.yaml\nRemapUsers=keep-id\nRemapUid=1 2\nNetwork=n.network\n',
    files: { '/q/n.network': '[Network]\nIPRange=10.0.0.0/24\n' },
    versions: ['5.4.2', '5.8.6'],
    refusal: 'RemapUsers=keep-id supports only a single value for UID mapping',
  },
  {
    name: 'a container resolves its networks before it refuses Type=',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nNetwork=missing.network\n[Service]\nType=exec\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: 'requested Quadlet unit missing.network was not found',
  },
  {
    name: 'a container resolves its image before it refuses KillMode=',
    path: '/q/a.container',
    text: '[Container]\nImage=missing.image\n[Service]\nKillMode=none\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: 'requested Quadlet image missing.image was not found',
  },
  {
    name: 'a container refuses KillMode= before it resolves its networks',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nNetwork=missing.network\n[Service]\nKillMode=none\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: "invalid KillMode 'none'",
  },
  {
    name: 'a container resolves its networks before it refuses Group= without User=',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nNetwork=n.network\nGroup=5\n',
    files: { '/q/n.network': '[Network]\nIPRange=10.0.0.0/24\n' },
    versions: ['5.4.2', '5.8.6'],
    refusal: 'cannot get the resource name of n.network',
  },
  {
    name: 'RemapUidSize= is read as a number: 0 writes no size',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nRemapUsers=auto\nRemapUidSize=0\n',
    versions: ['5.4.2'],
    lines: [
      'ExecStart=/usr/bin/podman run --name systemd-%N --cidfile=%t/%N.cid --replace --rm --cgroups=split --sdnotify=conmon -d --userns auto a',
    ],
  },
  {
    name: 'VolatileTmp= gives no /tmp to a read-only container',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nReadOnly=yes\nVolatileTmp=true\n',
    versions: ['5.4.2'],
    lines: [
      'ExecStart=/usr/bin/podman run --name systemd-%N --cidfile=%t/%N.cid --replace --rm --cgroups=split --sdnotify=conmon -d --read-only a',
    ],
  },
  {
    name: 'Network= of a template container has no resource name',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nNetwork=t@.container\n',
    files: { '/q/t@.container': '[Container]\nImage=a\n' },
    versions: ['5.4.2', '5.8.6'],
    refusal: 'cannot get the resource name of t@.container',
  },
  {
    name: 'Network= of a container takes its ContainerName= with %N resolved',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nNetwork=n.container\n',
    files: { '/q/n.container': '[Container]\nImage=a\nContainerName=x-%N\n' },
    versions: ['5.4.2'],
    lines: [
      'ExecStart=/usr/bin/podman run --name systemd-%N --cidfile=%t/%N.cid --replace --rm --cgroups=split --network container:x-n --sdnotify=conmon -d a',
    ],
  },
  {
    name: 'SetWorkingDirectory=file needs a File= line even with [Service] WorkingDirectory=',
    path: '/q/b.build',
    text: '[Build]\nImageTag=a\nSetWorkingDirectory=file\n[Service]\nWorkingDirectory=/w\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: 'no File key specified',
  },
  {
    name: 'SetWorkingDirectory=file with an empty File= has no context',
    path: '/q/b.build',
    text: '[Build]\nImageTag=a\nSetWorkingDirectory=file\nFile=\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: 'neither SetWorkingDirectory, nor File key specified',
  },
  {
    name: 'a .build resolves its volumes before it asks for a context',
    path: '/q/b.build',
    text: '[Build]\nImageTag=a\nVolume=missing.volume:/a\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: 'requested Quadlet source missing.volume was not found',
  },
  {
    name: 'a volume source whose unit the generator refuses (its image is missing) is left out',
    path: '/q/b.build',
    text: '[Build]\nImageTag=a\nFile=/x\nVolume=v.volume:/data\n',
    files: { '/q/v.volume': '[Volume]\nDriver=image\nImage=missing.image\n' },
    versions: ['5.4.2', '5.8.6'],
    lines: ['ExecStart=/usr/bin/podman build --tag a -v /data --file /x'],
  },
  {
    name: 'a pod starts a container whose Pod= comes from a truncated-name drop-in',
    path: '/q/p.pod',
    text: '[Pod]\n',
    files: { '/q/app-x.container': '[Container]\nImage=a\n', '/q/app-.container.d/a.conf': '[Container]\nPod=p.pod\n' },
    versions: ['5.4.2', '5.8.6'],
    lines: ['Wants=app-x.service', 'Before=app-x.service'],
  },
  {
    name: 'a .kube refuses KillMode= before Type=',
    path: '/q/k.kube',
    text: '[Kube]\nYaml=/a.yaml\n[Service]\nType=dbus\nKillMode=process\n',
    versions: ['5.4.2'],
    refusal: "invalid KillMode 'process'",
  },
  {
    name: 'a container joining its own network namespace is found (Network=self.container)',
    path: '/q/self.container',
    text: '[Container]\nImage=alpine\nNetwork=self.container\n',
    files: { '/q/self.container': '[Container]\nImage=alpine\nNetwork=self.container\n' },
    versions: ['5.4.2', '5.8.6'],
    lines: ['Requires=self.service', 'After=self.service'],
  },
  {
    name: 'Network= naming its own file refuses later keys, not "not found"',
    path: '/q/self.container',
    text: '[Container]\nImage=alpine\nNetwork=self.container\nRemapUsers=keep-id\nUIDMap=0:1:1\n',
    files: {
      '/q/self.container': '[Container]\nImage=alpine\nNetwork=self.container\nRemapUsers=keep-id\nUIDMap=0:1:1\n',
    },
    versions: ['5.4.2', '5.8.6'],
    refusal: 'deprecated Remap keys are set along with explicit mapping keys',
  },
  {
    name: 'a template joining its own network has no resource name',
    path: '/q/s@.container',
    text: '[Container]\nImage=alpine\nNetwork=s@.container\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: 'cannot get the resource name of s@.container',
  },
  {
    name: 'a single-valued key is checked on its last line only (SetWorkingDirectory=bogus, then =unit)',
    path: '/q/k.kube',
    text: '[Kube]\nYaml=a.yaml\nSetWorkingDirectory=bogus\nSetWorkingDirectory=unit\n',
    versions: ['5.4.2', '5.8.6'],
    lines: ['WorkingDirectory=/q'],
  },
  {
    name: 'an unknown SetWorkingDirectory= of a .kube is refused even with [Service] WorkingDirectory=',
    path: '/q/k.kube',
    text: '[Kube]\nYaml=a.yaml\nSetWorkingDirectory=bogus\n[Service]\nWorkingDirectory=%h/x\n',
    versions: ['5.4.2', '5.8.6'],
    refusal: 'unsupported value for WorkingDirectory: bogus ',
  },
  {
    name: 'SetWorkingDirectory= of a .kube ignores case',
    path: '/q/k.kube',
    text: '[Kube]\nYaml=a.yaml\nSetWorkingDirectory=Unit\n',
    versions: ['5.4.2', '5.8.6'],
    lines: ['WorkingDirectory=/q'],
  },
];

/** Error diagnostics of the checks on the case's unit. */
async function errors(c: Case, version: string): Promise<string[]> {
  const context = ctxOf(c.files ?? {}, { podmanVersion: version });
  const diagnostics = await quadletService.diagnostics(docOf(c.path, c.text), context);
  return diagnostics.filter((diagnostic) => diagnostic.severity === 1).map((diagnostic) => String(diagnostic.code));
}

describe('Quadlet differences found by the fuzzer stay fixed', () => {
  for (const c of [...CASES, ...CASES_58]) {
    for (const version of c.versions) {
      it(`${c.name} (Podman ${version})`, async () => {
        const files = memFiles({ [c.path]: c.text, ...(c.files ?? {}) });
        const result = await previewUnit({ path: c.path, text: c.text, files, podmanVersion: version });
        if (c.refusal) {
          assert.equal(result.ok, false, `the generator refuses: ${c.refusal}`);
          if (!result.ok) assert.equal(result.errors[0].message, c.refusal);
          assert.notDeepEqual(await errors(c, version), [], 'check reports the refusal');
          return;
        }
        assert.ok(result.ok, JSON.stringify(result));
        const lines = result.unitText.split('\n');
        for (const line of c.lines ?? []) {
          if (line.startsWith('!')) assert.ok(!lines.includes(line.slice(1)), `no ${line.slice(1)}`);
          else assert.ok(lines.includes(line), `has ${line}:\n${result.unitText}`);
        }
        assert.deepEqual(await errors(c, version), []);
      });
    }
  }
});
