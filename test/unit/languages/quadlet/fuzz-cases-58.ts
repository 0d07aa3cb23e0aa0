// Rows of the fuzzer's regression table (fuzz-regressions.test.ts) found against the newest
// generator only (Podman 5.8.6, suite `sid`): each is a minimised unit whose verdict and lines
// are what that generator wrote for the same files with -dryrun.
import type { Case } from './fuzz-regressions.test';

export const CASES_58: Case[] = [
  {
    name: '[Unit] dependencies are translated in the generator key order: Before= fails before PartOf=',
    path: '/q/a.container',
    text: '[Container]\nImage=a\n\n[Unit]\nPartOf=db.mount missing-0.kube\nBefore=missing-2.network b.build\n',
    files: { '/q/b.build': '[Build]\nImageTag=localhost/b\n' },
    versions: ['5.8.6'],
    refusal: 'unable to translate dependency for missing-2.network',
  },
  {
    name: 'BindsTo= is translated before Requisite=',
    path: '/q/p.pod',
    text: '[Pod]\n\n[Unit]\nRequisite=missing-1.network\nBindsTo=missing-1.kube\n',
    versions: ['5.8.6'],
    refusal: 'unable to translate dependency for missing-1.kube',
  },
  {
    name: 'OnFailure= naming a Quadlet file is translated too',
    path: '/q/a.container',
    text: '[Container]\nImage=a\n\n[Unit]\nOnFailure=b.container\n',
    files: { '/q/b.container': '[Container]\nImage=b\n' },
    versions: ['5.8.6'],
    lines: ['OnFailure=b.service'],
  },
  {
    name: 'a missing file before an empty value (a reset) is not looked up',
    path: '/q/v.volume',
    text: '[Volume]\n\n[Unit]\nConflicts=missing-2.container\nConflicts=\nConflicts=i.image\n',
    files: { '/q/i.image': '[Image]\nImage=a\n' },
    versions: ['5.8.6'],
    lines: ['Conflicts=i-image.service'],
  },
  {
    name: 'a pod on a network whose own [Unit] dependency is missing is refused (the network never gets its name)',
    path: '/q/p.pod',
    text: '[Pod]\nNetwork=n.network\n',
    files: { '/q/n.network': '[Network]\n\n[Unit]\nAfter=missing.image\n' },
    versions: ['5.8.6'],
    refusal: 'cannot get the resource name of n.network',
  },
  {
    name: '5.4 does not translate [Unit] dependencies, so the same network is named',
    path: '/q/p.pod',
    text: '[Pod]\nNetwork=n.network\n',
    files: { '/q/n.network': '[Network]\n\n[Unit]\nAfter=missing.image\n' },
    versions: ['5.4.2'],
    lines: [
      'ExecStartPre=/usr/bin/podman pod create --infra-conmon-pidfile=%t/%N.pid --pod-id-file=%t/%N.pod-id --exit-policy=stop --replace --network systemd-n --infra-name systemd-p-infra --name systemd-p',
    ],
  },
  {
    name: 'a volume refused for its own [Unit] dependency leaves the container only the destination',
    path: '/q/c.container',
    text: '[Container]\nImage=a\nVolume=v.volume:/d\n',
    files: { '/q/v.volume': '[Volume]\n\n[Unit]\nAfter=missing.image\n' },
    versions: ['5.8.6'],
    lines: [
      'ExecStart=/usr/bin/podman run --name systemd-%N --replace --rm --cgroups=split --sdnotify=conmon -d -v /d a',
    ],
  },
  {
    name: 'a ReloadCmd= the parser refuses counts as unset: ReloadSignal= alone is used',
    path: '/q/c.container',
    text: '[Container]\nImage=a\nReloadCmd=echo \\$literal\nReloadSignal=KILL\n',
    versions: ['5.8.6'],
    lines: ['ExecReload=/usr/bin/podman kill --signal KILL systemd-%N'],
  },
  {
    name: 'ReloadCmd= with ReloadSignal= is reported before Group= without User=',
    path: '/q/c.container',
    text: '[Container]\nImage=a\nGroup=app\nReloadCmd=echo\nReloadSignal=KILL\n',
    versions: ['5.8.6'],
    refusal: 'ReloadCmd and ReloadSignal are mutually exclusive but both are set',
  },
  {
    name: 'ReloadCmd= with ReloadSignal= is reported before an invalid service Type=',
    path: '/q/c.container',
    text: '[Container]\nImage=a\nReloadCmd=echo\nReloadSignal=KILL\n\n[Service]\nType=exec\n',
    versions: ['5.8.6'],
    refusal: 'ReloadCmd and ReloadSignal are mutually exclusive but both are set',
  },
  {
    name: 'a container joining the pod through a drop-in is started with the pod',
    path: '/q/p.pod',
    text: '[Pod]\n',
    files: { '/q/c.container': '[Container]\nImage=a\n', '/q/c.container.d/50-x.conf': '[Container]\nPod=p.pod\n' },
    versions: ['5.4.2', '5.8.6'],
    lines: ['Wants=c.service', 'Before=c.service'],
  },
  {
    name: "a pod's HostName= is read like LookupAll: every line, quotes kept",
    path: '/q/p.pod',
    text: '[Pod]\nHostName=a\nHostName="b"\n',
    versions: ['5.8.6'],
    lines: [
      'ExecStartPre=/usr/bin/podman pod create --infra-conmon-pidfile=%t/%N.pid --replace --exit-policy stop --hostname a --hostname "\\"b\\"" --infra-name systemd-p-infra --name systemd-p',
    ],
  },
  {
    name: 'only the last Pod= line is read: an earlier plain name is no error',
    path: '/q/c.container',
    text: '[Container]\nImage=a\nPod=plain-name\nPod=p.pod\n',
    files: { '/q/p.pod': '[Pod]\n' },
    versions: ['5.4.2', '5.8.6'],
    lines: ['BindsTo=p-pod.service'],
  },
];
