// The Kubernetes YAML language service: diagnostics, completion, document symbols and hovers for YAML files
// that hold Kubernetes objects (YAML without apiVersion and kind is left alone). One file per
// feature; this module only wires them to the LanguageService contract and names what other
// modules use. No `vscode` import.
import type { LanguageService } from '../types';
import { parseCached } from './cache';
import { kubeCompletion } from './completion';
import { kubeDiagnostics } from './diagnostics';
import { kubeHover } from './hover';
import { looksLikeKube } from './parse';
import { kubeSymbols } from './symbols';

export { kubeHover } from './hover';
export { type KubeDoc, type KubeFile, looksLikeKube, parseKube } from './parse';
export { KubeCode, validateKube } from './validate';

export const kubeService: LanguageService = {
  languageIds: ['yaml'],
  matchesPath: (path, text) => /\.ya?ml$/i.test(path) && text !== undefined && looksLikeKube(text),
  diagnostics: (doc, context) => kubeDiagnostics(doc, context),
  documentSymbols: (doc) => kubeSymbols(doc),
  completion: (doc, position, context) => (looksLikeKube(doc.text) ? kubeCompletion(doc, position, context.live) : []),
  hover: (doc, position, context) =>
    looksLikeKube(doc.text) ? kubeHover(parseCached(doc), position, context.live.podmanVersion) : null,
};
