// The Compose Specification's merge rules, for several -f files and for `extends`: mappings merge,
// sequences append, command/entrypoint/healthcheck.test replace, ports/volumes/secrets/configs
// merge by their unique key, KEY=VALUE lists merge as mappings, `!reset` clears and `!override`
// replaces. Short forms are brought to mappings first so two spellings of one value merge.
import { Override, RESET } from './source';
import { keyValues, portKey, volumeKey } from './values';

type Data = Record<string, unknown>;
const isMap = (v: unknown): v is Data => !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Override);

/** Service keys whose value replaces rather than merges. */
const REPLACED = new Set(['command', 'entrypoint', 'services/*/healthcheck/test']);
/** Service keys written as KEY=VALUE lists or mappings: merged as mappings. */
const KEY_VALUE = new Set(['environment', 'labels', 'annotations', 'sysctls', 'extra_hosts', 'storage_opt']);
/** Sequences of unique resources: merged by their key. */
const UNIQUE: Record<string, (v: unknown) => string> = {
  ports: portKey,
  volumes: volumeKey,
  secrets: targetKey,
  configs: targetKey,
  devices: (v) => (typeof v === 'string' ? (v.split(':')[1] ?? v) : JSON.stringify(v)),
};

function targetKey(v: unknown): string {
  if (typeof v === 'string') return v;
  const o = v as Data;
  return String(o?.target ?? o?.source ?? JSON.stringify(v));
}

/** A service's values in the forms merging needs (build as a mapping, KEY=VALUE lists as mappings). */
export function canonicalService(service: Data): Data {
  const out: Data = { ...service };
  for (const key of KEY_VALUE) {
    const v = out[key];
    if (Array.isArray(v)) {
      out[key] = keyValues(
        v,
        key === 'extra_hosts' && v.some((e) => String(e).includes('=')) ? '=' : key === 'extra_hosts' ? ':' : '=',
      );
    }
  }
  if (typeof out.build === 'string') out.build = { context: out.build };
  if (isMap(out.build) && Array.isArray(out.build.args)) out.build = { ...out.build, args: keyValues(out.build.args) };
  if (Array.isArray(out.depends_on)) {
    out.depends_on = Object.fromEntries(out.depends_on.map((s) => [String(s), { condition: 'service_started' }]));
  }
  if (Array.isArray(out.networks)) out.networks = Object.fromEntries(out.networks.map((n) => [String(n), null]));
  if (typeof out.env_file === 'string') out.env_file = [out.env_file];
  if (typeof out.profiles === 'string') out.profiles = [out.profiles];
  return out;
}

function mergeUnique(base: unknown[], over: unknown[], key: (v: unknown) => string): unknown[] {
  const out = [...base];
  for (const item of over) {
    const k = key(item);
    const at = out.findIndex((b) => key(b) === k);
    if (at < 0) out.push(item);
    else out[at] = isMap(out[at]) && isMap(item) ? mergeValues(out[at], item, '') : item;
  }
  return out;
}

function mergeValues(base: unknown, over: unknown, path: string): unknown {
  if (over === RESET) return undefined;
  if (over instanceof Override) return strip(over.value);
  if (base === undefined || base === RESET) return strip(over);
  const name = path.split('/').pop() ?? '';
  if (REPLACED.has(name) || REPLACED.has(path.replace(/^services\/[^/]+/, 'services/*'))) return strip(over);
  if (Array.isArray(base) && Array.isArray(over)) {
    const inService = /^services\/[^/]+\/[^/]+$/.test(path);
    if (inService && UNIQUE[name]) return mergeUnique(base, over.map(strip), UNIQUE[name]);
    if (['dns', 'dns_search', 'cap_add', 'cap_drop', 'profiles', 'env_file', 'expose', 'tmpfs'].includes(name)) {
      return [...new Set([...base, ...over.map(strip)].map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v));
    }
    return [...base, ...over.map(strip)];
  }
  if (isMap(base) && isMap(over)) {
    const out: Data = { ...base };
    for (const [k, v] of Object.entries(over)) {
      const merged = mergeValues(out[k], v, path ? `${path}/${k}` : k);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  return strip(over);
}

/** Removes the !reset / !override markers from a value (a reset inside a fresh value is absent). */
export function strip(value: unknown): unknown {
  if (value === RESET) return undefined;
  if (value instanceof Override) return strip(value.value);
  if (Array.isArray(value)) return value.map(strip).filter((v) => v !== undefined);
  if (isMap(value)) {
    const out: Data = {};
    for (const [k, v] of Object.entries(value)) {
      const s = strip(v);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
  return value;
}

function canonicalFile(data: Data): Data {
  if (!isMap(data.services)) return data;
  const services = Object.fromEntries(
    Object.entries(data.services).map(([name, s]) => [name, isMap(s) ? canonicalService(s) : s]),
  );
  return { ...data, services };
}

/** Merges compose files' data in order (later files override), as the spec says. */
export function mergeFiles(files: Data[]): Data {
  let out: Data = {};
  for (const data of files) out = mergeValues(out, canonicalFile(data), '') as Data;
  return (strip(out) ?? {}) as Data;
}

/** Merges a service over the one it extends (the base's values first). */
export function mergeExtends(base: Data, service: Data, serviceName: string): Data {
  const path = `services/${serviceName}`;
  return strip(mergeValues(canonicalService(base), canonicalService(service), path)) as Data;
}
