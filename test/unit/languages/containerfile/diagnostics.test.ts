import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { Codes, containerfileDiagnostics } from '../../../../src/languages/containerfile/diagnostics';
import { containerfileService } from '../../../../src/languages/containerfile';
import { ctx, doc, eachEol } from './helpers';
import { severityCases, type DiagnosticCase } from './severityCases';

/** `code@line:start-end` (end on the same line) or `code@line:start-endLine:end`. */
function fmt(d: Diagnostic): string {
  const r = d.range;
  const end = r.end.line === r.start.line ? `${r.end.character}` : `${r.end.line}:${r.end.character}`;
  return `${d.code}@${r.start.line}:${r.start.character}-${end}`;
}

const cases: DiagnosticCase[] = [
  {
    name: 'clean multi-stage file',
    lines: ['FROM alpine AS build', 'RUN echo hi', 'FROM scratch', 'COPY --from=build /x /x'],
    expect: [],
  },
  { name: 'unknown instruction', lines: ['FROM alpine', 'RUNN echo'], expect: ['unknown-instruction@1:0-4'] },
  { name: 'lower-case instructions are fine', lines: ['from alpine', 'run echo'], expect: [] },
  { name: 'missing FROM', lines: ['RUN echo'], expect: ['missing-from@0:0-3', 'instruction-before-from@0:0-3'] },
  { name: 'empty file lacks FROM', lines: [''], expect: ['missing-from@0:0-0'] },
  { name: 'ARG before FROM is allowed', lines: ['ARG V=1', 'FROM alpine:$V'], expect: [] },
  { name: 'FROM syntax', lines: ['FROM alpine base'], expect: ['from-syntax@0:5-16'] },
  {
    name: 'a stage name Docker rejects is a warning',
    lines: ['FROM alpine AS 1abc'],
    expect: ['invalid-stage-name@0:15-19'],
    severity: DiagnosticSeverity.Warning,
  },
  {
    name: 'duplicate stage name is a warning',
    lines: ['FROM alpine AS a', 'FROM alpine AS a'],
    expect: ['duplicate-stage-name@1:15-16'],
    severity: DiagnosticSeverity.Warning,
  },
  { name: 'missing argument', lines: ['FROM alpine', 'WORKDIR'], expect: ['missing-argument@1:0-7'] },
  { name: 'unknown RUN flag', lines: ['FROM alpine', 'RUN --netwrk=host echo'], expect: ['unknown-flag@1:4-12'] },
  { name: 'unknown COPY flag', lines: ['FROM alpine', 'COPY --own=1 a b'], expect: ['unknown-flag@1:5-10'] },
  { name: 'flag after the command is not a flag', lines: ['FROM alpine', 'RUN ls --bogus'], expect: [] },
  {
    name: 'RUN --network values',
    lines: [
      'FROM alpine',
      'RUN --network=none a',
      'RUN --network=host a',
      'RUN --network=default a',
      'RUN --network=bridge a',
    ],
    expect: ['flag-bad-value@4:14-20'],
  },
  { name: 'flag missing value', lines: ['FROM alpine', 'RUN --network echo'], expect: ['flag-missing-value@1:4-13'] },
  {
    name: 'duplicate flag',
    lines: ['FROM alpine', 'RUN --network=none --network=host echo'],
    expect: ['duplicate-flag@1:19-28'],
  },
  {
    name: 'healthcheck durations',
    lines: ['FROM alpine', 'HEALTHCHECK --interval=5x --retries=3 CMD true'],
    expect: ['flag-bad-value@1:23-25'],
  },
  { name: 'healthcheck syntax', lines: ['FROM alpine', 'HEALTHCHECK true'], expect: ['healthcheck-syntax@1:12-16'] },
  { name: 'healthcheck none', lines: ['FROM alpine', 'HEALTHCHECK NONE'], expect: [] },
  {
    name: 'COPY --from unknown bare name is a warning',
    lines: ['FROM alpine AS build', 'FROM alpine', 'COPY --from=busybox /bin/sh /x'],
    expect: ['unknown-stage@2:12-19'],
    severity: DiagnosticSeverity.Warning,
  },
  {
    name: 'COPY --from near-miss of a stage is an error',
    lines: ['FROM alpine AS builder', 'FROM alpine', 'COPY --from=biulder /x /x'],
    expect: ['unknown-stage@2:12-19'],
    severity: DiagnosticSeverity.Error,
  },
  {
    name: 'COPY --from image references are fine',
    lines: [
      'FROM alpine',
      'COPY --from=docker.io/library/busybox:1.36 /bin/sh /x',
      'COPY --from=quay.io/x/y@sha256:abc /a /b',
    ],
    expect: [],
  },
  {
    name: 'COPY --from numeric index',
    lines: ['FROM alpine', 'FROM alpine', 'COPY --from=0 /a /a', 'COPY --from=1 /a /a', 'COPY --from=5 /a /a'],
    expect: ['stage-index-out-of-range@3:12-13', 'stage-index-out-of-range@4:12-13'],
  },
  {
    name: 'COPY --from forward reference',
    lines: ['FROM alpine', 'COPY --from=later /a /a', 'FROM alpine AS later'],
    expect: ['stage-forward-reference@1:12-17'],
  },
  {
    name: 'COPY --from with a variable is not checked',
    lines: ['FROM alpine', 'ARG SRC=x', 'COPY --from=$SRC /a /a'],
    expect: [],
  },
  {
    name: 'stage names are case-sensitive',
    lines: ['FROM alpine AS Build', 'FROM alpine', 'COPY --from=build /a /a', 'COPY --from=Build /a /a'],
    expect: ['unknown-stage@2:12-17'],
    severity: DiagnosticSeverity.Error,
  },
  {
    name: 'mount: every type with valid options',
    lines: [
      'FROM alpine AS deps',
      'FROM alpine',
      'RUN --mount=type=bind,source=.,target=/src,relabel=shared,bind-nonrecursive,from=deps,rw make',
      'RUN --mount=type=bind,src=go.mod,dst=/go.mod,z,ro=true --mount=type=bind,source=a,destination=/a,Z,bind-propagation=rshared cat /go.mod',
      'RUN --mount=type=cache,target=/var/cache/dnf,id=dnf,sharing=locked,mode=0755,uid=0,gid=0 dnf -y install gcc',
      'RUN --mount=type=secret,id=token,target=/run/secrets/t,required=true cat /run/secrets/t',
      'RUN --mount=type=tmpfs,target=/tmp,tmpfs-size=512M,tmpfs-mode=1777,tmpcopyup ls /tmp',
    ],
    expect: [],
  },
  {
    name: 'mount: quoted flag value',
    lines: [
      'FROM alpine',
      'RUN --mount="type=cache,target=/c,sharing=locked" true',
      'RUN --mount="type=cache,targt=/c" true',
    ],
    expect: ['mount-unknown-option@2:24-29', 'mount-missing-option@2:4-33'],
  },
  {
    name: 'mount: missing type is a bind mount',
    lines: ['FROM alpine', 'RUN --mount=target=/x true'],
    expect: ['mount-missing-type@1:12-21'],
    severity: DiagnosticSeverity.Information,
  },
  {
    name: 'mount: unknown type',
    lines: ['FROM alpine', 'RUN --mount=type=volume,target=/x true'],
    expect: ['mount-unknown-type@1:17-23'],
  },
  {
    name: 'mount: misspelled option',
    lines: ['FROM alpine', 'RUN --mount=type=cache,targt=/x true'],
    expect: ['mount-unknown-option@1:23-28', 'mount-missing-option@1:4-31'],
  },
  {
    name: 'mount: option of another type',
    lines: ['FROM alpine', 'RUN --mount=type=secret,id=a,tmpcopyup true'],
    expect: ['mount-unknown-option@1:29-38'],
  },
  {
    name: 'mount: bad relabel value',
    lines: ['FROM alpine', 'RUN --mount=type=bind,source=.,target=/s,relabel=public true'],
    expect: ['mount-bad-value@1:49-55'],
  },
  {
    name: 'mount: flag option with a value',
    lines: ['FROM alpine', 'RUN --mount=type=bind,source=.,target=/s,z=1 true'],
    expect: ['mount-bad-value@1:41-44'],
    severity: DiagnosticSeverity.Warning,
  },
  {
    name: 'mount: bad octal mode',
    lines: ['FROM alpine', 'RUN --mount=type=cache,target=/c,mode=999 true'],
    expect: ['mount-bad-value@1:38-41'],
  },
  {
    name: 'mount: bad uid',
    lines: ['FROM alpine', 'RUN --mount=type=cache,target=/c,uid=root true'],
    expect: ['mount-bad-value@1:37-41'],
  },
  {
    name: 'mount: bad tmpfs size',
    lines: ['FROM alpine', 'RUN --mount=type=tmpfs,target=/t,tmpfs-size=lots true'],
    expect: ['mount-bad-value@1:44-48'],
  },
  {
    name: 'mount: bad bind-propagation',
    lines: ['FROM alpine', 'RUN --mount=type=bind,source=.,target=/s,bind-propagation=up true'],
    expect: ['mount-bad-value@1:58-60'],
  },
  {
    name: 'mount: missing value',
    lines: ['FROM alpine', 'RUN --mount=type=cache,target=/c,id true'],
    expect: ['mount-missing-value@1:33-35'],
  },
  {
    name: 'mount: bind needs a target (the source defaults to the root of the context or of from)',
    lines: ['FROM alpine', 'RUN --mount=type=bind true'],
    expect: ['mount-missing-option@1:4-21'],
  },
  {
    name: 'mount: secret needs id',
    lines: ['FROM alpine', 'RUN --mount=type=secret,target=/s true'],
    expect: ['mount-missing-option@1:4-33'],
  },
  {
    name: 'mount: from names an unknown stage',
    lines: ['FROM alpine AS deps', 'FROM alpine', 'RUN --mount=type=bind,from=dpes,source=/a,target=/a true'],
    expect: ['unknown-stage@2:27-31'],
  },
  {
    name: 'mount: boolean ro value',
    lines: ['FROM alpine', 'RUN --mount=type=cache,target=/c,ro=maybe true'],
    expect: ['mount-bad-value@1:36-41'],
    severity: DiagnosticSeverity.Warning,
  },
  { name: 'undefined variable in COPY', lines: ['FROM alpine', 'COPY $SRC /x'], expect: ['undefined-variable@1:5-9'] },
  {
    name: 'braced undefined variable',
    lines: ['FROM alpine', 'WORKDIR ${DIR}/x'],
    expect: ['undefined-variable@1:8-14'],
  },
  { name: 'variable with default is fine', lines: ['FROM alpine', 'WORKDIR ${DIR:-/app}'], expect: [] },
  {
    name: 'variable used before its ARG',
    lines: ['FROM alpine', 'USER $U', 'ARG U=app', 'USER $U'],
    expect: ['undefined-variable@1:5-7'],
  },
  { name: 'ENV defines for later lines', lines: ['FROM alpine', 'ENV APP=/app', 'WORKDIR $APP'], expect: [] },
  {
    name: 'global ARG needs re-declaring in a stage',
    lines: ['ARG VERSION=1', 'FROM alpine:$VERSION', 'LABEL v=$VERSION'],
    expect: ['undefined-variable@2:8-16'],
  },
  {
    name: 'global ARG re-declared',
    lines: ['ARG VERSION=1', 'FROM alpine:$VERSION', 'ARG VERSION', 'LABEL v=$VERSION'],
    expect: [],
  },
  {
    name: 'stage ARG not visible in the next stage',
    lines: ['FROM alpine', 'ARG X=1', 'FROM alpine', 'WORKDIR $X'],
    expect: ['undefined-variable@3:8-10'],
  },
  {
    name: 'ENV inherited from a parent stage',
    lines: ['FROM alpine AS base', 'ENV APP=/app', 'FROM base', 'WORKDIR $APP'],
    expect: [],
  },
  {
    name: 'predefined args and PATH',
    lines: [
      'FROM --platform=$BUILDPLATFORM alpine',
      'ENV PATH=/opt/bin:$PATH',
      'LABEL p=$TARGETPLATFORM proxy=$HTTP_PROXY',
    ],
    expect: [],
  },
  {
    name: "RUN shell variables are the shell's business",
    lines: ['FROM alpine', 'RUN for f in *; do echo $f; done'],
    expect: [],
  },
  { name: 'escaped and single-quoted dollars', lines: ['FROM alpine', "LABEL a=\\$NOPE b='$NOPE'"], expect: [] },
  {
    name: 'exec form with single quotes runs as shell form: a warning',
    lines: ['FROM alpine', "CMD ['/bin/sh', '-c', 'x']"],
    expect: ['exec-form-json@1:4-26'],
    severity: DiagnosticSeverity.Warning,
  },
  {
    name: 'exec form missing bracket',
    lines: ['FROM alpine', 'ENTRYPOINT ["/bin/app", "run"'],
    expect: ['exec-form-json@1:11-29'],
    severity: DiagnosticSeverity.Warning,
  },
  {
    name: 'exec form non-string is an error',
    lines: ['FROM alpine', 'CMD ["sleep", 10]'],
    expect: ['exec-form-json@1:4-17'],
    severity: DiagnosticSeverity.Error,
  },
  {
    name: 'RUN shell test with brackets',
    lines: ['FROM alpine', 'RUN [ -f /etc/os-release ] && cat /etc/os-release', 'RUN [ "$(id -u)" = "0" ] || exit 1'],
    expect: [],
  },
  {
    name: 'RUN exec form with single quotes',
    lines: ['FROM alpine', "RUN ['make', 'all']"],
    expect: ['exec-form-json@1:4-19'],
  },
  { name: 'SHELL must be JSON', lines: ['FROM alpine', 'SHELL /bin/bash -c'], expect: ['shell-not-json@1:6-18'] },
  {
    name: 'valid exec forms',
    lines: ['FROM alpine', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'CMD ["a", "b"]', 'VOLUME ["/data"]'],
    expect: [],
  },
  {
    name: 'heredoc terminated',
    lines: ['FROM alpine', 'RUN <<EOF', 'echo hi', 'EOF', 'COPY <<a.txt <<-B /x/', 'one', 'a.txt', '\ttwo', '\tB'],
    expect: [],
  },
  {
    name: 'heredoc body is not parsed as instructions',
    lines: ['FROM alpine', 'RUN <<EOF', 'BOGUS line', 'EOF'],
    expect: [],
  },
  {
    name: 'unterminated heredoc',
    lines: ['FROM alpine', 'RUN cat <<EOF > /x', 'echo hi'],
    expect: ['unterminated-heredoc@1:8-13'],
  },
  { name: 'ENV without value', lines: ['FROM alpine', 'ENV A'], expect: ['env-syntax@1:4-5'] },
  {
    name: 'ARG name syntax',
    lines: ['FROM alpine', 'ARG 9lives=1'],
    expect: ['arg-syntax@1:4-12'],
    severity: DiagnosticSeverity.Warning,
  },
  {
    name: 'retries must be a number',
    lines: ['FROM alpine', 'HEALTHCHECK --retries=many CMD true'],
    expect: ['flag-bad-value@1:22-26'],
  },
  { name: 'ENV legacy form', lines: ['FROM alpine', 'ENV A some value'], expect: [] },
  {
    name: 'invalid port',
    lines: ['FROM alpine', 'EXPOSE 80 8080/tcp 53/udp 70000 8000-8010 http'],
    expect: ['invalid-port@1:26-31', 'invalid-port@1:42-46'],
    severity: DiagnosticSeverity.Warning,
  },
  { name: 'ONBUILD forbidden trigger', lines: ['FROM alpine', 'ONBUILD FROM x'], expect: ['onbuild-trigger@1:8-12'] },
  {
    name: 'ONBUILD trigger checked, as a warning: it fails only the builds based on this image',
    lines: ['FROM alpine', 'ONBUILD RUN --frob=1 make', 'ONBUILD COPY . /src', 'ONBUILD RUN'],
    expect: ['unknown-flag@1:12-18', 'missing-argument@3:8-11'],
    severity: DiagnosticSeverity.Warning,
  },
  {
    name: 'continuation with comment lines',
    lines: ['FROM alpine', 'RUN apk add \\', '# a comment', '    curl \\', '    git'],
    expect: [],
  },
  {
    name: 'range across continuation lines',
    lines: ['FROM alpine', 'RUN --mount=type=cache,\\', 'targt=/x true'],
    expect: ['mount-unknown-option@2:0-5', 'mount-missing-option@1:4-2:8'],
  },
  { name: 'escape directive backtick', lines: ['# escape=`', 'FROM alpine', 'RUN echo a `', '  b'], expect: [] },
  { name: 'invalid escape directive', lines: ['# escape=x', 'FROM alpine'], expect: ['invalid-directive@0:0-10'] },
  {
    name: 'empty continuation line',
    lines: ['FROM alpine', 'RUN echo a \\', '', '  b'],
    expect: ['empty-continuation@2:0-0'],
  },
];

