import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { containerfileService } from '../../../../src/languages/containerfile';
import { ctx, doc, eachEol } from './helpers';

interface Case {
  name: string;
  /** `|` marks the cursor. */
  lines: string[];
  includes: string[];
  excludes?: string[];
  /** Expected text of the first item's edit after applying it, for one label. */
  apply?: { label: string; line: string };
}

const cases: Case[] = [
  {
    name: 'instructions on an empty line',
    lines: ['FROM alpine', '|'],
    includes: ['RUN', 'COPY', 'HEALTHCHECK', 'ONBUILD'],
  },
  {
    name: 'instructions replace a partial keyword',
    lines: ['FROM alpine', 'WOR|'],
    includes: ['WORKDIR'],
    apply: { label: 'WORKDIR', line: 'WORKDIR ' },
  },
  { name: 'no completion inside a comment', lines: ['FROM alpine', '# RU|'], includes: [], excludes: ['RUN'] },
  {
    name: 'RUN flags',
    lines: ['FROM alpine', 'RUN --|'],
    includes: ['--mount', '--network'],
    excludes: ['--from'],
    apply: { label: '--mount', line: 'RUN --mount=' },
  },
  {
    name: 'COPY flags',
    lines: ['FROM alpine', 'COPY --|'],
    includes: ['--from', '--chown', '--chmod', '--link', '--parents', '--exclude'],
  },
  { name: 'ADD flags', lines: ['FROM alpine', 'ADD --|'], includes: ['--checksum', '--chown', '--keep-git-dir'] },
  {
    name: 'HEALTHCHECK flags and forms',
    lines: ['FROM alpine', 'HEALTHCHECK |'],
    includes: ['CMD', 'NONE', '--interval', '--start-period', '--retries'],
  },
  {
    name: 'FROM --platform values',
    lines: ['FROM --platform=|'],
    includes: ['linux/amd64', 'linux/arm64', '$BUILDPLATFORM'],
  },
  { name: 'no flags after the command', lines: ['FROM alpine', 'RUN make --|'], includes: [], excludes: ['--mount'] },
  {
    name: '--network values',
    lines: ['FROM alpine', 'RUN --network=|'],
    includes: ['default', 'none', 'host'],
    apply: { label: 'none', line: 'RUN --network=none' },
  },
  {
    name: 'mount types',
    lines: ['FROM alpine', 'RUN --mount=|'],
    includes: ['type=bind', 'type=cache', 'type=secret', 'type=tmpfs'],
  },
  {
    name: 'mount type values after type=',
    lines: ['FROM alpine', 'RUN --mount=type=|'],
    includes: ['bind', 'cache', 'secret', 'tmpfs'],
  },
  {
    name: 'bind mount options',
    lines: ['FROM alpine', 'RUN --mount=type=bind,|'],
    includes: ['source', 'target', 'relabel', 'z', 'Z', 'bind-nonrecursive', 'bind-propagation', 'from', 'rw'],
    excludes: ['tmpcopyup', 'id'],
  },
  {
    name: 'cache mount options skip used ones',
    lines: ['FROM alpine', 'RUN --mount=type=cache,target=/c,|'],
    includes: ['id', 'sharing', 'mode', 'uid', 'gid'],
    excludes: ['target', 'dst'],
  },
  {
    name: 'tmpfs options',
    lines: ['FROM alpine', 'RUN --mount=type=tmpfs,|'],
    includes: ['tmpfs-size', 'tmpfs-mode', 'tmpcopyup', 'target'],
  },
  {
    name: 'secret options',
    lines: ['FROM alpine', 'RUN --mount=type=secret,|'],
    includes: ['id', 'target', 'required'],
  },
  {
    name: 'mount option values',
    lines: ['FROM alpine', 'RUN --mount=type=bind,relabel=|'],
    includes: ['shared', 'private'],
  },
  {
    name: 'bind-propagation values',
    lines: ['FROM alpine', 'RUN --mount=type=bind,bind-propagation=|'],
    includes: ['rprivate', 'rshared', 'slave'],
  },
  {
    name: 'mount from= offers earlier stages',
    lines: ['FROM alpine AS deps', 'FROM alpine AS app', 'RUN --mount=type=cache,from=|'],
    includes: ['deps'],
    excludes: ['app'],
  },
  {
    name: 'COPY --from= offers earlier stages only',
    lines: ['FROM alpine AS build', 'FROM alpine AS test', 'COPY --from=| /a /b', 'FROM alpine AS later'],
    includes: ['build'],
    excludes: ['test', 'later'],
    apply: { label: 'build', line: 'COPY --from=build /a /b' },
  },
  {
    name: 'variables after $',
    lines: ['FROM alpine', 'ARG VERSION=1', 'ENV APP_HOME=/app', 'WORKDIR $|'],
    includes: ['VERSION', 'APP_HOME', 'TARGETARCH', 'HTTP_PROXY'],
    apply: { label: 'APP_HOME', line: 'WORKDIR $APP_HOME' },
  },
  {
    name: 'variables after ${ close the brace',
    lines: ['FROM alpine', 'ARG VERSION=1', 'RUN echo ${VE|'],
    includes: ['VERSION'],
    apply: { label: 'VERSION', line: 'RUN echo ${VERSION}' },
  },
  {
    name: 'variables defined later are not offered',
    lines: ['FROM alpine', 'RUN echo $|', 'ARG LATER=1'],
    includes: ['TARGETOS'],
    excludes: ['LATER'],
  },
  {
    name: 'base images from live data and stages',
    lines: ['FROM alpine AS build', 'FROM |'],
    includes: ['quay.io/podman/stable:latest', 'build', '--platform'],
  },
  { name: 'AS after the image', lines: ['FROM alpine |'], includes: ['AS'] },
  {
    name: 'ONBUILD triggers exclude forbidden instructions',
    lines: ['FROM alpine', 'ONBUILD |'],
    includes: ['RUN', 'COPY'],
    excludes: ['FROM', 'ONBUILD', 'MAINTAINER'],
  },
  { name: 'ONBUILD RUN flags', lines: ['FROM alpine', 'ONBUILD RUN --|'], includes: ['--mount'] },
  {
    name: 'continuation line flags',
    lines: ['FROM alpine', 'RUN --network=none \\', '  --mount=type=cache,|'],
    includes: ['target', 'id'],
  },
  {
    name: 'nothing inside a heredoc body',
    lines: ['FROM alpine', 'RUN <<EOF', 'echo $|', 'EOF'],
    includes: [],
    excludes: ['PATH'],
  },
];

