// RUN --mount=type=...,key=value,...: the type, its options and their values.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { MOUNT_TYPE_BY_NAME, MOUNT_TYPES, nearest, type MountOptionInfo, type MountTypeInfo } from '../data';
import type { Flag, Instruction } from '../parser';
import { Codes, type CheckContext } from './report';
import { checkStageRef } from './stageRefs';

const OCTAL_RE = /^0?[0-7]{3,4}$/;
const SIZE_RE = /^\d+(\.\d+)?[kmgtKMGT]?[bB]?$/;
/** Options Podman (4.3, measured) sets from their name alone: `ro=false` still mounts read-only. */
const VALUE_IGNORED = new Set(['ro', 'rw']);

/** One `key[=value]` of a mount, with its logical offsets. */
interface MountPart {
  key: string;
  val: string | undefined;
  start: number;
  end: number;
  valStart: number;
}

function mountParts(f: Flag): { parts: MountPart[]; valueStart: number } {
  let value = f.value ?? '';
  let valueStart = f.valueStart;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    // --mount="type=bind,..." : the quotes belong to the flag, not to the options.
    value = value.slice(1, -1);
    valueStart++;
  }
  const parts: MountPart[] = [];
  let pos = valueStart;
  for (const piece of value.split(',')) {
    const eq = piece.indexOf('=');
    parts.push({
      key: eq < 0 ? piece : piece.slice(0, eq),
      val: eq < 0 ? undefined : piece.slice(eq + 1),
      start: pos,
      end: pos + piece.length,
      valStart: eq < 0 ? pos + piece.length : pos + eq + 1,
    });
    pos += piece.length + 1;
  }
  return { parts, valueStart };
}

export function checkMount(ctx: CheckContext, ins: Instruction, f: Flag, stageIndex: number): void {
  const { parts } = mountParts(f);
  const typePart = parts.find((p) => p.key.toLowerCase() === 'type');
  if (!typePart) {
    ctx.push(
      ins,
      f.valueStart,
      f.end,
      'The mount has no type, so it is a bind mount: add type=bind to say so, or another type.',
      Codes.mountMissingType,
      DiagnosticSeverity.Information,
    );
  }
  const typeName = typePart ? (typePart.val ?? '') : 'bind';
  if (typeName.includes('$')) return;
  const type = MOUNT_TYPE_BY_NAME.get(typeName);
  if (!type && typePart) {
    const suggestion = nearest(typeName, MOUNT_TYPE_BY_NAME.keys());
    ctx.push(
      ins,
      typePart.valStart,
      typePart.end,
      `Unknown mount type '${typeName}'; use ${MOUNT_TYPES.map((t) => t.type).join(', ')}.`,
      Codes.mountUnknownType,
      DiagnosticSeverity.Error,
      suggestion ? { replacement: suggestion } : undefined,
    );
    return;
  }
  if (!type) return;
  const byKey = new Map<string, MountOptionInfo>();
  for (const o of type.options) for (const k of [o.name, ...(o.aliases ?? [])]) byKey.set(k, o);
  const present = new Set<string>();
  for (const p of parts) {
    if (p === typePart) continue;
    const opt = checkOptionName(ctx, ins, p, type, byKey);
    if (!opt) continue;
    present.add(opt.name);
    checkOptionValue(ctx, ins, p, opt, stageIndex);
  }
  for (const req of type.required) {
    if (!present.has(req)) {
      const o = type.options.find((x) => x.name === req);
      const names = [req, ...(o?.aliases ?? [])].join('/');
      ctx.push(ins, f.start, f.end, `type=${type.type} mounts need '${names}'.`, Codes.mountMissingOption);
    }
  }
  if (type.type === 'ssh') checkSshAgent(ctx, ins, f, parts);
}

