// The block-by-block reading of compose files (src/languages/compose/blocks.ts): over every file of
// the compose corpus and a 200-service file, under LF and CRLF, it gives exactly js-yaml's value of
// the whole text or declines; an edit of one service parses that block alone and the other
// services keep their objects; what ties blocks together (anchors, merge keys, tags, several
// documents, a key met twice, a block that does not parse alone) makes it decline.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as jsYaml from 'js-yaml';
import { composeOf200 } from '../../../../bench/composeLanguage';
import { valueByBlocks } from '../../../../src/languages/compose/blocks';
import { parseCompose } from '../../../../src/languages/compose/document';

const CORPUS = join(__dirname, '..', '..', '..', 'fixtures', 'compose', 'corpus');
const parse = (block: string) => jsYaml.load(block);

function counting() {
  const seen: string[] = [];
  return { seen, parse: (block: string) => (seen.push(block), jsYaml.load(block)) };
}

describe('compose files read block by block', () => {
  const corpus = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f, readFileSync(join(CORPUS, f), 'utf8')] as const);

  for (const eol of ['\n', '\r\n']) {
    const label = eol === '\n' ? 'LF' : 'CRLF';
    it(`gives js-yaml's value of the whole text, or declines, for every corpus file (${label})`, () => {
      let cut = 0;
      for (const [name, lf] of [...corpus, ['200 services', composeOf200()] as const]) {
        const text = lf.replace(/\n/g, eol);
        const blocks = valueByBlocks(text, parse);
        if (!blocks) continue;
        cut++;
        assert.deepEqual(blocks.value, jsYaml.load(text), name);
      }
      assert.ok(cut >= corpus.length - 3, `only ${cut} of ${corpus.length + 1} files were read by blocks`);
    });
  }

  it('parses only the edited service again; the others keep their objects', () => {
    const text = composeOf200();
    const first = valueByBlocks(text, parse)!.value as { services: Record<string, unknown> };
    const { seen, parse: p } = counting();
    const edited = text.replace('      INDEX: "57"', '      INDEX: "fifty-seven"');
    const second = valueByBlocks(edited, p)!.value as { services: Record<string, { environment: unknown }> };
    assert.equal(seen.length, 1);
    assert.match(seen[0], /^ {2}svc57:/);
    assert.deepEqual(second.services.svc57.environment, { INDEX: 'fifty-seven', MODE: '${MODE:-bench}' });
    assert.equal(second.services.svc56, first.services.svc56);
    assert.notEqual(second.services.svc57, first.services.svc57);
    assert.deepEqual(second, jsYaml.load(edited));
  });

  const declined: [string, string][] = [
    ['an anchor and alias', 'x-common: &common\n  image: a\nservices:\n  web: *common\n'],
    ['a merge key', 'services:\n  web:\n    <<: {image: a}\n'],
    ['a tag', 'services:\n  web:\n    image: !!str a\n'],
    ['several documents', 'services:\n  web:\n    image: a\n---\nservices: {}\n'],
    ['a service met twice', 'services:\n  web:\n    image: a\n  web:\n    image: b\n'],
    ['a top-level key met twice', 'name: a\nservices: {}\nname: b\n'],
    ['services indented unevenly', 'services:\n    web:\n      image: a\n  db:\n    image: b\n'],
    ['a top-level sequence', '- a\n- b\n'],
    ['a block that does not parse alone', 'services:\n  web:\n    image: "a\n'],
  ];
  for (const [what, text] of declined) {
    it(`declines ${what} (the whole text is parsed instead)`, () => {
      assert.equal(valueByBlocks(text, parse), undefined);
    });
  }

  it('keeps parseCompose unchanged where blocks decline: the errors come from the whole text', () => {
    const file = parseCompose('services:\n  web:\n    image: a\n  web:\n    image: b\n');
    assert.equal(file.errors.length, 1);
    assert.match(file.errors[0].message, /unique|duplicate/i);
  });
});
