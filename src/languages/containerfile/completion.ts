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
import { INSTRUCTIONS, INSTRUCTION_BY_NAME, MOUNT_TYPES, MOUNT_TYPE_BY_NAME, ONBUILD_FORBIDDEN } from './data';
import { instructionAtLine, offsetAt, positionAt, type Instruction } from './parser';
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
const scopeAt = (a: Analysis, target: Instruction): Scope => scopeBefore(a.parsed, a.stages, target);

function stageIndexOf(a: Analysis, ins: Instruction): number {
  const line = (ins.parent ?? ins).startLine;
  let idx = -1;
  for (const s of a.stages) if (s.from.startLine <= line) idx = s.index;
  return idx;
}

function stageItems(a: Analysis, ins: Instruction, range: Range): CompletionItem[] {
  const current = stageIndexOf(a, ins);
  return a.stages
    .filter((s) => s.index < current && s.nameWord)
    .map((s) =>
      item(s.nameWord!.text, CompletionItemKind.Reference, range, {
        detail: `stage ${s.index}: FROM ${s.image?.text ?? ''}`,
      }),
    );
}

export function containerfileCompletion(text: string, pos: Position, live: LiveData): CompletionItem[] {
  const a = analyze(text);
  const lineText = a.parsed.lines[pos.line] ?? '';
  let ins = instructionAtLine(a.parsed, pos.line);
  if (!ins) {
    // A blank line or a comment: offer instructions unless inside a comment.
    if (/^\s*#/.test(lineText)) return [];
    const m = /[A-Za-z]*$/.exec(lineText.slice(0, pos.character))!;
    return keywordItems({ start: { line: pos.line, character: pos.character - m[0].length }, end: pos }, false);
  }
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
  const logical = ins.logical;
  let wordStart = offset;
  while (wordStart > 0 && logical[wordStart - 1] !== ' ' && logical[wordStart - 1] !== '\t') wordStart--;
  const prefix = logical.slice(wordStart, offset);
  const rangeFrom = (start: number): Range => ({ start: positionAt(ins, start), end: pos });

  // Variables: `$NA|` or `${NA|`.
  const v = /\$\{?([A-Za-z0-9_]*)$/.exec(prefix);
  if (v && logical[offset - v[1].length - 1] !== '\\') {
    const scope = scopeAt(a, ins);
    const braced = v[0].startsWith('${');
    const start = offset - v[1].length;
    const hasClose = logical[offset] === '}';
    return [...scope.values()].map((d) =>
      item(d.name, CompletionItemKind.Variable, rangeFrom(start), {
        detail: `${d.kind === 'predefined' ? 'predefined build argument' : d.kind === 'base' ? 'usually set by the base image' : d.kind}${d.value !== undefined ? ` = ${d.value}` : ''}`,
        insertText: braced && !hasClose ? d.name + '}' : d.name,
        filterText: d.name,
        sortText: (d.kind === 'ARG' || d.kind === 'ENV' ? '0' : '1') + d.name,
      }),
    );
  }

  const info = INSTRUCTION_BY_NAME.get(ins.name);
  const firstArg = ins.args.find((w) => w.start < wordStart || (w.start === wordStart && !w.text.startsWith('--')));
  const beforeArgs = !firstArg || firstArg.start >= wordStart;

  if (prefix.startsWith('--') && info && beforeArgs) {
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
    const fi = info.flags.find((f) => f.name === flag);
    if (flag === 'mount' && ins.name === 'RUN') return mountItems(a, ins, value, valueStart, rangeFrom);
    if (flag === 'from' && ins.name === 'COPY') return stageItems(a, ins, rangeFrom(valueStart));
    if (flag === 'platform') return PLATFORMS.map((p) => item(p, CompletionItemKind.Value, rangeFrom(valueStart)));
    if (fi?.values) {
      return fi.values.map((x) =>
        item(x, CompletionItemKind.EnumMember, rangeFrom(valueStart), {
          documentation: flag === 'network' ? md(networkDoc(x)) : undefined,
        }),
      );
    }
    return [];
  }

  if (ins.name === 'FROM') {
    const isImage = !firstArg || firstArg.start === wordStart;
    if (isImage && !prefix.startsWith('-')) {
      const current = stageIndexOf(a, ins);
      const stages = a.stages
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
  if (ins.name === 'HEALTHCHECK' && beforeArgs) {
    const flags = (info?.flags ?? []).map((f) =>
      item('--' + f.name, CompletionItemKind.Property, rangeFrom(wordStart), {
        insertText: `--${f.name}=`,
        documentation: md(f.description),
      }),
    );
    return [
      item('CMD', CompletionItemKind.Keyword, rangeFrom(wordStart), { insertText: 'CMD ' }),
      item('NONE', CompletionItemKind.Keyword, rangeFrom(wordStart)),
      ...flags,
    ];
  }
  if (info && beforeArgs && prefix === '' && info.flags.length) {
    return info.flags.map((f) =>
      item('--' + f.name, CompletionItemKind.Property, rangeFrom(wordStart), {
        insertText: f.noValue ? '--' + f.name : `--${f.name}=`,
        documentation: md(f.description),
      }),
    );
  }
  if (ins.name === 'SHELL' && prefix === '') {
    return [
      item('["/bin/bash", "-o", "pipefail", "-c"]', CompletionItemKind.Snippet, rangeFrom(wordStart), {
        insertTextFormat: InsertTextFormat.PlainText,
      }),
    ];
  }
  return [];
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
  a: Analysis,
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
  if (opt.name === 'from') return stageItems(a, ins, valueRange);
  return (opt.values ?? []).map((x) => item(x, CompletionItemKind.EnumMember, valueRange));
}
