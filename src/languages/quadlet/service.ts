// The Quadlet language service: one object wiring every feature file, registered in
// src/languages/registry.ts and served by the language server and the CLI.
import type { LanguageService } from '../types';
import { quadletCodeActions } from './actions';
import { quadletCompletion } from './completion';
import { quadletDiagnostics } from './diagnostics';
import { classifyPath, LANGUAGE_ID } from './files';
import { quadletHover } from './hover';
import { quadletDefinition, quadletReferences } from './navigation';
import { quadletFolding, quadletSymbols } from './symbols';

export const quadletService: LanguageService = {
  languageIds: [LANGUAGE_ID],
  matchesPath: (path) => classifyPath(path) !== undefined,
  diagnostics: (doc, ctx) => quadletDiagnostics(doc, ctx),
  completion: (doc, pos, ctx) => quadletCompletion(doc, pos, ctx),
  hover: (doc, pos) => quadletHover(doc, pos),
  documentSymbols: (doc) => quadletSymbols(doc),
  foldingRanges: (doc) => quadletFolding(doc),
  codeActions: (doc, range, diagnostics) => quadletCodeActions(doc, range, diagnostics),
  definition: (doc, pos, ctx) => quadletDefinition(doc, pos, ctx),
  references: (doc, pos, ctx) => quadletReferences(doc, pos, ctx),
};
