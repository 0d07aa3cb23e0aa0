// Quick fixes for the diagnostics that carry a fix: misspelled keys/sections, missing required
// keys, keys Quadlet refuses.
import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { TextDoc } from '../types';
import { TYPE_SECTION } from './catalogue';
import { partAt, partsSync } from './document';

export function quadletCodeActions(doc: TextDoc, _range: Range, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  for (const d of diagnostics) {
    const data = (d.data ?? {}) as Record<string, string>;
    const code = String(d.code ?? '');
    if ((code === 'quadlet.unknown-key' || code === 'quadlet.unknown-section') && data.replacement) {
      out.push({
        title: `Change to ${code === 'quadlet.unknown-section' ? `[${data.replacement}]` : `${data.replacement}=`}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [doc.uri]: [{ range: d.range, newText: data.replacement }] } },
      });
    }
    if (data.insert && code.startsWith('quadlet.missing-')) {
      const part = partAt(partsSync(doc), d.range.start.line);
      const type = part?.type;
      const section = type ? part?.ast.sections.find((s) => s.name === TYPE_SECTION[type]) : undefined;
      const line = section ? section.nameRange.start.line + 1 : d.range.start.line;
      out.push({
        title: `Add ${data.insert}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: {
          changes: {
            [doc.uri]: [
              {
                range: { start: { line, character: 0 }, end: { line, character: 0 } },
                newText: `${data.insert}${eol}`,
              },
            ],
          },
        },
      });
    }
    if (code === 'quadlet.refused-service-key') {
      out.push({
        title: 'Remove this line',
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: {
          changes: {
            [doc.uri]: [
              {
                range: {
                  start: { line: d.range.start.line, character: 0 },
                  end: { line: d.range.start.line + 1, character: 0 },
                },
                newText: '',
              },
            ],
          },
        },
      });
    }
  }
  return out;
}
