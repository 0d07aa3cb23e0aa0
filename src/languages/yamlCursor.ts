// Where the cursor is in a YAML file, read from indentation alone, so it works while the line being
// typed is not valid YAML yet: the key path of the mapping around it, and whether a key, a value
// (and of which key) or a list item is being typed. Shared by the compose and Kubernetes
// completions. No `vscode` import.
import type { Position } from 'vscode-languageserver-types';

/** A key, or 0 for "an item of the list". */
export type Segment = string | number;

export type Mode = 'key' | 'value' | 'item';
export interface CursorContext {
  path: Segment[];
  mode: Mode;
  key?: string;
}

const KEY_LINE = /^(\s*)(-\s+)?(["']?[\w.-]+["']?)\s*:(?:\s|$)/;

const indentOf = (line: string) => line.length - line.trimStart().length;
const blank = (line: string) => !line.trim() || line.trim().startsWith('#');

/** The key path of the mapping around the cursor, from the lines above it (keys less indented). */
function parentPath(lines: string[], line: number, indent: number): Segment[] {
  const path: Segment[] = [];
  let limit = indent;
  for (let i = line - 1; i >= 0 && limit > 0; i--) {
    const text = lines[i];
    const m = blank(text) ? null : KEY_LINE.exec(text);
    if (!m) continue;
    const own = indentOf(text);
    const keyIndent = own + (m[2]?.length ?? 0);
    const key = m[3].replace(/^["']|["']$/g, '');
    if (m[2] && keyIndent <= limit) {
      // Inside a list item's mapping (a sibling key) or under a key of that item; a list may sit
      // at its parent key's indentation, hence own + 1.
      if (keyIndent < limit) path.push(key);
      path.push(0);
      limit = own + 1;
    } else if (!m[2] && keyIndent < limit) {
      path.push(key);
      limit = keyIndent;
    }
  }
  return path.reverse();
}

/** The key path of the list whose item starts at `dashIndent` on `line`. */
function listParent(lines: string[], line: number, dashIndent: number): Segment[] {
  for (let i = line - 1; i >= 0; i--) {
    const text = lines[i];
    if (blank(text)) continue;
    const own = indentOf(text);
    if (own < dashIndent || (own === dashIndent && !/^\s*-/.test(text))) return parentPath(lines, i + 1, own + 1);
  }
  return [];
}

export function cursorContext(text: string, position: Position): CursorContext {
  const lines = text.split(/\r?\n/);
  const before = (lines[position.line] ?? '').slice(0, position.character);
  const unquote = (k: string) => k.replace(/^["']|["']$/g, '');
  const value = /^(\s*)(-\s+)?(["']?[\w.-]+["']?)\s*:\s+\S*$/.exec(before);
  if (value) {
    const key = unquote(value[3]);
    if (value[2]) return { path: [...listParent(lines, position.line, value[1].length), 0], mode: 'value', key };
    return { path: parentPath(lines, position.line, value[1].length), mode: 'value', key };
  }
  const item = /^(\s*)-\s*[^:#]*$/.exec(before);
  if (item) return { path: listParent(lines, position.line, item[1].length), mode: 'item' };
  const key = /^(\s*)[\w.-]*$/.exec(before);
  return { path: parentPath(lines, position.line, key ? key[1].length : 0), mode: 'key' };
}
