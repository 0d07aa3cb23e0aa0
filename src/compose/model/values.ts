// Parsers for Compose's compact value forms: port strings, volume strings, durations, byte sizes,
// KEY=VALUE lists. Each throws ValueError with a message that says the expected form.
import type { PortSpec, ServiceVolume } from './types';

export class ValueError extends Error {}

/** `["A=1", "B"]` or `{A: 1, B: null}` → `{A: "1", B: null}` (null: no value written). */
export function keyValues(value: unknown, separator = '='): Record<string, string | null> {
  if (value === null || value === undefined) return {};
  if (Array.isArray(value)) {
    const out: Record<string, string | null> = {};
    for (const item of value) {
      const text = String(item);
      const at = text.indexOf(separator);
      if (at < 0) out[text] = null;
      else out[text.slice(0, at)] = text.slice(at + 1);
    }
    return out;
  }
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, v === null ? null : scalarText(v)]),
    );
  }
  throw new ValueError(`Expected a mapping or a list of KEY${separator}VALUE, got ${JSON.stringify(value)}`);
}

/** A scalar as Compose writes it into strings (true → "true", 1.5 → "1.5"). */
export function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** "1m30s", "10s", "1.5h", "250ms", or a number of seconds → seconds. */
export function parseDuration(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    consumed = re.lastIndex;
  }
  if (!text || consumed !== text.length) {
    throw new ValueError(`Not a duration: ${text} (e.g. 10s, 1m30s, 500ms)`);
  }
  return total;
}

const BYTE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** "512m", "1gb", "100k", 1024 → bytes. */
export function parseBytes(value: unknown): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgt])?b?$/i.exec(String(value).trim());
  if (!m) throw new ValueError(`Not a byte size: ${String(value)} (e.g. 512m, 1g, 100k)`);
  return Math.round(Number(m[1]) * BYTE_UNITS[(m[2] ?? 'b').toLowerCase()]);
}

function portRange(text: string, whole: string): [number, number] {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!m) throw new ValueError(`Not a port: ${whole} (expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL])`);
  const first = Number(m[1]);
  const last = m[2] === undefined ? first : Number(m[2]);
  if (first < 1 || last > 65535 || last < first) throw new ValueError(`Port out of range: ${whole}`);
  return [first, last - first + 1];
}

/** One entry of `ports:`: a number, a short string, or the long mapping. */
export function parsePort(value: unknown): PortSpec {
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const [target, range] = portRange(scalarText(o.target), JSON.stringify(value));
    const protocol = String(o.protocol ?? 'tcp').toLowerCase() as PortSpec['protocol'];
    return {
      target,
      range,
      protocol,
      published: o.published === undefined || o.published === null ? undefined : scalarText(o.published),
      hostIp: o.host_ip ? String(o.host_ip) : undefined,
    };
  }
  const whole = scalarText(value).trim();
  const slash = whole.lastIndexOf('/');
  const protocol = (slash < 0 ? 'tcp' : whole.slice(slash + 1).toLowerCase()) as PortSpec['protocol'];
  if (!['tcp', 'udp', 'sctp'].includes(protocol)) throw new ValueError(`Not a protocol in ${whole} (tcp, udp, sctp)`);
  const ports = slash < 0 ? whole : whole.slice(0, slash);
  const last = ports.lastIndexOf(':');
  const [target, range] = portRange(ports.slice(last + 1), whole);
  const spec: PortSpec = { target, range, protocol };
  if (last < 0) return spec;
  const prefix = ports.slice(0, last);
  const hostColon = prefix.endsWith(']') ? -1 : prefix.lastIndexOf(':');
  const published = prefix.slice(hostColon + 1);
  if (hostColon >= 0) spec.hostIp = prefix.slice(0, hostColon).replace(/^\[(.*)\]$/, '$1');
  if (published) {
    const [, count] = portRange(published, whole);
    if (count !== range) throw new ValueError(`Host and container port ranges differ in length: ${whole}`);
    spec.published = published;
  }
  return spec;
}

