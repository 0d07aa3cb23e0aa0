// Conversion of a compose file to Quadlet units or Kubernetes YAML: checks the document and
// refuses one with errors (they are returned instead), loads the project through the compose
// model as Up does (model.ts: override, .env, env_file, include, extends, profiles) and runs the
// converter; each warning carries the position of its field. Shared by the CLI and the VS Code
// commands. No `vscode` import.
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { FileAccess } from '../../types';
import { EMPTY_LIVE_DATA } from '../../types';
import { composeOptions } from '../context';
import { composeDiagnostics } from '../diagnostics';
import { composeToKube } from './kube';
import { convertProjectOf, loadForConversion, placeWarnings, profileWarnings } from './model';
import type { ConvertResult } from './project';
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
  const loaded = loadForConversion(req.path, req.text, { ...composeOptions.env() });
  if (!loaded.ok) return loaded;
  const project = convertProjectOf(loaded.project, loaded.services);
  const result =
    req.to === 'quadlet' ? composeToQuadlet(project, { pod: req.pod }) : composeToKube(project, { pod: req.pod });
  const warnings = [...profileWarnings(loaded.project, loaded.services), ...result.warnings];
  return { ok: true, files: result.files, warnings: placeWarnings(loaded.project, warnings) };
}
