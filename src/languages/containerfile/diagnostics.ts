// Containerfile checks for the Podman/Buildah dialect. Pure: text in, LSP diagnostics out.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../types';
import { analyze, type Analysis } from './analysis';
import {
  INSTRUCTION_BY_NAME,
  MOUNT_TYPE_BY_NAME,
  MOUNT_TYPES,
  ONBUILD_FORBIDDEN,
  nearest,
  type MountOptionInfo,
} from './data';
import { findVariables, rangeOf, type Flag, type Instruction } from './parser';
import { keyValues, walkScopes, type Scope, type Stage } from './semantics';

/** Stable diagnostic codes (shown in the Problems view and by the CLI). */
export const Codes = {
  binaryFile: 'binary-file',
  fileTooLarge: 'file-too-large',
  unknownInstruction: 'unknown-instruction',
  instructionBeforeFrom: 'instruction-before-from',
  missingFrom: 'missing-from',
  missingArgument: 'missing-argument',
  fromSyntax: 'from-syntax',
  invalidStageName: 'invalid-stage-name',
  duplicateStageName: 'duplicate-stage-name',
  unknownFlag: 'unknown-flag',
  duplicateFlag: 'duplicate-flag',
  flagMissingValue: 'flag-missing-value',
  flagBadValue: 'flag-bad-value',
  unknownStage: 'unknown-stage',
  stageForwardReference: 'stage-forward-reference',
  stageIndexOutOfRange: 'stage-index-out-of-range',
  undefinedVariable: 'undefined-variable',
  execFormJson: 'exec-form-json',
  shellNotJson: 'shell-not-json',
  unterminatedHeredoc: 'unterminated-heredoc',
  mountMissingType: 'mount-missing-type',
  mountUnknownType: 'mount-unknown-type',
  mountUnknownOption: 'mount-unknown-option',
  mountMissingValue: 'mount-missing-value',
  mountBadValue: 'mount-bad-value',
  mountMissingOption: 'mount-missing-option',
  envSyntax: 'env-syntax',
  argSyntax: 'arg-syntax',
  invalidPort: 'invalid-port',
  healthcheckSyntax: 'healthcheck-syntax',
  onbuildTrigger: 'onbuild-trigger',
  invalidDirective: 'invalid-directive',
  emptyContinuation: 'empty-continuation',
} as const;

/** Beyond this size a file is not analysed (bounded work in the editor and the CLI). */
export const MAX_ANALYSED_CHARS = 4 * 1024 * 1024;
/** At most this many diagnostics are reported per file. */
export const MAX_DIAGNOSTICS = 1000;

/** Data attached to a diagnostic for its quick fix. */
export interface FixData {
  replacement: string;
}

function diag(
  range: Range,
  message: string,
  code: string,
  severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  data?: FixData,
): Diagnostic {
  const d: Diagnostic = { range, message, code, severity, source: DIAGNOSTIC_SOURCE };
  if (data) d.data = data;
  return d;
}

