// Which files are Quadlet files, where Quadlet looks for them, and how a unit is assembled
// from its file, its drop-ins and (for `.quadlets`) its part of a multi-unit file.
import { posix } from 'node:path';
import type { FileAccess } from '../types';
import { UNIT_TYPES, type UnitType } from './catalogue';
import { parseUnitFile, shiftAst, splitLines, splitQuadlets, type UnitEntry, type UnitFileAst } from './parser';

export const LANGUAGE_ID = 'quadlet';
export const UNIT_EXTENSIONS = UNIT_TYPES.map((t) => `.${t}`);
export const QUADLETS_EXTENSION = '.quadlets';

/** Quadlet's search path, rootful then rootless; `home`/`uid` fill the per-user entries. */
export function standardSearchDirs(
  env: { home?: string; uid?: string; xdgRuntimeDir?: string; xdgConfigHome?: string } = {},
): string[] {
  const dirs = ['/run/containers/systemd', '/etc/containers/systemd', '/usr/share/containers/systemd'];
  if (env.xdgRuntimeDir) dirs.push(`${env.xdgRuntimeDir}/containers/systemd`);
  if (env.xdgConfigHome) dirs.push(`${env.xdgConfigHome}/containers/systemd`);
  else if (env.home) dirs.push(`${env.home}/.config/containers/systemd`);
  if (env.uid) dirs.push(`/etc/containers/systemd/users/${env.uid}`);
  dirs.push('/etc/containers/systemd/users');
  if (env.uid) dirs.push(`/usr/share/containers/systemd/users/${env.uid}`);
  dirs.push('/usr/share/containers/systemd/users');
  return dirs;
}

export function defaultSearchDirs(): string[] {
  const uid = typeof process.getuid === 'function' ? String(process.getuid()) : undefined;
  return standardSearchDirs({
    home: process.env.HOME,
    uid,
    xdgRuntimeDir: process.env.XDG_RUNTIME_DIR,
    xdgConfigHome: process.env.XDG_CONFIG_HOME,
  });
}

export type PathKind =
  | { kind: 'unit'; type: UnitType; name: string; dir: string }
  | {
      kind: 'dropin';
      type: UnitType;
      /** The `.d` folder's name without `.d`: `web.container`, `web-.container` or `container`. */ target: string;
      dir: string;
    }
  | { kind: 'quadlets'; dir: string };

/** Strips a file:// URI to a path (services receive URIs). */
export function uriToPath(uri: string): string {
  if (!uri.startsWith('file://')) return uri;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri.slice('file://'.length);
  }
}

export function pathToUri(path: string): string {
  return 'file://' + path.split('/').map(encodeURIComponent).join('/');
}

export function unitTypeOfName(name: string): UnitType | undefined {
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot + 1) : '';
  return (UNIT_TYPES as readonly string[]).includes(ext) ? (ext as UnitType) : undefined;
}

/** systemd-networkd also uses `.network` files (and `.network.d` drop-ins) in these folders. */
export function isNetworkdPath(path: string): boolean {
  return /\/(etc|run|usr\/lib|lib|usr\/local\/lib)\/systemd\/network\//.test(path);
}

export function classifyPath(path: string): PathKind | undefined {
  const base = posix.basename(path);
  const dir = posix.dirname(path);
  if (isNetworkdPath(path)) return undefined;
  if (base.endsWith(QUADLETS_EXTENSION)) return { kind: 'quadlets', dir };
  const type = unitTypeOfName(base);
  if (type) return { kind: 'unit', type, name: base, dir };
  if (base.endsWith('.conf')) {
    const parent = posix.basename(dir);
    if (parent.endsWith('.d')) {
      const target = parent.slice(0, -2);
      const t = (UNIT_TYPES as readonly string[]).includes(target) ? (target as UnitType) : unitTypeOfName(target);
      if (t) return { kind: 'dropin', type: t, target, dir: posix.dirname(dir) };
    }
  }
  return undefined;
}

/**
 * Drop-in folder names for a unit, lowest precedence first: the type-wide `container.d`, the
 * truncated prefixes of a dashed name (`foo-.container.d`, `foo-bar-.container.d`), the template
 * (`foo@.container.d` for `foo@bar.container`), then the unit's own folder.
 */
export function dropInDirNames(unitName: string): string[] {
  const type = unitTypeOfName(unitName);
  if (!type) return [];
  const stem = unitName.slice(0, -(type.length + 1));
  const names = [`${type}.d`];
  const at = stem.indexOf('@');
  const base = at >= 0 ? stem.slice(0, at) : stem;
  for (let i = 0; i < base.length; i++) if (base[i] === '-') names.push(`${base.slice(0, i + 1)}.${type}.d`);
  if (at >= 0 && at < stem.length - 1) names.push(`${stem.slice(0, at + 1)}.${type}.d`);
  names.push(`${unitName}.d`);
  return names;
}

export interface SourceFile {
  path: string;
  text: string;
  ast: UnitFileAst;
}

export interface UnitModel {
  path: string;
  name: string;
  type: UnitType;
  main: SourceFile;
  dropIns: SourceFile[];
}

export function parseSource(path: string, text: string): SourceFile {
  const ast = parseUnitFile(text);
  tagSource(ast, path);
  return { path, text, ast };
}

function tagSource(ast: UnitFileAst, path: string) {
  for (const s of ast.sections) for (const e of s.entries) e.source = path;
  for (const e of ast.orphans) e.source = path;
}

/** Reads a folder through FileAccess, never throwing. */
async function readDirSafe(files: FileAccess, dir: string): Promise<string[]> {
  try {
    return (await files.readDir(dir)) ?? [];
  } catch {
    return [];
  }
}

