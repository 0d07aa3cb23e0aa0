import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { containerfileService as svc } from '../../../../src/languages/containerfile';
import { ctx, doc, eachEol } from './helpers';

const hoverText = (h: Hover | null) => (h ? (h.contents as MarkupContent).value : '');

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split(/\r?\n/);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sorted = [...edits].sort(
    (a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character,
  );
  for (const e of sorted) {
    assert.equal(e.range.start.line, e.range.end.line, 'single-line edits only');
    const l = lines[e.range.start.line];
    lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
  }
  return lines.join(eol);
}

describe('containerfile hover', () => {
  const cases = [
    { name: 'instruction', lines: ['FROM alpine', 'RUN echo'], at: [1, 1], has: ['**RUN**', 'new layer'] },
    { name: 'flag', lines: ['FROM alpine', 'RUN --network=none echo'], at: [1, 6], has: ['**--network**'] },
    {
      name: 'network value',
      lines: ['FROM alpine', 'RUN --network=none echo'],
      at: [1, 16],
      has: ['--network=none', 'No network'],
    },
    {
      name: 'mount type',
      lines: ['FROM alpine', 'RUN --mount=type=tmpfs,target=/t echo'],
      at: [1, 18],
      has: ['type=tmpfs', 'in-memory'],
    },
    {
      name: 'mount option',
      lines: ['FROM alpine', 'RUN --mount=type=bind,source=.,target=/s,relabel=private echo'],
      at: [1, 44],
      has: ['**relabel**', 'SELinux', '`shared`, `private`'],
    },
    {
      name: 'ARG default',
      lines: ['FROM alpine', 'ARG VERSION=1.2', 'RUN echo $VERSION'],
      at: [2, 11],
      has: ['`1.2` (default)', 'line 2', '--build-arg VERSION'],
    },
    {
      name: 'ARG without default',
      lines: ['FROM alpine', 'ARG TOKEN', 'RUN echo $TOKEN'],
      at: [2, 11],
      has: ['without a default'],
    },
    {
      name: 'ENV resolves earlier values',
      lines: ['FROM alpine', 'ARG V=2', 'ENV APP=/opt/app-${V}', 'WORKDIR $APP'],
      at: [3, 10],
      has: ['`/opt/app-2`', 'ENV at line 3'],
    },
    {
      name: 'global ARG in FROM',
      lines: ['ARG BASE=alpine:3.20', 'FROM $BASE'],
      at: [1, 7],
      has: ['`alpine:3.20` (default)'],
    },
    {
      name: 'predefined ARG',
      lines: ['FROM alpine', 'RUN echo $TARGETARCH'],
      at: [1, 12],
      has: ['predefined build argument'],
    },
    {
      name: 'undefined variable',
      lines: ['FROM alpine', 'RUN echo $NOPE'],
      at: [1, 11],
      has: ['not defined at this line'],
    },
    {
      name: 'ENV over ARG',
      lines: ['FROM alpine', 'ARG V=1', 'ENV V=2', 'RUN echo $V'],
      at: [3, 10],
      has: ['`2`', 'ENV'],
    },
  ];
  eachEol(cases, async (text, c) => {
    const h = await svc.hover!(doc(text), { line: c.at[0], character: c.at[1] }, ctx());
    const value = hoverText(h);
    for (const s of c.has) assert.ok(value.includes(s), `hover ${JSON.stringify(value)} lacks ${s}`);
  });
  it('returns null on plain command words', async () => {
    assert.equal(await svc.hover!(doc('FROM alpine\nRUN echo hi'), { line: 1, character: 6 }, ctx()), null);
  });
});

describe('containerfile symbols and folding', () => {
  const lines = [
    'ARG BASE=alpine',
    'FROM $BASE AS build',
    'ENV A=1',
    'RUN <<EOF',
    'echo',
    'EOF',
    '',
    '# one',
    '# two',
    'FROM scratch',
    'COPY --from=build \\',
    '  /a /a',
  ];
  eachEol([{ name: 'stages', lines }], (text) => {
    const syms = svc.documentSymbols!(doc(text)) as DocumentSymbol[];
    assert.deepEqual(
      syms.map((s) => s.name),
      ['BASE', 'build', 'stage 1'],
    );
    assert.deepEqual(
      syms[1].children!.map((c) => c.name),
      ['A'],
    );
    assert.equal(syms[1].range.start.line, 1);
    assert.equal(syms[1].range.end.line, 5);
    assert.equal(syms[2].range.end.line, 11);
    const folds = svc.foldingRanges!(doc(text)).map((f) => `${f.startLine}-${f.endLine}${f.kind ? ':' + f.kind : ''}`);
    assert.deepEqual(folds.sort(), ['1-5:region', '3-5', '7-8:comment', '9-11:region', '10-11'].sort());
  });
});

