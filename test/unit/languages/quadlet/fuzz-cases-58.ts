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
];
