import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, Diagnostic, MarkupContent } from 'vscode-languageserver-types';
import { quadletService as svc } from '../../../../src/languages/quadlet';
import { serviceFor } from '../../../../src/languages/registry';
import { ctxOf, docOf, itBothEols } from './helpers';

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const newText = (i: CompletionItem | undefined) =>
  i?.textEdit && 'newText' in i.textEdit ? i.textEdit.newText : i?.insertText;

describe('registry', () => {
  it('serves .container files and drop-ins through the quadlet service', () => {
    assert.equal(serviceFor({ languageId: 'quadlet' }), svc);
    assert.equal(serviceFor({ path: '/x/web.container' }), svc);
    assert.equal(serviceFor({ path: '/x/web.container.d/a.conf' }), svc);
    assert.equal(serviceFor({ path: '/x/readme.md' }), undefined);
  });
});

describe('completion', () => {
  itBothEols('offers sections on a [ line, own type first', async (lines) => {
    const items = await svc.completion!(
      docOf('/q/a.container', lines('[Unit]', 'Description=x', '[')),
      { line: 2, character: 1 },
      ctxOf(),
    );
    assert.equal(items[0].label, '[Container]');
    assert.ok(labels(items).includes('[Service]'));
    assert.ok(!labels(items).includes('[Pod]'));
  });

  itBothEols('offers the keys of the current section, skipping single keys already set', async (lines) => {
    const items = await svc.completion!(
      docOf('/q/a.container', lines('[Container]', 'Image=x', 'Pu')),
      { line: 2, character: 2 },
      ctxOf(),
    );
    const l = labels(items);
    assert.ok(l.includes('PublishPort') && l.includes('Pull') && l.includes('Environment'));
    assert.ok(!l.includes('Image'), 'Image is already set');
    assert.ok(!l.includes('PodName'), 'a [Pod] key');
    assert.equal(newText(items.find((i) => i.label === 'PublishPort')), 'PublishPort=');
    const svcItems = await svc.completion!(
      docOf('/q/a.container', lines('[Service]', 'Re')),
      { line: 1, character: 2 },
      ctxOf(),
    );
    assert.ok(labels(svcItems).includes('Restart'));
    assert.ok(!labels(svcItems).includes('User'), 'refused keys are not offered');
  });

  itBothEols('offers enum values and booleans', async (lines) => {
    const pull = await svc.completion!(
      docOf('/q/a.container', lines('[Container]', 'Pull=')),
      { line: 1, character: 5 },
      ctxOf(),
    );
    assert.deepEqual(labels(pull), ['always', 'missing', 'never', 'newer']);
    const ro = await svc.completion!(
      docOf('/q/a.container', lines('[Container]', 'ReadOnly=')),
      { line: 1, character: 9 },
      ctxOf(),
    );
    assert.deepEqual(labels(ro), ['true', 'false']);
  });

  itBothEols('offers sibling unit files for references and live data', async (lines) => {
    const ctx = ctxOf(
      {
        '/q/a.container': '',
        '/q/web.pod': '',
        '/q/db.volume': '',
        '/q/back.network': '',
        '/q/app.build': '',
        '/q/base.image': '',
      },
      { images: ['docker.io/library/nginx:1'], networks: ['podman'], volumes: ['cache'], secrets: ['token'] },
    );
    const at = async (line: string) =>
      labels(
        await svc.completion!(
          docOf('/q/a.container', lines('[Container]', line)),
          { line: 1, character: line.length },
          ctx,
        ),
      );
    assert.deepEqual(await at('Pod='), ['web.pod']);
    assert.deepEqual((await at('Image=')).sort(), ['app.build', 'base.image', 'docker.io/library/nginx:1']);
    assert.ok(
      (await at('Network=')).includes('back.network') &&
        (await at('Network=')).includes('podman') &&
        (await at('Network=')).includes('host'),
    );
    assert.deepEqual((await at('Volume=')).sort(), ['cache', 'db.volume']);
    assert.deepEqual(await at('Secret='), ['token']);
    const vol = (
      await svc.completion!(docOf('/q/a.container', lines('[Container]', 'Volume=')), { line: 1, character: 7 }, ctx)
    ).find((i) => i.label === 'db.volume');
    assert.equal(vol?.insertText, 'db.volume:');
  });

  it('is quiet in comments and inside continued values', async () => {
    assert.deepEqual(
      await svc.completion!(docOf('/q/a.container', '[Container]\n# Im'), { line: 1, character: 4 }, ctxOf()),
      [],
    );
    assert.deepEqual(
      await svc.completion!(docOf('/q/a.container', '[Container]\nExec=a \\\n  b'), { line: 2, character: 3 }, ctxOf()),
      [],
    );
  });
});

