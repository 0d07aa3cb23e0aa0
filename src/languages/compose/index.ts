// The Compose language service: diagnostics (YAML, the Compose schema, references, cycles, ports,
// files, interpolation), completion, hover, document symbols and go to definition for
// compose.yaml, docker-compose.yml and their variants. Registered in src/languages/registry.ts.
// The conversions to Quadlet and Kubernetes YAML live in ./convert. No `vscode` import.
import type { LanguageService } from '../types';
import { composeCompletion } from './completion';
import { isComposePath } from './context';
import { composeDiagnostics } from './diagnostics';
import { composeHover } from './hover';
import { composeDefinition } from './navigation';
import { composeSymbols } from './symbols';

export { composeOptions, isComposePath, COMPOSE_FILE_NAMES } from './context';
export { parseCompose, type ComposeFile } from './document';

/** VS Code's language id for compose files when the Docker extension is installed. */
export const COMPOSE_LANGUAGE_ID = 'dockercompose';

export const composeService: LanguageService = {
  languageIds: [COMPOSE_LANGUAGE_ID, 'yaml'],
  matchesPath: (path) => isComposePath(path),
  diagnostics: (doc, context) => composeDiagnostics(doc, context),
  completion: (doc, position) => composeCompletion(doc, position),
  hover: (doc, position, context) => composeHover(doc, position, context),
  documentSymbols: (doc) => composeSymbols(doc),
  definition: (doc, position, context) => composeDefinition(doc, position, context),
};
