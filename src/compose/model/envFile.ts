// The `.env` / `env_file` format as Compose reads it: KEY=VALUE lines, `export ` prefixes,
// comments, single quotes (literal), double quotes (escapes, interpolation), unquoted values
// (trailing ` #comment` cut, interpolation). A line that is not an assignment is an error.
import { interpolate } from './interpolate';

export interface EnvFileEntry {
  key: string;
  value: string;
  /** 0-based line. */
  line: number;
}

export class EnvFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', $: '$' };

function doubleQuoted(body: string): string {
  return body.replace(/\\(.)/g, (whole, c: string) => ESCAPES[c] ?? whole);
}

/** Value text after `=` (may span lines when quoted): [value, interpolate?, lines consumed]. */
function readValue(lines: string[], index: number, start: string): [string, boolean, number] {
  const quote = start[0];
  if (quote !== '"' && quote !== "'") {
    const cut = start.search(/\s+#/);
    return [(cut < 0 ? start : start.slice(0, cut)).trim(), true, 0];
  }
  let text = start.slice(1);
  let extra = 0;
  for (;;) {
    const end = quote === '"' ? text.search(/(?<!\\)(?:\\\\)*"/) : text.indexOf("'");
    if (end >= 0) {
      const close = quote === '"' ? text.indexOf('"', end) : end;
      const body = text.slice(0, close);
      return [quote === '"' ? doubleQuoted(body) : body, quote === '"', extra];
    }
    extra++;
    if (index + extra >= lines.length) throw new EnvFileError(`Unterminated ${quote} quote`, index);
    text += '\n' + lines[index + extra];
  }
}

/**
 * Parses env file text. `lookup` resolves `${VAR}` in unquoted and double-quoted values
 * (earlier entries of the same file first).
 */
export function parseEnvFile(
  text: string,
  lookup: (name: string) => string | undefined = () => undefined,
): EnvFileEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const entries: EnvFileEntry[] = [];
  const own = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([^=\s]+)\s*(=)?\s*(.*)$/.exec(line);
    if (!m || !/^[^\s=#]+$/.test(m[1])) throw new EnvFileError(`Not a KEY=VALUE line: ${line}`, i);
    if (!m[2]) continue; // KEY alone: taken from the environment by Compose; nothing to set here
    const [raw, expand, extra] = readValue(lines, i, m[3]);
    const value = expand ? interpolate(raw, (n) => own.get(n) ?? lookup(n)).value : raw;
    own.set(m[1], value);
    entries.push({ key: m[1], value, line: i });
    i += extra;
  }
  return entries;
}

/** The entries as a record (the last assignment of a key wins). */
export function envFileRecord(text: string, lookup?: (name: string) => string | undefined): Record<string, string> {
  return Object.fromEntries(parseEnvFile(text, lookup).map((e) => [e.key, e.value]));
}
