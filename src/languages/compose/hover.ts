// Hover in compose files: a key's description from the Compose schema (with its allowed values),
// and on `${VAR}` the value interpolation gives it here. No `vscode` import.
import { isScalar } from 'yaml';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { ServiceContext, TextDoc } from '../types';
import { variables } from './context';
import { parseCached } from './diagnostics';
import { pathAtOffset } from './document';
import { scanInterpolation } from './interpolation';
import { schemaAt } from './schema';

export async function composeHover(doc: TextDoc, position: Position, ctx: ServiceContext): Promise<Hover | null> {
  const file = parseCached(doc);
  const offset = file.offset(position);
  const { path, onKey, node } = pathAtOffset(file, offset);
  if (!onKey && isScalar(node) && node.range && typeof node.value === 'string' && node.value.includes('$')) {
    const ref = scanInterpolation(file.text, node.range[0], node.range[1]).refs.find(
      (r) => offset >= r.start && offset <= r.end,
    );
    if (ref) {
      const value = (await variables(doc, ctx.files))[ref.name];
      const shown = value === undefined ? '*not set*' : `\`${value}\``;
      const range = { start: file.pos(ref.start), end: file.pos(ref.end) };
      return { contents: { kind: MarkupKind.Markdown, value: `**${ref.name}** = ${shown}` }, range };
    }
  }
  if (!onKey || !path.length) return null;
  const schema = schemaAt(path);
  if (!schema.description && !schema.enum?.length) return null;
  const lines = [`**${path.join('.')}**`];
  if (schema.description) lines.push('', schema.description);
  if (schema.enum?.length) {
    lines.push('', `Values: ${[...new Set(schema.enum)].map((v) => `\`${String(v)}\``).join(', ')}`);
  }
  if (schema.deprecated) lines.push('', '*Deprecated.*');
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: file.range(node) };
}
