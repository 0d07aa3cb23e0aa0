// A single-pass, line-based Containerfile parser with exact source ranges.
//
// Why not dockerfile-ast: on a 2,000-line file its parse alone took ~40 ms and
// dockerfile-utils' validate ~100 ms (measured, node 20), beyond our 30 ms budget for the
// whole check; it also silently swallows the rest of a file after an unterminated heredoc
// and treats broken exec-form JSON as shell form. This parser is linear in the text size,
// keeps a mapping from the joined ("logical") instruction text back to line/column, and
// knows heredocs, the escape directive, comments inside continuations and ONBUILD triggers.
import type { Position, Range } from 'vscode-languageserver-types';

export interface Segment {
  /** Offset of this piece in the instruction's logical text. */
  readonly offset: number;
  readonly line: number;
  readonly character: number;
  readonly length: number;
}

export interface Word {
  /** The word as written (quotes and escapes kept). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface Flag {
  readonly name: string;
  /** undefined when written without `=`. */
  readonly value: string | undefined;
  readonly start: number;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly valueStart: number;
  readonly end: number;
}

export interface Heredoc {
  readonly name: string;
  readonly stripTabs: boolean;
  /** Logical offsets of the `<<NAME` marker. */
  readonly start: number;
  readonly end: number;
  /** First body line and the terminator line (or the last line of the file when unterminated). */
  readonly bodyStart: number;
  readonly endLine: number;
  readonly terminated: boolean;
}

export interface Instruction {
  readonly keyword: string;
  /** Upper-cased keyword. */
  readonly name: string;
  readonly logical: string;
  readonly segments: readonly Segment[];
  readonly keywordStart: number;
  readonly keywordEnd: number;
  readonly flags: Flag[];
  /** Logical offset where the arguments (after flags) start; logical.length when none. */
  readonly argsStart: number;
  readonly args: Word[];
  readonly heredocs: Heredoc[];
  readonly startLine: number;
  /** Last line of the instruction, heredoc bodies included. */
  endLine: number;
  /** For ONBUILD: the instruction it carries. */
  readonly trigger?: Instruction;
  /** The ONBUILD owning this trigger. */
  readonly parent?: Instruction;
}

export interface Comment {
  readonly line: number;
  readonly character: number;
  readonly text: string;
}

export interface Directive {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

export interface ParsedContainerfile {
  readonly lines: readonly string[];
  readonly instructions: readonly Instruction[];
  readonly comments: readonly Comment[];
  readonly directives: readonly Directive[];
  readonly escape: string;
  /** Empty lines inside a continuation (deprecated by builders). */
  readonly emptyContinuationLines: readonly number[];
}

export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.length && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';
const DIRECTIVE_RE = /^#[ \t]*([a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;
const HEREDOC_RE = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\2/g;

export function positionAt(ins: Pick<Instruction, 'segments'>, offset: number): Position {
  const segs = ins.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid].offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  const s = segs[lo];
  return { line: s.line, character: s.character + Math.min(offset - s.offset, s.length) };
}

export function rangeOf(ins: Pick<Instruction, 'segments'>, start: number, end: number): Range {
  return { start: positionAt(ins, start), end: positionAt(ins, end) };
}

/** Logical offset for a document position inside the instruction's text, or -1. */
export function offsetAt(ins: Pick<Instruction, 'segments'>, pos: Position): number {
  for (const s of ins.segments) {
    if (s.line === pos.line && pos.character >= s.character && pos.character <= s.character + s.length) {
      return s.offset + pos.character - s.character;
    }
  }
  return -1;
}

