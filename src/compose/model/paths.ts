// Relative paths of one compose file made absolute against its base folder, before merging (so an
// override file, an included file and an extended file each resolve against the right folder),
// and the compose file names Compose looks for in a folder.
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { ComposeFileAccess } from './types';

type Data = Record<string, unknown>;
const isMap = (v: unknown): v is Data => !!v && typeof v === 'object' && !Array.isArray(v) && v.constructor === Object;

export function absolutePath(base: string, path: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  return isAbsolute(path) ? path : resolve(base, path);
}

/** A build context may be a URL or a git address: left as written. */
const isRemote = (p: string) => /^(https?:\/\/|git@|github\.com\/|git:\/\/)/.test(p);

function resolveVolume(base: string, v: unknown): unknown {
  if (typeof v === 'string') {
    const colon = v.indexOf(':', /^[a-zA-Z]:[\\/]/.test(v) ? 2 : 0); // not a Windows drive letter's colon
    const source = colon < 0 ? '' : v.slice(0, colon);
    if (/^(\.|~)/.test(source)) return `${absolutePath(base, source)}${v.slice(colon)}`;
    return v;
  }
  if (isMap(v) && v.type === 'bind' && typeof v.source === 'string') {
    return { ...v, source: absolutePath(base, v.source) };
  }
  return v;
}

function resolveBuild(base: string, build: unknown): unknown {
  if (typeof build === 'string') return isRemote(build) ? build : absolutePath(base, build);
  if (!isMap(build)) return build;
  const context = typeof build.context === 'string' ? build.context : '.';
  return { ...build, context: isRemote(context) ? context : absolutePath(base, context) };
}

function resolveEnvFiles(base: string, envFile: unknown): unknown {
  const one = (e: unknown) =>
    typeof e === 'string'
      ? absolutePath(base, e)
      : isMap(e) && typeof e.path === 'string'
        ? { ...e, path: absolutePath(base, e.path) }
        : e;
  return Array.isArray(envFile) ? envFile.map(one) : one(envFile);
}

function resolveService(base: string, s: Data): Data {
  const out: Data = { ...s };
  if (out.build !== undefined) out.build = resolveBuild(base, out.build);
  if (out.env_file !== undefined) out.env_file = resolveEnvFiles(base, out.env_file);
  if (Array.isArray(out.volumes)) out.volumes = out.volumes.map((v) => resolveVolume(base, v));
  if (isMap(out.extends) && typeof out.extends.file === 'string') {
    out.extends = { ...out.extends, file: absolutePath(base, out.extends.file) };
  }
  return out;
}

function resolveFiles(base: string, section: unknown): unknown {
  if (!isMap(section)) return section;
  return Object.fromEntries(
    Object.entries(section).map(([k, v]) => [
      k,
      isMap(v) && typeof v.file === 'string' ? { ...v, file: absolutePath(base, v.file) } : v,
    ]),
  );
}

/** The file's data with its relative paths made absolute against `base`. */
export function resolvePaths(base: string, data: Data): Data {
  const out: Data = { ...data };
  if (isMap(out.services)) {
    out.services = Object.fromEntries(
      Object.entries(out.services).map(([k, v]) => [k, isMap(v) ? resolveService(base, v) : v]),
    );
  }
  out.secrets = resolveFiles(base, out.secrets);
  out.configs = resolveFiles(base, out.configs);
  if (out.secrets === undefined) delete out.secrets;
  if (out.configs === undefined) delete out.configs;
  return out;
}

export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** A compose file's override file name ("compose.yaml" → "compose.override.yaml"). */
export function overrideName(name: string): string {
  return name.replace(/\.(ya?ml)$/, '.override.$1');
}

/** The compose file of a folder and its override, as Compose picks them (the first name found). */
export function defaultComposeFiles(dir: string, fs: ComposeFileAccess): string[] {
  for (const name of COMPOSE_FILE_NAMES) {
    const file = join(dir, name);
    if (!fs.exists(file)) continue;
    const override = join(dir, overrideName(name));
    return fs.exists(override) ? [file, override] : [file];
  }
  return [];
}

/** The files Compose reads for one named file: the base file and its override, whichever was named. */
export function composeFilesFor(file: string, fs: ComposeFileAccess): string[] {
  const dir = dirname(file);
  const base = join(dir, basename(file).replace(/\.override\.(ya?ml)$/, '.$1'));
  const override = join(dir, overrideName(basename(base)));
  const first = fs.exists(base) ? base : file;
  return fs.exists(override) && override !== first ? [first, override] : [first];
}

/** Whether a file name is one Compose reads by default (or its override, or a docker-compose.*.yml). */
export function isComposeFileName(name: string): boolean {
  return /^(docker-)?compose(\.[\w-]+)*\.ya?ml$/.test(name);
}
