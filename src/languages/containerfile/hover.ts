// Hover: instructions, flags, mount types/options, and variables with the value they
// resolve to at that line.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { analyze, type Analysis } from './analysis';
import { networkDoc } from './completion';
import { INSTRUCTION_BY_NAME, MOUNT_TYPE_BY_NAME, MOUNT_TYPES } from './data';
import { findVariables, instructionAtLine, offsetAt, rangeOf, type Instruction } from './parser';
import { resolveValue, scopeBefore, walkScopes, type Scope, type VariableDef } from './semantics';

function hover(value: string, ins: Instruction, start: number, end: number): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: rangeOf(ins, start, end) };
}

/** The variables in scope at an instruction (the one that holds it, for heredoc bodies). */
const scopeAt = (a: Analysis, target: Instruction): Scope => scopeBefore(a.parsed, a.stages, target);

export function describeVariable(name: string, def: VariableDef | undefined, scope: Scope): string {
  if (!def) {
    return `**$${name}** is not defined at this line: it expands to an empty string (unless the base image sets it).`;
  }
  switch (def.kind) {
    case 'predefined':
      return `**$${name}**: predefined build argument, set by the builder (or by \`--build-arg ${name}=...\`).`;
    case 'base':
      return `**$${name}**: taken from the base image's environment.`;
    case 'ENV':
      return `**$${name}** = \`${resolveValue(def.value ?? '', scope)}\`\n\nSet by ENV at line ${(def.instruction?.startLine ?? 0) + 1}.`;
    case 'ARG': {
      const line = (def.instruction?.startLine ?? 0) + 1;
      if (def.value === undefined) {
        return `**$${name}**: build argument without a default (ARG at line ${line}); empty unless \`--build-arg ${name}=...\` is given.`;
      }
      return `**$${name}** = \`${resolveValue(def.value, scope)}\` (default)\n\nFrom the ARG at line ${line}${def.global ? ' (global default)' : ''}; \`--build-arg ${name}=...\` overrides it.`;
    }
  }
}

export function containerfileHover(text: string, pos: Position): Hover | null {
  const a = analyze(text);
  let ins = instructionAtLine(a.parsed, pos.line);
  if (!ins) return null;
  const offset = offsetAt(ins, pos);
  if (offset < 0) return null;
  if (ins.trigger && offset >= ins.trigger.keywordStart) ins = ins.trigger;
  if (offset >= ins.keywordStart && offset <= ins.keywordEnd) {
    const info = INSTRUCTION_BY_NAME.get(ins.name);
    if (!info) return null;
    return hover(
      `**${info.name}**\n\n${info.description}\n\n\`\`\`\n${info.syntax}\n\`\`\``,
      ins,
      ins.keywordStart,
      ins.keywordEnd,
    );
  }
  // Variables anywhere in the arguments (also in RUN, where the shell would see them).
  for (const ref of findVariables(ins.logical, ins.keywordEnd, ins.logical.length, a.parsed.escape, false)) {
    if (offset >= ref.start && offset <= ref.nameEnd) {
      const scope = scopeAt(a, ins);
      return hover(describeVariable(ref.name, scope.get(ref.name), scope), ins, ref.start, ref.nameEnd);
    }
  }
  const info = INSTRUCTION_BY_NAME.get(ins.name);
  for (const f of ins.flags) {
    if (offset < f.start || offset > f.end) continue;
    const fi = info?.flags.find((x) => x.name === f.name);
    if (!fi) return null;
    if (offset <= f.nameEnd) return hover(`**--${fi.name}**\n\n${fi.description}`, ins, f.start, f.nameEnd);
    if (f.name === 'network' && f.value) {
      return hover(`**--network=${f.value}**\n\n${networkDoc(f.value)}`, ins, f.valueStart, f.end);
    }
    if (f.name === 'mount' && f.value !== undefined) return mountHover(ins, f.value, f.valueStart, offset);
    return null;
  }
  // ARG / ENV names show their value too.
  if (ins.name === 'ARG' || ins.name === 'ENV') {
    for (const w of ins.args) {
      if (offset < w.start || offset > w.end) continue;
      const eq = w.text.indexOf('=');
      const name = eq < 0 ? w.text : w.text.slice(0, eq);
      if (offset > w.start + name.length) return null;
      const scope = scopeAt(a, ins);
      const after = new Map(scope);
      let def: VariableDef | undefined;
      walkScopes(a.parsed, a.stages, (x, s) => {
        if (x.startLine > ins!.startLine) {
          def = s.get(name);
          return false;
        }
        return true;
      });
      const defined = def ?? {
        name,
        kind: ins.name,
        value: eq < 0 ? undefined : w.text.slice(eq + 1),
        instruction: ins,
      };
      return hover(describeVariable(name, defined as VariableDef, after), ins, w.start, w.start + name.length);
    }
  }
  return null;
}

function mountHover(ins: Instruction, value: string, valueStart: number, offset: number): Hover | null {
  let pos = valueStart;
  const typeName = /(?:^|,)type=([^,]*)/.exec(value)?.[1];
  const type = typeName ? MOUNT_TYPE_BY_NAME.get(typeName) : undefined;
  for (const piece of value.split(',')) {
    const end = pos + piece.length;
    if (offset >= pos && offset <= end) {
      const eq = piece.indexOf('=');
      const key = eq < 0 ? piece : piece.slice(0, eq);
      if (key === 'type') {
        const t = MOUNT_TYPE_BY_NAME.get(piece.slice(eq + 1));
        return t
          ? hover(
              `**type=${t.type}**\n\n${t.description}\n\nOptions: ${t.options.map((o) => '`' + o.name + '`').join(', ')}`,
              ins,
              pos,
              end,
            )
          : null;
      }
      const opt = (type ? [type] : MOUNT_TYPES)
        .flatMap((t) => t.options)
        .find((o) => o.name === key || o.aliases?.includes(key));
      if (!opt) return null;
      const values = opt.values ? `\n\nValues: ${opt.values.map((v) => '`' + v + '`').join(', ')}` : '';
      return hover(
        `**${key}**${type ? ` (type=${type.type})` : ''}\n\n${opt.description}${values}`,
        ins,
        pos,
        pos + key.length,
      );
    }
    pos = end + 1;
  }
  return null;
}
