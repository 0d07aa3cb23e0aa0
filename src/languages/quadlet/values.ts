// Value checks per value kind. Each returns undefined when the value is acceptable, or a
// message (and a stable code) saying what is wrong. Values holding systemd specifiers (%i,
// %h ...) or environment references are only checked where the check still makes sense.
import type { KeyInfo } from './catalogue';

export interface ValueProblem {
  code: string;
  message: string;
}

const BOOL_TRUE = ['1', 'yes', 'y', 'true', 't', 'on'];
const BOOL_FALSE = ['0', 'no', 'n', 'false', 'f', 'off'];

/** systemd's boolean parsing (case-insensitive); undefined when not a boolean. */
export function parseBool(value: string): boolean | undefined {
  const l = value.trim().toLowerCase();
  if (BOOL_TRUE.includes(l)) return true;
  if (BOOL_FALSE.includes(l)) return false;
  return undefined;
}

const hasSpecifier = (value: string) => value.includes('%') || value.includes('${') || /\$[A-Za-z_]/.test(value);

const TIME_UNITS = new Set([
  'ns',
  'nsec',
  'us',
  'usec',
  'µs',
  'ms',
  'msec',
  's',
  'sec',
  'second',
  'seconds',
  'm',
  'min',
  'minute',
  'minutes',
  'h',
  'hr',
  'hour',
  'hours',
  'd',
  'day',
  'days',
  'w',
  'week',
  'weeks',
  'M',
  'month',
  'months',
  'y',
  'year',
  'years',
]);

/** A systemd time span or a Go duration: "90", "30s", "1m30s", "5 min 3s", "infinity". */
export function isDuration(value: string): boolean {
  const s = value.trim();
  if (s === 'infinity') return true;
  if (!s) return false;
  let i = 0;
  let groups = 0;
  while (i < s.length) {
    while (i < s.length && s[i] === ' ') i++;
    if (i >= s.length) break;
    const numStart = i;
    while (i < s.length && /[0-9.]/.test(s[i])) i++;
    const num = s.slice(numStart, i);
    if (!/^\d+(\.\d+)?$/.test(num) && !/^\.\d+$/.test(num)) return false;
    while (i < s.length && s[i] === ' ') i++;
    const unitStart = i;
    while (i < s.length && /[a-zA-Zµ]/.test(s[i])) i++;
    const unit = s.slice(unitStart, i);
    if (unit && !TIME_UNITS.has(unit)) return false;
    groups++;
    if (groups > 64) return false;
  }
  return groups > 0;
}

/** A size: a number with an optional unit (b, k, m, g, t, optionally followed by b / iB). */
export function isSize(value: string): boolean {
  return (
    /^\d+(\.\d+)?\s*([bkmgtpeBKMGTPE]([iI]?[bB])?)?$/.test(value.trim()) ||
    value.trim() === 'infinity' ||
    /^\d+(\.\d+)?%$/.test(value.trim())
  );
}

export function isIPv4(value: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  return !!m && m.slice(1).every((x) => Number(x) <= 255);
}

export function isIPv6(value: string): boolean {
  const s = value.replace(/%[\w.-]+$/, ''); // zone id
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return false;
  const dbl = s.split('::');
  if (dbl.length > 2) return false;
  const groups = (item: string) => (item ? item.split(':') : []);
  const all = [...groups(dbl[0]), ...(dbl.length === 2 ? groups(dbl[1]) : [])];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i];
    if (i === all.length - 1 && g.includes('.')) {
      if (!isIPv4(g)) return false;
      count += 2;
    } else if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
    else count++;
  }
  return dbl.length === 2 ? count < 8 : count === 8;
}

export const isIP = (value: string) => isIPv4(value) || isIPv6(value);

export function isCidr(value: string): boolean {
  const slash = value.lastIndexOf('/');
  if (slash < 0) return false;
  const ip = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  return (isIPv4(ip) && Number(bits) <= 32) || (isIPv6(ip) && Number(bits) <= 128);
}

function portPart(part: string): [number, number] | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a < 0 || a > 65535 || b > 65535 || b < a) return undefined;
  return [a, b];
}

/** Checks PublishPort syntax: [[IP:][HOST]:]CONTAINER[/PROTO]. Returns a problem text or undefined. */
export function checkPort(value: string): string | undefined {
  let s = value.trim();
  const slash = s.lastIndexOf('/');
  if (slash >= 0) {
    const proto = s.slice(slash + 1);
    if (!['tcp', 'udp', 'sctp'].includes(proto)) return `unknown protocol \`${proto}\` (use tcp, udp or sctp)`;
    s = s.slice(0, slash);
  }
  let ip: string | undefined;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0) return 'unclosed `[` around an IPv6 address';
    ip = s.slice(1, close);
    if (!isIPv6(ip)) return `\`${ip}\` is not an IPv6 address`;
    s = s.slice(close + 1);
    if (!s.startsWith(':')) return 'expected `:` after the IPv6 address';
    s = s.slice(1);
  }
  const fields = s.split(':');
  if (fields.length > 3 || (ip !== undefined && fields.length > 2)) return 'too many `:`-separated parts';
  if (fields.length === 3) {
    ip = fields.shift();
    if (ip && !isIPv4(ip)) return `\`${ip}\` is not an IP address`;
  }
  const container = fields.pop()!;
  const host = fields.pop();
  const c = portPart(container);
  if (!c) return `\`${container}\` is not a port or port range (1-65535)`;
  if (c[0] === 0) return 'the container port cannot be 0';
  if (host) {
    const h = portPart(host);
    if (!h) return `\`${host}\` is not a port or port range (1-65535)`;
    if (h[1] - h[0] !== c[1] - c[0] && h[0] !== h[1]) return 'host and container port ranges differ in length';
  }
  return undefined;
}

