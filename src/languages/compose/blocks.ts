// A compose file's plain value read block by block: the text is cut at its top-level keys and at
// the keys of its `services:` mapping, each block is parsed alone and kept by its text, so a check
// after an edit parses only the blocks that changed (a service, usually) and the unchanged
// services keep their value objects (the schema and reference checks cache on them). Only plain
// block-style files are cut: anchors, aliases, merge keys, tags, explicit keys, directives or
// several documents, a block that does not parse alone, or a key met twice make `undefined`, and
// the caller parses the whole text as before. No `vscode` import.

export type BlockParser = (text: string) => unknown;

/** Whether the text holds an anchor, alias or tag (`&a`, `*a`, `!t`; a shell's `&&` is none) or a merge key. */
function tiesBlocks(text: string): boolean {
  if (text.includes('<<')) return true;
  for (const mark of ['&', '*', '!']) {
    for (let i = text.indexOf(mark); i >= 0; i = text.indexOf(mark, i + 1)) {
      const before = i === 0 ? ' ' : text[i - 1];
      const after = text[i + 1] ?? ' ';
      if (/[\s,[{]/.test(before) && !/[\s,\]}&*]/.test(after)) return true;
    }
  }
  return false;
}

interface Line {
  from: number;
  /** Spaces before the content; -1 for a blank or comment line. */
  indent: number;
}

/** The lines of a text with their indentation, or undefined for a line that only whole-text parsing reads right. */
function linesOf(text: string): Line[] | undefined {
  const lines: Line[] = [];
  for (let from = 0; from < text.length;) {
    const nl = text.indexOf('\n', from);
    let i = from;
    while (text.charCodeAt(i) === 32) i++;
    const c = text[i];
    const blank = c === undefined || c === '\n' || c === '\r' || c === '#';
    if (
      !blank &&
      (c === '?' || c === '\t' || (i === from && (c === '%' || c === '-' || c === '.' || c === '[' || c === '{')))
    ) {
      return undefined;
    }
    lines.push({ from, indent: blank ? -1 : i - from });
    from = nl < 0 ? text.length : nl + 1;
  }
  return lines;
}

interface Block {
  text: string;
  /** For the `services:` block: its services' blocks. */
  children?: string[];
}

let cache = new Map<string, unknown>();
let used = new Map<string, unknown>();
const CACHE_LIMIT = 512;

function parsed(text: string, parse: BlockParser): unknown {
  let value = used.get(text) ?? cache.get(text);
  if (value === undefined) value = parse(text);
  used.set(text, value);
  return value;
}

/** The top-level blocks (see the file comment), the services' blocks cut out of `services:`. */
function blocksOf(text: string, lines: Line[]): Block[] | undefined {
  const blocks: Block[] = [];
  const heads = lines.flatMap((l, i) => (l.indent === 0 ? [i] : []));
  for (const [n, head] of heads.entries()) {
    const endLine = heads[n + 1] ?? lines.length;
    const to = lines[endLine]?.from ?? text.length;
    const blockText = text.slice(lines[head].from, to);
    if (!/^services\s*:\s*(#.*)?\r?\n/.test(blockText)) {
      blocks.push({ text: blockText });
      continue;
    }
    const children = serviceBlocks(text, lines.slice(head + 1, endLine), to);
    if (children === null) return undefined;
    blocks.push(children ? { text: blockText, children } : { text: blockText });
  }
  return blocks;
}

/** The blocks of the services under a `services:` line; null when their indentation varies. */
function serviceBlocks(text: string, lines: Line[], to: number): string[] | undefined | null {
  const indent = lines.find((l) => l.indent >= 0)?.indent;
  if (indent === undefined) return undefined;
  const starts: number[] = [];
  for (const line of lines) {
    if (line.indent >= 0 && line.indent < indent) return null;
    if (line.indent === indent) starts.push(line.from);
  }
  return starts.map((from, i) => text.slice(from, starts[i + 1] ?? to));
}

/** The single key and value of a block's mapping, or undefined when it is not one. */
function onlyEntry(value: unknown): [string, unknown] | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 ? [keys[0], (value as Record<string, unknown>)[keys[0]]] : undefined;
}

function assemble(blocks: Block[], parse: BlockParser): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const block of blocks) {
    if (block.children) {
      const services: Record<string, unknown> = {};
      for (const child of block.children) {
        const entry = onlyEntry(parsed(child, parse));
        if (!entry || Object.prototype.hasOwnProperty.call(services, entry[0]) || entry[0] === '__proto__') {
          return undefined;
        }
        services[entry[0]] = entry[1];
      }
      if (Object.prototype.hasOwnProperty.call(out, 'services')) return undefined;
      out.services = services;
      continue;
    }
    const entry = onlyEntry(parsed(block.text, parse));
    if (!entry || Object.prototype.hasOwnProperty.call(out, entry[0]) || entry[0] === '__proto__') return undefined;
    out[entry[0]] = entry[1];
  }
  return out;
}

const isMapping = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const startsWithKey = (block: string, key: string) =>
  block.trimStart().startsWith(key) && /^\s*:/.test(block.trimStart().slice(key.length));

/** Blocks whose value is the whole text's entry of the same key, where the keys line up in order. */
function seed(blocks: Block[], whole: unknown): void {
  if (!isMapping(whole)) return;
  const keys = Object.keys(whole);
  if (keys.length !== blocks.length) return;
  blocks.forEach((block, i) => {
    if (!startsWithKey(block.text, keys[i])) return;
    const services = whole[keys[i]];
    if (!block.children) used.set(block.text, { [keys[i]]: services });
    else if (isMapping(services) && Object.keys(services).length === block.children.length) {
      Object.keys(services).forEach((name, n) => {
        const child = block.children![n];
        if (startsWithKey(child, name)) used.set(child, { [name]: services[name] });
      });
    }
  });
}

/** More blocks unseen than this: the whole text is parsed once (faster than each block alone). */
const FRESH_LIMIT = 16;

function freshBlocks(blocks: Block[]): number {
  const known = (text: string) => cache.has(text);
  return blocks.reduce((n, b) => n + (b.children ? b.children.filter((c) => !known(c)).length : +!known(b.text)), 0);
}

/**
 * The value of a plain block-style compose file from its blocks (see the file comment), or
 * undefined when the file must be parsed whole. `parse` throws on a block it refuses.
 */
export function valueByBlocks(text: string, parse: BlockParser): { value: unknown } | undefined {
  if (tiesBlocks(text)) return undefined;
  const lines = linesOf(text);
  const blocks = lines && blocksOf(text, lines);
  if (!blocks?.length) return undefined;
  used = new Map();
  try {
    if (freshBlocks(blocks) > FRESH_LIMIT) seed(blocks, parse(text));
    const value = assemble(blocks, parse);
    return value && { value };
  } catch {
    return undefined;
  } finally {
    if (cache.size + used.size > CACHE_LIMIT) cache = used;
    else for (const [block, value] of used) cache.set(block, value);
  }
}
