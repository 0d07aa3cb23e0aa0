// podman-workbench check: the editor's diagnostics for files on disk. A file is checked by the
// service its name (or, for YAML, its content) belongs to, or by the one --lang names; a file
// no service takes is reported as skipped on stderr.
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { checkLanguages, serviceFor, type CheckLanguage } from '../languages/registry';
import { nodeFileAccess } from '../languages/nodeFiles';
import { EMPTY_LIVE_DATA, type LanguageService, type ServiceContext } from '../languages/types';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliIo, type Subcommand } from './io';

const SEVERITY: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

export interface CheckFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  message: string;
  code: string;
}

interface CheckArgs {
  json: boolean;
  lang: string | undefined;
  files: string[];
}

const LANG_NAMES = checkLanguages.map((l) => l.name).join('|');
const USAGE = `podman-workbench check [--json] [--lang ${LANG_NAMES}] FILE...`;

/** "a, b or c" */
function oneOf(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** The parsed arguments, or the usage error to print. */
export function parseCheckArgs(args: readonly string[]): CheckArgs | string {
  const parsed: CheckArgs = { json: false, lang: undefined, files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') parsed.json = true;
    else if (arg === '--lang' || arg.startsWith('--lang=')) {
      const value = arg === '--lang' ? args[++i] : arg.slice('--lang='.length);
      if (!value) return `--lang needs a value: ${LANG_NAMES}`;
      parsed.lang = value;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else parsed.files.push(arg);
  }
  if (!parsed.files.length) return 'no FILE given';
  return parsed;
}

/** The service --lang names, or the message that ends the run (exit 2). */
function forcedService(name: string): LanguageService | string {
  const lang: CheckLanguage | undefined = checkLanguages.find((l) => l.name === name);
  if (!lang) return `unknown language '${name}' for --lang: use ${oneOf(checkLanguages.map((l) => l.name))}`;
  if (!lang.service) return `--lang ${name}: ${name} checking is not available in this version of podman-workbench`;
  return lang.service;
}

function skippedMessage(file: string): string {
  const labels = checkLanguages.filter((l) => l.service).map((l) => l.label);
  return `skipped: ${file} (not a ${oneOf(labels)}; use --lang)\n`;
}

function findingOf(file: string, d: Diagnostic): CheckFinding {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY[d.severity ?? DiagnosticSeverity.Error],
    message: typeof d.message === 'string' ? d.message : d.message.value,
    code: String(d.code ?? ''),
  };
}

/** The findings of one file, or why it has none: it cannot be read, or no service takes it. */
async function checkFile(
  file: string,
  forced: LanguageService | undefined,
  io: CliIo,
): Promise<CheckFinding[] | 'unreadable' | 'skipped'> {
  const abs = resolve(file);
  let text: string;
  try {
    text = await fs.readFile(abs, 'utf8');
  } catch (e) {
    io.err(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return 'unreadable';
  }
  const service = forced ?? serviceFor({ path: abs, text });
  if (!service) {
    io.err(skippedMessage(file));
    return 'skipped';
  }
  const ctx: ServiceContext = { files: nodeFileAccess, live: EMPTY_LIVE_DATA };
  const doc = { uri: pathToFileURL(abs).href, languageId: service.languageIds[0], text };
  const diags = await service.diagnostics(doc, ctx);
  diags.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return diags.map((d) => findingOf(file, d));
}

export const check: Subcommand = {
  summary: 'check files with the same diagnostics as the editor',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCheckArgs(args);
    if (typeof parsed === 'string') {
      io.err(`${parsed}\nusage: ${USAGE}\n`);
      return EXIT_USAGE;
    }
    const forced = parsed.lang === undefined ? undefined : forcedService(parsed.lang);
    if (typeof forced === 'string') {
      io.err(`podman-workbench: ${forced}\n`);
      return EXIT_USAGE;
    }
    const findings: CheckFinding[] = [];
    let failed = false;
    for (const file of parsed.files) {
      const result = await checkFile(file, forced, io);
      if (result === 'unreadable') failed = true;
      else if (result !== 'skipped') findings.push(...result);
    }
    if (parsed.json) io.out(JSON.stringify(findings, null, 2) + '\n');
    else for (const f of findings) io.out(`${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.code}]\n`);
    return failed || findings.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
  },
};