export function checkPortRange(value: string): string | undefined {
  const s = value.trim().replace(/\/(tcp|udp|sctp)$/, '');
  return portPart(s) ? undefined : `\`${value}\` is not a port or port range`;
}

const SIGNALS = new Set([
  'HUP',
  'INT',
  'QUIT',
  'ILL',
  'TRAP',
  'ABRT',
  'IOT',
  'BUS',
  'FPE',
  'KILL',
  'USR1',
  'SEGV',
  'USR2',
  'PIPE',
  'ALRM',
  'TERM',
  'STKFLT',
  'CHLD',
  'CONT',
  'STOP',
  'TSTP',
  'TTIN',
  'TTOU',
  'URG',
  'XCPU',
  'XFSZ',
  'VTALRM',
  'PROF',
  'WINCH',
  'IO',
  'POLL',
  'PWR',
  'SYS',
]);

export function isSignal(value: string): boolean {
  const s = value.trim().toUpperCase();
  if (/^\d+$/.test(s)) return Number(s) > 0 && Number(s) < 65;
  const name = s.startsWith('SIG') ? s.slice(3) : s;
  return SIGNALS.has(name) || /^RTM(IN|AX)([+-]\d+)?$/.test(name);
}

/** ID mapping CONTAINER:HOST:SIZE, where Podman also accepts `+` and `@` prefixes. */
export function isIdMap(value: string): boolean {
  return /^[+@]?\d+:[+@]?\d+:\d+$/.test(value.trim());
}

/** Checks a value against its catalogue entry. */
export function checkValue(info: KeyInfo, value: string): ValueProblem | undefined {
  const v = value.trim();
  if (v === '') return undefined; // an empty assignment resets a key; it is always allowed
  const spec = hasSpecifier(v);
  switch (info.kind) {
    case 'bool':
      return parseBool(v) === undefined
        ? {
            code: 'invalid-bool',
            message: `\`${v}\` is not a boolean: use true or false (yes/no, on/off, 1/0 also work).`,
          }
        : undefined;
    case 'enum': {
      if (!info.values || info.openValues || spec) return undefined;
      if (info.key === 'Notify' && parseBool(v) !== undefined) return undefined;
      return info.values.includes(info.ignoreCase ? v.toLowerCase() : v)
        ? undefined
        : {
            code: 'invalid-enum',
            message: `\`${v}\` is not a valid value of ${info.key}=: expected one of ${info.values.join(', ')}.`,
          };
    }
    case 'int':
      if (spec) return undefined;
      return /^-?\d+$/.test(v)
        ? undefined
        : { code: 'invalid-number', message: `${info.key}= expects a whole number, not \`${v}\`.` };
    case 'duration':
      if (spec) return undefined;
      if (info.key.startsWith('Health') && v === 'disable') return undefined;
      return isDuration(v)
        ? undefined
        : {
            code: 'invalid-duration',
            message: `\`${v}\` is not a time span (examples: 30, 30s, 1m30s, 2h, infinity).`,
          };
    case 'size':
      if (spec) return undefined;
      return isSize(v)
        ? undefined
        : { code: 'invalid-size', message: `\`${v}\` is not a size (examples: 512m, 2g, 1048576).` };
    case 'absPath':
      if (spec) return undefined;
      return v.startsWith('/')
        ? undefined
        : { code: 'absolute-path-required', message: `${info.key}= needs an absolute path, not \`${v}\`.` };
    case 'port': {
      if (spec) return undefined;
      const p = checkPort(v);
      return p ? { code: 'invalid-port', message: `Invalid port mapping \`${v}\`: ${p}.` } : undefined;
    }
    case 'portRange': {
      if (spec) return undefined;
      const p = checkPortRange(v);
      return p ? { code: 'invalid-port', message: p + '.' } : undefined;
    }
    case 'ip':
      if (spec) return undefined;
      return isIP(v) ? undefined : { code: 'invalid-ip', message: `\`${v}\` is not an IPv4 or IPv6 address.` };
    case 'cidr':
      if (spec) return undefined;
      if (info.key === 'IPRange' && /^[^-]+-[^-]+$/.test(v) && v.split('-').every(isIP)) return undefined;
      return isCidr(v)
        ? undefined
        : { code: 'invalid-cidr', message: `\`${v}\` is not a subnet in CIDR form (e.g. 10.89.0.0/24).` };
    case 'signal':
      if (spec) return undefined;
      return isSignal(v)
        ? undefined
        : { code: 'invalid-signal', message: `\`${v}\` is not a signal name or number (e.g. SIGTERM, HUP, 15).` };
    case 'idmap':
      if (spec) return undefined;
      return isIdMap(v)
        ? undefined
        : { code: 'invalid-idmap', message: `\`${v}\` is not an id mapping CONTAINER:HOST:COUNT (e.g. 0:10000:10).` };
    default:
      return undefined;
  }
}
