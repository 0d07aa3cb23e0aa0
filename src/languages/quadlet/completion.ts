// Completion: section names, keys of the current section, and values (enum values, booleans,
// sibling unit files for references, live images/networks/volumes/secrets).
import { posix } from 'node:path';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver-types';
import type { ServiceContext, TextDoc } from '../types';
import { keyInfo, SECTION_DESCRIPTIONS, sectionKeys, TYPE_SECTION, type KeyInfo, type UnitType } from './catalogue';
import { localContext, partsSync, sectionAt, serviceOptions } from './document';
import { listUnitFiles, uriToPath } from './files';
import { keyMarkdown } from './hover';
import { splitLines } from './parser';

function lineAt(text: string, line: number): string {
  // Avoid splitting a 10 MB file on every keystroke: walk to the line.
  let start = 0;
  for (let i = 0; i < line; i++) {
    const n = text.indexOf('\n', start);
    if (n < 0) return '';
    start = n + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}

function sectionItems(type: UnitType | undefined, range: { start: Position; end: Position }): CompletionItem[] {
  const names = [
    ...(type ? [TYPE_SECTION[type]] : Object.values(TYPE_SECTION)),
    'Unit',
    'Service',
    'Install',
    'Quadlet',
  ];
  return names.map((n, i) => ({
    label: `[${n}]`,
    kind: CompletionItemKind.Module,
    sortText: String(i).padStart(2, '0'),
    documentation: SECTION_DESCRIPTIONS[n],
    textEdit: { range, newText: `[${n}]` },
  }));
}

function keyItem(info: KeyInfo, range: { start: Position; end: Position }, index: number): CompletionItem {
  return {
    label: info.key,
    kind: CompletionItemKind.Property,
    detail: `${info.section}${info.since ? ` \u00b7 Podman ${info.since}+` : ''}`,
    documentation: { kind: MarkupKind.Markdown, value: keyMarkdown(info) },
    sortText: String(index).padStart(3, '0'),
    textEdit: { range, newText: `${info.key}=` },
    insertTextFormat: InsertTextFormat.PlainText,
    command: { title: 'Suggest values', command: 'editor.action.triggerSuggest' },
  };
}

const value = (label: string, kind: CompletionItemKind, detail?: string): CompletionItem => ({
  label,
  kind,
  ...(detail ? { detail } : {}),
});

export async function quadletCompletion(doc: TextDoc, pos: Position, ctx: ServiceContext): Promise<CompletionItem[]> {
  const line = lineAt(doc.text, pos.line);
  const before = line.slice(0, pos.character);
  const trimmed = before.trimStart();
  const indent = before.length - trimmed.length;
  if (trimmed.startsWith('#') || trimmed.startsWith(';')) return [];
  if (pos.line > 0 && /\\\s*$/.test(lineAt(doc.text, pos.line - 1))) return []; // inside a continued value
  const local = localContext(doc, pos.line);
  const type = local.type;
  if (trimmed.startsWith('[')) {
    return sectionItems(type, {
      start: { line: pos.line, character: indent },
      end: { line: pos.line, character: line.length },
    });
  }
  const section = sectionAt(local.ast, pos.line);
  const eq = before.indexOf('=');
  if (eq < 0) {
    const range = {
      start: { line: pos.line, character: indent },
      end: { line: pos.line, character: line.indexOf('=') >= 0 ? line.indexOf('=') + 1 : line.length },
    };
    if (!section) return sectionItems(type, range);
    const present = new Set(section.entries.map((e) => e.key));
    const keys = sectionKeys(section.name).filter(
      (k) => !k.refused && !k.deprecated && (k.repeatable || !present.has(k.key)),
    );
    return keys.map((k, i) => keyItem(k, range, i));
  }
  if (!section) return [];
  const key = before.slice(indent, eq).trim();
  const info = keyInfo(section.name, key);
  if (!info) return [];
  return valueItems(info, doc, ctx, local.partName);
}

async function valueItems(
  info: KeyInfo,
  doc: TextDoc,
  ctx: ServiceContext,
  selfName?: string,
): Promise<CompletionItem[]> {
  const out: CompletionItem[] = [];
  if (info.kind === 'bool') out.push(value('true', CompletionItemKind.Value), value('false', CompletionItemKind.Value));
  for (const v of info.values ?? []) {
    if (!out.some((o) => o.label === v)) out.push(value(v, CompletionItemKind.EnumMember));
  }
  const refs =
    info.refs ??
    (info.section === 'Unit' &&
    ['After', 'Before', 'Requires', 'Wants', 'BindsTo', 'PartOf', 'Requisite', 'Upholds', 'Conflicts'].includes(
      info.key,
    )
      ? (['container', 'pod', 'volume', 'network', 'kube', 'image', 'build'] as UnitType[])
      : undefined);
  if (refs) {
    const path = uriToPath(doc.uri);
    const dirs = [posix.dirname(path), ...serviceOptions.searchDirs()];
    const units = await listUnitFiles(dirs, ctx.files);
    if (path.endsWith('.quadlets')) {
      for (const p of partsSync(doc)) {
        if (p.model) units.push({ name: p.model.name, path: p.model.path, type: p.model.type });
      }
    }
    const seen = new Set<string>();
    for (const u of units) {
      if (!refs.includes(u.type) || u.name === selfName || u.name === posix.basename(path) || seen.has(u.name)) {
        continue;
      }
      seen.add(u.name);
      out.push({
        label: u.name,
        kind: CompletionItemKind.File,
        detail: u.path,
        insertText: info.key === 'Volume' ? `${u.name}:` : u.name,
      });
    }
  }
  const live = ctx.live;
  const add = (names: string[], detail: string, suffix = '') => {
    for (const n of names) {
      if (!out.some((o) => o.label === n)) {
        out.push({ label: n, kind: CompletionItemKind.Reference, detail, insertText: n + suffix });
      }
    }
  };
  if (info.key === 'Image' && info.section !== 'Volume') add(live.images, 'local image');
  if (info.key === 'Image' && info.section === 'Volume') add(live.images, 'local image');
  if (info.key === 'Network') add(live.networks, 'Podman network');
  if (info.key === 'Volume') add(live.volumes, 'Podman volume', ':');
  if (info.key === 'Secret') add(live.secrets, 'Podman secret');
  return out;
}

export { splitLines };
