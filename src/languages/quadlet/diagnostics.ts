// Diagnostics: parse problems plus the unit checks, for the document's own lines only.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { binaryFileDiagnostic, looksBinary } from '../binary';
import { DIAGNOSTIC_SOURCE, type ServiceContext, type TextDoc } from '../types';
import { checkUnit, type Issue } from './checks';
import { analyze } from './document';

const SEVERITY: Record<Issue['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Upper bound on diagnostics per document, so huge broken files stay responsive. */
export const MAX_DIAGNOSTICS = 1000;

export async function quadletDiagnostics(doc: TextDoc, ctx: ServiceContext): Promise<Diagnostic[]> {
  // Binary garbage gets one diagnostic, not one per line that fails to parse.
  if (looksBinary(doc.text)) return [binaryFileDiagnostic('a Quadlet unit', 'quadlet.binary-file')];
  const a = await analyze(doc, ctx);
  const out: Diagnostic[] = [];
  // A systemd-networkd .network file opened outside its usual folders: not ours to judge.
  if (
    a.kind?.kind === 'unit' &&
    a.kind.type === 'network' &&
    a.parts[0]?.ast.sections.some((s) => s.name === 'Match')
  ) {
    return out;
  }
  for (const part of a.parts) {
    for (const p of part.ast.problems) {
      if (p.code === 'key-outside-section') continue; // reported by the checks
      out.push({
        range: p.range,
        severity: p.code === 'invalid-line' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
        code: `quadlet.${p.code}`,
        source: DIAGNOSTIC_SOURCE,
        message: p.message,
      });
    }
    if (a.kind?.kind === 'quadlets' && !part.model && part.ast.sections.length) {
      const line = part.firstLine;
      out.push({
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        severity: DiagnosticSeverity.Error,
        code: 'quadlet.quadlets-missing-filename',
        source: DIAGNOSTIC_SOURCE,
        message: part.type
          ? 'Each unit of a .quadlets file needs a `# FileName=<name>` comment.'
          : 'This part of the .quadlets file has no Quadlet section ([Container], [Volume], ...).',
      });
    }
    if (!part.model) continue;
    const issues = await checkUnit(
      part.model,
      {
        files: ctx.files,
        live: ctx.live,
        searchDirs: a.searchDirs,
        siblings: a.siblings,
        wholeUnit: part.wholeUnit,
        limit: MAX_DIAGNOSTICS,
      },
      part.only ?? a.path,
    );
    for (const i of issues) {
      out.push({
        range: i.range,
        severity: SEVERITY[i.severity],
        code: i.code,
        source: DIAGNOSTIC_SOURCE,
        message: i.message,
        ...(i.data ? { data: i.data } : {}),
      });
      if (out.length >= MAX_DIAGNOSTICS) return out;
    }
  }
  return out.slice(0, MAX_DIAGNOSTICS);
}
