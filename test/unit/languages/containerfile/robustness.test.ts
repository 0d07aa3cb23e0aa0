// Random token soup through every feature: nothing may throw, ranges stay inside the text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerfileService as svc, preprocess } from '../../../../src/languages/containerfile';
import { ctx, doc, memoryFiles } from './helpers';

const TOKENS = [
  'FROM',
  'RUN',
  'COPY',
  'ONBUILD',
  'ARG',
  'ENV',
  'HEALTHCHECK',
  'SHELL',
  'AS',
  'alpine',
  ' ',
  ' ',
  ' ',
  '\n',
  '\n',
  '\r\n',
  '\\',
  '`',
  '"',
  "'",
  '[',
  ']',
  ',',
  '=',
  '$',
  '${',
  '}',
  ':-',
  '<<EOF',
  '<<-X',
  'EOF',
  '\tX',
  '--mount=',
  'type=',
  'bind',
  'cache',
  'from=',
  '--from=',
  '--network=',
  '#',
  '# escape=`',
  '/*',
  '*/',
  '#include "a"',
  '\u0000',
  '\uFEFF',
  'é',
  '😀',
  '0',
  '99999',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('containerfile robustness', () => {
  it('survives 300 random documents in every feature', async () => {
    const rand = rng(42);
    const files = memoryFiles({ '/r/a': '#include "b"\nRUN x\n', '/r/b': '#include "a"\n' });
    for (let n = 0; n < 300; n++) {
      const len = 5 + Math.floor(rand() * 60);
      let text = '';
      for (let i = 0; i < len; i++) text += TOKENS[Math.floor(rand() * TOKENS.length)];
      const lines = text.split(/\r?\n/);
      for (const path of ['/r/Containerfile', '/r/Containerfile.in']) {
        const d = doc(text, path);
        const c = { ...ctx(), files };
        const diags = await svc.diagnostics(d, c);
        for (const x of diags) {
          assert.ok(
            x.range.start.line >= 0 && x.range.end.line < Math.max(lines.length, 1),
            `range outside the text: ${JSON.stringify(x)} in ${JSON.stringify(text)}`,
          );
          assert.ok(
            x.range.start.line < x.range.end.line || x.range.start.character <= x.range.end.character,
            `inverted range ${JSON.stringify(x.range)} in ${JSON.stringify(text)}`,
          );
        }
        for (let k = 0; k < 5; k++) {
          const line = Math.floor(rand() * lines.length);
          const pos = { line, character: Math.floor(rand() * (lines[line].length + 1)) };
          await svc.completion!(d, pos, c);
          await svc.hover!(d, pos, c);
          await svc.definition!(d, pos, c);
          await svc.references!(d, pos, c);
        }
        svc.documentSymbols!(d);
        svc.foldingRanges!(d);
        svc.format!(d, { tabSize: 2, insertSpaces: true });
        svc.codeActions!(d, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, diags, c);
        await svc.documentLinks!(d, c);
      }
      await preprocess(text, '/r/x.in', files);
    }
  });
});
