// Shared helpers: run each case with "\n" and "\r\n" line endings, in-memory files.
import { it } from 'node:test';
import type { FileAccess, ServiceContext, TextDoc } from '../../../../src/languages/types';
import { EMPTY_LIVE_DATA } from '../../../../src/languages/types';

export const EOLS = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
] as const;

/** Registers one test per case and line ending; `lines` are joined with the ending. */
export function eachEol<T extends { name: string; lines: string[] }>(
  cases: readonly T[],
  fn: (text: string, c: T, eol: string) => void | Promise<void>,
): void {
  for (const c of cases) {
    for (const [label, eol] of EOLS) {
      it(`${c.name} (${label})`, () => fn(c.lines.join(eol), c, eol));
    }
  }
}

export function memoryFiles(files: Record<string, string>): FileAccess {
  return {
    async readFile(path) {
      return files[path];
    },
    async readDir(path) {
      const prefix = path.endsWith('/') ? path : path + '/';
      const names = Object.keys(files)
        .filter((f) => f.startsWith(prefix))
        .map((f) => f.slice(prefix.length).split('/')[0]);
      return names.length ? [...new Set(names)] : undefined;
    },
    async exists(path) {
      return path in files;
    },
  };
}

export function ctx(files: Record<string, string> = {}, images: string[] = []): ServiceContext {
  return { files: memoryFiles(files), live: { ...EMPTY_LIVE_DATA, images } };
}

export function doc(text: string, path = '/work/Containerfile'): TextDoc {
  return { uri: 'file://' + path, languageId: 'dockerfile', text };
}
