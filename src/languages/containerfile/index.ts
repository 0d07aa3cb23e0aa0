// The Containerfile language service: Podman/Buildah dialect of Dockerfile.
// One file per feature; this module only wires them to the LanguageService contract.
import type { LanguageService, TextDoc } from '../types';
import { containerfileCodeActions } from './codeActions';
import { containerfileCompletion } from './completion';
import { containerfileDiagnostics } from './diagnostics';
import { containerfileFolding } from './folding';
import { containerfileFormat } from './format';
import { containerfileHover } from './hover';
import { includeDefinition, includeLinks, inFileDiagnostics } from './inFiles';
import { containerfileDefinition, containerfileReferences } from './navigation';
import { isContainerfilePath, isPreprocessedPath, uriToPath } from './paths';
import { containerfileSymbols } from './symbols';

export { preprocess } from './preprocess';
export { isPreprocessedPath } from './paths';

function preprocessedPath(doc: TextDoc): string | undefined {
  const path = uriToPath(doc.uri);
  return path && isPreprocessedPath(path) ? path : undefined;
}

export const containerfileService: LanguageService = {
  languageIds: ['dockerfile'],
  matchesPath: (path) => isContainerfilePath(path),
  diagnostics(doc, ctx) {
    const inPath = preprocessedPath(doc);
    return inPath ? inFileDiagnostics(doc.text, inPath, ctx.files) : containerfileDiagnostics(doc.text);
  },
  completion: (doc, pos, ctx) => containerfileCompletion(doc.text, pos, ctx.live),
  hover: (doc, pos) => containerfileHover(doc.text, pos),
  documentSymbols: (doc) => containerfileSymbols(doc.text),
  foldingRanges: (doc) => containerfileFolding(doc.text),
  format: (doc) => containerfileFormat(doc.text),
  codeActions: (doc, _range, diagnostics) => containerfileCodeActions(doc.uri, diagnostics),
  documentLinks(doc, ctx) {
    const inPath = preprocessedPath(doc);
    return inPath ? includeLinks(doc.text, inPath, ctx.files) : [];
  },
  async definition(doc, pos, ctx) {
    const inPath = preprocessedPath(doc);
    if (inPath) {
      const inc = await includeDefinition(doc.text, inPath, pos.line, pos.character, ctx.files);
      if (inc.length) return inc;
    }
    return containerfileDefinition(doc.uri, doc.text, pos);
  },
  references: (doc, pos) => containerfileReferences(doc.uri, doc.text, pos),
};