/** The merge key of a port (ip, target, published, protocol). */
export function portKey(value: unknown): string {
  try {
    const p = parsePort(value);
    return `${p.hostIp ?? ''}|${p.target}|${p.published ?? ''}|${p.protocol}`;
  } catch {
    return JSON.stringify(value);
  }
}

const isPathLike = (s: string): boolean => /^(\.|~|\/|[a-zA-Z]:[\\/])/.test(s);

function shortVolume(text: string): ServiceVolume {
  const parts = text.split(':');
  // A Windows drive letter as source: "C:\x:/y" (kept together).
  if (/^[a-zA-Z]$/.test(parts[0]) && parts.length > 1 && /^[\\/]/.test(parts[1])) {
    parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  }
  if (parts.length === 1) return volume({ type: 'volume', target: parts[0] });
  if (parts.length > 3) throw new ValueError(`Not a volume: ${text} (expected [SOURCE:]TARGET[:MODE])`);
  const [source, target, mode = ''] = parts;
  const options = mode ? mode.split(',') : [];
  const v = volume({ type: isPathLike(source) ? 'bind' : 'volume', source, target });
  for (const option of options) {
    if (option === 'ro') v.readOnly = true;
    else if (option === 'rw') v.readOnly = false;
    else if (option === 'z' || option === 'Z') v.selinux = option;
    else if (option === 'nocopy') v.nocopy = true;
    else v.extraOptions.push(option);
  }
  return v;
}

function volume(v: Partial<ServiceVolume> & Pick<ServiceVolume, 'type' | 'target'>): ServiceVolume {
  return { readOnly: false, createHostPath: true, nocopy: false, extraOptions: [], ...v };
}

function longVolume(o: Record<string, unknown>): ServiceVolume {
  const type = String(o.type ?? 'volume') as ServiceVolume['type'];
  if (!o.target) throw new ValueError(`A volume needs a target: ${JSON.stringify(o)}`);
  const bind = (o.bind ?? {}) as Record<string, unknown>;
  const vol = (o.volume ?? {}) as Record<string, unknown>;
  const tmpfs = (o.tmpfs ?? {}) as Record<string, unknown>;
  return volume({
    type,
    source: o.source === undefined || o.source === null ? undefined : String(o.source),
    target: String(o.target),
    readOnly: o.read_only === true,
    createHostPath: bind.create_host_path !== false,
    selinux: bind.selinux === 'z' || bind.selinux === 'Z' ? bind.selinux : undefined,
    nocopy: vol.nocopy === true,
    tmpfsSize: tmpfs.size === undefined ? undefined : parseBytes(tmpfs.size),
    extraOptions: bind.propagation ? [String(bind.propagation)] : [],
  });
}

/** One entry of a service's `volumes:`: the short string or the long mapping. */
export function parseServiceVolume(value: unknown): ServiceVolume {
  if (value && typeof value === 'object') return longVolume(value as Record<string, unknown>);
  if (typeof value !== 'string') throw new ValueError(`Not a volume: ${JSON.stringify(value)}`);
  return shortVolume(value);
}

/** The merge key of a service volume (its target). */
export function volumeKey(value: unknown): string {
  try {
    return parseServiceVolume(value).target;
  } catch {
    return JSON.stringify(value);
  }
}

/** A command or entrypoint: a list stays a list; a string is kept for shell-like splitting. */
export function commandValue(value: unknown): string[] | string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(scalarText);
  return scalarText(value);
}

/** Splits a command string like Compose (shlex): quotes and backslashes, no expansion. */
export function splitCommand(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && /["\\$`]/.test(text[i + 1] ?? '')) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '\\') {
      current += text[++i] ?? '';
      started = true;
    } else if (/\s/.test(c)) {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (quote) throw new ValueError(`Unterminated quote in: ${text}`);
  if (started) out.push(current);
  return out;
}
