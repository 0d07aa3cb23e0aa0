// Registry credentials and settings as Podman keeps them: the X-Registry-Auth header, the auth
// files `podman login` reads and writes (REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json,
// ~/.config/containers/auth.json, ~/.docker/config.json) and registries.conf (unqualified-search
// and insecure registries). Parsing is pure; file access goes through a small injected interface.
// No `vscode` import. Credentials are never logged from here.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { promises as fsp } from 'node:fs';

export interface RegistryCredentials {
  username: string;
  password: string;
  /** host[:port] of the registry. */
  serveraddress: string;
}

/**
 * The X-Registry-Auth header value: base64url (with padding, as Go's URLEncoding wants) of the
 * JSON {username, password, serveraddress}.
 */
export function registryAuthHeader(c: RegistryCredentials): string {
  const json = JSON.stringify({ username: c.username, password: c.password, serveraddress: c.serveraddress });
  return Buffer.from(json, 'utf8').toString('base64').replaceAll('+', '-').replaceAll('/', '_');
}

/** Small file access, injected so that the logic runs in unit tests. */
export interface ConfigFiles {
  read(path: string): Promise<string | undefined>;
  write(path: string, text: string, mode: number): Promise<void>;
}

export const nodeFiles: ConfigFiles = {
  read: (path) => fsp.readFile(path, 'utf8').catch(() => undefined),
  async write(path, text, mode) {
    await fsp.mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.tmp`;
    await fsp.writeFile(tmp, text, { mode });
    await fsp.rename(tmp, path);
  },
};

export type Env = Readonly<Record<string, string | undefined>>;

/** The auth files Podman reads, in its order of precedence. */
export function authFilePaths(env: Env = process.env, home = homedir()): string[] {
  const paths: string[] = [];
  if (env.REGISTRY_AUTH_FILE) paths.push(env.REGISTRY_AUTH_FILE);
  if (env.XDG_RUNTIME_DIR) paths.push(join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'));
  paths.push(join(home, '.config', 'containers', 'auth.json'), join(home, '.docker', 'config.json'));
  return paths;
}

/** The file `podman login` writes: REGISTRY_AUTH_FILE, else $XDG_RUNTIME_DIR/containers/auth.json. */
export function authFileToWrite(env: Env = process.env, home = homedir()): string {
  if (env.REGISTRY_AUTH_FILE) return env.REGISTRY_AUTH_FILE;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json');
  return join(home, '.config', 'containers', 'auth.json');
}

export interface StoredLogin {
  registry: string;
  username?: string;
  /** Where Podman keeps it. */
  file: string;
  /** The password is in the file (not in a credential helper). */
  hasPassword: boolean;
}

/** The registry host of an auths key ("https://index.docker.io/v1/" → "docker.io"). */
export function authKeyRegistry(key: string): string {
  const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}

/** The logins of one auth file's text (no passwords returned). */
export function parseAuthFile(text: string, file: string): StoredLogin[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  const auths = (json as { auths?: unknown })?.auths;
  if (!auths || typeof auths !== 'object') return [];
  return Object.entries(auths as Record<string, { auth?: unknown }>).map(([key, entry]) => {
    const decoded = typeof entry?.auth === 'string' ? Buffer.from(entry.auth, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    return {
      registry: authKeyRegistry(key),
      username: colon > 0 ? decoded.slice(0, colon) : undefined,
      file,
      hasPassword: colon > 0,
    };
  });
}

/** Every login Podman knows of, the first file naming a registry winning (as Podman reads them). */
export async function readLogins(files: ConfigFiles = nodeFiles, env: Env = process.env): Promise<StoredLogin[]> {
  const seen = new Map<string, StoredLogin>();
  for (const file of authFilePaths(env)) {
    const text = await files.read(file);
    if (text === undefined) continue;
    for (const login of parseAuthFile(text, file)) if (!seen.has(login.registry)) seen.set(login.registry, login);
  }
  return [...seen.values()];
}

/** The credentials stored for `registry` in Podman's auth files, if any (for pulls the CLI logged in for). */
export async function readStoredCredentials(
  registry: string,
  files: ConfigFiles = nodeFiles,
  env: Env = process.env,
): Promise<RegistryCredentials | undefined> {
  for (const file of authFilePaths(env)) {
    const text = await files.read(file);
    if (text === undefined) continue;
    try {
      const auths = (JSON.parse(text) as { auths?: Record<string, { auth?: string }> }).auths ?? {};
      for (const [key, entry] of Object.entries(auths)) {
        if (authKeyRegistry(key) !== registry || typeof entry?.auth !== 'string') continue;
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0) {
          return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: registry };
        }
      }
    } catch {
      /* a broken file is skipped, as Podman reports it elsewhere */
    }
  }
  return undefined;
}

/** Adds (credentials) or removes (undefined) `registry` in an auth file's text, keeping the rest. */
export function editAuthFile(text: string | undefined, registry: string, credentials?: RegistryCredentials): string {
  let json: Record<string, unknown> = {};
  if (text?.trim()) {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('the auth file is not a JSON object');
    }
    json = parsed as Record<string, unknown>;
  }
  const auths = { ...((json.auths as Record<string, unknown> | undefined) ?? {}) };
  for (const key of Object.keys(auths)) if (authKeyRegistry(key) === registry) delete auths[key];
  if (credentials) {
    auths[registry] = { auth: Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64') };
  }
  return `${JSON.stringify({ ...json, auths }, null, '\t')}\n`;
}

/** Writes or removes a login in Podman's auth file the way `podman login`/`logout` do (mode 0600). */
export async function writeLogin(
  registry: string,
  credentials: RegistryCredentials | undefined,
  files: ConfigFiles = nodeFiles,
  env: Env = process.env,
): Promise<string> {
  const file = authFileToWrite(env);
  await files.write(file, editAuthFile(await files.read(file), registry, credentials), 0o600);
  return file;
}

// ---- registries.conf ----

export interface RegistriesConf {
  unqualifiedSearch: string[];
  insecure: string[];
  blocked: string[];
}

function tomlStrings(value: string): string[] {
  return [...value.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
}

/**
 * The parts of registries.conf (v2, and v1's [registries.*] tables) the extension uses. A small
 * reader for that file's TOML: strings, string arrays, booleans, tables and arrays of tables.
 */
export function parseRegistriesConf(text: string): RegistriesConf {
  const conf: RegistriesConf = { unqualifiedSearch: [], insecure: [], blocked: [] };
  let table = '';
  let entry: { location?: string; prefix?: string; insecure?: boolean; blocked?: boolean } | undefined;
  const flush = (): void => {
    const where = entry?.location ?? entry?.prefix;
    if (where && entry?.insecure) conf.insecure.push(where);
    if (where && entry?.blocked) conf.blocked.push(where);
    entry = undefined;
  };
  // Arrays may span lines: join a line with the next ones until its brackets close.
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/(^|\s)#.*$/, '').trim();
    while (line.includes('[') && !line.startsWith('[') && !line.includes(']') && i + 1 < lines.length) {
      line += ` ${lines[++i].replace(/(^|\s)#.*$/, '').trim()}`;
    }
    if (!line) continue;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      flush();
      table = header[1];
      if (line.startsWith('[[') && table === 'registry') entry = {};
      continue;
    }
    const kv = /^([\w.-]+|"[^"]+")\s*=\s*(.+)$/.exec(line);
    if (!kv) continue;
    const [, key, value] = kv;
    if (!table && key === 'unqualified-search-registries') conf.unqualifiedSearch.push(...tomlStrings(value));
    else if (table === 'registries.search' && key === 'registries') conf.unqualifiedSearch.push(...tomlStrings(value));
    else if (table === 'registries.insecure' && key === 'registries') conf.insecure.push(...tomlStrings(value));
    else if (table === 'registries.block' && key === 'registries') conf.blocked.push(...tomlStrings(value));
    else if (entry && (key === 'location' || key === 'prefix')) entry[key] = tomlStrings(value)[0];
    else if (entry && (key === 'insecure' || key === 'blocked')) entry[key] = value.trim() === 'true';
  }
  flush();
  return conf;
}

