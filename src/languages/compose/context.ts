// What the compose checks know beyond the open document: the variables interpolation sees (the
// environment, then the `.env` file beside the compose file) and the names defined by the files
// it is merged with (the base file of an `.override` file, the files of `include`). Read through
// the injected FileAccess. No `vscode` import.
import { fileURLToPath } from 'node:url';
import { dirname, isAbsolute, join, basename } from 'node:path';
import type { FileAccess, TextDoc } from '../types';
import { isRecord, parseCompose } from './document';
import { parseDotEnv } from './interpolation';
import { COMPOSE_FILE_NAMES, isComposePath } from './paths';
import { definitions, type RefKind } from './references';

export { COMPOSE_FILE_NAMES, isComposePath };

/** The environment interpolation reads (tests replace it). */
export const composeOptions: { env: () => Readonly<Record<string, string | undefined>> } = {
  env: () => process.env,
};

/** The folder of a document on disk, or undefined for an untitled one. */
export function folderOf(doc: TextDoc): string | undefined {
  if (!doc.uri.startsWith('file:')) return undefined;
  return dirname(fileURLToPath(doc.uri));
}

export function resolvePath(folder: string, p: string): string {
  const home = process.env.HOME ?? '';
  if (p.startsWith('~/') && home) return join(home, p.slice(2));
  return isAbsolute(p) ? p : join(folder, p);
}

/** The variables of interpolation: `.env` beside the file, overridden by the environment. */
export async function variables(doc: TextDoc, files: FileAccess): Promise<Record<string, string | undefined>> {
  const folder = folderOf(doc);
  const dotEnv = folder ? await files.readFile(join(folder, '.env')) : undefined;
  return { ...(dotEnv ? parseDotEnv(dotEnv) : {}), ...composeOptions.env() };
}

/** Names defined outside the document that it may use: its base file (for overrides) and includes. */
export async function outsideDefinitions(
  doc: TextDoc,
  value: unknown,
  files: FileAccess,
): Promise<{ defs: Record<RefKind, Set<string>>; partial: boolean }> {
  const folder = folderOf(doc);
  const defs = definitions(undefined);
  const others: string[] = [];
  const name = folder ? basename(fileURLToPath(doc.uri)) : '';
  const override = /\.override\.ya?ml$/i.test(name) || (isComposePath(name) && !COMPOSE_FILE_NAMES.includes(name));
  if (folder && override) others.push(...COMPOSE_FILE_NAMES.map((f) => join(folder, f)));
  let partial = override && !folder;
  if (isRecord(value) && Array.isArray(value.include)) {
    for (const inc of value.include) {
      const paths = typeof inc === 'string' ? [inc] : isRecord(inc) ? [inc.path].flat() : [];
      for (const p of paths) {
        if (typeof p !== 'string' || p.includes('$') || !folder) partial = true;
        else others.push(resolvePath(folder, p));
      }
    }
  }
  let baseFound = false;
  for (const path of others) {
    const text = await files.readFile(path);
    if (text === undefined) continue;
    baseFound = true;
    const found = definitions(parseCompose(text).value);
    for (const kind of Object.keys(found) as RefKind[]) for (const n of found[kind]) defs[kind].add(n);
  }
  // An override file whose base is elsewhere (`-f` from another folder): its names cannot be judged.
  return { defs, partial: partial || (override && !baseFound) };
}
