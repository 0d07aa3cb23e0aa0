// Build stages and variable scopes of a parsed Containerfile.
import { BASE_IMAGE_ENV, PREDEFINED_ARGS } from './data';
import { unquote, type Instruction, type ParsedContainerfile, type Word } from './parser';

export interface Stage {
  readonly index: number;
  readonly from: Instruction;
  /** Image reference as written (may contain variables). */
  readonly image: Word | undefined;
  /** Lower-cased stage name from `AS name`. */
  readonly name: string | undefined;
  readonly nameWord: Word | undefined;
  readonly instructions: Instruction[];
  endLine: number;
}

export function stagesOf(parsed: ParsedContainerfile): Stage[] {
  const stages: Stage[] = [];
  for (const ins of parsed.instructions) {
    if (ins.name === 'FROM') {
      const asWord = ins.args[1]?.text.toUpperCase() === 'AS' ? ins.args[2] : undefined;
      stages.push({
        index: stages.length,
        from: ins,
        image: ins.args[0],
        name: asWord?.text.toLowerCase(),
        nameWord: asWord,
        instructions: [],
        endLine: ins.endLine,
      });
    } else if (stages.length) {
      const s = stages[stages.length - 1];
      s.instructions.push(ins);
      s.endLine = ins.endLine;
    }
  }
  return stages;
}

export interface VariableDef {
  readonly name: string;
  readonly kind: 'ARG' | 'ENV' | 'predefined' | 'base';
  /** Raw value (quotes removed), undefined for `ARG NAME` without a default. */
  readonly value: string | undefined;
  readonly instruction?: Instruction;
  readonly word?: Word;
  /** Global ARG re-declared in a stage: the global definition. */
  readonly global?: VariableDef;
}

export interface KeyValue {
  readonly key: string;
  readonly value: string | undefined;
  readonly word: Word;
  /** Logical offset range of the value text (for variable references inside it). */
  readonly valueStart: number;
  readonly valueEnd: number;
}

/** `KEY=value` pairs of ENV/ARG/LABEL, and the legacy `ENV KEY value words` form. */
export function keyValues(ins: Instruction, escape: string): KeyValue[] {
  const out: KeyValue[] = [];
  const args = ins.args;
  if (!args.length) return out;
  if (ins.name !== 'ARG' && !args[0].text.includes('=')) {
    const last = args[args.length - 1];
    const valueStart = args[1]?.start ?? args[0].end;
    out.push({
      key: unquote(args[0].text, escape),
      value: args.length > 1 ? unquote(ins.logical.slice(valueStart, last.end), escape) : undefined,
      word: args[0],
      valueStart,
      valueEnd: last.end,
    });
    return out;
  }
  for (const w of args) {
    const eq = w.text.indexOf('=');
    if (eq < 0) {
      out.push({ key: unquote(w.text, escape), value: undefined, word: w, valueStart: w.end, valueEnd: w.end });
    } else {
      out.push({
        key: unquote(w.text.slice(0, eq), escape),
        value: unquote(w.text.slice(eq + 1), escape),
        word: w,
        valueStart: w.start + eq + 1,
        valueEnd: w.end,
      });
    }
  }
  return out;
}

export type Scope = ReadonlyMap<string, VariableDef>;

const PREDEFINED: Map<string, VariableDef> = new Map(
  PREDEFINED_ARGS.map((n) => [n, { name: n, kind: 'predefined', value: undefined }]),
);
const BASE: Map<string, VariableDef> = new Map(
  BASE_IMAGE_ENV.map((n) => [n, { name: n, kind: 'base', value: undefined }]),
);

/**
 * Walks the instructions in order, calling `visit` with the variables visible to each one
 * (before its own definitions apply). Return false from `visit` to stop.
 */
export function walkScopes(
  parsed: ParsedContainerfile,
  stages: readonly Stage[],
  visit: (ins: Instruction, scope: Scope, stage: Stage | undefined) => boolean | void,
): void {
  const global = new Map<string, VariableDef>(PREDEFINED);
  const stageEnv: Map<string, VariableDef>[] = [];
  let scope: Map<string, VariableDef> = global;
  let stageIdx = -1;
  for (const ins of parsed.instructions) {
    if (ins.name === 'FROM') {
      if (visit(ins, global, stages[stageIdx + 1]) === false) return;
      stageIdx++;
      scope = new Map([...PREDEFINED, ...BASE]);
      // A stage built on an earlier stage inherits its environment (not its ARGs). Podman matches
      // the name exactly, and the last earlier stage of that name wins.
      const base = stages[stageIdx]?.image?.text;
      let parent = -1;
      for (let i = 0; i < stageIdx; i++) if (base && stages[i].nameWord?.text === base) parent = i;
      if (parent >= 0) for (const [k, v] of stageEnv[parent]) scope.set(k, v);
      stageEnv[stageIdx] = new Map();
      continue;
    }
    if (visit(ins, scope, stages[stageIdx]) === false) return;
    if (ins.name === 'ARG' || ins.name === 'ENV') {
      for (const kv of keyValues(ins, parsed.escape)) {
        if (!kv.key) continue;
        if (ins.name === 'ENV') {
          const def: VariableDef = {
            name: kv.key,
            kind: 'ENV',
            value: kv.value ?? '',
            instruction: ins,
            word: kv.word,
          };
          scope.set(kv.key, def);
          stageEnv[stageIdx]?.set(kv.key, def);
        } else {
          // ENV wins over ARG of the same name.
          if (scope.get(kv.key)?.kind === 'ENV') continue;
          const g = stageIdx >= 0 ? global.get(kv.key) : undefined;
          scope.set(kv.key, {
            name: kv.key,
            kind: 'ARG',
            value: kv.value ?? g?.value,
            instruction: ins,
            word: kv.word,
            global: g && g.kind === 'ARG' ? g : undefined,
          });
        }
      }
    }
  }
}

/** Substitutes known values into `value` (one level; unknown variables stay as written). */
export function resolveValue(value: string, scope: Scope): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (all, braced: string | undefined, dflt: string | undefined, bare: string | undefined) => {
      const def = scope.get(braced ?? bare ?? '');
      if (def?.value !== undefined && def.value !== '') return def.value;
      if (dflt !== undefined) return dflt;
      return all;
    },
  );
}

/** The variables defined before an instruction (its parent's scope for nested lines). */
export function scopeBefore(parsed: ParsedContainerfile, stages: readonly Stage[], target: Instruction): Scope {
  const top = target.parent ?? target;
  let found: Scope = new Map();
  walkScopes(parsed, stages, (ins, scope) => {
    if (ins === top) {
      found = scope;
      return false;
    }
    return true;
  });
  return found;
}
