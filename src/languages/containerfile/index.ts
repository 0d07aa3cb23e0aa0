// The Containerfile language service: Podman/Buildah dialect of Dockerfile.
// One file per feature; this module only wires them to the LanguageService contract.
import type { LanguageService, TextDoc } from '../types';
import { containerfileDiagnostics } from './diagnostics';
import { includeDefinition, includeLinks, inFileDiagnostics } from './inFiles';
import { isContainerfilePath, isPreprocessedPath, uriToPath } from './paths';

export { preprocess } from './preprocess';

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
    return [];
  },
};