/** Podman mounts an SSH agent only when the build was given one (`podman build --ssh`). */
function checkSshAgent(ctx: CheckContext, ins: Instruction, f: Flag, parts: readonly MountPart[]): void {
  const required = parts.find((p) => p.key === 'required');
  const isRequired = required !== undefined && (required.val === undefined || required.val.toLowerCase() === 'true');
  ctx.push(
    ins,
    f.start,
    f.end,
    isRequired
      ? 'This build fails unless it is given an SSH agent: `podman build --ssh default` (or --ssh <id>=<socket>).'
      : 'The SSH agent comes from `podman build --ssh default` (or --ssh <id>=<socket>); without it this command runs with no agent and no SSH_AUTH_SOCK.',
    Codes.mountSshAgent,
    isRequired ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
  );
}

/** The option a part names, or undefined after reporting an empty or unknown one. */
function checkOptionName(
  ctx: CheckContext,
  ins: Instruction,
  p: MountPart,
  type: MountTypeInfo,
  byKey: ReadonlyMap<string, MountOptionInfo>,
): MountOptionInfo | undefined {
  if (p.key === '') {
    ctx.push(ins, p.start, p.end + 1, 'Empty mount option (two commas in a row?).', Codes.mountUnknownOption);
    return undefined;
  }
  const opt = byKey.get(p.key);
  if (opt) return opt;
  const other = MOUNT_TYPES.find((t) => t.options.some((o) => o.name === p.key || o.aliases?.includes(p.key)));
  const suggestion = nearest(p.key, byKey.keys());
  const hint = suggestion ? `; did you mean '${suggestion}'?` : other ? ` (it belongs to type=${other.type}).` : '.';
  ctx.push(
    ins,
    p.start,
    p.start + p.key.length,
    `'${p.key}' is not an option of type=${type.type} mounts${hint}`,
    Codes.mountUnknownOption,
    DiagnosticSeverity.Error,
    suggestion ? { replacement: suggestion } : undefined,
  );
  return undefined;
}

function checkOptionValue(
  ctx: CheckContext,
  ins: Instruction,
  p: MountPart,
  opt: MountOptionInfo,
  stageIndex: number,
): void {
  const kind = opt.valueKind ?? 'required';
  if (p.val === undefined) {
    if (kind === 'required') {
      ctx.push(ins, p.start, p.end, `Mount option '${p.key}' needs a value (${p.key}=...).`, Codes.mountMissingValue);
    }
    return;
  }
  if (kind === 'flag') {
    ctx.push(
      ins,
      p.start,
      p.end,
      `Mount option '${p.key}' takes no value; Podman ignores '=${p.val}'.`,
      Codes.mountBadValue,
      DiagnosticSeverity.Warning,
    );
    return;
  }
  const v = p.val;
  if (v.includes('$')) return;
  if (VALUE_IGNORED.has(opt.name) && v.toLowerCase() !== 'true') {
    const what = opt.name === 'ro' ? 'read-only' : 'read-write';
    ctx.push(
      ins,
      p.valStart,
      p.end,
      `Podman ignores the value of '${p.key}': '${p.key}=${v}' still mounts ${what}. Write '${p.key}' alone, or leave it out.`,
      Codes.mountBadValue,
      DiagnosticSeverity.Warning,
    );
    return;
  }
  const problem = valueProblem(p.key, v, opt);
  if (problem) ctx.push(ins, p.valStart, p.end, problem, Codes.mountBadValue);
  else if (opt.name === 'from') checkStageRef(ctx, ins, v, p.valStart, p.end, stageIndex, 'mount from');
}

function valueProblem(key: string, v: string, opt: MountOptionInfo): string | undefined {
  if (v === '') return `Mount option '${key}' has an empty value.`;
  if (opt.values && !opt.values.includes(opt.check === 'boolean' ? v.toLowerCase() : v)) {
    return `'${v}' is not valid for '${key}'; use ${opt.values.join(' or ')}.`;
  }
  if (opt.check === 'octal' && !OCTAL_RE.test(v)) return `'${key}' expects octal permission bits such as 0755.`;
  if (opt.check === 'integer' && !/^\d+$/.test(v)) return `'${key}' expects a numeric id.`;
  if (opt.check === 'size' && !SIZE_RE.test(v)) return `'${key}' expects a size such as 64M or 1048576.`;
  return undefined;
}