describe('containerfile formatting', () => {
  const cases = [
    {
      name: 'keyword case and trailing spaces',
      lines: ['from alpine  ', 'run echo hi \\  ', '  && true', 'onbuild run make', '# keep me  '],
      out: ['FROM alpine', 'RUN echo hi \\', '  && true', 'ONBUILD RUN make', '# keep me'],
    },
    {
      name: 'heredoc bodies untouched',
      lines: ['FROM alpine', 'copy <<EOF /x', 'text  ', 'EOF', 'run true '],
      out: ['FROM alpine', 'COPY <<EOF /x', 'text  ', 'EOF', 'RUN true'],
    },
    {
      name: 'unknown keywords untouched',
      lines: ['FROM alpine', 'frobnicate x'],
      out: ['FROM alpine', 'frobnicate x'],
    },
    { name: 'already formatted gives no edits', lines: ['FROM alpine', 'RUN true'], out: ['FROM alpine', 'RUN true'] },
  ];
  eachEol(cases, (text, c, eol) => {
    const edits = svc.format!(doc(text), { tabSize: 4, insertSpaces: true });
    assert.equal(applyEdits(text, edits), c.out.join(eol));
    if (c.name.startsWith('already')) assert.deepEqual(edits, []);
  });
});

describe('containerfile quick fixes', () => {
  const cases = [
    { name: 'unknown instruction', lines: ['FROM alpine', 'WORKDIRR /app'], out: 'WORKDIR /app', line: 1 },
    {
      name: 'misspelled mount option',
      lines: ['FROM alpine', 'RUN --mount=type=cache,targte=/c true'],
      out: 'RUN --mount=type=cache,target=/c true',
      line: 1,
    },
    {
      name: 'misspelled flag',
      lines: ['FROM alpine', 'RUN --netwrok=none true'],
      out: 'RUN --network=none true',
      line: 1,
    },
    {
      name: 'misspelled stage',
      lines: ['FROM alpine AS builder', 'FROM alpine', 'COPY --from=buidler /a /a'],
      out: 'COPY --from=builder /a /a',
      line: 2,
    },
    {
      name: 'misspelled mount type',
      lines: ['FROM alpine', 'RUN --mount=type=tmfs,target=/t true'],
      out: 'RUN --mount=type=tmpfs,target=/t true',
      line: 1,
    },
  ];
  eachEol(cases, async (text, c, eol) => {
    const d = doc(text);
    const diags = await svc.diagnostics(d, ctx());
    const actions = svc.codeActions!(d, diags[0].range, diags, ctx());
    assert.ok(actions.length >= 1, 'no quick fix');
    const edits = actions[0].edit!.changes![d.uri];
    assert.equal(applyEdits(text, edits).split(eol)[c.line], c.out);
    // Applying the fix removes the diagnostic.
    const after = await svc.diagnostics(doc(applyEdits(text, edits)), ctx());
    assert.ok(!after.some((x) => x.code === diags[0].code), JSON.stringify(after));
  });
});

describe('containerfile definition and references', () => {
  const lines = [
    'ARG V=1',
    'FROM alpine:$V AS build',
    'ARG V',
    'RUN echo $V',
    'FROM build AS test',
    'COPY --from=build /a /a',
    'RUN --mount=type=bind,from=build,source=/,target=/b true',
  ];
  eachEol([{ name: 'stage and variable', lines }], async (text) => {
    const d = doc(text);
    const def = await svc.definition!(d, { line: 5, character: 14 }, ctx());
    assert.deepEqual(
      def.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character]),
      [[1, 18, 23]],
    );
    const refs = await svc.references!(d, { line: 1, character: 19 }, ctx());
    assert.deepEqual(refs.map((l) => `${l.range.start.line}:${l.range.start.character}`).sort(), [
      '1:18',
      '4:5',
      '5:12',
      '6:27',
    ]);
    const vdef = await svc.definition!(d, { line: 3, character: 10 }, ctx());
    assert.deepEqual(
      vdef.map((l) => `${l.range.start.line}:${l.range.start.character}`),
      ['2:4'],
    );
    const gdef = await svc.definition!(d, { line: 1, character: 13 }, ctx());
    assert.deepEqual(
      gdef.map((l) => `${l.range.start.line}:${l.range.start.character}`),
      ['0:4'],
    );
  });
});
