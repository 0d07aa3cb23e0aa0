import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerfileService as svc, preprocess } from '../../../../src/languages/containerfile';
import { ctx, doc, eachEol, memoryFiles } from './helpers';

const files = {
  '/p/base.containerfile': 'FROM registry.fedoraproject.org/fedora:41 AS base\n/* shared setup */\nRUN dnf -y update\n',
  '/p/inc/tools.inc': 'RUN dnf -y install git\n#include "more.inc"\n',
  '/p/inc/more.inc': 'RUN true\n',
  '/p/a.inc': '#include "b.inc"\n',
  '/p/b.inc': '#include "a.inc"\n',
};

describe('.in Containerfiles', () => {
  eachEol(
    [
      {
        name: 'includes resolve and give no errors',
        lines: ['#include "base.containerfile"', '#include <inc/tools.inc>', '/* a C comment */', 'RUN echo done'],
      },
    ],
    async (text) => {
      const d = doc(text, '/p/Containerfile.in');
      assert.deepEqual(await svc.diagnostics(d, ctx(files)), []);
      const links = await svc.documentLinks!(d, ctx(files));
      assert.deepEqual(
        links.map((l) => [l.target, l.range.start.line, l.range.start.character, l.range.end.character]),
        [
          ['file:///p/base.containerfile', 0, 10, 28],
          ['file:///p/inc/tools.inc', 1, 10, 23],
        ],
      );
      const def = await svc.definition!(d, { line: 1, character: 12 }, ctx(files));
      assert.deepEqual(
        def.map((l) => l.uri),
        ['file:///p/inc/tools.inc'],
      );
    },
  );

  eachEol([{ name: 'missing include is an error', lines: ['#include "nope.inc"', 'FROM alpine'] }], async (text) => {
    const diags = await svc.diagnostics(doc(text, '/p/app.containerfile.in'), ctx(files));
    assert.deepEqual(
      diags.map((x) => `${x.code}@${x.range.start.line}:${x.range.start.character}-${x.range.end.character}`),
      ['include-not-found@0:10-18'],
    );
  });

  eachEol([{ name: 'include cycle is an error', lines: ['FROM alpine', '#include "a.inc"'] }], async (text) => {
    const diags = await svc.diagnostics(doc(text, '/p/Containerfile.in'), ctx(files));
    assert.deepEqual(
      diags.map((x) => x.code),
      ['include-cycle'],
    );
    assert.match(String(diags[0].message), /a\.inc → b\.inc → a\.inc/);
    assert.equal(diags[0].range.start.line, 1);
  });

  eachEol(
    [{ name: 'hash comment warning and fix', lines: ['FROM alpine', '  # install tools', 'RUN true', '#define X 1'] }],
    async (text, _c, eol) => {
      const d = doc(text, '/p/Containerfile.in');
      const diags = await svc.diagnostics(d, ctx(files));
      assert.deepEqual(
        diags.map((x) => `${x.code}@${x.range.start.line}:${x.range.start.character}`),
        ['cpp-hash-comment@1:2'],
      );
      assert.equal(diags[0].severity, 2);
      const [action] = svc.codeActions!(d, diags[0].range, diags, ctx(files));
      const edit = action.edit!.changes![d.uri][0];
      const line = text.split(eol)[1];
      assert.equal(
        line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character),
        '  /* install tools */',
      );
    },
  );

  eachEol(
    [
      {
        name: 'Containerfile errors are mapped back, included ones are not reported',
        lines: [
          '#include "base.containerfile"',
          '/* multi',
          '   line */ RUNN x',
          'FROM alpine',
          'COPY --from=base /a /a',
        ],
      },
    ],
    async (text) => {
      const diags = await svc.diagnostics(
        doc(text, '/p/Containerfile.in'),
        ctx({ ...files, '/p/base.containerfile': 'FROM alpine AS base\nBOGUS\n' }),
      );
      assert.deepEqual(
        diags.map((x) => `${x.code}@${x.range.start.line}:${x.range.start.character}-${x.range.end.character}`),
        ['unknown-instruction@2:11-15'],
      );
    },
  );

  eachEol([{ name: 'malformed #include', lines: ['#include base.inc', 'FROM alpine'] }], async (text) => {
    const diags = await svc.diagnostics(doc(text, '/p/Containerfile.in'), ctx(files));
    assert.deepEqual(
      diags.map((x) => `${x.code}@${x.range.start.line}:${x.range.start.character}-${x.range.end.character}`),
      ['include-syntax@0:0-17'],
    );
  });

  it('plain Containerfiles do not get cpp treatment', async () => {
    const diags = await svc.diagnostics(doc('FROM alpine\n# a comment\n', '/p/Containerfile'), ctx(files));
    assert.deepEqual(diags, []);
  });

  it('preprocess expands includes and strips C comments', async () => {
    const r = await preprocess(
      '#include "base.containerfile"\n#include <inc/tools.inc>\nRUN a /* x */ b\n',
      '/p/Containerfile.in',
      memoryFiles(files),
    );
    assert.equal(
      r.text,
      'FROM registry.fedoraproject.org/fedora:41 AS base\n\nRUN dnf -y update\n\nRUN dnf -y install git\nRUN true\n\n\nRUN a  b\n',
    );
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.lineMap[5], { path: '/p/inc/more.inc', line: 0 });
  });

  it('preprocess reports cycles and bounds depth', async () => {
    const r = await preprocess('#include "a.inc"\n', '/p/x.in', memoryFiles(files));
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].kind, 'cycle');
    const deep: Record<string, string> = {};
    for (let i = 0; i < 40; i++) deep[`/d/f${i}.inc`] = `#include "f${i + 1}.inc"\n`;
    deep['/d/f40.inc'] = 'RUN true\n';
    const r2 = await preprocess('#include "f0.inc"\n', '/d/top.in', memoryFiles(deep));
    assert.deepEqual(
      r2.errors.map((e) => e.kind),
      ['depth'],
    );
  });
});