/** The registries.conf Podman reads: CONTAINERS_REGISTRIES_CONF, else the system's file. */
export function registriesConfPath(env: Env = process.env): string {
  return env.CONTAINERS_REGISTRIES_CONF ?? '/etc/containers/registries.conf';
}

export async function readRegistriesConf(
  files: ConfigFiles = nodeFiles,
  env: Env = process.env,
): Promise<RegistriesConf> {
  const text = await files.read(registriesConfPath(env));
  return text === undefined ? { unqualifiedSearch: [], insecure: [], blocked: [] } : parseRegistriesConf(text);
}

/** Whether `registry` (host[:port]) is marked insecure (plain HTTP or unverified TLS). */
export function isInsecure(conf: RegistriesConf, registry: string): boolean {
  return conf.insecure.some((r) => r === registry || registry.startsWith(`${r}/`));
}

/** The certs.d directories where Podman (and so the extension) looks for a registry's CA. */
export function certsDirs(registry: string, home = homedir()): string[] {
  return [
    join('/etc/containers/certs.d', registry),
    join(home, '.config', 'containers', 'certs.d', registry),
    join('/etc/docker/certs.d', registry),
  ];
}

/** The CA certificates (PEM) of `registry` in the certs.d directories of this machine. */
export async function readCertsDirCAs(registry: string, home = homedir()): Promise<string[]> {
  const out: string[] = [];
  for (const dir of certsDirs(registry, home)) {
    const names = await fsp.readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.crt')).sort()) {
      const pem = await fsp.readFile(join(dir, name), 'utf8').catch(() => undefined);
      if (pem) out.push(pem);
    }
  }
  return out;
}
