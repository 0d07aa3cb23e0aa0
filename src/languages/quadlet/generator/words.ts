// Word splitting and quoting in the style of systemd command lines, as Quadlet uses them for
// Exec=, PodmanArgs=, Environment= and friends, and for writing ExecStart= lines.

/** Splits a value into words: whitespace separates, "..." and '...' group, backslash escapes. */
export function splitWords(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  const s = value;
  while (i < s.length) {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n')) i++;
    if (i >= s.length) break;
    let word = '';
    let quote: string | undefined;
    for (; i < s.length; i++) {
      const c = s[i];
      if (quote) {
        if (c === quote) quote = undefined;
        else if (c === '\\' && i + 1 < s.length && quote === '"') [word, i] = escaped(s, i, word);
        else word += c;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '\\' && i + 1 < s.length) [word, i] = escaped(s, i, word);
      else if (c === ' ' || c === '\t' || c === '\n') break;
      else word += c;
    }
    out.push(word);
  }
  return out;
}

/** Decodes the escape at s[i] (a backslash); returns the new word and the index of its last character. */
function escaped(text: string, index: number, word: string): [string, number] {
  // systemd also writes \xHH (newer generators escape blanks inside words that way).
  if (text[index + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(index + 2, index + 4))) {
    return [word + String.fromCharCode(parseInt(text.slice(index + 2, index + 4), 16)), index + 3];
  }
  return [word + unescape(text[index + 1]), index + 1];
}

function unescape(char: string): string {
  switch (char) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    default:
      return char;
  }
}

/** Quotes a word for a systemd command line when it needs it. */
export function quoteWord(word: string): string {
  if (word !== '' && !/[\s"'\\]/.test(word)) return word;
  return '"' + word.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t') + '"';
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
