// The build context: `.containerignore` / `.dockerignore` rules and a streamed tar of the
// context directory (one file open at a time, so a context of 100,000 files stays bounded).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pack as tarPack, type Pack } from 'tar-stream';

export interface IgnoreRule {
  negate: boolean;
  regex: RegExp;
  source: string;
}

/** Turns one ignore pattern (Go filepath.Match syntax plus `**`) into an anchored regex. */
function patternToRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        // `**` matches any number of path segments (also none).
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let cls = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (cls.startsWith('^') || cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        re += `[${cls}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  // A pattern matching a directory also excludes everything beneath it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

export function parseIgnoreFile(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1).trim();
    line = path.posix.normalize(line.replace(/^\/+/, '')).replace(/\/+$/, '');
    if (!line || line === '.') continue;
    rules.push({ negate, regex: patternToRegex(line), source: raw.trim() });
  }
  return rules;
}

/** The last matching rule decides, as in Docker and Buildah. */
export function isIgnored(relPath: string, rules: IgnoreRule[]): boolean {
  let ignored = false;
  for (const r of rules) if (r.regex.test(relPath)) ignored = !r.negate;
  return ignored;
}

/** May anything below this ignored directory be re-included by a later `!` rule? */
function mayReinclude(relDir: string, rules: IgnoreRule[]): boolean {
  return rules.some(
    (r) =>
      r.negate &&
      (r.source.includes('*') || r.source.replace(/^!\s*/, '').replace(/^\/+/, '').startsWith(`${relDir}/`)),
  );
}

/** Reads `.containerignore` (preferred) or `.dockerignore` of a context directory. */
export async function readIgnoreRules(
  contextDir: string,
  containerfile?: string,
): Promise<{ rules: IgnoreRule[]; file?: string }> {
  const candidates = [
    ...(containerfile ? [`${containerfile}.containerignore`, `${containerfile}.dockerignore`] : []),
    path.join(contextDir, '.containerignore'),
    path.join(contextDir, '.dockerignore'),
  ];
  for (const f of candidates) {
    const text = await fs.promises.readFile(f, 'utf8').catch(() => undefined);
    if (text !== undefined) return { rules: parseIgnoreFile(text), file: f };
  }
  return { rules: [] };
}

export interface PackResult {
  stream: Pack;
  /** Resolves when every entry was written, with counts. */
  done: Promise<{ files: number; bytes: number }>;
}

/**
 * Streams the context directory as a tar. `extra` entries (name → content) are added at the
 * end, e.g. a Containerfile that lives outside the context, or build secrets.
 */
export function packContext(
  contextDir: string,
  options: { rules: IgnoreRule[]; alwaysInclude?: string[]; extra?: Record<string, Buffer>; signal?: AbortSignal },
): PackResult {
  const pack = tarPack();
  const always = new Set(options.alwaysInclude ?? []);
  let files = 0;
  let bytes = 0;
  const addEntry = (header: Parameters<Pack['entry']>[0], body?: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (body) pack.entry(header, body, cb);
      else pack.entry(header, cb);
    });
  const addFile = (abs: string, name: string, st: fs.Stats) =>
    new Promise<void>((resolve, reject) => {
      const entry = pack.entry({ name, size: st.size, mode: st.mode & 0o7777, mtime: st.mtime, type: 'file' }, (err) =>
        err ? reject(err) : resolve(),
      );
      const rs = fs.createReadStream(abs);
      rs.on('error', reject);
      rs.pipe(entry);
    });

  const walk = async (dirAbs: string, rel: string): Promise<void> => {
    if (options.signal?.aborted) throw Object.assign(new Error('Cancelled'), { code: 'ABORT_ERR' });
    const dir = await fs.promises.opendir(dirAbs);
    const names: string[] = [];
    for await (const d of dir) names.push(d.name);
    names.sort();
    for (const n of names) {
      const abs = path.join(dirAbs, n);
      const relPath = rel ? `${rel}/${n}` : n;
      const st = await fs.promises.lstat(abs).catch(() => undefined);
      if (!st) continue;
      const ignored = isIgnored(relPath, options.rules) && !always.has(relPath);
      if (st.isDirectory()) {
        if (ignored && !mayReinclude(relPath, options.rules)) continue;
        if (!ignored) {
          await addEntry({ name: `${relPath}/`, type: 'directory', mode: st.mode & 0o7777, mtime: st.mtime });
        }
        await walk(abs, relPath);
      } else if (ignored) {
        continue;
      } else if (st.isSymbolicLink()) {
        await addEntry({
          name: relPath,
          type: 'symlink',
          linkname: await fs.promises.readlink(abs),
          mode: st.mode & 0o7777,
          mtime: st.mtime,
        });
        files++;
      } else if (st.isFile()) {
        await addFile(abs, relPath, st);
        files++;
        bytes += st.size;
      }
    }
  };

  const done = (async () => {
    try {
      await walk(contextDir, '');
      for (const [name, content] of Object.entries(options.extra ?? {})) {
        await addEntry({ name, size: content.length, mode: 0o600, type: 'file' }, content);
        files++;
        bytes += content.length;
      }
      pack.finalize();
      return { files, bytes };
    } catch (e) {
      pack.destroy(e as Error);
      throw e;
    }
  })();
  done.catch(() => undefined);
  return { stream: pack, done };
}