function cursor(lines: string[]): { lines: string[]; line: number; character: number } {
  const line = lines.findIndex((l) => l.includes('|'));
  const character = lines[line].indexOf('|');
  return { lines: lines.map((l, i) => (i === line ? l.replace('|', '') : l)), line, character };
}

describe('containerfile completion', () => {
  const prepared = cases.map((c) => ({ ...c, ...cursor(c.lines) }));
  eachEol(prepared, async (text, c) => {
    const items = (await containerfileService.completion!(
      doc(text),
      { line: c.line, character: c.character },
      ctx({}, ['quay.io/podman/stable:latest']),
    )) as CompletionItem[];
    const labels = items.map((i) => i.label);
    for (const l of c.includes) assert.ok(labels.includes(l), `missing ${l} in ${labels.join(' ')}`);
    for (const l of c.excludes ?? []) assert.ok(!labels.includes(l), `unexpected ${l}`);
    if (!c.includes.length) assert.deepEqual(labels, []);
    if (c.apply) {
      const it = items.find((i) => i.label === c.apply!.label)!;
      const edit = it.textEdit as TextEdit;
      assert.equal(edit.range.start.line, c.line);
      const line = c.lines[c.line];
      const applied = line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
      assert.equal(applied, c.apply.line);
    }
  });
});