async function readFileSafe(files: FileAccess, path: string): Promise<string | undefined> {
  try {
    return await files.readFile(path);
  } catch {
    return undefined;
  }
}

/**
 * The drop-ins of a unit, in the order Quadlet merges them: sorted by file name, a file of the
 * same name in a more specific folder replacing the less specific one. Folders are looked up
 * next to the unit and in `extraDirs`. `overrides` supplies unsaved editor text by path.
 */
export async function loadDropIns(
  unitPath: string,
  files: FileAccess,
  extraDirs: string[] = [],
  overrides: Map<string, string> = new Map(),
): Promise<SourceFile[]> {
  const unitName = posix.basename(unitPath);
  const roots = [...new Set([posix.dirname(unitPath), ...extraDirs])];
  const chosen = new Map<string, string>(); // file name -> path (most specific wins)
  for (const dirName of dropInDirNames(unitName)) {
    for (const root of roots) {
      const d = posix.join(root, dirName);
      for (const f of await readDirSafe(files, d)) if (f.endsWith('.conf')) chosen.set(f, posix.join(d, f));
    }
  }
  const out: SourceFile[] = [];
  for (const name of [...chosen.keys()].sort()) {
    const p = chosen.get(name)!;
    const text = overrides.get(p) ?? (await readFileSafe(files, p));
    if (text !== undefined) out.push(parseSource(p, text));
  }
  return out;
}

export async function loadUnit(
  path: string,
  text: string,
  files: FileAccess,
  opts: { searchDirs?: string[]; overrides?: Map<string, string> } = {},
): Promise<UnitModel | undefined> {
  const name = posix.basename(path);
  const type = unitTypeOfName(name);
  if (!type) return undefined;
  const main = parseSource(path, text);
  const dropIns = await loadDropIns(path, files, opts.searchDirs ?? [], opts.overrides);
  return { path, name, type, main, dropIns };
}

/** The units held by a `.quadlets` file, each with its line offset; the name gets its type from its section. */
export function quadletsUnits(
  path: string,
  text: string,
): { model: UnitModel | undefined; part: ReturnType<typeof splitQuadlets>[number]; ast: UnitFileAst }[] {
  const dir = posix.dirname(path);
  return splitQuadlets(text).map((part) => {
    const ast = shiftAst(parseUnitFile(part.lines.join('\n'), part.lines), part.startLine);
    tagSource(ast, path);
    const type = UNIT_TYPES.find((t) => ast.sections.some((s) => s.name.toLowerCase() === t));
    if (!part.fileName || !type) return { model: undefined, part, ast };
    const name = part.fileName.endsWith(`.${type}`) ? part.fileName : `${part.fileName}.${type}`;
    const main: SourceFile = { path, text: part.lines.join('\n'), ast };
    return { model: { path: posix.join(dir, name), name, type, main, dropIns: [] }, part, ast };
  });
}

// ---- merged view ----

/** All entries of a section across the unit and its drop-ins, in merge order. */
export function mergedEntries(model: UnitModel, section: string): UnitEntry[] {
  const out: UnitEntry[] = [];
  for (const f of [model.main, ...model.dropIns]) {
    for (const s of f.ast.sections) if (s.name === section) out.push(...s.entries);
  }
  return out;
}

/** Every value of a key, where an empty assignment clears what came before (systemd list semantics). */
export function lookupAll(model: UnitModel, section: string, key: string): UnitEntry[] {
  let out: UnitEntry[] = [];
  for (const e of mergedEntries(model, section)) {
    if (e.key !== key) continue;
    if (e.value === '') out = [];
    else out.push(e);
  }
  return out;
}

/** The effective (last) entry of a single-valued key. */
export function lookupLast(model: UnitModel, section: string, key: string): UnitEntry | undefined {
  let last: UnitEntry | undefined;
  for (const e of mergedEntries(model, section)) if (e.key === key) last = e;
  return last;
}

/** Splits text into lines; re-exported for services. */
export { splitLines };

/**
 * Where a reference like `db.network` resolves: the referring unit's folder, then the search
 * path, then (templates) `name@.type` for `name@inst.type`. Units of the same `.quadlets` file
 * are passed in `siblings`.
 */
export async function resolveUnitRef(
  ref: string,
  fromPath: string,
  files: FileAccess,
  searchDirs: string[],
  siblings: Map<string, { path: string; text: string }> = new Map(),
): Promise<string | undefined> {
  const names = [ref];
  const at = ref.indexOf('@');
  const type = unitTypeOfName(ref);
  if (at >= 0 && type && !ref.startsWith('@')) {
    const template = `${ref.slice(0, at + 1)}.${type}`;
    if (template !== ref) names.push(template);
  }
  for (const n of names) if (siblings.has(n)) return siblings.get(n)!.path;
  const dirs = [...new Set([posix.dirname(fromPath), ...searchDirs])];
  for (const n of names) {
    for (const d of dirs) {
      const p = posix.join(d, n);
      try {
        if (await files.exists(p)) return p;
      } catch {
        /* unreadable: keep looking */
      }
    }
  }
  return undefined;
}

/** Sibling unit files of a folder (for completion of references). */
export async function listUnitFiles(
  dirs: string[],
  files: FileAccess,
): Promise<{ name: string; path: string; type: UnitType }[]> {
  const out: { name: string; path: string; type: UnitType }[] = [];
  const seen = new Set<string>();
  for (const d of dirs) {
    for (const f of await readDirSafe(files, d)) {
      const type = unitTypeOfName(f);
      if (type && !seen.has(f)) {
        seen.add(f);
        out.push({ name: f, path: posix.join(d, f), type });
      }
    }
  }
  return out;
}
