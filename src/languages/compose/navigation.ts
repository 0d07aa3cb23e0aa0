// Go to definition in compose files: from a reference (depends_on, extends, links, networks,
// volumes, secrets, configs) to the name's definition, in this file or in the files it is merged
// with, and from env_file, build contexts, Containerfiles and extended files to the file itself
// (a build context opens its Containerfile). No `vscode` import.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Position } from 'vscode-languageserver-types';
import type { FileAccess, ServiceContext, TextDoc } from '../types';
import { COMPOSE_FILE_NAMES, folderOf, resolvePath } from './context';
import { parseCached } from './diagnostics';
import { nodeAt, parseCompose, pathAtOffset, type Segment } from './document';
import { fileRefs, nameRefs, SECTIONS, type NameRef } from './references';

const samePath = (a: readonly Segment[], b: readonly Segment[]) =>
  a.length === b.length && a.every((s, i) => String(s) === String(b[i]));

const START = { line: 0, character: 0 };

export async function composeDefinition(doc: TextDoc, position: Position, ctx: ServiceContext): Promise<Location[]> {
  const file = parseCached(doc);
  const { path } = pathAtOffset(file, file.offset(position));
  const ref = nameRefs(file.value).find((r) => samePath(r.path, path));
  if (ref) return definitionOf(ref, doc, ctx.files);
  const fileRef = fileRefs(file.value).find((r) => samePath(r.path, path));
  const folder = folderOf(doc);
  if (!fileRef || !folder) return [];
  const base = fileRef.kind === 'dockerfile' ? resolvePath(folder, fileRef.base ?? '.') : folder;
  let target = resolvePath(base, fileRef.value);
  if (fileRef.kind === 'context') {
    const inside = ['Containerfile', 'Dockerfile'].map((n) => join(target, n));
    const found = await firstExisting(inside, ctx.files);
    if (found) target = found;
  }
  if (!(await ctx.files.exists(target))) return [];
  return [{ uri: pathToFileURL(target).href, range: { start: START, end: START } }];
}

async function firstExisting(paths: string[], files: FileAccess): Promise<string | undefined> {
  for (const p of paths) if (await files.exists(p)) return p;
  return undefined;
}

async function definitionOf(ref: NameRef, doc: TextDoc, files: FileAccess): Promise<Location[]> {
  const here = nodeAt(parseCached(doc), [SECTIONS[ref.kind], ref.name]);
  if (here.key) return [{ uri: doc.uri, range: parseCached(doc).range(here.key) }];
  const folder = folderOf(doc);
  if (!folder) return [];
  for (const name of COMPOSE_FILE_NAMES) {
    const path = join(folder, name);
    const text = await files.readFile(path);
    if (text === undefined) continue;
    const other = parseCompose(text);
    const there = nodeAt(other, [SECTIONS[ref.kind], ref.name]);
    if (there.key) return [{ uri: pathToFileURL(path).href, range: other.range(there.key) }];
  }
  return [];
}