/** Splits `text` into words from `from`, honouring quotes and the escape character. */
export function splitWords(text: string, from: number, escape: string, to = text.length): Word[] {
  const words: Word[] = [];
  let i = from;
  while (i < to) {
    while (i < to && (isSpace(text[i]) || text[i] === '\n')) i++;
    if (i >= to) break;
    const start = i;
    let quote: string | undefined;
    while (i < to) {
      const c = text[i];
      if (quote) {
        if (c === escape && quote === '"' && i + 1 < to) i++;
        else if (c === quote) quote = undefined;
      } else if (c === escape && i + 1 < to) {
        i++;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (isSpace(c)) {
        break;
      }
      i++;
    }
    words.push({ text: text.slice(start, i), start, end: i });
  }
  return words;
}

/**
 * An instruction whose words and flags are split on first use: completion and hover touch
 * only a few instructions of a file, so most of them never pay for (or allocate) it.
 */
class LazyInstruction implements Instruction {
  readonly heredocs: Heredoc[] = [];
  endLine: number;
  trigger?: Instruction;
  private split?: { flags: Flag[]; args: Word[] };
  constructor(
    readonly keyword: string,
    readonly name: string,
    readonly logical: string,
    readonly segments: readonly Segment[],
    readonly keywordStart: number,
    readonly keywordEnd: number,
    readonly startLine: number,
    private readonly escape: string,
    readonly parent: Instruction | undefined,
  ) {
    this.endLine = segments[segments.length - 1].line;
  }
  private words(): { flags: Flag[]; args: Word[] } {
    if (this.split) return this.split;
    const logical = this.logical;
    const words = splitWords(logical, this.keywordEnd, this.escape);
    const flags: Flag[] = [];
    let w = 0;
    if (this.name !== 'ONBUILD') {
      for (; w < words.length && words[w].text.startsWith('--'); w++) {
        const word = words[w];
        const eq = word.text.indexOf('=');
        const nameEnd = eq < 0 ? word.end : word.start + eq;
        flags.push({
          name: logical.slice(word.start + 2, nameEnd),
          value: eq < 0 ? undefined : word.text.slice(eq + 1),
          start: word.start,
          nameStart: word.start + 2,
          nameEnd,
          valueStart: eq < 0 ? word.end : nameEnd + 1,
          end: word.end,
        });
      }
    }
    this.split = { flags, args: w ? words.slice(w) : words };
    return this.split;
  }
  get flags(): Flag[] {
    return this.words().flags;
  }
  get args(): Word[] {
    return this.words().args;
  }
  get argsStart(): number {
    const args = this.words().args;
    return args.length ? args[0].start : this.logical.length;
  }
}

function buildInstruction(
  logical: string,
  segments: Segment[],
  from: number,
  escape: string,
  startLine: number,
  parent?: Instruction,
): Instruction {
  let i = from;
  while (i < logical.length && isSpace(logical[i])) i++;
  const keywordStart = i;
  while (i < logical.length && !isSpace(logical[i])) i++;
  const keyword = logical.slice(keywordStart, i);
  const name = keyword.toUpperCase();
  const ins = new LazyInstruction(keyword, name, logical, segments, keywordStart, i, startLine, escape, parent);
  if (name === 'ONBUILD') {
    while (i < logical.length && isSpace(logical[i])) i++;
    if (i < logical.length) ins.trigger = buildInstruction(logical, segments, i, escape, startLine, ins);
  }
  return ins;
}

/** Heredoc markers in a RUN/COPY/ADD instruction's shell-form arguments. */
function heredocMarkers(ins: Instruction): { name: string; stripTabs: boolean; start: number; end: number }[] {
  const text = ins.logical;
  if (ins.argsStart >= text.length || text[ins.argsStart] === '[') return [];
  const found: { name: string; stripTabs: boolean; start: number; end: number }[] = [];
  HEREDOC_RE.lastIndex = ins.argsStart;
  for (let m = HEREDOC_RE.exec(text); m; m = HEREDOC_RE.exec(text)) {
    if (m.index > 0 && text[m.index - 1] === '<') continue; // `<<<` is a here-string
    found.push({ name: m[3], stripTabs: m[1] === '-', start: m.index, end: m.index + m[0].length });
  }
  return found;
}

const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);

/** What parse() collects while it walks the lines. */
interface ParseState {
  readonly lines: readonly string[];
  readonly instructions: Instruction[];
  readonly comments: Comment[];
  readonly directives: Directive[];
  readonly emptyContinuationLines: number[];
  escape: string;
  /** The next line to read. */
  line: number;
}

export function parse(text: string): ParsedContainerfile {
  const lines = splitLines(text);
  const state: ParseState = {
    lines,
    instructions: [],
    comments: [],
    directives: [],
    emptyContinuationLines: [],
    escape: '\\',
    line: 0,
  };
  let lookingForDirectives = true;
  while (state.line < lines.length) {
    const raw = lines[state.line];
    const first = state.line === 0 && raw.charCodeAt(0) === 0xfeff ? 1 : 0; // byte order mark
    let column = first;
    while (column < raw.length && isSpace(raw[column])) column++;
    if (column >= raw.length) {
      lookingForDirectives = false;
      state.line++;
      continue;
    }
    if (raw[column] === '#') {
      const body = raw.slice(column);
      if (!lookingForDirectives || !readDirective(state, body)) {
        lookingForDirectives = false;
        state.comments.push({ line: state.line, character: column, text: body });
      }
      state.line++;
      continue;
    }
    lookingForDirectives = false;
    readInstruction(state, column);
  }
  const { instructions, comments, directives, escape, emptyContinuationLines } = state;
  return { lines, instructions, comments, directives, escape, emptyContinuationLines };
}

/** Records `commentText` as a parser directive if it is one (and applies `escape`). */
function readDirective(state: ParseState, commentText: string): boolean {
  const m = DIRECTIVE_RE.exec(commentText);
  if (!m) return false;
  state.directives.push({ name: m[1].toLowerCase(), value: m[2], line: state.line });
  if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) state.escape = m[2];
  return true;
}

/** Reads the instruction starting at the current line, `column` being its first non-blank. */
function readInstruction(state: ParseState, column: number): void {
  const startLine = state.line;
  const { logical, segments } = gatherLogicalLine(state, column);
  const ins = buildInstruction(logical, segments, 0, state.escape, startLine);
  const target = ins.trigger ?? ins;
  if (HEREDOC_INSTRUCTIONS.has(target.name) && logical.includes('<<')) readHeredocs(state, ins, target);
  state.instructions.push(ins);
}

