// The Quadlet language service: one object wiring every feature file, registered in
// src/languages/registry.ts and served by the language server and the CLI. The other public
// names of the Quadlet language support are re-exported here (no vscode import anywhere below).
import type { LanguageService } from '../types';
import { quadletCodeActions } from './actions';
import { quadletCompletion } from './completion';
import { quadletDiagnostics } from './diagnostics';
import { classifyPath, LANGUAGE_ID } from './files';
import { quadletHover } from './hover';
import { quadletDefinition, quadletReferences } from './navigation';
import { quadletFolding, quadletSymbols } from './symbols';

export {
  previewUnit,
  generateService,
  LATEST_MODELLED_VERSION,
  type PreviewInput,
  type PreviewResult,
  type PreviewError,
} from './generator';
export { quadletCli } from './cli';
export { quadletFromInspect } from './fromInspect';
export { quadletFromPodmanRun } from './fromRun';
export { LANGUAGE_ID, UNIT_EXTENSIONS, classifyPath, standardSearchDirs } from './files';
export { SECTIONS, keyInfo } from './catalogue';
export { serviceOptions } from './document';

export const quadletService: LanguageService = {
  languageIds: [LANGUAGE_ID],
  matchesPath: (path) => classifyPath(path) !== undefined,
  diagnostics: (doc, context) => quadletDiagnostics(doc, context),
  completion: (doc, position, context) => quadletCompletion(doc, position, context),
  hover: (doc, position) => quadletHover(doc, position),
  documentSymbols: (doc) => quadletSymbols(doc),
  foldingRanges: (doc) => quadletFolding(doc),
  codeActions: (doc, range, diagnostics) => quadletCodeActions(doc, range, diagnostics),
  definition: (doc, position, context) => quadletDefinition(doc, position, context),
  references: (doc, position, context) => quadletReferences(doc, position, context),
};