describe('containerfile diagnostics', () => {
  eachEol([...cases, ...severityCases], (text, c) => {
    const diags = containerfileDiagnostics(text);
    assert.deepEqual(diags.map(fmt).sort(), [...c.expect].sort());
    for (const d of diags) {
      assert.equal(d.source, 'podman');
      assert.equal(typeof d.code, 'string');
    }
    if (c.severity !== undefined) for (const d of diags) assert.equal(d.severity, c.severity, fmt(d));
  });

  it('every diagnostic code is exercised by a case above', () => {
    const covered = new Set([...cases, ...severityCases].flatMap((c) => c.expect.map((e) => e.split('@')[0])));
    covered.add(Codes.binaryFile).add(Codes.fileTooLarge); // tested below
    assert.deepEqual(
      Object.values(Codes).filter((c) => !covered.has(c)),
      [],
    );
  });

  it('reports a binary file once', () => {
    const diags = containerfileDiagnostics('FROM alpine\n\u0000\u0001\u0002');
    assert.deepEqual(
      diags.map((d) => d.code),
      ['binary-file'],
    );
  });

  it('handles a byte order mark', () => {
    assert.deepEqual(containerfileDiagnostics('\uFEFFFROM alpine\nRUN true\n'), []);
    assert.deepEqual(containerfileDiagnostics('\uFEFFFROMM alpine\n').map(fmt).sort(), [
      'missing-from@0:1-6',
      'unknown-instruction@0:1-6',
    ]);
  });

  it('does bounded work on a 10 MB file', () => {
    const big = 'FROM alpine\n' + 'RUN echo hello world && true\n'.repeat((10 * 1024 * 1024) / 29);
    const t0 = Date.now();
    const diags = containerfileDiagnostics(big);
    assert.ok(Date.now() - t0 < 2000, 'took too long');
    assert.deepEqual(
      diags.map((d) => d.code),
      ['file-too-large'],
    );
    const t1 = Date.now();
    const items = containerfileService.completion!(doc(big), { line: 1, character: 4 }, ctx());
    containerfileService.foldingRanges!(doc(big));
    assert.ok(Array.isArray(items));
    assert.ok(Date.now() - t1 < 5000, 'features took too long on 10 MB');
  });

  it('caps the number of diagnostics on a large broken file', () => {
    const text = 'FROM alpine\n' + 'BOGUS x\n'.repeat(50000);
    const diags = containerfileDiagnostics(text);
    assert.ok(diags.length <= 1001 && diags.length >= 1000);
  });

  it('is served through the LanguageService', async () => {
    const diags = await containerfileService.diagnostics(doc('FROM alpine\nRUNN x\n'), ctx());
    assert.deepEqual(
      diags.map((d) => d.code),
      ['unknown-instruction'],
    );
  });
});
