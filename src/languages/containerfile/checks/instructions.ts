// Checks of the arguments of single instructions: FROM, ENV, ARG, EXPOSE, HEALTHCHECK and the
// JSON exec form of RUN, CMD, ENTRYPOINT, SHELL and friends.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { keyValues } from '../semantics';
import type { Instruction } from '../parser';
import { Codes, type CheckContext } from './report';
import { checkStageCase } from './stageRefs';

/** Docker's BuildKit rule for stage names; Podman accepts any word (`AS platform-arm/v7`). */
const STAGE_NAME_RE = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;
const PORT_RE = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i;
const JSON_INTENT_RE = /^\[\s*(\]|["'].*["']\s*[,\]])/s;
/** RUN may start with a shell test (`[ "$x" = y ]`): only a comma after a string shows JSON intent. */
const RUN_JSON_INTENT_RE = /^\[\s*(\]|"[^"]*"\s*,|'[^']*'\s*,)/;

/** The argument checks of instructions other than ONBUILD (which the checker recurses into). */
export function checkArguments(ctx: CheckContext, ins: Instruction): void {
  switch (ins.name) {
    case 'FROM':
      return checkFrom(ctx, ins);
    case 'ENV':
      return checkEnv(ctx, ins);
    case 'ARG':
      return checkArg(ctx, ins);
    case 'EXPOSE':
      return checkExpose(ctx, ins);
    case 'HEALTHCHECK':
      return checkHealthcheck(ctx, ins);
  }
}

function checkEnv(ctx: CheckContext, ins: Instruction): void {
  for (const kv of keyValues(ins, ctx.escape)) {
    if (kv.value === undefined) {
      ctx.push(
        ins,
        kv.word.start,
        kv.word.end,
        `ENV ${kv.key} has no value; write ${kv.key}=<value>.`,
        Codes.envSyntax,
      );
    }
  }
}

function checkArg(ctx: CheckContext, ins: Instruction): void {
  for (const kv of keyValues(ins, ctx.escape)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(kv.key)) {
      ctx.push(
        ins,
        kv.word.start,
        kv.word.end,
        `'${kv.key}' is not a valid build argument name: Podman accepts it, but no $${kv.key} can refer to it.`,
        Codes.argSyntax,
        DiagnosticSeverity.Warning,
      );
    }
  }
}

function checkHealthcheck(ctx: CheckContext, ins: Instruction): void {
  const first = ins.args[0].text.toUpperCase();
  if (first === 'NONE') {
    if (ins.args.length > 1 || ins.flags.length) {
      ctx.push(
        ins,
        ins.args[0].start,
        ins.logical.length,
        'HEALTHCHECK NONE takes no flags or further arguments.',
        Codes.healthcheckSyntax,
      );
    }
  } else if (first !== 'CMD') {
    ctx.push(
      ins,
      ins.args[0].start,
      ins.args[0].end,
      'HEALTHCHECK expects CMD <command> or NONE.',
      Codes.healthcheckSyntax,
    );
  } else if (ins.args.length < 2) {
    ctx.push(ins, ins.args[0].start, ins.args[0].end, 'HEALTHCHECK CMD needs a command.', Codes.missingArgument);
  }
}

export function checkExecForm(ctx: CheckContext, ins: Instruction): void {
  const rest = ins.logical.slice(ins.argsStart).trim();
  if (ins.name === 'SHELL') {
    if (!rest.startsWith('[')) {
      ctx.push(
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
    const shell = ins.name === 'SHELL';
    ctx.push(
      ins,
      ins.argsStart,
      ins.logical.length,
      shell
        ? `SHELL must be a valid JSON array.${hint}`
        : `The exec form of ${ins.name} is not a valid JSON array, so it runs as a shell command instead.${hint}`,
      Codes.execFormJson,
      shell ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    );
    return;
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
    ctx.push(
      ins,
      ins.argsStart,
      ins.logical.length,
      `The exec form of ${ins.name} must be an array of strings.`,
      Codes.execFormJson,
    );
  } else if (parsed.length === 0 && (ins.name === 'SHELL' || ins.name === 'RUN')) {
    ctx.push(ins, ins.argsStart, ins.logical.length, `${ins.name} needs a non-empty array.`, Codes.execFormJson);
  }
}

function checkFrom(ctx: CheckContext, ins: Instruction): void {
  const args = ins.args;
  if (args.length === 2 || args.length > 3 || (args.length === 3 && args[1].text.toUpperCase() !== 'AS')) {
    ctx.push(
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
    ctx.push(
      ins,
      nameWord.start,
      nameWord.end,
      `Podman accepts the stage name '${nameWord.text}', but Docker does not: there a name starts with a letter, then letters, digits, '.', '_' or '-'.`,
      Codes.invalidStageName,
      DiagnosticSeverity.Warning,
    );
  }
  const image = args[0];
  const current = ctx.analysis.stages.find((s) => s.from === ins);
  if (image && current && !/[/:@$]/.test(image.text)) {
    const earlier = ctx.analysis.stages.filter((s) => s.index < current.index);
    if (!earlier.some((s) => s.nameWord?.text === image.text)) {
      checkStageCase(ctx, ins, image.text, image.start, image.end, earlier);
    }
  }
}

function checkExpose(ctx: CheckContext, ins: Instruction): void {
  for (const w of ins.args) {
    if (w.text.includes('$')) continue;
    const m = PORT_RE.exec(w.text);
    const bad =
      !m || Number(m[1]) > 65535 || (m[2] !== undefined && (Number(m[2]) > 65535 || Number(m[2]) < Number(m[1])));
    if (bad) {
      ctx.push(
        ins,
        w.start,
        w.end,
        `'${w.text}' is not a port: use a number up to 65535, a range such as 8000-8010, optionally followed by /tcp, /udp or /sctp. Podman stores it without checking.`,
        Codes.invalidPort,
        DiagnosticSeverity.Warning,
      );
    }
  }
}