describe('large documents', () => {
  it('completion and hover only parse the section around the cursor', async () => {
    const chunk = '[Container]\nImage=docker.io/library/alpine:3\nEnvironment=A=1\n';
    const big = chunk.repeat(Math.ceil((10 * 1024 * 1024) / chunk.length)) + '[Service]\nRe';
    const doc = docOf('/q/big.container', big);
    const last = big.split('\n').length - 1;
    const t = performance.now();
    const items = await svc.completion!(doc, { line: last, character: 2 }, ctxOf());
    assert.ok(labels(items).includes('Restart'));
    const h = await svc.hover!(doc, { line: 1, character: 2 }, ctxOf());
    assert.match((h?.contents as MarkupContent).value, /Image=/);
    assert.ok(performance.now() - t < 3000, 'no full parse per request');
  });

  it('finds the unit type of a .quadlets part for key completion', async () => {
    const text = '# FileName=web\n[Container]\nImage=x\n---\n# FileName=data\n[Volume]\nCo';
    const items = await svc.completion!(docOf('/q/app.quadlets', text), { line: 6, character: 2 }, ctxOf());
    assert.ok(labels(items).includes('Copy'));
    const sections = await svc.completion!(docOf('/q/app.quadlets', text + '\n['), { line: 7, character: 1 }, ctxOf());
    assert.equal(sections[0].label, '[Volume]');
  });
});

