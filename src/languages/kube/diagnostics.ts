// The diagnostics of the Kubernetes YAML service: the checks of validate.ts over the cached parse.
// No `vscode` import.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ServiceContext, TextDoc } from '../types';
import { parseCached } from './cache';
import { looksLikeKube, MAX_KUBE_TEXT } from './parse';
import { validateKube } from './validate';

/** Diagnostics of a document; none for YAML without apiVersion and kind. */
export function kubeDiagnostics(doc: TextDoc, context: ServiceContext): Diagnostic[] {
  if (!looksLikeKube(doc.text)) return [];
  // Too large a text is not parsed: validateKube says so.
  return validateKube(doc.text, context.live, doc.text.length > MAX_KUBE_TEXT ? undefined : parseCached(doc));
}
