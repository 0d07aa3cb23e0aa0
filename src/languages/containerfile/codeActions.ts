// Quick fixes for diagnostics that carry an unambiguous replacement (FixData).
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import type { FixData } from './diagnostics';

const FIXABLE = new Set([
  'unknown-instruction',
  'unknown-flag',
  'mount-unknown-option',
  'mount-unknown-type',
  'unknown-stage',
  'cpp-hash-comment',
]);

function fixData(d: Diagnostic): FixData | undefined {
  const data = d.data as Partial<FixData> | undefined;
  return data && typeof data.replacement === 'string' ? { replacement: data.replacement } : undefined;
}

export function containerfileCodeActions(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== 'podman' || !FIXABLE.has(String(d.code))) continue;
    const fix = fixData(d);
    if (!fix) continue;
    const title = d.code === 'cpp-hash-comment' ? 'Turn into a C comment /* ... */' : `Change to '${fix.replacement}'`;
    out.push({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: d.range, newText: fix.replacement }] } },
    });
  }
  return out;
}
