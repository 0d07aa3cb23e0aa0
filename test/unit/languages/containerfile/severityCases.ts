// Diagnostic cases whose severity was measured against Podman's builder (Podman 4.3, through
// test/fixtures/containerfile/buildah): an error only where the build fails. Run by
// diagnostics.test.ts under both line endings.
import { DiagnosticSeverity } from 'vscode-languageserver-types';

/** Lines of a file, the diagnostics expected (`code@line:start-end`), and their one severity. */
export interface DiagnosticCase {
  name: string;
  lines: string[];
  expect: string[];
  severity?: DiagnosticSeverity;
}

export const severityCases: DiagnosticCase[] = [
  {
    name: 'instruction before FROM is ignored by Podman: a warning',
    lines: ['ENV A=1', 'FROM alpine'],
    expect: ['instruction-before-from@0:0-3'],
    severity: DiagnosticSeverity.Warning,
  },
  {
    name: 'a stage name with a slash builds: a warning only',
    lines: ['FROM alpine AS platform-arm/v7', 'FROM platform-arm/v7', 'COPY --from=platform-arm/v7 /a /a'],
    expect: ['invalid-stage-name@0:15-30'],
    severity: DiagnosticSeverity.Warning,
  },
  { name: 'stage names differing in case are two stages', lines: ['FROM alpine AS a', 'FROM alpine AS A'], expect: [] },
  {
    name: 'FROM a stage with the wrong case',
    lines: ['FROM alpine AS Build', 'FROM build'],
    expect: ['unknown-stage@1:5-10'],
    severity: DiagnosticSeverity.Error,
  },
  {
    name: 'COPY --from its own stage index: a warning (the digits may match an image id)',
    lines: ['FROM alpine', 'FROM alpine', 'COPY --from=1 /a /a'],
    expect: ['stage-index-out-of-range@2:12-13'],
    severity: DiagnosticSeverity.Warning,
  },
  {
    name: 'mount from its own stage index: a warning (the digits may match an image id)',
    lines: ['FROM alpine', 'FROM alpine', 'RUN --mount=type=bind,from=1,target=/m true'],
    expect: ['stage-index-out-of-range@2:27-28'],
    severity: DiagnosticSeverity.Warning,
  },
  {
    name: 'mount: missing type is checked as a bind mount',
    lines: ['FROM alpine', 'RUN --mount=source=a,tmpcopyup true'],
    expect: ['mount-missing-type@1:12-30', 'mount-unknown-option@1:21-30', 'mount-missing-option@1:4-30'],
  },
  {
    name: 'mount: bind from a stage needs no source',
    lines: ['FROM alpine AS stage1', 'FROM alpine', 'RUN --mount=type=bind,from=stage1,target=/mnt ls /mnt'],
    expect: [],
  },
  {
    name: 'mount: ssh is informational without required',
    lines: ['FROM alpine', 'RUN --mount=type=ssh,id=default ssh-add -l', 'RUN --mount=type=ssh true'],
    expect: ['mount-ssh-agent@1:4-31', 'mount-ssh-agent@2:4-20'],
    severity: DiagnosticSeverity.Information,
  },
  {
    name: 'mount: ssh required warns',
    lines: ['FROM alpine', 'RUN --mount=type=ssh,required=true,target=/s,mode=0600,uid=0,gid=0 true'],
    expect: ['mount-ssh-agent@1:4-66'],
    severity: DiagnosticSeverity.Warning,
  },
  {
    name: 'mount: ssh takes only its options',
    lines: ['FROM alpine', 'RUN --mount=type=ssh,source=x,required=maybe true'],
    expect: ['mount-unknown-option@1:21-27', 'mount-bad-value@1:39-44', 'mount-ssh-agent@1:4-44'],
  },
  {
    name: 'mount: empty option is an error',
    lines: ['FROM alpine', 'RUN --mount=type=cache,,target=/c true'],
    expect: ['mount-unknown-option@1:23-24'],
    severity: DiagnosticSeverity.Error,
  },
  {
    name: 'mount: ro and rw values are ignored by Podman',
    lines: ['FROM alpine', 'RUN --mount=type=cache,target=/c,ro=false,rw=maybe true'],
    expect: ['mount-bad-value@1:36-41', 'mount-bad-value@1:45-50'],
    severity: DiagnosticSeverity.Warning,
  },
  {
    name: 'mount: boolean required value is an error',
    lines: ['FROM alpine', 'RUN --mount=type=secret,id=a,required=maybe true'],
    expect: ['mount-bad-value@1:38-43'],
    severity: DiagnosticSeverity.Error,
  },
  {
    name: 'SHELL with single quotes is an error',
    lines: ['FROM alpine', "SHELL ['/bin/sh', '-c']"],
    expect: ['exec-form-json@1:6-23'],
    severity: DiagnosticSeverity.Error,
  },
  {
    name: 'empty RUN array is an error',
    lines: ['FROM alpine', 'RUN []'],
    expect: ['exec-form-json@1:4-6'],
    severity: DiagnosticSeverity.Error,
  },
  {
    name: 'ONBUILD forbidden trigger is an error',
    lines: ['FROM alpine', 'ONBUILD ONBUILD RUN true'],
    expect: ['onbuild-trigger@1:8-15'],
    severity: DiagnosticSeverity.Error,
  },
  {
    name: 'ENV comes from the last stage of the exact name',
    lines: ['FROM alpine AS base', 'ENV ONE=1', 'FROM alpine AS Base', 'ENV TWO=2', 'FROM Base', 'WORKDIR $TWO$ONE'],
    expect: ['undefined-variable@5:12-16'],
    severity: DiagnosticSeverity.Warning,
  },
];
