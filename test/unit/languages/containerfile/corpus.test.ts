// Every Containerfile of the corpus is valid for Podman/Buildah: no error diagnostics,
// with LF and with CRLF line endings (and with a byte order mark).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { serviceFor } from '../../../../src/languages/registry';
import { EMPTY_LIVE_DATA } from '../../../../src/languages/types';
import { nodeFileAccess } from '../../../../src/server/main';

const root = resolve('test/fixtures/containerfile/corpus');
function walk(d: string): string[] {
  return readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
}
const corpus = walk(root).filter((p) => serviceFor({ path: p }));

describe('containerfile corpus', () => {
  it('has at least 50 Containerfiles, .in files included', () => {
    assert.ok(corpus.length >= 50, String(corpus.length));
    assert.ok(corpus.filter((p) => p.endsWith('.in')).length >= 3);
  });
  for (const path of corpus) {
    for (const [label, transform] of [
      ['LF', (t: string) => t],
      ['CRLF', (t: string) => t.replace(/\n/g, '\r\n')],
      ['BOM', (t: string) => '\uFEFF' + t],
    ] as const) {
      it(`${path.slice(root.length + 1)} (${label})`, async () => {
        const text = transform(readFileSync(path, 'utf8'));
        const service = serviceFor({ path })!;
        const diags = await service.diagnostics(
          { uri: pathToFileURL(path).href, languageId: 'dockerfile', text },
          { files: nodeFileAccess, live: EMPTY_LIVE_DATA },
        );
        const errors = diags.filter((d) => d.severity === DiagnosticSeverity.Error);
        assert.deepEqual(
          errors.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message} [${d.code}]`),
          [],
        );
      });
    }
  }
});
