// Diagnostics, links and definitions specific to `.in` Containerfiles (cpp input).
import { DiagnosticSeverity, type Diagnostic, type DocumentLink, type Location } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, type FileAccess } from '../types';
import { containerfileDiagnostics, looksBinary, MAX_ANALYSED_CHARS, type FixData } from './diagnostics';
import { pathToUri } from './paths';
import { includeLines, isDirectiveLine, preprocess, resolveInclude, type PreprocessResult } from './preprocess';
import { splitLines } from './parser';

export const InCodes = {
  includeNotFound: 'include-not-found',
  includeCycle: 'include-cycle',
  includeSyntax: 'include-syntax',
  hashComment: 'cpp-hash-comment',
} as const;

/** Turns `# text` into `/* text *\/` (the quick fix for cpp-hash-comment). */
export function toCComment(line: string): string {
  const m = /^(\s*)#\s?(.*?)\s*$/.exec(line)!;
  return `${m[1]}/* ${m[2].replace(/\*\//g, '* /')} */`;
}

export async function inFileDiagnostics(text: string, path: string, files: FileAccess): Promise<Diagnostic[]> {
  if (looksBinary(text) || text.length > MAX_ANALYSED_CHARS) return containerfileDiagnostics(text);
  const lines = splitLines(text);
  const { includes, malformed } = includeLines(text);
  const out: Diagnostic[] = malformed.map((line) =>
    lineDiagnostic(
      line,
      0,
      lines[line].length,
      '#include expects a file name in "quotes" or <angle brackets>.',
      InCodes.includeSyntax,
    ),
  );
  out.push(...hashCommentDiagnostics(lines));

  const result = await preprocess(text, path, files, { keepColumns: true });
  for (const error of result.errors) {
    const inc = includes.find((x) => x.line === error.line);
    const code = error.kind === 'cycle' || error.kind === 'depth' ? InCodes.includeCycle : InCodes.includeNotFound;
    out.push(lineDiagnostic(error.line, inc?.start ?? 0, inc?.end ?? lines[error.line].length, error.message, code));
  }
  out.push(...expandedDiagnostics(result, lines));
  return out;
}

/** A diagnostic on one line, from column `start` to `end`. */
function lineDiagnostic(
  line: number,
  start: number,
  end: number,
  message: string,
  code: string,
  severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  data?: FixData,
): Diagnostic {
  const d: Diagnostic = {
    range: { start: { line, character: start }, end: { line, character: end } },
    message,
    code,
    severity,
    source: DIAGNOSTIC_SOURCE,
  };
  if (data) d.data = data;
  return d;
}

/** `#` lines that are not cpp directives: cpp rejects them as invalid directives. */
function hashCommentDiagnostics(lines: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!inComment && /^\s*#/.test(l) && !isDirectiveLine(l) && !/^\s*#\s*$/.test(l)) {
      const start = l.search(/#/);
      out.push(
        lineDiagnostic(
          i,
          start,
          l.length,
          'In a .in file cpp reads a line starting with # as a directive; write comments as /* ... */ instead.',
          InCodes.hashComment,
          DiagnosticSeverity.Warning,
          { replacement: toCComment(l.slice(start)) },
        ),
      );
    }
    // Track C comments spanning lines (good enough: ignores quoting, like traditional cpp).
    let idx = 0;
    for (;;) {
      const token = inComment ? l.indexOf('*/', idx) : l.indexOf('/*', idx);
      if (token < 0) break;
      inComment = !inComment;
      idx = token + 2;
    }
  }
  return out;
}

/** Containerfile checks run on the expanded text; keeps those that fall in this file, on its lines. */
function expandedDiagnostics(expanded: PreprocessResult, lines: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of containerfileDiagnostics(expanded.text)) {
    const s = expanded.lineMap[d.range.start.line];
    const e = expanded.lineMap[d.range.end.line];
    if (!s || s.path !== expanded.path) continue;
    const endLine = e && e.path === s.path ? e.line : s.line;
    out.push({
      ...d,
      range: {
        start: { line: s.line, character: d.range.start.character },
        end: { line: endLine, character: e && e.path === s.path ? d.range.end.character : lines[s.line].length },
      },
    });
  }
  return out;
}

export async function includeLinks(text: string, path: string, files: FileAccess): Promise<DocumentLink[]> {
  const links: DocumentLink[] = [];
  for (const inc of includeLines(text).includes) {
    const target = resolveInclude(path, inc.file);
    if (!(await files.exists(target))) continue;
    links.push({
      range: { start: { line: inc.line, character: inc.start }, end: { line: inc.line, character: inc.end } },
      target: pathToUri(target),
      tooltip: `Open ${inc.file}`,
    });
  }
  return links;
}

export async function includeDefinition(
  text: string,
  path: string,
  line: number,
  character: number,
  files: FileAccess,
): Promise<Location[]> {
  const inc = includeLines(text).includes.find(
    (x) => x.line === line && character >= x.start - 1 && character <= x.end + 1,
  );
  if (!inc) return [];
  const target = resolveInclude(path, inc.file);
  if (!(await files.exists(target))) return [];
  return [{ uri: pathToUri(target), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
}
