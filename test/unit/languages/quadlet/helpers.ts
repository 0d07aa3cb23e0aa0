// Shared helpers for the Quadlet unit tests: an in-memory FileAccess, documents, and running a
// case with both line endings.
import { it } from 'node:test';
import type { FileAccess, ServiceContext, TextDoc } from '../../../../src/languages/types';
import { serviceOptions } from '../../../../src/languages/quadlet/document';

// Tests never look at the machine's real Quadlet folders.
serviceOptions.searchDirs = () => [];

export function memFiles(entries: Record<string, string>): FileAccess & { map: Map<string, string> } {
  const map = new Map(Object.entries(entries));
  return {
    map,
    async readFile(p) {
      return map.get(p);
    },
    async readDir(d) {
      const names = new Set<string>();
      for (const k of map.keys()) {
        if (!k.startsWith(d + '/')) continue;
        names.add(k.slice(d.length + 1).split('/')[0]);
      }
      return names.size ? [...names] : undefined;
    },
    async exists(p) {
      if (map.has(p)) return true;
      for (const k of map.keys()) if (k.startsWith(p + '/')) return true;
      return false;
    },
  };
}

export function ctxOf(files: Record<string, string> = {}, live: Partial<ServiceContext['live']> = {}): ServiceContext {
  return { files: memFiles(files), live: { images: [], networks: [], volumes: [], secrets: [], ...live } };
}

export function docOf(path: string, text: string): TextDoc {
  return { uri: `file://${path}`, languageId: 'quadlet', text };
}

export const EOLS: [string, string][] = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
];

/** Runs `fn` once per line ending; `lines` joins lines with that ending. */
export function itBothEols(name: string, fn: (lines: (...l: string[]) => string, eol: string) => Promise<void> | void) {
  for (const [label, eol] of EOLS) it(`${name} (${label})`, () => fn((...l: string[]) => l.join(eol), eol));
}
