// Compose interpolation of one string: $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?err}, ${VAR?err},
// ${VAR:+x}, ${VAR+x}, nesting in the default/message/alternative, and $$ for a literal $.
// Unset variables without a default become "" with a warning, as Compose does.

export class InterpolationError extends Error {
  constructor(
    message: string,
    /** Offset in the string where the failing expression starts. */
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface InterpolationResult {
  value: string;
  /** Variables used with no value and no default (Compose warns and substitutes ""). */
  unset: string[];
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

/** Index of the `}` closing the `${` whose body starts at `start`, honouring nested `${…}`. */
function closingBrace(text: string, start: number): number {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') i++;
    else if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

type Lookup = (name: string) => string | undefined;

function braced(body: string, at: number, env: Lookup, unset: string[]): string {
  const name = NAME.exec(body)?.[0];
  if (!name) throw new InterpolationError(`Invalid interpolation format: \${${body}}`, at);
  const rest = body.slice(name.length);
  const value = env(name);
  if (rest === '') {
    if (value === undefined) unset.push(name);
    return value ?? '';
  }
  const op = /^(:?[-?+])/.exec(rest)?.[1];
  if (!op) throw new InterpolationError(`Invalid interpolation format: \${${body}} (unsupported operator)`, at);
  const arg = () => expand(rest.slice(op.length), env, unset, at);
  const empty = value === undefined || (op.startsWith(':') && value === '');
  switch (op) {
    case ':-':
    case '-':
      return empty ? arg() : (value ?? '');
    case ':+':
    case '+':
      return empty ? '' : arg();
    default: {
      if (!empty) return value ?? '';
      const message = arg();
      throw new InterpolationError(
        `Required variable ${name} is ${value === undefined ? 'not set' : 'empty'}${message ? `: ${message}` : ''}`,
        at,
      );
    }
  }
}

function expand(text: string, env: Lookup, unset: string[], base: number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) throw new InterpolationError(`Invalid interpolation format: unclosed \${ in "${text}"`, base + i);
      out += braced(text.slice(i + 2, end), base + i, env, unset);
      i = end;
    } else {
      const name = NAME.exec(text.slice(i + 1))?.[0];
      if (!name) {
        out += '$';
        continue;
      }
      const value = env(name);
      if (value === undefined) unset.push(name);
      out += value ?? '';
      i += name.length;
    }
  }
  return out;
}

/** Interpolates one string against `env`; throws InterpolationError for `?` forms and bad syntax. */
export function interpolate(text: string, env: Record<string, string | undefined> | Lookup): InterpolationResult {
  const lookup: Lookup = typeof env === 'function' ? env : (n) => (Object.hasOwn(env, n) ? env[n] : undefined);
  const unset: string[] = [];
  if (!text.includes('$')) return { value: text, unset };
  return { value: expand(text, lookup, unset, 0), unset };
}
