import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { classifyPath } from '../../../../src/languages/quadlet/files';
import { quadletService } from '../../../../src/languages/quadlet';
import { ctxOf, docOf } from './helpers';

const root = resolve(__dirname, '..', '..', '..', '..');
const grammar = JSON.parse(readFileSync(resolve(root, 'syntaxes/quadlet.tmLanguage.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));

describe('grammar and package.json contributions', () => {
  it('declares the quadlet language with every unit extension and the grammar', () => {
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'quadlet');
    for (const ext of [
      '.container',
      '.pod',
      '.volume',
      '.network',
      '.kube',
      '.image',
      '.build',
      '.artifact',
      '.quadlets',
    ]) {
      assert.ok(lang.extensions.includes(ext), ext);
    }
    assert.ok(lang.filenamePatterns.includes('**/*.container.d/*.conf'));
    assert.equal(
      pkg.contributes.grammars.find((g: { language: string }) => g.language === 'quadlet').scopeName,
      grammar.scopeName,
    );
  });

  it('its main rules match sections, keys, comments and continuations', () => {
    const r = grammar.repository;
    assert.match('[Container]', new RegExp(r.section.match));
    assert.match('  # note', new RegExp(r.comment.match));
    assert.match('; note', new RegExp(r.comment.match));
    const begin = new RegExp(r.entry.begin);
    assert.deepEqual(begin.exec('Image = x')?.slice(1), ['Image', '=']);
    const end = new RegExp(r.entry.end);
    assert.ok(!end.test('Exec=a \\'), 'a trailing backslash continues the value');
    assert.ok(end.test('Exec=a'));
  });

  it('leaves systemd-networkd files alone', async () => {
    assert.equal(classifyPath('/etc/systemd/network/10-eth.network'), undefined);
    assert.equal(quadletService.matchesPath('/etc/systemd/network/10-eth.network'), false);
    const diags = await quadletService.diagnostics(
      docOf('/home/u/10-eth.network', '[Match]\nName=eth0\n[Network]\nDHCP=yes\n'),
      ctxOf(),
    );
    assert.deepEqual(diags, []);
  });
});
