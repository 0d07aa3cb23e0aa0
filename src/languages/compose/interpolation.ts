// Compose interpolation (`$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`,
// `${VAR:+x}`, `${VAR+x}`, `$$`, defaults nesting further references): a scanner over the source
// text of a scalar that reports every reference and every syntax error with offsets into that
// text, and the substitution itself for conversion. No `vscode` import.

export interface VariableRef {
  name: string;
  /** Offsets of the whole `${...}` or `$NAME` in the scanned text. */
  start: number;
  end: number;
  /** Offsets of the name. */
  nameStart: number;
  operator?: ':-' | '-' | ':?' | '?' | ':+' | '+';
  /** Text after the operator (the default, the error message, the alternative). */
  argument?: string;
}

export interface InterpolationError {
  message: string;
  start: number;
  end: number;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;

/** Every variable reference and syntax error in `text` from `from` to `to`. */
export function scanInterpolation(
  text: string,
  from = 0,
  to = text.length,
): { refs: VariableRef[]; errors: InterpolationError[] } {
  const refs: VariableRef[] = [];
  const errors: InterpolationError[] = [];
  let i = text.indexOf('$', from);
  while (i >= 0 && i < to) {
    const next = text[i + 1];
    if (next === '$') {
      i = text.indexOf('$', i + 2);
      continue;
    }
    if (next === '{') {
      i = braced(text, i, to, refs, errors);
    } else {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(text);
      if (m && m.index + m[0].length <= to) {
        refs.push({ name: m[0], start: i, end: i + 1 + m[0].length, nameStart: i + 1 });
        i += 1 + m[0].length;
      } else i += 1; // a lone `$` is kept as it is
    }
    i = text.indexOf('$', i);
  }
  return { refs, errors };
}

/** Reads `${...}` starting at `start`; returns the offset after it. */
function braced(text: string, start: number, to: number, refs: VariableRef[], errors: InterpolationError[]): number {
  const close = closingBrace(text, start + 2, to);
  if (close < 0) {
    errors.push({ message: "'${' is not closed by '}'", start, end: Math.min(to, lineEnd(text, start)) });
    return to;
  }
  const body = text.slice(start + 2, close);
  NAME.lastIndex = 0;
  const m = NAME.exec(body);
  if (!m) {
    const message = body ? `invalid variable name in '\${${body}}'` : "empty variable name in '${}'";
    errors.push({ message, start, end: close + 1 });
    return close + 1;
  }
  const rest = body.slice(m[0].length);
  const ref: VariableRef = { name: m[0], start, end: close + 1, nameStart: start + 2 };
  if (rest) {
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (!op) {
      errors.push({ message: `invalid interpolation format for '\${${body}}'`, start, end: close + 1 });
      return close + 1;
    }
    ref.operator = op;
    ref.argument = rest.slice(op.length);
    // A default may hold further references: scan it too.
    const argStart = start + 2 + m[0].length + op.length;
    const inner = scanInterpolation(text, argStart, close);
    refs.push(...inner.refs);
    errors.push(...inner.errors);
  }
  refs.push(ref);
  return close + 1;
}

function closingBrace(text: string, from: number, to: number): number {
  let level = 1;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '\n') return -1;
    if (c === '$' && text[i + 1] === '{') {
      level++;
      i++;
    } else if (c === '}' && --level === 0) return i;
  }
  return -1;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

export class InterpolationFailure extends Error {}

/** The value of `text` with every reference substituted from `env` (Compose's rules). */
export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    if (text[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = closingBrace(text, i + 2, text.length);
      if (close < 0) throw new InterpolationFailure(`'\${' is not closed in '${text}'`);
      out += substitute(text.slice(i + 2, close), env);
      i = close + 1;
      continue;
    }
    NAME.lastIndex = i + 1;
    const m = NAME.exec(text);
    if (!m) {
      out += '$';
      i++;
      continue;
    }
    out += env[m[0]] ?? '';
    i += 1 + m[0].length;
  }
  return out;
}

function substitute(body: string, env: Readonly<Record<string, string | undefined>>): string {
  NAME.lastIndex = 0;
  const m = NAME.exec(body);
  if (!m) throw new InterpolationFailure(`invalid interpolation '\${${body}}'`);
  const value = env[m[0]];
  const rest = body.slice(m[0].length);
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (!rest) return value ?? '';
  if (!op) throw new InterpolationFailure(`invalid interpolation '\${${body}}'`);
  const arg = () => interpolate(rest.slice(op.length), env);
  const unset = value === undefined;
  const empty = unset || value === '';
  switch (op) {
    case ':-':
      return empty ? arg() : value;
    case '-':
      return unset ? arg() : value;
    case ':?':
    case '?':
      if (op === ':?' ? empty : unset) {
        throw new InterpolationFailure(`required variable ${m[0]} is missing a value: ${arg()}`);
      }
      return value!;
    case ':+':
      return empty ? '' : arg();
    default:
      return unset ? '' : arg();
  }
}

/** A `.env` file's variables (KEY=VALUE lines, quotes removed, comments skipped). */
export function parseDotEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length > 1) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    vars[m[1]] = value;
  }
  return vars;
}
