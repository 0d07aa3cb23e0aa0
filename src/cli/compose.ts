// podman-workbench compose convert --to quadlet|kube [--pod] [--out DIR] [--force] FILE: prints
// the Quadlet units or the Kubernetes YAML made from a compose file (each file under a
// `# ==> NAME <==` header), or writes them into DIR, never over an existing file without
// --force. Warnings (fields the target cannot express) go to stderr; a compose file with errors
// is not converted (exit 1).
import { promises as fs } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { convertCompose, type ConvertTarget } from '../languages/compose/convert';
import { nodeFileAccess } from '../languages/nodeFiles';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliIo, type Subcommand } from './io';

const USAGE = 'podman-workbench compose convert --to quadlet|kube [--pod] [--out DIR] [--force] FILE';

interface ConvertArgs {
  to: ConvertTarget;
  pod: boolean;
  out?: string;
  force: boolean;
  file: string;
}

export function parseConvertArgs(args: readonly string[]): ConvertArgs | string {
  if (args[0] !== 'convert') {
    return args[0] ? `unknown compose command '${args[0]}'` : 'missing compose command: convert';
  }
  let to: string | undefined;
  let out: string | undefined;
  const files: string[] = [];
  const parsed = { pod: false, force: false };
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    const value = (name: string) =>
      arg === name ? args[++i] : arg.startsWith(`${name}=`) ? arg.slice(name.length + 1) : undefined;
    if (arg === '--pod') parsed.pod = true;
    else if (arg === '--force') parsed.force = true;
    else if (arg === '--to' || arg.startsWith('--to=')) to = value('--to') ?? '';
    else if (arg === '--out' || arg.startsWith('--out=')) out = value('--out') ?? '';
    else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else files.push(arg);
  }
  if (to !== 'quadlet' && to !== 'kube') return `--to needs quadlet or kube${to ? `, not '${to}'` : ''}`;
  if (out === '') return '--out needs a folder';
  if (files.length !== 1) return files.length ? 'give one compose FILE' : 'no FILE given';
  return { to, out, file: files[0], ...parsed };
}

async function writeAll(
  dir: string,
  files: { name: string; text: string }[],
  force: boolean,
  io: CliIo,
): Promise<number> {
  await fs.mkdir(dir, { recursive: true });
  const existing: string[] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    const old = await fs.readFile(path, 'utf8').catch(() => undefined);
    if (old !== undefined && old !== f.text && !force) existing.push(path);
  }
  if (existing.length) {
    io.err(`not overwriting ${existing.join(', ')}: they exist and differ (use --force)\n`);
    return EXIT_FINDINGS;
  }
  for (const f of files) {
    await fs.writeFile(join(dir, f.name), f.text);
    io.out(`wrote ${join(dir, f.name)}\n`);
  }
  return EXIT_OK;
}

async function convert(args: ConvertArgs, io: CliIo): Promise<number> {
  const path = resolve(args.file);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (e) {
    io.err(`${args.file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return EXIT_FINDINGS;
  }
  const outcome = await convertCompose({ path, text, to: args.to, pod: args.pod, files: nodeFileAccess });
  if (!outcome.ok) {
    for (const d of outcome.errors) {
      io.err(
        `${args.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: error: ${d.message} [${String(d.code ?? '')}]\n`,
      );
    }
    io.err(`${args.file}: not converted (fix the errors above)\n`);
    return EXIT_FINDINGS;
  }
  for (const w of outcome.warnings) {
    const file = w.range && w.range.file !== path ? relative(process.cwd(), w.range.file) : args.file;
    const at = w.range ? `${file}:${w.range.line + 1}:${w.range.character + 1}` : args.file;
    io.err(`${at}: warning: ${w.path}: ${w.message}\n`);
  }
  if (args.out) return writeAll(resolve(args.out), outcome.files, args.force, io);
  io.out(outcome.files.map((f) => `# ==> ${f.name} <==\n${f.text}`).join('\n'));
  return EXIT_OK;
}

export const compose: Subcommand = {
  summary: 'convert a compose file to Quadlet units or Kubernetes YAML',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseConvertArgs(args);
    if (typeof parsed === 'string') {
      io.err(`${parsed}\nusage: ${USAGE}\n`);
      return EXIT_USAGE;
    }
    return convert(parsed, io);
  },
};