describe('hover', () => {
  itBothEols('describes a key with kind, example and version', async (lines) => {
    const h = await svc.hover!(
      docOf('/q/a.container', lines('[Container]', 'PublishPort=80:80')),
      { line: 1, character: 3 },
      ctxOf(),
    );
    const md = (h?.contents as MarkupContent).value;
    assert.match(md, /\*\*PublishPort=\*\*/);
    assert.match(md, /port mapping/);
    assert.match(md, /Since:\* Podman 4\.4/);
    assert.match(md, /```quadlet\nPublishPort=/);
    assert.deepEqual(h?.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } });
  });

  itBothEols('describes sections and marks estimated versions', async (lines) => {
    const doc = docOf('/q/a.container', lines('[Container]', 'HttpProxy=false'));
    assert.match(
      ((await svc.hover!(doc, { line: 0, character: 3 }, ctxOf()))?.contents as MarkupContent).value,
      /\[Container\]/,
    );
    assert.match(
      ((await svc.hover!(doc, { line: 1, character: 2 }, ctxOf()))?.contents as MarkupContent).value,
      /estimated/,
    );
  });

  it('has nothing for unknown keys or blank lines', async () => {
    assert.equal(
      await svc.hover!(docOf('/q/a.container', '[Container]\nBogus=1\n\n'), { line: 1, character: 1 }, ctxOf()),
      null,
    );
    assert.equal(
      await svc.hover!(docOf('/q/a.container', '[Container]\nBogus=1\n\n'), { line: 2, character: 0 }, ctxOf()),
      null,
    );
  });
});

describe('definition and references', () => {
  const files = {
    '/q/web.pod': '[Pod]\nPublishPort=80:80\n',
    '/q/front.container': '[Container]\nImage=x\nPod=web.pod\n',
    '/q/back.container': '[Container]\nImage=y\nPod=web.pod\nVolume=db.volume:/d\n',
    '/q/db.volume': '[Volume]\n',
    '/q/other.container': '[Container]\nImage=z\n',
  };
  itBothEols('goes from Pod=web.pod to web.pod', async (lines) => {
    const locs = await svc.definition!(
      docOf('/q/front.container', lines('[Container]', 'Image=x', 'Pod=web.pod')),
      { line: 2, character: 6 },
      ctxOf(files),
    );
    assert.deepEqual(locs, [
      { uri: 'file:///q/web.pod', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    ]);
    assert.deepEqual(
      await svc.definition!(
        docOf('/q/front.container', lines('[Container]', 'Image=x', 'Pod=web.pod')),
        { line: 1, character: 3 },
        ctxOf(files),
      ),
      [],
    );
  });

  itBothEols('finds the volume part of Volume=db.volume:/d', async (lines) => {
    const locs = await svc.definition!(
      docOf('/q/back.container', lines('[Container]', 'Volume=db.volume:/d')),
      { line: 1, character: 9 },
      ctxOf(files),
    );
    assert.equal(locs[0]?.uri, 'file:///q/db.volume');
    assert.deepEqual(
      await svc.definition!(
        docOf('/q/back.container', lines('[Container]', 'Volume=db.volume:/d')),
        { line: 1, character: 18 },
        ctxOf(files),
      ),
      [],
    );
  });

  it('lists the units referring to web.pod', async () => {
    const locs = await svc.references!(
      docOf('/q/web.pod', files['/q/web.pod']),
      { line: 0, character: 1 },
      ctxOf(files),
    );
    assert.deepEqual(
      locs.map((l) => `${l.uri}:${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`).sort(),
      ['file:///q/back.container:2:4-11', 'file:///q/front.container:2:4-11'],
    );
  });

  it('from a reference, lists every use of the referenced unit', async () => {
    const locs = await svc.references!(
      docOf('/q/front.container', files['/q/front.container']),
      { line: 2, character: 5 },
      ctxOf(files),
    );
    assert.equal(locs.length, 2);
  });

  it('resolves references between units of one .quadlets file', async () => {
    const text = '# FileName=web\n[Container]\nImage=x\nVolume=data.volume:/d\n---\n# FileName=data\n[Volume]\n';
    const locs = await svc.definition!(docOf('/q/app.quadlets', text), { line: 3, character: 8 }, ctxOf());
    assert.deepEqual(locs, [
      { uri: 'file:///q/app.quadlets', range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } } },
    ]);
  });
});

describe('quick fixes', () => {
  const fix = async (path: string, text: string) => {
    const ctx = ctxOf();
    const doc = docOf(path, text);
    const diags: Diagnostic[] = await svc.diagnostics(doc, ctx);
    return { diags, actions: svc.codeActions!(doc, diags[0].range, diags, ctx) };
  };
  itBothEols('replaces a misspelled key with the suggestion', async (lines) => {
    const { actions } = await fix('/q/a.container', lines('[Container]', 'Imag=docker.io/a/b'));
    const a = actions.find((x) => x.title === 'Change to Image=');
    assert.deepEqual(a?.edit?.changes?.['file:///q/a.container'], [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } }, newText: 'Image' },
    ]);
  });

  itBothEols('inserts Image= after the [Container] header, keeping the line ending', async (lines, eol) => {
    const { actions } = await fix(
      '/q/a.container',
      lines('[Unit]', 'Description=x', '[Container]', 'Exec=sleep 1', ''),
    );
    const a = actions.find((x) => x.title === 'Add Image=');
    assert.deepEqual(a?.edit?.changes?.['file:///q/a.container'], [
      { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: `Image=${eol}` },
    ]);
  });

  itBothEols('fixes section typos and removes refused keys', async (lines) => {
    const sec = await fix('/q/a.container', lines('[Contaner]', 'Image=x'));
    assert.ok(sec.actions.some((a) => a.title === 'Change to [Container]'));
    const refused = await fix('/q/a.container', lines('[Container]', 'Image=docker.io/a/b', '[Service]', 'User=app'));
    const rm = refused.actions.find((a) => a.title === 'Remove this line');
    assert.deepEqual(rm?.edit?.changes?.['file:///q/a.container'][0].range, {
      start: { line: 3, character: 0 },
      end: { line: 4, character: 0 },
    });
  });
});

describe('document symbols and folding', () => {
  itBothEols('lists sections with their keys', (lines) => {
    const syms = svc.documentSymbols!(
      docOf('/q/a.container', lines('[Unit]', 'Description=x', '', '[Container]', 'Image=y', 'Exec=a \\', '  b')),
    );
    assert.deepEqual(
      syms.map((s) => s.name),
      ['[Unit]', '[Container]'],
    );
    assert.deepEqual(
      syms[1].children?.map((c) => [c.name, c.range.start.line, c.range.end.line]),
      [
        ['Image', 4, 4],
        ['Exec', 5, 6],
      ],
    );
    const folds = svc.foldingRanges!(
      docOf('/q/a.container', lines('[Unit]', 'Description=x', '[Container]', 'Image=y', 'Exec=a \\', '  b')),
    );
    assert.ok(folds.some((f) => f.startLine === 2 && f.endLine === 5));
  });

  it('shows each unit of a .quadlets file as a file symbol', () => {
    const syms = svc.documentSymbols!(
      docOf('/q/app.quadlets', '# FileName=web\n[Container]\nImage=x\n---\n# FileName=data\n[Volume]\n'),
    );
    assert.deepEqual(
      syms.map((s) => s.name),
      ['web.container', 'data.volume'],
    );
  });
});