const DURATION_RE = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const OCTAL_RE = /^0?[0-7]{3,4}$/;
const SIZE_RE = /^\d+(\.\d+)?[kmgtKMGT]?[bB]?$/;
const STAGE_NAME_RE = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;
const PORT_RE = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i;
const JSON_INTENT_RE = /^\[\s*(\]|["'].*["']\s*[,\]])/s;
/** RUN may start with a shell test (`[ "$x" = y ]`): only a comma after a string shows JSON intent. */
const RUN_JSON_INTENT_RE = /^\[\s*(\]|"[^"]*"\s*,|'[^']*'\s*,)/;

/** Quick cheap test for binary content. */
export function looksBinary(text: string): boolean {
  return text.includes('\u0000');
}

export function containerfileDiagnostics(text: string): Diagnostic[] {
  if (looksBinary(text)) {
    return [
      diag(
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        'This file contains NUL bytes: it looks binary, not like a Containerfile, so it was not checked.',
        Codes.binaryFile,
      ),
    ];
  }
  if (text.length > MAX_ANALYSED_CHARS) {
    return [
      diag(
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        `This file is larger than ${MAX_ANALYSED_CHARS / 1024 / 1024} MB; it was not checked.`,
        Codes.fileTooLarge,
        DiagnosticSeverity.Warning,
      ),
    ];
  }
  const a = analyze(text);
  const out: Diagnostic[] = [];
  new Checker(a, out).run();
  return out.length > MAX_DIAGNOSTICS ? out.slice(0, MAX_DIAGNOSTICS) : out;
}

class Checker {
  private readonly escape: string;
  private readonly globalArgs = new Set<string>();
  constructor(
    private readonly a: Analysis,
    private readonly out: Diagnostic[],
  ) {
    this.escape = a.parsed.escape;
    for (const ins of a.parsed.instructions) {
      if (ins.name === 'FROM') break;
      if (ins.name === 'ARG') for (const kv of keyValues(ins, this.escape)) this.globalArgs.add(kv.key);
    }
  }

  run(): void {
    const { parsed, stages } = this.a;
    for (const d of parsed.directives) {
      if (d.name === 'escape' && d.value !== '\\' && d.value !== '`') {
        const l = parsed.lines[d.line];
        this.out.push(
          diag(
            { start: { line: d.line, character: 0 }, end: { line: d.line, character: l.length } },
            `The escape directive accepts only \\ or \`, not '${d.value}'.`,
            Codes.invalidDirective,
          ),
        );
      }
    }
    for (const line of parsed.emptyContinuationLines) {
      this.out.push(
        diag(
          { start: { line, character: 0 }, end: { line, character: parsed.lines[line].length } },
          'Empty line inside a continued instruction; builders skip it but may stop accepting it.',
          Codes.emptyContinuation,
          DiagnosticSeverity.Warning,
        ),
      );
    }
    if (!stages.length) {
      const first = parsed.instructions[0];
      const range = first
        ? rangeOf(first, first.keywordStart, first.keywordEnd)
        : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      this.out.push(
        diag(
          range,
          'No FROM instruction: a Containerfile needs at least one FROM to start a stage.',
          Codes.missingFrom,
        ),
      );
    }
    const stageNames = new Map<string, Stage>();
    for (const s of stages) {
      if (!s.nameWord || !s.name) continue;
      const prev = stageNames.get(s.name);
      if (prev) {
        this.out.push(
          diag(
            rangeOf(s.from, s.nameWord.start, s.nameWord.end),
            `Stage name '${s.nameWord.text}' is already used by the stage at line ${prev.from.startLine + 1}.`,
            Codes.duplicateStageName,
          ),
        );
      } else stageNames.set(s.name, s);
    }
    let stageIndex = -1;
    walkScopes(parsed, stages, (ins, scope) => {
      if (ins.name === 'FROM') stageIndex++;
      if (this.out.length > MAX_DIAGNOSTICS) return false;
      this.instruction(ins, scope, stageIndex);
      return true;
    });
  }

  private push(
    ins: Instruction,
    start: number,
    end: number,
    message: string,
    code: string,
    severity?: DiagnosticSeverity,
    data?: FixData,
  ): void {
    this.out.push(diag(rangeOf(ins, start, end), message, code, severity, data));
  }

  private instruction(ins: Instruction, scope: Scope, stageIndex: number): void {
    const info = INSTRUCTION_BY_NAME.get(ins.name);
    if (!info) {
      const suggestion = nearest(ins.name, INSTRUCTION_BY_NAME.keys());
      this.push(
        ins,
        ins.keywordStart,
        ins.keywordEnd,
        `Unknown instruction '${ins.keyword}'${suggestion ? `; did you mean ${suggestion}?` : '.'}`,
        Codes.unknownInstruction,
        DiagnosticSeverity.Error,
        suggestion ? { replacement: suggestion } : undefined,
      );
      return;
    }
    if (stageIndex < 0 && ins.name !== 'ARG' && ins.name !== 'FROM' && !ins.parent) {
      this.push(
        ins,
        ins.keywordStart,
        ins.keywordEnd,
        `${ins.name} comes before the first FROM; only ARG may appear there.`,
        Codes.instructionBeforeFrom,
      );
    }
    this.flags(
      ins,
      info.flags.map((f) => f.name),
      scope,
      stageIndex,
    );
    if (!ins.args.length && !ins.heredocs.length) {
      this.push(
        ins,
        ins.keywordStart,
        ins.keywordEnd,
        `${ins.name} needs at least one argument.`,
        Codes.missingArgument,
      );
      return;
    }
    for (const h of ins.heredocs) {
      if (!h.terminated && ins.name !== 'ONBUILD') {
        this.push(
          ins,
          h.start,
          h.end,
          `Heredoc '${h.name}' is never closed: add a line containing only ${h.name}.`,
          Codes.unterminatedHeredoc,
        );
      }
    }
    if (info.execForm) this.execForm(ins);
    if (info.expandsVariables) this.variables(ins, ins.argsStart, ins.logical.length, scope, ins.name === 'FROM');
    switch (ins.name) {
      case 'FROM':
        this.from(ins);
        break;
      case 'ENV':
        for (const kv of keyValues(ins, this.escape)) {
          if (kv.value === undefined) {
            this.push(
              ins,
              kv.word.start,
              kv.word.end,
              `ENV ${kv.key} has no value; write ${kv.key}=<value>.`,
              Codes.envSyntax,
            );
          }
        }
        break;
      case 'ARG':
        for (const kv of keyValues(ins, this.escape)) {
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(kv.key)) {
            this.push(
              ins,
              kv.word.start,
              kv.word.end,
              `'${kv.key}' is not a valid build argument name.`,
              Codes.argSyntax,
            );
          }
        }
        break;
      case 'EXPOSE':
        this.expose(ins);
        break;
      case 'HEALTHCHECK': {
        const first = ins.args[0].text.toUpperCase();
        if (first === 'NONE') {
          if (ins.args.length > 1 || ins.flags.length) {
            this.push(
              ins,
              ins.args[0].start,
              ins.logical.length,
              'HEALTHCHECK NONE takes no flags or further arguments.',
              Codes.healthcheckSyntax,
            );
          }
        } else if (first !== 'CMD') {
          this.push(
            ins,
            ins.args[0].start,
            ins.args[0].end,
            'HEALTHCHECK expects CMD <command> or NONE.',
            Codes.healthcheckSyntax,
          );
        } else if (ins.args.length < 2) {
          this.push(ins, ins.args[0].start, ins.args[0].end, 'HEALTHCHECK CMD needs a command.', Codes.missingArgument);
        }
        break;
      }
      case 'ONBUILD': {
        const t = ins.trigger;
        if (!t) break;
        if (ONBUILD_FORBIDDEN.has(t.name)) {
          this.push(t, t.keywordStart, t.keywordEnd, `ONBUILD cannot carry ${t.name}.`, Codes.onbuildTrigger);
        } else this.instruction(t, scope, stageIndex);
        break;
      }
    }
  }

  private flags(ins: Instruction, known: readonly string[], scope: Scope, stageIndex: number): void {
    const info = INSTRUCTION_BY_NAME.get(ins.name)!;
    const seen = new Set<string>();
    for (const f of ins.flags) {
      const fi = info.flags.find((x) => x.name === f.name);
      if (!fi) {
        const suggestion = nearest(f.name, known);
        const what = known.length
          ? `${ins.name} accepts ${known.map((k) => '--' + k).join(', ')}`
          : `${ins.name} takes no flags`;
        this.push(
          ins,
          f.start,
          f.nameEnd,
          `Unknown flag '--${f.name}' for ${ins.name}: ${what}.`,
          Codes.unknownFlag,
          DiagnosticSeverity.Error,
          suggestion ? { replacement: '--' + suggestion } : undefined,
        );
        continue;
      }
      if (seen.has(f.name) && f.name !== 'mount' && f.name !== 'exclude') {
        this.push(
          ins,
          f.start,
          f.nameEnd,
          `--${f.name} is given more than once; only one takes effect.`,
          Codes.duplicateFlag,
          DiagnosticSeverity.Warning,
        );
      }
      seen.add(f.name);
      if (f.value === undefined || f.value === '') {
        if (!fi.noValue) {
          this.push(ins, f.start, f.end, `--${f.name} needs a value (--${f.name}=...).`, Codes.flagMissingValue);
        }
        continue;
      }
      this.variables(ins, f.valueStart, f.end, scope, ins.name === 'FROM');
      if (f.value.includes('$')) continue;
      if (fi.values && !fi.values.includes(f.value)) {
        this.push(
          ins,
          f.valueStart,
          f.end,
          `'${f.value}' is not a valid value for --${f.name}; use one of ${fi.values.join(', ')}.`,
          Codes.flagBadValue,
        );
      } else if (fi.duration && !DURATION_RE.test(f.value)) {
        this.push(
          ins,
          f.valueStart,
          f.end,
          `--${f.name} expects a duration such as 30s, 1m or 1m30s.`,
          Codes.flagBadValue,
        );
      } else if (f.name === 'retries' && !/^\d+$/.test(f.value)) {
        this.push(ins, f.valueStart, f.end, '--retries expects a whole number.', Codes.flagBadValue);
      } else if (f.name === 'from' && ins.name === 'COPY') {
        this.stageRef(ins, f.value, f.valueStart, f.end, stageIndex, 'COPY --from');
      } else if (f.name === 'mount') {
        this.mount(ins, f, stageIndex);
      }
    }
  }

  /** A stage reference in COPY --from or a mount's from=. */
  private stageRef(
    ins: Instruction,
    value: string,
    start: number,
    end: number,
    stageIndex: number,
    what: string,
  ): void {
    if (value.includes('$')) return;
    const stages = this.a.stages;
    if (/^\d+$/.test(value)) {
      const n = Number(value);
      if (n >= stageIndex) {
        this.push(
          ins,
          start,
          end,
          n === stageIndex
            ? `${what}=${value} refers to the stage it is in.`
            : `${what}=${value}: there is no earlier stage with index ${value} (this is stage ${stageIndex}).`,
          Codes.stageIndexOutOfRange,
        );
      }
      return;
    }
    const lower = value.toLowerCase();
    const target = stages.find((s) => s.name === lower);
    if (target) {
      if (target.index >= stageIndex) {
        this.push(
          ins,
          start,
          end,
          `${what}=${value} refers to a stage that is not defined before this one.`,
          Codes.stageForwardReference,
        );
      }
      return;
    }
    // Anything that looks like an image reference is pulled as an image.
    if (/[/:@.]/.test(value)) return;
    const earlier = stages.filter((s) => s.index < stageIndex && s.name).map((s) => s.name!);
    const close = value.length >= 3 ? nearest(value, earlier, 2) : undefined;
    if (close) {
      this.push(
        ins,
        start,
        end,
        `No stage named '${value}'; did you mean '${close}'? (Otherwise it is pulled as image '${value}'.)`,
        Codes.unknownStage,
        DiagnosticSeverity.Error,
        { replacement: close },
      );
    } else {
      this.push(
        ins,
        start,
        end,
        `No stage named '${value}' is defined before this line; it will be pulled as an image named '${value}'.`,
        Codes.unknownStage,
        DiagnosticSeverity.Warning,
      );
    }
  }

  private mount(ins: Instruction, f: Flag, stageIndex: number): void {
    let value = f.value ?? '';
    let valueStart = f.valueStart;
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      // --mount="type=bind,..." : the quotes belong to the flag, not to the options.
      value = value.slice(1, -1);
      valueStart++;
    }
    const parts: { key: string; val: string | undefined; start: number; end: number; valStart: number }[] = [];
    let pos = valueStart;
    for (const piece of value.split(',')) {
      const eq = piece.indexOf('=');
      const key = eq < 0 ? piece : piece.slice(0, eq);
      parts.push({
        key,
        val: eq < 0 ? undefined : piece.slice(eq + 1),
        start: pos,
        end: pos + piece.length,
        valStart: eq < 0 ? pos + piece.length : pos + eq + 1,
      });
      pos += piece.length + 1;
    }
    const typePart = parts.find((p) => p.key.toLowerCase() === 'type');
    if (!typePart) {
      this.push(
        ins,
        f.valueStart,
        f.end,
        'The mount has no type; add type=bind, cache, secret or tmpfs.',
        Codes.mountMissingType,
      );
      return;
    }
    const typeName = typePart.val ?? '';
    if (typeName.includes('$')) return;
    const type = MOUNT_TYPE_BY_NAME.get(typeName);
    if (!type) {
      const suggestion = nearest(typeName, MOUNT_TYPE_BY_NAME.keys());
      this.push(
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
    const byKey = new Map<string, MountOptionInfo>();
    for (const o of type.options) for (const k of [o.name, ...(o.aliases ?? [])]) byKey.set(k, o);
    const present = new Set<string>();
    for (const p of parts) {
      if (p === typePart) continue;
      if (p.key === '') {
        this.push(
          ins,
          p.start,
          p.end + 1,
          'Empty mount option (two commas in a row?).',
          Codes.mountUnknownOption,
          DiagnosticSeverity.Warning,
        );
        continue;
      }
      const opt = byKey.get(p.key);
      if (!opt) {
        const other = MOUNT_TYPES.find((t) => t.options.some((o) => o.name === p.key || o.aliases?.includes(p.key)));
        const suggestion = nearest(p.key, byKey.keys());
        const hint = suggestion
          ? `; did you mean '${suggestion}'?`
          : other
            ? ` (it belongs to type=${other.type}).`
            : '.';
        this.push(
          ins,
          p.start,
          p.start + p.key.length,
          `'${p.key}' is not an option of type=${type.type} mounts${hint}`,
          Codes.mountUnknownOption,
          DiagnosticSeverity.Error,
          suggestion ? { replacement: suggestion } : undefined,
        );
        continue;
      }
      present.add(opt.name);
      const kind = opt.valueKind ?? 'required';
      if (p.val === undefined) {
        if (kind === 'required') {
          this.push(
            ins,
            p.start,
            p.end,
            `Mount option '${p.key}' needs a value (${p.key}=...).`,
            Codes.mountMissingValue,
          );
        }
        continue;
      }
      if (kind === 'flag') {
        this.push(ins, p.start, p.end, `Mount option '${p.key}' takes no value.`, Codes.mountBadValue);
        continue;
      }
      const v = p.val;
      if (v.includes('$')) continue;
      let problem: string | undefined;
      if (v === '') problem = `Mount option '${p.key}' has an empty value.`;
      else if (opt.values && !opt.values.includes(opt.check === 'boolean' ? v.toLowerCase() : v)) {
        problem = `'${v}' is not valid for '${p.key}'; use ${opt.values.join(' or ')}.`;
      } else if (opt.check === 'octal' && !OCTAL_RE.test(v)) {
        problem = `'${p.key}' expects octal permission bits such as 0755.`;
      } else if (opt.check === 'integer' && !/^\d+$/.test(v)) problem = `'${p.key}' expects a numeric id.`;
      else if (opt.check === 'size' && !SIZE_RE.test(v)) problem = `'${p.key}' expects a size such as 64M or 1048576.`;
      if (problem) {
        this.push(ins, p.valStart, p.end, problem, Codes.mountBadValue);
        continue;
      }
      if (opt.name === 'from') this.stageRef(ins, v, p.valStart, p.end, stageIndex, 'mount from');
    }
    for (const req of type.required) {
      if (!present.has(req)) {
        const o = type.options.find((x) => x.name === req);
        const names = [req, ...(o?.aliases ?? [])].join('/');
        this.push(ins, f.start, f.end, `type=${type.type} mounts need '${names}'.`, Codes.mountMissingOption);
      }
    }
  }

  private execForm(ins: Instruction): void {
    const rest = ins.logical.slice(ins.argsStart).trim();
    if (ins.name === 'SHELL') {
      if (!rest.startsWith('[')) {
        this.push(
          ins,
          ins.argsStart,
          ins.logical.length,
          'SHELL must be a JSON array, e.g. ["/bin/bash", "-c"].',
          Codes.shellNotJson,
        );
        return;
      }
    }
    if (!rest.startsWith('[')) return;
    if (ins.name === 'RUN' && !RUN_JSON_INTENT_RE.test(rest)) return; // `RUN [ -f x ] && ...` is a shell test
    let parsed: unknown;
    try {
      parsed = JSON.parse(rest);
    } catch {
      if (!JSON_INTENT_RE.test(rest) && ins.name !== 'SHELL') return;
      const hint =
        /\[\s*'/.test(rest) || /'\s*[,\]]/.test(rest) ? ' Strings must use double quotes, not single quotes.' : '';
      this.push(
        ins,
        ins.argsStart,
        ins.logical.length,
        `The exec form of ${ins.name} is not a valid JSON array, so it would run as a shell command instead.${hint}`,
        Codes.execFormJson,
      );
      return;
    }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
      this.push(
        ins,
        ins.argsStart,
        ins.logical.length,
        `The exec form of ${ins.name} must be an array of strings.`,
        Codes.execFormJson,
      );
    } else if (parsed.length === 0 && (ins.name === 'SHELL' || ins.name === 'RUN')) {
      this.push(ins, ins.argsStart, ins.logical.length, `${ins.name} needs a non-empty array.`, Codes.execFormJson);
    }
  }

  private from(ins: Instruction): void {
    const args = ins.args;
    if (args.length === 2 || args.length > 3 || (args.length === 3 && args[1].text.toUpperCase() !== 'AS')) {
      this.push(
        ins,
        args[0].start,
        args[args.length - 1].end,
        'FROM expects <image> or <image> AS <name>.',
        Codes.fromSyntax,
      );
      return;
    }
    const nameWord = args[2];
    if (nameWord && !STAGE_NAME_RE.test(nameWord.text) && !nameWord.text.includes('$')) {
      this.push(
        ins,
        nameWord.start,
        nameWord.end,
        `'${nameWord.text}' is not a valid stage name: start with a letter, then letters, digits, '.', '_' or '-'.`,
        Codes.invalidStageName,
      );
    }
  }

  private expose(ins: Instruction): void {
    for (const w of ins.args) {
      if (w.text.includes('$')) continue;
      const m = PORT_RE.exec(w.text);
      const bad =
        !m || Number(m[1]) > 65535 || (m[2] !== undefined && (Number(m[2]) > 65535 || Number(m[2]) < Number(m[1])));
      if (bad) {
        this.push(
          ins,
          w.start,
          w.end,
          `'${w.text}' is not a port: use a number up to 65535, a range such as 8000-8010, optionally followed by /tcp, /udp or /sctp.`,
          Codes.invalidPort,
        );
      }
    }
  }

  private variables(ins: Instruction, from: number, to: number, scope: Scope, isFrom: boolean): void {
    for (const ref of findVariables(ins.logical, from, to, this.escape)) {
      if (ref.hasDefault || scope.has(ref.name)) continue;
      const end = ref.nameEnd + (ins.logical[ref.start + 1] === '{' && ins.logical[ref.nameEnd] === '}' ? 1 : 0);
      const message =
        !isFrom && this.globalArgs.has(ref.name)
          ? `'${ref.name}' is a global ARG (declared before the first FROM); repeat 'ARG ${ref.name}' inside this stage to use it here.`
          : `'${ref.name}' is not defined ${isFrom ? 'by an ARG before the first FROM' : 'by an ARG or ENV earlier in this stage'}; it expands to an empty string unless the base image sets it.`;
      this.push(ins, ref.start, end, message, Codes.undefinedVariable, DiagnosticSeverity.Warning);
    }
  }
}
