// Hover: what a key or section means, its value kind, an example and the Podman version.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { TextDoc } from '../types';
import { keyInfo, SECTION_DESCRIPTIONS, type KeyInfo } from './catalogue';
import { entryAt, localContext } from './document';

const KIND_TEXT: Record<KeyInfo['kind'], string> = {
  bool: 'boolean (true/false, yes/no, on/off, 1/0)',
  enum: 'one of a fixed set of values',
  string: 'text',
  int: 'whole number',
  duration: 'time span (e.g. 30s, 1m30s)',
  size: 'size (e.g. 512m, 2g)',
  path: 'path (absolute, or relative to the unit file)',
  absPath: 'absolute path',
  port: 'port mapping [IP:][HOST:]CONTAINER[/PROTO]',
  portRange: 'port or port range',
  unitRef: 'value or reference to another Quadlet unit',
  keyValue: 'KEY=VALUE words',
  args: 'command-line arguments',
  command: 'command line',
  signal: 'signal name or number',
  ip: 'IP address',
  cidr: 'subnet (CIDR)',
  idmap: 'id mapping CONTAINER:HOST:COUNT',
  list: 'space separated list',
};

export function keyMarkdown(info: KeyInfo): string {
  const lines = [`**${info.key}=** \u2014 [${info.section}]`, '', info.description, ''];
  let kind = KIND_TEXT[info.kind];
  if (info.values?.length) {
    kind += `: ${info.values.map((v) => `\`${v}\``).join(', ')}${info.openValues ? ', ...' : ''}`;
  }
  lines.push(
    `*Value:* ${kind}${info.repeatable ? ' \u00b7 may be repeated' : ''}${info.defaultValue ? ` \u00b7 default \`${info.defaultValue}\`` : ''}`,
  );
  if (info.since) lines.push('', `*Since:* Podman ${info.since}${info.sinceEstimated ? ' (estimated)' : ''}`);
  if (info.deprecated) {
    lines.push(
      '',
      `*Deprecated:* use ${info.deprecated}${info.removedIn ? ` (gone in Podman ${info.removedIn}, estimated)` : ''}`,
    );
  }
  lines.push('', '```quadlet', info.example, '```');
  return lines.join('\n');
}

export function quadletHover(doc: TextDoc, pos: Position): Hover | null {
  const part = localContext(doc, pos.line);
  for (const s of part.ast.sections) {
    const r = s.nameRange;
    if (r.start.line === pos.line && pos.character >= r.start.character - 1 && pos.character <= r.end.character + 1) {
      const d = SECTION_DESCRIPTIONS[s.name];
      return d ? { contents: { kind: MarkupKind.Markdown, value: `**[${s.name}]**\n\n${d}` }, range: r } : null;
    }
  }
  const e = entryAt(part.ast, pos);
  if (!e || !e.section) return null;
  const info = keyInfo(e.section.name, e.key);
  if (!info) return null;
  return { contents: { kind: MarkupKind.Markdown, value: keyMarkdown(info) }, range: e.keyRange };
}
