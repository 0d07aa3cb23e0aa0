// Completion in compose files: keys and enumerated values from the Compose schema, and the names
// the file defines where a reference goes (depends_on, extends, links, networks, volumes,
// secrets, configs, network_mode). The key path at the cursor is read from indentation
// (../yamlCursor.ts), so it works while the line being typed is not valid YAML yet. No `vscode` import.
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver-types';
import type { TextDoc } from '../types';
import { cursorContext, type Mode } from '../yamlCursor';
import { entries, isRecord, parseCompose, type Segment } from './document';
import { schemaAt } from './schema';

/** The names the document defines per section (read leniently while the text is being typed). */
function definedNames(text: string): Record<string, string[]> {
  let value: unknown;
  try {
    const file = parseCompose(text);
    value = file.value ?? file.doc.toJS();
  } catch {
    value = undefined;
  }
  const v = isRecord(value) ? value : {};
  const names = (section: string) => entries(v[section]).map(([k]) => k);
  return {
    services: names('services'),
    networks: [...names('networks'), 'default'],
    volumes: names('volumes'),
    secrets: names('secrets'),
    configs: names('configs'),
  };
}

/** Which section's names a position takes, from the key path. */
function referenceSection(path: Segment[], key: string | undefined, mode: Mode): string | undefined {
  const last = [...path, ...(key ? [key] : [])].filter((s) => typeof s === 'string');
  const field = last[last.length - 1];
  if (path[0] !== 'services' || last.length < 3) return undefined;
  if (mode === 'value' && field === 'service' && last[last.length - 2] === 'extends') return 'services';
  if (last.length !== 3 && !(mode === 'value' && last.length === 4 && last[2] === 'build')) return undefined;
  const table: Record<string, string> = {
    depends_on: 'services',
    links: 'services',
    volumes_from: 'services',
    networks: 'networks',
    secrets: 'secrets',
    configs: 'configs',
    volumes: 'volumes',
  };
  if (mode === 'value' && (field === 'network_mode' || field === 'pid' || field === 'ipc')) return 'service:';
  return mode === 'value' ? undefined : table[String(field)];
}

export function composeCompletion(doc: TextDoc, position: Position): CompletionItem[] {
  const ctx = cursorContext(doc.text, position);
  const names = definedNames(doc.text);
  const section = referenceSection(ctx.path, ctx.key, ctx.mode);
  const items: CompletionItem[] = [];
  if (section === 'service:') {
    const fixed = ctx.key === 'network_mode' ? ['host', 'none', 'bridge'] : ['host', 'private', 'shareable'];
    items.push(...fixed.map((label) => ({ label, kind: CompletionItemKind.EnumMember })));
    items.push(...names.services.map((s) => ({ label: `service:${s}`, kind: CompletionItemKind.Reference })));
    return items;
  }
  if (section) {
    const own = ctx.path[1];
    const list = names[section].filter((n) => section !== 'services' || n !== own);
    const suffix = section === 'volumes' && ctx.mode === 'item' ? ':' : '';
    items.push(
      ...list.map((label) => ({ label: label + suffix, kind: CompletionItemKind.Reference, detail: section })),
    );
  }
  if (ctx.mode === 'key' || ctx.mode === 'item') {
    const schema = schemaAt(ctx.mode === 'item' ? [...ctx.path, 0] : ctx.path);
    for (const [label, prop] of Object.entries(schema.properties ?? {})) {
      items.push({
        label,
        kind: CompletionItemKind.Property,
        detail: prop.deprecated ? 'deprecated' : undefined,
        documentation: schemaAt([...ctx.path, ...(ctx.mode === 'item' ? [0] : []), label]).description,
        insertText: `${label}: `,
      });
    }
  }
  if (ctx.mode === 'value' && ctx.key) {
    const schema = schemaAt([...ctx.path, ctx.key]);
    const values = [...new Set((schema.enum ?? []).map(String))];
    const types = [schema.type ?? []].flat();
    if (types.includes('boolean')) values.push('true', 'false');
    items.push(...values.map((label) => ({ label, kind: CompletionItemKind.EnumMember })));
  }
  return items;
}
