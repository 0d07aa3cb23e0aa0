// package.json contributions agree with the service's idea of a Containerfile.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { isContainerfilePath, isPreprocessedPath } from '../../../../src/languages/containerfile/paths';
import { serviceFor } from '../../../../src/languages/registry';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'dockerfile');

/** VS Code matches file names, patterns and extensions ignoring case (its language associations). */
function globToRe(glob: string): RegExp {
  return new RegExp('^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$', 'i');
}

function vscodeMatches(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lang.filenames.some((f: string) => f.toLowerCase() === lower) ||
    lang.filenamePatterns.some((g: string) => globToRe(g).test(name)) ||
    lang.extensions.some((e: string) => lower.endsWith(e.toLowerCase()))
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
    'Containerfile-prod',
    'Containerfile-prod.in',
    'Dockerfile-dev',
    'build.Dockerfile.in',
  ];
  const no = ['README.md', 'containerfile.txt', 'Makefile.in', 'notes.dockerfile.md', 'Containerfiles', 'Dockerfile-'];
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
    assert.ok(isPreprocessedPath('/x/Containerfile-prod.in'));
    assert.ok(isPreprocessedPath('/x/build.Dockerfile.in'));
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
