// package.json contributions agree with the service's idea of a Containerfile.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { isContainerfilePath, isPreprocessedPath } from '../../../../src/languages/containerfile/paths';
import { serviceFor } from '../../../../src/languages/registry';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'dockerfile');

function globToRe(glob: string): RegExp {
  return new RegExp('^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
}

function vscodeMatches(name: string): boolean {
  return (
    lang.filenames.includes(name) ||
    lang.filenamePatterns.some((g: string) => globToRe(g).test(name)) ||
    lang.extensions.some((e: string) => name.endsWith(e))
  );
}

describe('package.json contributions', () => {
  const yes = [
    'Containerfile',
    'Dockerfile',
    'Containerfile.dev',
    'Dockerfile.prod',
    'app.containerfile',
    'web.dockerfile',
    'Containerfile.in',
    'Dockerfile.in',
    'foo.containerfile.in',
    'foo.dockerfile.in',
  ];
  const no = ['README.md', 'containerfile.txt', 'Makefile.in', 'notes.dockerfile.md'];
  it('maps the same file names to the dockerfile language as the CLI', () => {
    for (const n of yes) {
      assert.ok(vscodeMatches(n), `VS Code would not open ${n} as dockerfile`);
      assert.ok(isContainerfilePath('/x/' + n), `service does not match ${n}`);
      assert.equal(serviceFor({ path: '/x/' + n })?.languageIds[0], 'dockerfile');
    }
    for (const n of no) assert.ok(!isContainerfilePath('/x/' + n), n);
  });
  it('treats only .in names as preprocessed', () => {
    assert.ok(isPreprocessedPath('/x/Containerfile.in'));
    assert.ok(isPreprocessedPath('/x/foo.containerfile.in'));
    assert.ok(!isPreprocessedPath('/x/Containerfile'));
    assert.ok(!isPreprocessedPath('/x/Makefile.in'));
  });
  it('declares the grammar injection, setting and command', () => {
    const g = pkg.contributes.grammars[0];
    assert.ok(existsSync(g.path), g.path);
    assert.equal(JSON.parse(readFileSync(g.path, 'utf8')).scopeName, g.scopeName);
    assert.equal(pkg.contributes.configuration.properties['podman.containerfile.diagnostics.enabled'].default, true);
    const cmd = pkg.contributes.commands.find(
      (c: { command: string }) => c.command === 'podman.containerfile.showPreprocessed',
    );
    assert.equal(cmd.category, 'Podman');
    assert.match(
      readFileSync('src/language-client/index.ts', 'utf8'),
      /registerCommand\('podman\.containerfile\.showPreprocessed'/,
    );
  });
});
