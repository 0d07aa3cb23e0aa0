// Containerfile checks for the Podman/Buildah dialect. Pure: text in, LSP diagnostics out.
// The checks themselves live in checks/: one file per concern.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { binaryFileDiagnostic, looksBinary } from '../binary';
import { analyze } from './analysis';
import { checkContainerfile } from './checks/checker';
import { Codes, MAX_DIAGNOSTICS, diag } from './checks/report';

export { Codes, MAX_DIAGNOSTICS, type FixData } from './checks/report';
export { looksBinary } from '../binary';

/** Beyond this size a file is not analysed (bounded work in the editor and the CLI). */
export const MAX_ANALYSED_CHARS = 4 * 1024 * 1024;

export function containerfileDiagnostics(text: string): Diagnostic[] {
  if (looksBinary(text)) return [binaryFileDiagnostic('a Containerfile', Codes.binaryFile)];
  if (text.length > MAX_ANALYSED_CHARS) {
    return [
      diag(
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        `This file is larger than ${MAX_ANALYSED_CHARS / 1024 / 1024} MB; it was not checked.`,
        Codes.fileTooLarge,
        DiagnosticSeverity.Warning,
      ),
    ];
  }
  const out: Diagnostic[] = [];
  checkContainerfile(analyze(text), out);
  return out.length > MAX_DIAGNOSTICS ? out.slice(0, MAX_DIAGNOSTICS) : out;
}
