// Completion: instructions, flags per instruction, mount types/options/values, --network
// values, stage names after --from= / from=, variables after $ / ${, base images after FROM.
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import type { LiveData } from '../types';
import { analyze, type Analysis } from './analysis';
import {
  INSTRUCTIONS,
  INSTRUCTION_BY_NAME,
  MOUNT_TYPES,
  MOUNT_TYPE_BY_NAME,
  ONBUILD_FORBIDDEN,
  type InstructionInfo,
} from './data';
import { instructionAtLine, offsetAt, positionAt, type Instruction, type Word } from './parser';
import { scopeBefore, type Scope } from './semantics';

const PLATFORMS = [
  'linux/amd64',
  'linux/arm64',
  'linux/arm/v7',
  'linux/ppc64le',
  'linux/s390x',
  '$BUILDPLATFORM',
  '$TARGETPLATFORM',
];

const md = (value: string) => ({ kind: MarkupKind.Markdown, value });

function item(
  label: string,
  kind: CompletionItemKind,
  range: Range,
  extra: Partial<CompletionItem> = {},
): CompletionItem {
  return { label, kind, textEdit: { range, newText: extra.insertText ?? label }, ...extra, insertText: undefined };
}

function keywordItems(range: Range, onbuild: boolean): CompletionItem[] {
  return INSTRUCTIONS.filter((i) => !onbuild || !ONBUILD_FORBIDDEN.has(i.name)).map((i, n) =>
    item(i.name, CompletionItemKind.Keyword, range, {
      detail: i.syntax,
      documentation: md(i.description),
      insertText: i.name + ' ',
      sortText: String(n).padStart(2, '0'),
    }),
  );
}

/** The variables in scope at an instruction (the one that holds it, for heredoc bodies). */
const scopeAt = (analysis: Analysis, target: Instruction): Scope =>
  scopeBefore(analysis.parsed, analysis.stages, target);

function stageIndexOf(analysis: Analysis, ins: Instruction): number {
  const line = (ins.parent ?? ins).startLine;
  let idx = -1;
  for (const s of analysis.stages) if (s.from.startLine <= line) idx = s.index;
  return idx;
}

function stageItems(analysis: Analysis, ins: Instruction, range: Range): CompletionItem[] {
  const current = stageIndexOf(analysis, ins);
  return analysis.stages
    .filter((s) => s.index < current && s.nameWord)
    .map((s) =>
      item(s.nameWord!.text, CompletionItemKind.Reference, range, {
        detail: `stage ${s.index}: FROM ${s.image?.text ?? ''}`,
      }),
    );
}

export function containerfileCompletion(text: string, pos: Position, live: LiveData): CompletionItem[] {
  const analysis = analyze(text);
  const lineText = analysis.parsed.lines[pos.line] ?? '';
  let ins = instructionAtLine(analysis.parsed, pos.line);
  if (!ins) return blankLineItems(lineText, pos);
  const offset = offsetAt(ins, pos);
  if (offset < 0) return []; // heredoc body
  if (offset <= ins.keywordEnd) {
    return keywordItems({ start: positionAt(ins, ins.keywordStart), end: positionAt(ins, ins.keywordEnd) }, false);
  }
  if (ins.name === 'ONBUILD' && !ins.trigger) return keywordItems({ start: pos, end: pos }, true);
  if (ins.trigger) {
    if (offset <= ins.trigger.keywordEnd) {
      return keywordItems(
        { start: positionAt(ins, ins.trigger.keywordStart), end: positionAt(ins, ins.trigger.keywordEnd) },
        true,
      );
    }
    ins = ins.trigger;
  }
  return argumentItems(cursorAt(analysis, ins, offset, pos), live);
}

