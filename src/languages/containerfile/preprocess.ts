// `.in` Containerfiles: Buildah runs them through cpp (traditional mode) before
// parsing, so `#include "file"` / `#include <file>` splice other files in and C
// comments disappear. This module reproduces the part that matters for editing:
// include expansion (relative to the including file's folder), cycle and depth checks,
// and `/* ... */` removal. Macros and conditionals are not evaluated: their lines are dropped.
import { dirname, resolve } from 'node:path';
import type { FileAccess } from '../types';
import { splitLines } from './parser';

export const MAX_INCLUDE_DEPTH = 16;

const DIRECTIVE_RE = /^\s*#\s*(include|define|undef|if|ifdef|ifndef|elif|else|endif|error|warning|pragma|line)\b/;
const INCLUDE_RE = /^(\s*#\s*include\s+)(?:"([^"]*)"|<([^>]*)>)/;

export interface IncludeLine {
  readonly line: number;
  /** Columns of the file name (without its quotes or brackets). */
  readonly start: number;
  readonly end: number;
  readonly file: string;
}

export function isDirectiveLine(line: string): boolean {
  return DIRECTIVE_RE.test(line);
}

/** `#include` lines of a text, and `#include` lines that do not name a file. */
export function includeLines(text: string): { includes: IncludeLine[]; malformed: number[] } {
  const includes: IncludeLine[] = [];
  const malformed: number[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!/^\s*#\s*include\b/.test(l)) continue;
    const m = INCLUDE_RE.exec(l);
    if (!m) {
      malformed.push(i);
      continue;
    }
    const file = m[2] ?? m[3];
    const start = m[1].length + 1;
    includes.push({ line: i, start, end: start + file.length, file });
  }
  return { includes, malformed };
}

export function resolveInclude(fromPath: string, file: string): string {
  return resolve(dirname(fromPath), file);
}

export interface PreprocessError {
  /** Line in the top-level file whose include led to the problem. */
  readonly line: number;
  readonly message: string;
  readonly kind: 'cycle' | 'depth' | 'missing';
}

export interface PreprocessResult {
  readonly text: string;
  /** The top-level file's absolute path (as used in lineMap). */
  readonly path: string;
  /** For each output line: the file and line it came from. */
  readonly lineMap: { path: string; line: number }[];
  readonly errors: PreprocessError[];
}

export interface PreprocessOptions {
  /** Replace comments with spaces (keeps columns for diagnostics) instead of removing them. */
  keepColumns?: boolean;
}

/** Removes C comments; `state.inComment` carries an open comment across lines. */
function stripComments(line: string, state: { inComment: boolean }, keepColumns: boolean): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (state.inComment) {
      const close = line.indexOf('*/', i);
      const end = close < 0 ? line.length : close + 2;
      if (keepColumns) out += ' '.repeat(end - i);
      if (close >= 0) state.inComment = false;
      i = end;
    } else {
      const open = line.indexOf('/*', i);
      if (open < 0) {
        out += line.slice(i);
        break;
      }
      out += line.slice(i, open);
      state.inComment = true;
      if (keepColumns) out += '  ';
      i = open + 2;
    }
  }
  return out;
}

/**
 * Expands `#include` lines and strips C comments, as Buildah's cpp step would.
 * `files` reads the included files; `path` is the file's own path (includes resolve
 * against its folder). Cycles and nesting deeper than MAX_INCLUDE_DEPTH are reported
 * in `errors` instead of being followed.
 */
export async function preprocess(
  text: string,
  path: string,
  files: FileAccess,
  options: PreprocessOptions = {},
): Promise<PreprocessResult> {
  const outLines: string[] = [];
  const lineMap: { path: string; line: number }[] = [];
  const errors: PreprocessError[] = [];
  const keep = options.keepColumns ?? false;

  async function expand(src: string, file: string, stack: string[], topLine: number | undefined): Promise<void> {
    const lines = splitLines(src);
    const state = { inComment: false };
    for (let i = 0; i < lines.length; i++) {
      const at = topLine ?? i;
      const raw = lines[i];
      const inc = state.inComment ? null : INCLUDE_RE.exec(raw);
      if (inc) {
        const target = resolveInclude(file, inc[2] ?? inc[3]);
        if (stack.includes(target)) {
          errors.push({
            line: at,
            kind: 'cycle',
            message: `#include cycle: ${[...stack, target].map((p) => p.split(/[\\/]/).pop()).join(' → ')}`,
          });
        } else if (stack.length >= MAX_INCLUDE_DEPTH) {
          errors.push({
            line: at,
            kind: 'depth',
            message: `#include nesting deeper than ${MAX_INCLUDE_DEPTH} levels; stopped expanding.`,
          });
        } else {
          const content = await files.readFile(target);
          if (content === undefined) {
            errors.push({ line: at, kind: 'missing', message: `Included file not found: ${target}` });
          } else {
            await expand(content, target, [...stack, target], at);
            continue;
          }
        }
        outLines.push('');
        lineMap.push({ path: file, line: i });
        continue;
      }
      const wasInComment = state.inComment;
      if (!wasInComment && isDirectiveLine(raw)) {
        outLines.push('');
      } else {
        outLines.push(stripComments(raw, state, keep));
      }
      lineMap.push({ path: file, line: i });
    }
  }

  const top = resolve(path);
  await expand(text, top, [top], undefined);
  return { text: outLines.join('\n'), path: top, lineMap, errors };
}
