// A systemd-style unit file parser that keeps exact positions (LSP line/character, UTF-16).
// Follows systemd's rules as Quadlet applies them: `#` and `;` start comment lines, a line
// ending in a backslash continues on the next one (comment lines inside a continuation are
// skipped), values are trimmed. It never throws: odd input becomes `problems`.
import type { Range } from 'vscode-languageserver-types';

export interface ValuePart {
  /** Line of this piece of the value. */
  line: number;
  /** Character where the piece starts on that line. */
  start: number;
  text: string;
}

export interface UnitEntry {
  key: string;
  /** Value with continuations joined by a space (what Quadlet sees), trimmed. */
  value: string;
  keyRange: Range;
  /** From the first character of the value to the end of its last line (empty range if no value). */
  valueRange: Range;
  /** Whole entry, key to end of the last continuation line. */
  range: Range;
  parts: ValuePart[];
  section?: UnitSection;
  /** Index among all entries of the file (for stable ordering when merging drop-ins). */
  index: number;
  /** Path of the file this entry comes from, set when files are merged. */
  source?: string;
}

export interface UnitSection {
  name: string;
  nameRange: Range;
  /** From `[` to the end of the section's last non-empty line. */
  range: Range;
  entries: UnitEntry[];
}

export interface ParseProblem {
  code: 'invalid-line' | 'bad-section-header' | 'key-outside-section' | 'unterminated-continuation' | 'nul-byte';
  message: string;
  range: Range;
}

export interface UnitFileAst {
  sections: UnitSection[];
  /** Entries written before any section header (systemd rejects them). */
  orphans: UnitEntry[];
  problems: ParseProblem[];
  lineCount: number;
}

const r = (sl: number, sc: number, el: number, ec: number): Range => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
});

/** Splits text into lines on \n, \r\n or lone \r, without the terminators. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function isSpace(charCode: number): boolean {
  return charCode === 32 || charCode === 9 || charCode === 0xfeff;
}

/** Index of the first non-blank character at or after `from`. */
function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the last non-blank character before `to`. */
function trimEnd(text: string, to: number, min: number): number {
  let i = to;
  while (i > min && isSpace(text.charCodeAt(i - 1))) i--;
  return i;
}

/** A `[Name]` header line starting at `start`; a malformed one is reported and gives undefined. */
function parseHeader(line: string, lineNumber: number, start: number, end: number, ast: UnitFileAst) {
  const close = line.indexOf(']', start);
  if (close < 0 || close !== end - 1 || close === start + 1) {
    ast.problems.push({
      code: 'bad-section-header',
      message: 'Malformed section header: expected `[Name]`.',
      range: r(lineNumber, start, lineNumber, end),
    });
    return undefined; // keys below belong to no valid section
  }
  const section: UnitSection = {
    name: line.slice(start + 1, close),
    nameRange: r(lineNumber, start + 1, lineNumber, close),
    range: r(lineNumber, start, lineNumber, end),
    entries: [],
  };
  return section;
}

/**
 * The value of the entry on line `first` (its `=` at `eq`, its text ending at `end`) with its
 * continuation lines: a trailing backslash joins the next line (comment lines in between are dropped).
 */
function readValue(lines: string[], first: number, eq: number, end: number, ast: UnitFileAst) {
  const line = lines[first];
  const parts: ValuePart[] = [];
  const valueStart = skipSpace(line, eq + 1);
  let lastLine = first;
  let lastEnd = end;
  let segEnd = end;
  let cont = segEnd > eq && line.charCodeAt(segEnd - 1) === 92; // '\'
  const firstEnd = cont ? trimEnd(line, segEnd - 1, valueStart) : segEnd;
  parts.push({
    line: first,
    start: Math.min(valueStart, firstEnd),
    text: line.slice(Math.min(valueStart, firstEnd), firstEnd),
  });
  while (cont) {
    if (lastLine + 1 >= lines.length) {
      ast.problems.push({
        code: 'unterminated-continuation',
        message: 'The last line ends with a continuation backslash but nothing follows.',
        range: r(lastLine, lastEnd - 1, lastLine, lastEnd),
      });
      break;
    }
    lastLine++;
    const next = lines[lastLine];
    const ns = skipSpace(next, 0);
    if (ns < next.length && (next[ns] === '#' || next[ns] === ';')) continue;
    const ne = trimEnd(next, next.length, ns);
    cont = ne > ns && next.charCodeAt(ne - 1) === 92;
    segEnd = cont ? trimEnd(next, ne - 1, ns) : ne;
    parts.push({ line: lastLine, start: ns, text: next.slice(ns, segEnd) });
    lastEnd = ne;
  }
  return { parts, valueStart, lastLine, lastEnd };
}

