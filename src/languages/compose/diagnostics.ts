// The diagnostics of the compose service: YAML syntax, the schema, then the checks a schema cannot
// make (checks.ts). No `vscode` import.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, type ServiceContext, type TextDoc } from '../types';
import {
  cycleDiagnostics,
  fileDiagnostics,
  interpolationDiagnostics,
  obsoleteDiagnostics,
  portDiagnostics,
  referenceDiagnostics,
} from './checks';
import { isRecord, MAX_COMPOSE_TEXT, parseCompose, type ComposeFile } from './document';
import { schemaDiagnostics } from './schema';

let last: { uri: string; text: string; file: ComposeFile } | undefined;

/** The parse of a document, kept while its text stays the same (features ask in turn). */
export function parseCached(doc: TextDoc): ComposeFile {
  if (last && last.uri === doc.uri && last.text === doc.text) return last.file;
  const file = parseCompose(doc.text);
  last = { uri: doc.uri, text: doc.text, file };
  return file;
}

export async function composeDiagnostics(doc: TextDoc, ctx: ServiceContext): Promise<Diagnostic[]> {
  if (doc.text.length > MAX_COMPOSE_TEXT) {
    const message = `compose file too large to check (over ${MAX_COMPOSE_TEXT / 1024 / 1024} MB)`;
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return [
      { range, severity: DiagnosticSeverity.Warning, message, source: DIAGNOSTIC_SOURCE, code: 'compose.too-large' },
    ];
  }
  const file = parseCached(doc);
  const syntax: Diagnostic[] = [...file.errors, ...file.warnings].map((e, i) => ({
    range: e.range,
    severity: i < file.errors.length ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    message: e.message,
    source: DIAGNOSTIC_SOURCE,
    code: e.code,
  }));
  if (file.errors.length) return syntax;
  if (file.value !== undefined && file.value !== null && !isRecord(file.value)) {
    const message = 'a compose file must be a mapping (services:, networks:, ...)';
    return [
      ...syntax,
      {
        range: file.range(file.doc.contents),
        severity: DiagnosticSeverity.Error,
        message,
        source: DIAGNOSTIC_SOURCE,
        code: 'compose.not-a-mapping',
      },
    ];
  }
  const schema = schemaDiagnostics(file);
  const checks = await Promise.all([
    referenceDiagnostics(file, doc, ctx.files),
    fileDiagnostics(file, doc, ctx.files),
    interpolationDiagnostics(file, doc, ctx.files),
  ]);
  return [
    ...syntax,
    ...schema,
    ...obsoleteDiagnostics(file),
    ...cycleDiagnostics(file),
    ...portDiagnostics(file),
    ...checks.flat(),
  ];
}