/** A blank line or a comment: offer instructions unless inside a comment. */
function blankLineItems(lineText: string, pos: Position): CompletionItem[] {
  if (/^\s*#/.test(lineText)) return [];
  const typed = /[A-Za-z]*$/.exec(lineText.slice(0, pos.character))!;
  return keywordItems({ start: { line: pos.line, character: pos.character - typed[0].length }, end: pos }, false);
}

/** Where the cursor sits in an instruction's text after its keyword. */
interface Cursor {
  readonly analysis: Analysis;
  readonly ins: Instruction;
  /** Logical offsets of the cursor and of the start of the word it ends. */
  readonly offset: number;
  readonly wordStart: number;
  /** The word up to the cursor. */
  readonly prefix: string;
  /** The range from a logical offset to the cursor. */
  readonly rangeFrom: (start: number) => Range;
}

function cursorAt(analysis: Analysis, ins: Instruction, offset: number, pos: Position): Cursor {
  const logical = ins.logical;
  let wordStart = offset;
  while (wordStart > 0 && logical[wordStart - 1] !== ' ' && logical[wordStart - 1] !== '\t') wordStart--;
  return {
    analysis,
    ins,
    offset,
    wordStart,
    prefix: logical.slice(wordStart, offset),
    rangeFrom: (start: number): Range => ({ start: positionAt(ins, start), end: pos }),
  };
}

/** The arguments of an instruction as the parser split them, relative to the cursor's word. */
interface ArgsAtCursor {
  readonly info: InstructionInfo | undefined;
  readonly firstArg: Word | undefined;
  /** The cursor's word comes before the first argument (where flags go). */
  readonly beforeArgs: boolean;
}

function argumentItems(cursor: Cursor, live: LiveData): CompletionItem[] {
  const { ins, wordStart, prefix } = cursor;
  // Variables: `$NA|` or `${NA|`.
  const variable = /\$\{?([A-Za-z0-9_]*)$/.exec(prefix);
  if (variable && ins.logical[cursor.offset - variable[1].length - 1] !== '\\') return variableItems(cursor, variable);

  const info = INSTRUCTION_BY_NAME.get(ins.name);
  const firstArg = ins.args.find((w) => w.start < wordStart || (w.start === wordStart && !w.text.startsWith('--')));
  const args: ArgsAtCursor = { info, firstArg, beforeArgs: !firstArg || firstArg.start >= wordStart };

  if (prefix.startsWith('--') && info && args.beforeArgs) return flagItems(cursor, info);
  if (ins.name === 'FROM') return fromItems(cursor, args, live);
  if (ins.name === 'HEALTHCHECK' && args.beforeArgs) return healthcheckItems(cursor, info);
  if (info && args.beforeArgs && prefix === '' && info.flags.length) {
    return info.flags.map((f) =>
      item('--' + f.name, CompletionItemKind.Property, cursor.rangeFrom(wordStart), {
        insertText: f.noValue ? '--' + f.name : `--${f.name}=`,
        documentation: md(f.description),
      }),
    );
  }
  if (ins.name === 'SHELL' && prefix === '') {
    return [
      item('["/bin/bash", "-o", "pipefail", "-c"]', CompletionItemKind.Snippet, cursor.rangeFrom(wordStart), {
        insertTextFormat: InsertTextFormat.PlainText,
      }),
    ];
  }
  return [];
}

/** `variable` matched `$NAME` or `${NAME` at the end of the cursor's word. */
function variableItems(cursor: Cursor, variable: RegExpExecArray): CompletionItem[] {
  const logical = cursor.ins.logical;
  const scope = scopeAt(cursor.analysis, cursor.ins);
  const braced = variable[0].startsWith('${');
  const start = cursor.offset - variable[1].length;
  const hasClose = logical[cursor.offset] === '}';
  return [...scope.values()].map((d) =>
    item(d.name, CompletionItemKind.Variable, cursor.rangeFrom(start), {
      detail: `${d.kind === 'predefined' ? 'predefined build argument' : d.kind === 'base' ? 'usually set by the base image' : d.kind}${d.value !== undefined ? ` = ${d.value}` : ''}`,
      insertText: braced && !hasClose ? d.name + '}' : d.name,
      filterText: d.name,
      sortText: (d.kind === 'ARG' || d.kind === 'ENV' ? '0' : '1') + d.name,
    }),
  );
}

/** A word starting with `--` before the arguments: flag names, or a flag's values after `=`. */
function flagItems(cursor: Cursor, info: InstructionInfo): CompletionItem[] {
  const { analysis, ins, wordStart, prefix, rangeFrom } = cursor;
  const eq = prefix.indexOf('=');
  if (eq < 0) {
    return info.flags.map((f) =>
      item('--' + f.name, CompletionItemKind.Property, rangeFrom(wordStart), {
        documentation: md(f.description),
        insertText: f.noValue ? '--' + f.name : `--${f.name}=`,
        command: f.noValue ? undefined : { title: 'suggest', command: 'editor.action.triggerSuggest' },
      }),
    );
  }
  const flag = prefix.slice(2, eq);
  const valueStart = wordStart + eq + 1;
  const value = prefix.slice(eq + 1);
  const flagInfo = info.flags.find((f) => f.name === flag);
  if (flag === 'mount' && ins.name === 'RUN') return mountItems(analysis, ins, value, valueStart, rangeFrom);
  if (flag === 'from' && ins.name === 'COPY') return stageItems(analysis, ins, rangeFrom(valueStart));
  if (flag === 'platform') return PLATFORMS.map((p) => item(p, CompletionItemKind.Value, rangeFrom(valueStart)));
  if (flagInfo?.values) {
    return flagInfo.values.map((x) =>
      item(x, CompletionItemKind.EnumMember, rangeFrom(valueStart), {
        documentation: flag === 'network' ? md(networkDoc(x)) : undefined,
      }),
    );
  }
  return [];
}

/** FROM: earlier stages, local images and --platform for the image; AS after it. */
function fromItems(cursor: Cursor, args: ArgsAtCursor, live: LiveData): CompletionItem[] {
  const { analysis, ins, wordStart, prefix, rangeFrom } = cursor;
  const { firstArg, beforeArgs } = args;
  const isImage = !firstArg || firstArg.start === wordStart;
  if (isImage && !prefix.startsWith('-')) {
    const current = stageIndexOf(analysis, ins);
    const stages = analysis.stages
      .filter((s) => s.index < current && s.nameWord)
      .map((s) =>
        item(s.nameWord!.text, CompletionItemKind.Reference, rangeFrom(wordStart), { detail: 'earlier build stage' }),
      );
    const images = live.images.map((img) =>
      item(img, CompletionItemKind.Module, rangeFrom(wordStart), { detail: 'local image' }),
    );
    const flags =
      beforeArgs && ins.flags.length === 0
        ? [item('--platform', CompletionItemKind.Property, rangeFrom(wordStart), { insertText: '--platform=' })]
        : [];
    return [...stages, ...images, ...flags];
  }
  if (
    ins.args.length >= 1 &&
    ins.args[0].end < wordStart &&
    (ins.args.length === 1 || ins.args[1].start === wordStart)
  ) {
    return [
      item('AS', CompletionItemKind.Keyword, rangeFrom(wordStart), { insertText: 'AS ', detail: 'name this stage' }),
    ];
  }
  return [];
}

/** HEALTHCHECK before its arguments: CMD, NONE and its flags. */
function healthcheckItems(cursor: Cursor, info: InstructionInfo | undefined): CompletionItem[] {
  const range = cursor.rangeFrom(cursor.wordStart);
  const flags = (info?.flags ?? []).map((f) =>
    item('--' + f.name, CompletionItemKind.Property, range, {
      insertText: `--${f.name}=`,
      documentation: md(f.description),
    }),
  );
  return [
    item('CMD', CompletionItemKind.Keyword, range, { insertText: 'CMD ' }),
    item('NONE', CompletionItemKind.Keyword, range),
    ...flags,
  ];
}

export function networkDoc(value: string): string {
  switch (value) {
    case 'none':
      return 'No network access for this command, only loopback.';
    case 'host':
      return "Use the host's network stack for this command.";
    default:
      return 'The network the build uses anyway (same as leaving the flag out).';
  }
}

function mountItems(
  analysis: Analysis,
  ins: Instruction,
  value: string,
  valueStart: number,
  rangeFrom: (start: number) => Range,
): CompletionItem[] {
  const pieces = value.split(',');
  const current = pieces[pieces.length - 1];
  const currentStart = valueStart + value.length - current.length;
  const typeName = pieces.map((p) => /^type=(.*)$/.exec(p)?.[1]).find((t) => t !== undefined);
  const type = typeName ? MOUNT_TYPE_BY_NAME.get(typeName) : undefined;
  const eq = current.indexOf('=');
  if (eq < 0) {
    if (!typeName) {
      return MOUNT_TYPES.map((t) =>
        item('type=' + t.type, CompletionItemKind.EnumMember, rangeFrom(currentStart), {
          documentation: md(t.description),
          insertText: `type=${t.type},`,
        }),
      );
    }
    if (!type) return [];
    const used = new Set(pieces.slice(0, -1).map((p) => p.split('=')[0]));
    return type.options
      .filter((o) => !used.has(o.name) && !(o.aliases ?? []).some((x) => used.has(x)))
      .map((o) =>
        item(o.name, CompletionItemKind.Property, rangeFrom(currentStart), {
          documentation: md(
            o.description +
              (o.aliases?.length ? `\n\nAlso written ${o.aliases.map((x) => '`' + x + '`').join(', ')}.` : ''),
          ),
          insertText: o.valueKind === 'flag' ? o.name : o.name + '=',
          sortText: (type.required.includes(o.name) ? '0' : '1') + o.name,
          command:
            o.valueKind === 'flag' || !o.values
              ? undefined
              : { title: 'suggest', command: 'editor.action.triggerSuggest' },
        }),
      );
  }
  const key = current.slice(0, eq);
  const valueRange = rangeFrom(currentStart + eq + 1);
  if (key === 'type') {
    return MOUNT_TYPES.map((t) =>
      item(t.type, CompletionItemKind.EnumMember, valueRange, { documentation: md(t.description) }),
    );
  }
  if (!type) return [];
  const opt = type.options.find((o) => o.name === key || o.aliases?.includes(key));
  if (!opt) return [];
  if (opt.name === 'from') return stageItems(analysis, ins, valueRange);
  return (opt.values ?? []).map((x) => item(x, CompletionItemKind.EnumMember, valueRange));
}