export function parseUnitFile(text: string, lines: string[] = splitLines(text)): UnitFileAst {
  const ast: UnitFileAst = { sections: [], orphans: [], problems: [], lineCount: lines.length };
  let current: UnitSection | undefined;
  let index = 0;
  let reportedNul = false;
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln];
    if (!reportedNul && line.includes('\0')) {
      reportedNul = true;
      const c = line.indexOf('\0');
      ast.problems.push({
        code: 'nul-byte',
        message: 'The file contains a NUL byte; systemd refuses such files.',
        range: r(ln, c, ln, c + 1),
      });
    }
    const s = skipSpace(line, 0);
    if (s >= line.length) continue;
    const ch = line[s];
    if (ch === '#' || ch === ';') continue;
    const end = trimEnd(line, line.length, s);
    if (ch === '[') {
      current = parseHeader(line, ln, s, end, ast);
      if (current) ast.sections.push(current);
      continue;
    }
    const eq = line.indexOf('=', s);
    if (eq < 0) {
      // A continuation-less line without `=`: systemd warns and ignores it.
      ast.problems.push({
        code: 'invalid-line',
        message: 'Line is neither a `Key=Value` assignment, a section header nor a comment.',
        range: r(ln, s, ln, end),
      });
      continue;
    }
    const keyEnd = trimEnd(line, eq, s);
    const key = line.slice(s, keyEnd);
    const { parts, valueStart, lastLine, lastEnd } = readValue(lines, ln, eq, end, ast);
    let vStart = valueStart;
    ln = lastLine;
    // systemd joins continued lines with one space, each piece trimmed.
    const value = parts
      .map((p) => p.text)
      .filter((t, i) => i === 0 || t !== '')
      .join(' ');
    if (vStart > end) vStart = end;
    const entry: UnitEntry = {
      key,
      value,
      keyRange: r(parts[0].line, s, parts[0].line, keyEnd),
      valueRange: r(parts[0].line, vStart, lastLine, lastEnd),
      range: r(parts[0].line, s, lastLine, lastEnd),
      parts,
      index: index++,
    };
    if (current) {
      entry.section = current;
      current.entries.push(entry);
      current.range = { start: current.range.start, end: { ...entry.range.end } };
    } else {
      ast.orphans.push(entry);
      ast.problems.push({
        code: 'key-outside-section',
        message: `\`${key}=\` appears before any section header; systemd ignores it.`,
        range: entry.keyRange,
      });
    }
  }
  return ast;
}

/** Which line and character of the original text a character of `entry.value` comes from. */
export function valueOffsetToPosition(entry: UnitEntry, offset: number): { line: number; character: number } {
  // The joined value trims leading blanks of the first part only; parts are joined by one space.
  let rest = offset;
  for (const p of entry.parts) {
    if (rest <= p.text.length) return { line: p.line, character: p.start + rest };
    rest -= p.text.length + 1;
  }
  const last = entry.parts[entry.parts.length - 1];
  return { line: last.line, character: last.start + last.text.length };
}

// ---- .quadlets (several units in one file) ----

export interface QuadletsPart {
  /** Name from `# FileName=<name>`, if present. */
  fileName?: string;
  fileNameRange?: Range;
  /** First line of this part in the whole file. */
  startLine: number;
  /** Lines of this part (exclusive of the `---` separator). */
  lines: string[];
}

/** Splits a `.quadlets` file on lines consisting of `---`. */
export function splitQuadlets(text: string): QuadletsPart[] {
  const lines = splitLines(text);
  const parts: QuadletsPart[] = [];
  let cur: QuadletsPart = { startLine: 0, lines: [] };
  const finish = () => {
    for (let i = 0; i < cur.lines.length; i++) {
      const m = /^\s*#\s*FileName\s*=\s*(\S+)\s*$/.exec(cur.lines[i]);
      if (m) {
        const c = cur.lines[i].indexOf(m[1], cur.lines[i].indexOf('='));
        cur.fileName = m[1];
        cur.fileNameRange = r(cur.startLine + i, c, cur.startLine + i, c + m[1].length);
        break;
      }
    }
    parts.push(cur);
  };
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '---') {
      finish();
      cur = { startLine: i + 1, lines: [] };
    } else cur.lines.push(lines[i]);
  }
  finish();
  return parts;
}

/** Shifts every range of an AST parsed from a sub-part down by `lines` lines. */
export function shiftAst(ast: UnitFileAst, lines: number): UnitFileAst {
  if (!lines) return ast;
  const sh = (item: Range) => {
    item.start.line += lines;
    item.end.line += lines;
  };
  const seen = new Set<object>();
  const shiftEntry = (entry: UnitEntry) => {
    if (seen.has(entry)) return;
    seen.add(entry);
    sh(entry.keyRange);
    sh(entry.valueRange);
    sh(entry.range);
    for (const p of entry.parts) p.line += lines;
  };
  for (const s of ast.sections) {
    sh(s.nameRange);
    sh(s.range);
    s.entries.forEach(shiftEntry);
  }
  ast.orphans.forEach(shiftEntry);
  for (const p of ast.problems) sh(p.range);
  return ast;
}