/** Joins the instruction's lines across continuations, with the segments mapping back to them. */
function gatherLogicalLine(state: ParseState, column: number): { logical: string; segments: Segment[] } {
  const lines = state.lines;
  const segments: Segment[] = [];
  let logical = '';
  let segStart = column;
  for (;;) {
    const line = state.line;
    const l = lines[line];
    let end = l.length;
    while (end > segStart && isSpace(l[end - 1])) end--;
    const continued = end > segStart && l[end - 1] === state.escape;
    const contentEnd = continued ? end - 1 : l.length;
    segments.push({ offset: logical.length, line, character: segStart, length: contentEnd - segStart });
    logical += l.slice(segStart, contentEnd);
    state.line++;
    if (!continued) break;
    skipContinuationGaps(state);
    if (state.line >= lines.length) break;
    segStart = 0;
  }
  return { logical, segments };
}

/** Comment and empty lines inside a continuation are skipped by the builder. */
function skipContinuationGaps(state: ParseState): void {
  const lines = state.lines;
  while (state.line < lines.length) {
    const nl = lines[state.line];
    let k = 0;
    while (k < nl.length && isSpace(nl[k])) k++;
    if (k >= nl.length) {
      state.emptyContinuationLines.push(state.line);
      state.line++;
    } else if (nl[k] === '#') {
      state.comments.push({ line: state.line, character: k, text: nl.slice(k) });
      state.line++;
    } else break;
  }
}

/** Reads the heredoc bodies of `target` (`ins` or its ONBUILD trigger) that follow the instruction. */
function readHeredocs(state: ParseState, ins: Instruction, target: Instruction): void {
  const lines = state.lines;
  for (const marker of heredocMarkers(target)) {
    const bodyStart = state.line;
    let endLine = -1;
    for (let j = state.line; j < lines.length; j++) {
      const l = marker.stripTabs ? lines[j].replace(/^\t+/, '') : lines[j];
      if (l === marker.name) {
        endLine = j;
        break;
      }
    }
    const terminated = endLine >= 0;
    if (!terminated) endLine = lines.length - 1;
    const h: Heredoc = {
      name: marker.name,
      stripTabs: marker.stripTabs,
      start: marker.start,
      end: marker.end,
      bodyStart,
      endLine,
      terminated,
    };
    target.heredocs.push(h);
    if (target !== ins) ins.heredocs.push(h);
    state.line = endLine + 1;
  }
  if (ins.heredocs.length) ins.endLine = target.endLine = Math.max(ins.endLine, state.line - 1);
}

export interface VariableRef {
  readonly name: string;
  /** Logical offsets of the whole reference (`$X` or `${X...}`) and of the name. */
  readonly start: number;
  readonly nameStart: number;
  readonly nameEnd: number;
  /** `${X:-default}` / `${X-default}`: an undefined X is intended. */
  readonly hasDefault: boolean;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** `$NAME` and `${NAME...}` references in logical[from, to), skipping escapes and single quotes. */
export function findVariables(
  logical: string,
  from: number,
  to: number,
  escape: string,
  honourSingleQuotes = true,
): VariableRef[] {
  const refs: VariableRef[] = [];
  let single = false;
  for (let i = from; i < to; i++) {
    const c = logical[i];
    if (single) {
      if (c === "'") single = false;
      continue;
    }
    if (c === escape) {
      i++;
      continue;
    }
    if (c === "'" && honourSingleQuotes) {
      single = true;
      continue;
    }
    if (c !== '$') continue;
    const braced = logical[i + 1] === '{';
    const ns = i + (braced ? 2 : 1);
    if (!NAME_START.test(logical[ns] ?? '')) continue;
    let ne = ns + 1;
    while (ne < to && NAME_CHAR.test(logical[ne])) ne++;
    const after = braced ? logical.slice(ne, ne + 2) : '';
    refs.push({
      name: logical.slice(ns, ne),
      start: i,
      nameStart: ns,
      nameEnd: ne,
      hasDefault: braced && (after === ':-' || after[0] === '-' || after === ':+' || after[0] === '+'),
    });
    i = ne - 1;
  }
  return refs;
}

/** Removes one level of quoting and escapes from a word (values of ENV, ARG, LABEL). */
export function unquote(word: string, escape: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (quote === '"' && c === escape && i + 1 < word.length) out += word[++i];
      else out += c;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === escape && i + 1 < word.length) out += word[++i];
    else out += c;
  }
  return out;
}

/** The instruction covering a line (heredoc bodies included). */
export function instructionAtLine(parsed: ParsedContainerfile, line: number): Instruction | undefined {
  const list = parsed.instructions;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const ins = list[mid];
    if (line < ins.startLine) hi = mid - 1;
    else if (line > ins.endLine) lo = mid + 1;
    else return ins;
  }
  return undefined;
}
