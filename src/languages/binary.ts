// Binary content, shared by the language services: a file with NUL bytes is not text any of them
// can judge, so a service reports it once (at the top of the file) instead of checking its lines.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from './types';

/** Quick cheap test for binary content: text files have no NUL byte. */
export function looksBinary(text: string): boolean {
  return text.includes('\u0000');
}

/** The one diagnostic of a binary file; `what` names what the file should have been ("a Quadlet unit"). */
export function binaryFileDiagnostic(what: string, code: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    code,
    source: DIAGNOSTIC_SOURCE,
    message: `This file contains NUL bytes: it looks binary, not like ${what}, so it was not checked.`,
  };
}
