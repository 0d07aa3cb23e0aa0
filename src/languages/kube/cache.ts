// One parse per document version: the diagnostics, symbols and hovers of a version share it.
// No `vscode` import.
import type { TextDoc } from '../types';
import { type KubeFile, parseKube } from './parse';

const cache = new Map<string, { text: string; file: KubeFile }>();

/** The parse of a document, from the cache when its text has not changed (the last 32 documents). */
export function parseCached(doc: TextDoc): KubeFile {
  const hit = cache.get(doc.uri);
  if (hit && hit.text === doc.text) return hit.file;
  const file = parseKube(doc.text);
  if (cache.size > 32) cache.delete(cache.keys().next().value as string);
  cache.set(doc.uri, { text: doc.text, file });
  return file;
}
