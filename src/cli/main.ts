// podman-workbench: command-line access to the extension's pure services.
//   podman-workbench check [--json] FILE...
// Other capabilities add their own entry to `subcommands` (e.g. `quadlet`).
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { quadletCli } from '../languages/quadlet';
import { serviceFor } from '../languages/registry';
import { EMPTY_LIVE_DATA, type ServiceContext } from '../languages/types';
import { nodeFileAccess as nodeFiles } from '../languages/nodeFiles';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface Subcommand {
  /** One line for --help. */
  readonly summary: string;
  readonly usage: string;
  /** Returns the exit status. */
  run(args: string[], io: CliIo): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

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

const check: Subcommand = {
  summary: 'check files with the same diagnostics as the editor',
  usage: 'podman-workbench check [--json] FILE...',
  async run(args, io) {
    const json = args.includes('--json');
    const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
    const files = args.filter((a) => !a.startsWith('-'));
    if (unknown.length || files.length === 0) {
      io.err(`${unknown.length ? `unknown option ${unknown[0]}\n` : ''}usage: ${this.usage}\n`);
      return EXIT_USAGE;
    }
    const ctx: ServiceContext = { files: nodeFiles, live: EMPTY_LIVE_DATA };
    const findings: CheckFinding[] = [];
    let failed = false;
    for (const file of files) {
      const abs = resolve(file);
      let text: string;
      try {
        text = await fs.readFile(abs, 'utf8');
      } catch (e) {
        io.err(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
        failed = true;
        continue;
      }
      const service = serviceFor({ path: abs, text });
      if (!service) {
        io.err(`${file}: no checker for this kind of file (skipped)\n`);
        continue;
      }
      const diags: Diagnostic[] = await service.diagnostics(
        { uri: pathToFileURL(abs).href, languageId: service.languageIds[0], text },
        ctx,
      );
      diags.sort(
        (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
      );
      for (const d of diags) {
        findings.push({
          file,
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
          severity: SEVERITY[d.severity ?? DiagnosticSeverity.Error],
          message: typeof d.message === 'string' ? d.message : d.message.value,
          code: String(d.code ?? ''),
        });
      }
    }
    if (json) io.out(JSON.stringify(findings, null, 2) + '\n');
    else for (const f of findings) io.out(`${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.code}]\n`);
    return failed || findings.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
  },
};

const quadlet: Subcommand = {
  summary: 'print the systemd unit Quadlet generates from a .container/.pod/... file',
  usage: 'podman-workbench quadlet preview FILE [--podman-version X.Y] [--user] [--search-dir DIR]...',
  run: (args, io) => quadletCli(args, { stdout: (s) => io.out(s), stderr: (s) => io.err(s) }),
};

export const subcommands: Record<string, Subcommand> = { check, quadlet };

function help(): string {
  const width = Math.max(...Object.keys(subcommands).map((k) => k.length));
  return [
    'usage: podman-workbench <command> [options]',
    '',
    'commands:',
    ...Object.entries(subcommands).map(
      ([name, s]) => `  ${name.padEnd(width)}  ${s.summary}\n  ${' '.repeat(width)}  ${s.usage}`,
    ),
    '',
    'exit status: 0 no errors, 1 errors found, 2 usage error',
    '',
  ].join('\n');
}

export async function main(
  argv: string[],
  io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return EXIT_OK;
  }
  const sub = name ? subcommands[name] : undefined;
  if (!sub) {
    io.err(`${name ? `unknown command '${name}'\n` : ''}${help()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${sub.usage}\n`);
    return EXIT_OK;
  }
  return sub.run(rest, io);
}
