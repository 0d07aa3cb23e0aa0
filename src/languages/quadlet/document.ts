// What a document is (unit, drop-in, multi-unit `.quadlets`, or unknown) and the parsed
// units it contributes, shared by every feature of the service.
import { posix } from 'node:path';
import type { Position } from 'vscode-languageserver-types';
import type { ServiceContext, TextDoc } from '../types';
import { UNIT_TYPES, type UnitType } from './catalogue';
import {
  classifyPath,
  defaultSearchDirs,
  loadDropIns,
  parseSource,
  quadletsUnits,
  uriToPath,
  type PathKind,
  type SourceFile,
  type UnitModel,
} from './files';
import { parseUnitFile, type UnitEntry, type UnitFileAst, type UnitSection } from './parser';

/** Search dirs used by services; tests and hosts may replace them. */
export const serviceOptions: { searchDirs: () => string[] } = { searchDirs: defaultSearchDirs };

export interface Part {
  ast: UnitFileAst;
  type?: UnitType;
  firstLine: number;
  lastLine: number;
  /** Model to check (undefined for a `.quadlets` part without a usable name). */
  model?: UnitModel;
  /** Limit issues to this source (drop-ins). */
  only?: string;
  wholeUnit: boolean;
}

export interface Analysis {
  path: string;
  kind?: PathKind;
  parts: Part[];
  siblings: Map<string, { path: string; text: string }>;
  searchDirs: string[];
}

function typeFromSections(ast: UnitFileAst): UnitType | undefined {
  return UNIT_TYPES.find((t) => ast.sections.some((s) => s.name.toLowerCase() === t));
}

type DropInKind = Extract<PathKind, { kind: 'dropin' }>;

const lastLineOf = (ast: UnitFileAst) => Math.max(0, ast.lineCount - 1);

/** The units of a `.quadlets` file, each a part; `siblings` receives them by name. */
function quadletsParts(path: string, text: string, siblings: Analysis['siblings']): Part[] {
  const units = quadletsUnits(path, text);
  for (const unit of units) {
    if (unit.model) siblings.set(unit.model.name, { path: unit.model.path, text: unit.model.main.text });
  }
  return units.map((unit) => ({
    ast: unit.ast,
    type: unit.model?.type ?? typeFromSections(unit.ast),
    firstLine: unit.part.startLine,
    lastLine: unit.part.startLine + unit.part.lines.length - 1,
    model: unit.model,
    wholeUnit: true,
  }));
}

/** The text of a drop-in's unit, if the drop-in names one that exists. */
async function dropInUnitText(kind: DropInKind, context: ServiceContext): Promise<string | undefined> {
  if (!kind.target.includes('.')) return undefined;
  try {
    return await context.files.readFile(posix.join(kind.dir, kind.target));
  } catch {
    return undefined;
  }
}

/** A drop-in: checked inside its unit, or on its own (type-wide, prefix, or its unit missing). */
async function dropInPart(
  path: string,
  text: string,
  kind: DropInKind,
  context: ServiceContext,
  searchDirs: string[],
): Promise<Part> {
  const source = parseSource(path, text);
  const unitPath = posix.join(kind.dir, kind.target);
  const unitText = await dropInUnitText(kind, context);
  const part = { ast: source.ast, type: kind.type, firstLine: 0, lastLine: lastLineOf(source.ast), only: path };
  if (unitText !== undefined) {
    const overrides = new Map([[path, text]]);
    const dropIns = await loadDropIns(unitPath, context.files, searchDirs, overrides);
    if (!dropIns.some((dropIn) => dropIn.path === path)) dropIns.push(source);
    const main = parseSource(unitPath, unitText);
    return { ...part, model: { path: unitPath, name: kind.target, type: kind.type, main, dropIns }, wholeUnit: true };
  }
  const empty: SourceFile = parseSource(unitPath, '');
  const alone: UnitModel = {
    path: unitPath,
    name: kind.target.includes('.') ? kind.target : `drop-in.${kind.type}`,
    type: kind.type,
    main: empty,
    dropIns: [source],
  };
  return { ...part, model: alone, wholeUnit: false };
}

/** A file named like no unit: a unit of the type its sections say, checked without its neighbours. */
function otherPart(path: string, text: string): Part {
  const ast = parseUnitFile(text);
  const type = typeFromSections(ast);
  const source = parseSource(path, text);
  const model: UnitModel | undefined = type
    ? { path, name: posix.basename(path), type, main: source, dropIns: [] }
    : undefined;
  return { ast: source.ast, type, firstLine: 0, lastLine: lastLineOf(ast), model, wholeUnit: false };
}

export async function analyze(doc: TextDoc, context: ServiceContext): Promise<Analysis> {
  const path = uriToPath(doc.uri);
  const kind = classifyPath(path);
  const searchDirs = serviceOptions.searchDirs();
  const siblings = new Map<string, { path: string; text: string }>();
  const base = { path, kind, siblings, searchDirs };
  if (kind?.kind === 'quadlets') return { ...base, parts: quadletsParts(path, doc.text, siblings) };
  if (kind?.kind === 'unit') {
    const main = parseSource(path, doc.text);
    const dropIns = await loadDropIns(path, context.files, searchDirs);
    const model: UnitModel = { path, name: kind.name, type: kind.type, main, dropIns };
    const part = {
      ast: main.ast,
      type: kind.type,
      firstLine: 0,
      lastLine: lastLineOf(main.ast),
      model,
      wholeUnit: true,
    };
    return { ...base, parts: [part] };
  }
  if (kind?.kind === 'dropin') return { ...base, parts: [await dropInPart(path, doc.text, kind, context, searchDirs)] };
  return { ...base, parts: [otherPart(path, doc.text)] };
}

