// How a service of the real Quadlet generator is compared with the preview's: [Unit], [Service],
// [Install] and the X- copies as multisets of lines per section (line order is not part of a
// service's meaning), and Exec* command lines split into words the way systemd splits them,
// compared as the command prefix up to the subcommand, the final operand, and the multiset of
// all words (the 5.4 generator writes some groups of options in Go map order).
import { splitWords } from '../../../src/languages/quadlet/generator/words';

type Parsed = Map<string, string[]>;

/** Sections of a service file, each the list of its `Key=value` lines. */
export function parseService(text: string): Parsed {
  const out: Parsed = new Map();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1];
      if (!out.has(section)) out.set(section, []);
      continue;
    }
    out.get(section)?.push(line);
  }
  return out;
}

const SUBCOMMANDS = ['run', 'create', 'pull', 'play', 'down', 'build', 'start', 'stop', 'rm', 'exec', 'kill'];

/** Normalised form of a line: Exec lines become their prefix, last word and sorted words. */
export function normaliseLine(line: string): string {
  const eq = line.indexOf('=');
  const key = line.slice(0, eq);
  const value = line.slice(eq + 1);
  if (!key.startsWith('Exec')) return line;
  const words = splitWords(value.replace(/^-/, ''));
  const sub = words.findIndex((word) => SUBCOMMANDS.includes(word));
  const ignoreFailure = value.startsWith('-') ? ' (failure ignored)' : '';
  const prefix = words.slice(0, sub + 1).join(' ');
  return `${key}${ignoreFailure}: prefix=[${prefix}] last=[${words.slice(-1).join(' ')}] words=[${[...words].sort().join(' ')}]`;
}

/** Removes one occurrence of each of `other`'s lines from `lines`: what only `lines` has. */
function without(lines: string[], other: string[]): string[] {
  const rest = [...other];
  return lines.filter((line) => {
    const at = rest.indexOf(line);
    if (at < 0) return true;
    rest.splice(at, 1);
    return false;
  });
}

/** The lines the generator's service and the preview do not share, per section. */
export function compareServices(real: string, ours: string): string[] {
  const generator = parseService(real);
  const preview = parseService(ours);
  const differences: string[] = [];
  for (const section of new Set([...generator.keys(), ...preview.keys()])) {
    const x = (generator.get(section) ?? []).map(normaliseLine).sort();
    const y = (preview.get(section) ?? []).map(normaliseLine).sort();
    for (const line of without(x, y)) differences.push(`[${section}] generator has: ${line}`);
    for (const line of without(y, x)) differences.push(`[${section}] preview has:   ${line}`);
  }
  return differences;
}
