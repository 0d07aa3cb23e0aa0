// What the converters convert (ConvertProject: the services and top-level sections as plain,
// merged data; model.ts makes it from the compose model) and the normalisers of Compose's several
// spellings (lists or mappings, short or long syntax). `projectFromFile` reads one document's
// value alone, for callers without files. No `vscode` import.
import { basename } from 'node:path';
import type { SourceRange } from '../../../compose/model';
import { entries, isRecord } from '../document';
import { interpolate } from '../interpolation';

export type Dict = Record<string, unknown>;

export interface ConvertProject {
  name: string;
  /** The folder relative paths are resolved against. */
  folder: string;
  services: Record<string, Dict>;
  networks: Record<string, Dict>;
  volumes: Record<string, Dict>;
  secrets: Record<string, Dict>;
  configs: Record<string, Dict>;
}

export interface ConvertWarning {
  /** Key path of what was left out, e.g. services.web.build. */
  path: string;
  message: string;
  /** Where that field is written (0-based line and character, in `file`). */
  range?: SourceRange;
}

export interface ConvertedFile {
  name: string;
  text: string;
}

export interface ConvertResult {
  files: ConvertedFile[];
  warnings: ConvertWarning[];
}

function interpolateAll(value: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, env));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, env)]));
  return value;
}

/** Compose's project name rule: lower case letters, digits, dashes and underscores. */
export function normaliseProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

const sectionOf = (value: Dict, key: string): Record<string, Dict> =>
  Object.fromEntries(entries(value[key]).map(([k, v]) => [k, isRecord(v) ? v : {}]));

/** The project of one compose file (name: from `name:`, COMPOSE_PROJECT_NAME, or the folder). */
export function projectFromFile(
  value: unknown,
  folder: string,
  env: Readonly<Record<string, string | undefined>>,
): ConvertProject {
  const v = interpolateAll(isRecord(value) ? value : {}, env) as Dict;
  const raw = typeof v.name === 'string' && v.name ? v.name : (env.COMPOSE_PROJECT_NAME ?? basename(folder));
  return {
    name: normaliseProjectName(raw) || 'project',
    folder,
    services: sectionOf(v, 'services'),
    networks: sectionOf(v, 'networks'),
    volumes: sectionOf(v, 'volumes'),
    secrets: sectionOf(v, 'secrets'),
    configs: sectionOf(v, 'configs'),
  };
}

/** `KEY=VALUE` pairs of a list or mapping (environment, labels, sysctls, annotations). */
export function keyValues(value: unknown): [string, string][] {
  if (Array.isArray(value)) {
    return value.map((item) => {
      const s = String(item);
      const eq = s.indexOf('=');
      return eq < 0 ? [s, ''] : [s.slice(0, eq), s.slice(eq + 1)];
    });
  }
  return entries(value).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]);
}

/** depends_on as a mapping of service to condition. */
export function dependsOn(value: unknown): Record<string, string> {
  if (Array.isArray(value)) return Object.fromEntries(value.map((s) => [String(s), 'service_started']));
  return Object.fromEntries(
    entries(value).map(([k, v]) => [
      k,
      isRecord(v) && typeof v.condition === 'string' ? v.condition : 'service_started',
    ]),
  );
}

/** A service's networks as names (list or mapping), with their aliases. */
export function serviceNetworks(value: unknown): { name: string; aliases: string[] }[] {
  if (Array.isArray(value)) return value.map((n) => ({ name: String(n), aliases: [] }));
  return entries(value).map(([name, v]) => ({
    name,
    aliases: isRecord(v) && Array.isArray(v.aliases) ? v.aliases.map(String) : [],
  }));
}

export interface Mount {
  type: 'volume' | 'bind' | 'tmpfs';
  source: string;
  target: string;
  readOnly: boolean;
  options: string[];
}

/** A `volumes:` entry of a service, short or long syntax. */
export function mountOf(entry: unknown): Mount | undefined {
  if (typeof entry === 'string') {
    const parts = entry.split(':');
    if (parts.length === 1) return { type: 'volume', source: '', target: parts[0], readOnly: false, options: [] };
    const [source, target, mode = ''] = parts;
    const options = mode ? mode.split(',') : [];
    const bind = /^[./~]/.test(source) || source.includes('/');
    return {
      type: bind ? 'bind' : 'volume',
      source,
      target,
      readOnly: options.includes('ro'),
      options: options.filter((o) => o !== 'ro' && o !== 'rw'),
    };
  }
  if (!isRecord(entry) || typeof entry.target !== 'string') return undefined;
  const type = entry.type === 'bind' || entry.type === 'tmpfs' ? entry.type : 'volume';
  const options: string[] = [];
  if (isRecord(entry.bind) && typeof entry.bind.selinux === 'string') options.push(entry.bind.selinux);
  return {
    type,
    source: typeof entry.source === 'string' ? entry.source : '',
    target: entry.target,
    readOnly: entry.read_only === true,
    options,
  };
}

/** A `ports:` entry as Podman's `[ip:][host:]container[/proto]` form. */
export function portSpec(entry: unknown): string | undefined {
  if (typeof entry === 'string' || typeof entry === 'number') return String(entry);
  if (!isRecord(entry) || entry.target === undefined) return undefined;
  const host = entry.published !== undefined ? `${String(entry.published)}:` : '';
  const ip = typeof entry.host_ip === 'string' ? `${entry.host_ip}:` : '';
  const proto = typeof entry.protocol === 'string' && entry.protocol !== 'tcp' ? `/${entry.protocol}` : '';
  return `${host ? ip : ''}${host}${String(entry.target)}${proto}`;
}

/** Compose durations (1m30s, 10s, 500ms) in whole seconds, rounded up; undefined when unreadable. */
export function seconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, ns: 1e-9 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/gy;
  let matched = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    total += Number(m[1]) * units[m[2]];
    matched += m[0].length;
  }
  return matched === value.length && matched > 0 ? Math.ceil(total) : undefined;
}

/** A healthcheck `test` as one command line, or 'none'. */
export function healthCommand(test: unknown): string | undefined {
  if (typeof test === 'string') return test === 'NONE' ? 'none' : test;
  if (!Array.isArray(test) || !test.length) return undefined;
  const [kind, ...rest] = test.map(String);
  if (kind === 'NONE') return 'none';
  if (kind === 'CMD-SHELL') return rest.join(' ');
  if (kind === 'CMD') return JSON.stringify(rest);
  return undefined;
}
