// Word splitting and quoting the way Podman's unit parser does it (pkg/systemd/parser/split.go, a
// port of systemd's extract_first_word): list keys, Exec=, PodmanArgs=, Environment= and friends
// are split into words, and ExecStart= lines are written back with quotes where needed.

import { compareVersions } from '../../../podman/version';

/** How a value is split: `args` (LookupAllArgs: C escapes decoded, unbalanced quotes allowed) or `strv` (LookupAllStrv: backslashes kept as they are). */
export type SplitMode = 'args' | 'strv';

const SEPARATORS = ' \t\n\r';
const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
  s: ' ',
};
/** `\x`, `\u`, `\U` and octal escapes: the digits they take and the base of those digits. */
const NUMERIC_ESCAPES: Record<string, [digits: number, base: number, max: number]> = {
  x: [2, 16, 0xff],
  u: [4, 16, 0xffff],
  U: [8, 16, 0x10ffff],
};

/** The escape starting at `text[at]` (the character after a backslash): its length and character, or undefined when systemd refuses it. */
function cUnescapeOne(text: string, at: number): [length: number, char: string] | undefined {
  const first = text[at];
  if (first in SIMPLE_ESCAPES) return [1, SIMPLE_ESCAPES[first]];
  const numeric = NUMERIC_ESCAPES[first] ?? (/[0-7]/.test(first) ? ([3, 8, 0xff] as const) : undefined);
  if (!numeric) return undefined;
  const [digits, base, max] = numeric;
  const start = base === 8 ? at : at + 1;
  const code = text.slice(start, start + digits);
  const pattern = base === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/;
  if (code.length < digits || !pattern.test(code)) return undefined;
  const value = parseInt(code, base);
  // NUL is never accepted, nor code points beyond Unicode.
  if (value === 0 || value > max) return undefined;
  return [base === 8 ? digits : digits + 1, String.fromCodePoint(value)];
}

/** The words of one value, or undefined when the parser refuses it (the generator then drops the whole value). */
export function splitValue(value: string, mode: SplitMode): string[] | undefined {
  const args = mode === 'args';
  const words: string[] = [];
  let at = 0;
  const end = value.length;
  while (at < end) {
    while (at < end && SEPARATORS.includes(value[at])) at++;
    let word = '';
    let quote = '';
    for (; at < end; at++) {
      const c = value[at];
      if (quote) {
        if (c === quote) quote = '';
        else if (c === '\\' && args) {
          const escape = at + 1 < end ? cUnescapeOne(value, at + 1) : undefined;
          // A trailing backslash is dropped (relaxed); an unknown escape refuses the value.
          if (at + 1 >= end) break;
          if (!escape) return undefined;
          word += escape[1];
          at += escape[0];
        } else word += c;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '\\' && args) {
        if (at + 1 >= end) break;
        const escape = cUnescapeOne(value, at + 1);
        if (!escape) return undefined;
        word += escape[1];
        at += escape[0];
      } else if (SEPARATORS.includes(c)) break;
      else word += c;
    }
    // An unbalanced quote is an error without the relaxed mode (LookupAllStrv).
    if (quote && !args) return undefined;
    // An empty word (`""`) ends the splitting, like systemd's parser.
    if (!word) break;
    words.push(word);
  }
  return words;
}

/** Splits a value like the generator's LookupAllArgs (Exec=, PodmanArgs=, Environment=...): nothing when it refuses the value. */
export function splitWords(value: string): string[] {
  return splitValue(value, 'args') ?? [];
}

/** Splits a value like the generator's LookupAllStrv (caps, id maps, LogOpt=...): backslashes kept, nothing when it refuses the value. */
export function splitStrv(value: string): string[] {
  return splitValue(value, 'strv') ?? [];
}

const WRITTEN_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\x07': '\\a',
  '\b': '\\b',
  '\v': '\\v',
  '\f': '\\f',
};

/** Quotes a word for a systemd command line when it needs it. */
export function quoteWord(word: string): string {
  // An empty word is written as nothing, like the generator's escapeWords.
  if (!/[\s"'\\\x00-\x1f\x7f]/.test(word)) return word;
  const escaped = word.replace(/[\\"\x00-\x1f\x7f]/g, (char) => {
    return WRITTEN_ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `"${escaped}"`;
}

/**
 * A word of a [Unit] list line the generator writes (RequiresMountsFor=): as is by 5.4.2, quoted
 * like an Exec word with blanks as `\x20` by 5.8.6 (measured; the change estimated at 5.5).
 */
export function unitListWord(word: string, version: string): string {
  if (compareVersions(version, '5.5') < 0) return word;
  const quoted = quoteWord(word);
  return quoted === word ? word : quoted.replace(/ /g, '\\x20');
}

export function joinArgs(args: string[]): string {
  return args.map(quoteWord).join(' ');
}

/** KEY=VALUE words of a value, in order; a word without `=` gives an undefined value. */
export function keyValueWords(value: string): [string, string | undefined][] {
  return splitWords(value).map((w) => {
    const eq = w.indexOf('=');
    return eq < 0 ? [w, undefined] : [w.slice(0, eq), w.slice(eq + 1)];
  });
}
