// Conversion of a compose file to Quadlet units or Kubernetes YAML: reads the document, refuses
// one with errors (they are returned instead), builds the project through the adapter
// (project.ts) and runs the converter. Shared by the CLI and the VS Code commands. No `vscode`
// import.
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { FileAccess } from '../../types';
import { EMPTY_LIVE_DATA } from '../../types';
import { variables } from '../context';
import { composeDiagnostics } from '../diagnostics';
import { parseCompose } from '../document';
import { InterpolationFailure } from '../interpolation';
import { composeToKube } from './kube';
import { projectFromFile, type ConvertResult } from './project';
import { composeToQuadlet } from './quadlet';

export { composeToKube } from './kube';
export { composeToQuadlet } from './quadlet';
export {
  projectFromFile,
  type ConvertProject,
  type ConvertResult,
  type ConvertWarning,
  type ConvertedFile,
} from './project';

export type ConvertTarget = 'quadlet' | 'kube';

export interface ConvertRequest {
  path: string;
  text: string;
  to: ConvertTarget;
  pod?: boolean;
  files: FileAccess;
}

export type ConvertOutcome = ({ ok: true } & ConvertResult) | { ok: false; errors: Diagnostic[] };

export async function convertCompose(req: ConvertRequest): Promise<ConvertOutcome> {
  const doc = { uri: pathToFileURL(req.path).href, languageId: 'yaml', text: req.text };
  const diagnostics = await composeDiagnostics(doc, { files: req.files, live: EMPTY_LIVE_DATA });
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  if (errors.length) return { ok: false, errors };
  try {
    const project = projectFromFile(parseCompose(req.text).value, dirname(req.path), await variables(doc, req.files));
    const result =
      req.to === 'quadlet' ? composeToQuadlet(project, { pod: req.pod }) : composeToKube(project, { pod: req.pod });
    return { ok: true, ...result };
  } catch (e) {
    if (!(e instanceof InterpolationFailure)) throw e;
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return {
      ok: false,
      errors: [{ range, message: e.message, severity: DiagnosticSeverity.Error, code: 'compose.interpolation' }],
    };
  }
}
