// Go to definition (a reference like `Pod=web.pod` opens web.pod) and find references (which
// units refer to this one), across the unit's folder, the search path and `.quadlets` siblings.
import { posix } from 'node:path';
import type { Location, Position, Range } from 'vscode-languageserver-types';
import type { ServiceContext, TextDoc } from '../types';
import { referencesIn } from './references';
import { analyze, entryAt, localContext, partAt, partsSync } from './document';
import { listUnitFiles, pathToUri, resolveUnitRef, uriToPath } from './files';
import { parseUnitFile, valueOffsetToPosition, type UnitEntry, type UnitFileAst } from './parser';

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function refAt(ast: UnitFileAst, pos: Position): { name: string; entry: UnitEntry; range: Range } | undefined {
  const e = entryAt(ast, pos);
  if (!e?.section) return undefined;
  for (const r of referencesIn(e.section.name, e)) {
    const range = { start: valueOffsetToPosition(e, r.at), end: valueOffsetToPosition(e, r.at + r.name.length) };
    const inside =
      (pos.line > range.start.line || pos.character >= range.start.character) &&
      (pos.line < range.end.line || pos.character <= range.end.character);
    if (inside) return { name: r.name, entry: e, range };
  }
  return undefined;
}

export async function quadletDefinition(doc: TextDoc, pos: Position, ctx: ServiceContext): Promise<Location[]> {
  const ref = refAt(localContext(doc, pos.line).ast, pos);
  if (!ref) return [];
  const a = await analyze(doc, ctx);
  const target = await resolveUnitRef(ref.name, a.path, ctx.files, a.searchDirs, a.siblings);
  if (!target) return [];
  if (target.startsWith(a.path.replace(/[^/]+$/, '')) && a.path.endsWith('.quadlets') && a.siblings.has(ref.name)) {
    const sib = a.parts.find((p) => p.model?.name === ref.name);
    if (sib) {
      return [
        {
          uri: doc.uri,
          range: { start: { line: sib.firstLine, character: 0 }, end: { line: sib.firstLine, character: 0 } },
        },
      ];
    }
  }
  return [{ uri: pathToUri(target), range: ZERO }];
}

/** Every place in the folder/search path that references the unit `name`. */
export async function referencesTo(
  name: string,
  dirs: string[],
  ctx: ServiceContext,
  extra: { uri: string; ast: UnitFileAst; fromPath: string }[] = [],
): Promise<Location[]> {
  const out: Location[] = [];
  const scan = (uri: string, ast: UnitFileAst) => {
    for (const s of ast.sections) {
      for (const e of s.entries) {
        for (const r of referencesIn(s.name, e)) {
          const refName = r.name;
          const template = refName.includes('@') ? refName.replace(/@[^.]*\./, '@.') : refName;
          if (refName === name || template === name) {
            out.push({
              uri,
              range: { start: valueOffsetToPosition(e, r.at), end: valueOffsetToPosition(e, r.at + r.name.length) },
            });
          }
        }
      }
    }
  };
  for (const u of await listUnitFiles(dirs, ctx.files)) {
    let text: string | undefined;
    try {
      text = await ctx.files.readFile(u.path);
    } catch {
      text = undefined;
    }
    if (text && text.includes(name.split('@')[0])) scan(pathToUri(u.path), parseUnitFile(text));
  }
  for (const x of extra) scan(x.uri, x.ast);
  return out;
}

export async function quadletReferences(doc: TextDoc, pos: Position, ctx: ServiceContext): Promise<Location[]> {
  const parts = partsSync(doc);
  const part = partAt(parts, pos.line);
  if (!part) return [];
  const path = uriToPath(doc.uri);
  const ref = refAt(part.ast, pos);
  const name = ref?.name ?? part.model?.name ?? (path.endsWith('.quadlets') ? undefined : posix.basename(path));
  if (!name) return [];
  const a = await analyze(doc, ctx);
  const dirs = [posix.dirname(path), ...a.searchDirs];
  const extra = path.endsWith('.quadlets') ? parts.map((p) => ({ uri: doc.uri, ast: p.ast, fromPath: path })) : [];
  const found = await referencesTo(name, dirs, ctx, extra);
  // Drop duplicates (the open document may also be on disk).
  const seen = new Set<string>();
  return found.filter((l) => {
    const k = `${l.uri}:${l.range.start.line}:${l.range.start.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