/** Parses without touching the file system (for symbols, folding, completion context). */
export function partsSync(doc: TextDoc): Part[] {
  const path = uriToPath(doc.uri);
  const kind = classifyPath(path);
  if (kind?.kind === 'quadlets') {
    return quadletsUnits(path, doc.text).map((u) => ({
      ast: u.ast,
      type: u.model?.type ?? typeFromSections(u.ast),
      firstLine: u.part.startLine,
      lastLine: u.part.startLine + u.part.lines.length - 1,
      model: u.model,
      wholeUnit: true,
    }));
  }
  const source = parseSource(path, doc.text);
  const type = kind ? kind.type : typeFromSections(source.ast);
  return [{ ast: source.ast, type, firstLine: 0, lastLine: source.ast.lineCount - 1, wholeUnit: true }];
}

export function partAt(parts: Part[], line: number): Part | undefined {
  return parts.find((p) => line >= p.firstLine && line <= p.lastLine) ?? parts[parts.length - 1];
}

/** The section whose header is the last one at or above `line`. */
export function sectionAt(ast: UnitFileAst, line: number): UnitSection | undefined {
  let found: UnitSection | undefined;
  for (const s of ast.sections) if (s.nameRange.start.line <= line) found = s;
  return found;
}

export function entryAt(ast: UnitFileAst, pos: Position): UnitEntry | undefined {
  for (const s of ast.sections) {
    if (s.range.start.line > pos.line || s.range.end.line < pos.line) continue;
    for (const e of s.entries) if (e.range.start.line <= pos.line && e.range.end.line >= pos.line) return e;
  }
  return undefined;
}

// ---- cheap local context (completion, hover, definition on very large files) ----

export interface LocalContext {
  /** AST of just the section around the line (ranges are in document coordinates). */
  ast: UnitFileAst;
  type?: UnitType;
  /** Unit name of the enclosing `.quadlets` part, if any. */
  partName?: string;
}

/** Start offsets of lines 0..upTo (inclusive), without splitting the whole text. */
function lineSpan(text: string, line: number): [number, number] | undefined {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const n = text.indexOf('\n', start);
    if (n < 0) return undefined;
    start = n + 1;
  }
  const n = text.indexOf('\n', start);
  return [start, n < 0 ? text.length : n];
}

/**
 * Parses only the section containing `line` (and looks around it for the unit type), so
 * features that need one position stay fast on huge documents.
 */
export function localContext(doc: TextDoc, line: number): LocalContext {
  const text = doc.text;
  const span = lineSpan(text, line);
  const path = uriToPath(doc.uri);
  const kind = classifyPath(path);
  if (!span) return { ast: parseUnitFile('') };
  const isHeader = (line: string) => /^\s*\[/.test(line);
  const isSep = (line: string) => kind?.kind === 'quadlets' && line.trim() === '---';
  const clean = (line: string) => line.replace(/\r$/, '');
  // Backwards to the section header (or a part separator / the start).
  let headerLine = line;
  let headerStart = span[0];
  let pos = span[0];
  let cur = line;
  let found = isHeader(clean(text.slice(span[0], span[1])));
  while (!found && pos > 0) {
    const prevEnd = pos - 1;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    const l = clean(text.slice(prevStart, prevEnd));
    cur--;
    if (isSep(l)) break;
    pos = prevStart;
    if (isHeader(l)) {
      found = true;
      headerLine = cur;
      headerStart = prevStart;
      break;
    }
  }
  if (!found) {
    headerLine = line;
    headerStart = span[0];
  }
  // Forwards to the next header or separator.
  let end = span[1];
  while (end < text.length) {
    const nextStart = end + 1;
    const n = text.indexOf('\n', nextStart);
    const nextEnd = n < 0 ? text.length : n;
    const l = clean(text.slice(nextStart, nextEnd));
    if (isHeader(l) || isSep(l)) break;
    end = nextEnd;
    if (n < 0) break;
  }
  const snippet = text.slice(headerStart, end);
  const ast = shiftSnippet(parseUnitFile(snippet), headerLine);
  let type: UnitType | undefined = kind && kind.kind !== 'quadlets' ? kind.type : undefined;
  let partName: string | undefined;
  if (!type) {
    // Look through the enclosing part (bounded) for a unit type section and a FileName comment.
    const from = text.lastIndexOf('\n---', headerStart);
    const to = text.indexOf('\n---', end);
    const part = text.slice(from < 0 ? 0 : from, to < 0 ? Math.min(text.length, end + 200000) : to);
    const m = /^\s*\[(Container|Pod|Volume|Network|Kube|Image|Build|Artifact)\]/m.exec(part);
    type = m ? (m[1].toLowerCase() as UnitType) : undefined;
    const f = /^\s*#\s*FileName\s*=\s*(\S+)/m.exec(part);
    if (f && type) partName = f[1].endsWith(`.${type}`) ? f[1] : `${f[1]}.${type}`;
  }
  return { ast, type, partName };
}

function shiftSnippet(ast: UnitFileAst, lines: number): UnitFileAst {
  if (!lines) return ast;
  const sh = (result: { start: Position; end: Position }) => {
    result.start.line += lines;
    result.end.line += lines;
  };
  for (const s of ast.sections) {
    sh(s.nameRange);
    sh(s.range);
    for (const e of s.entries) {
      sh(e.keyRange);
      sh(e.valueRange);
      sh(e.range);
      for (const p of e.parts) p.line += lines;
    }
  }
  for (const e of ast.orphans) {
    sh(e.keyRange);
    sh(e.valueRange);
    sh(e.range);
    for (const p of e.parts) p.line += lines;
  }
  return ast;
}
