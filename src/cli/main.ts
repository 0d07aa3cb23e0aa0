// podman-workbench: command-line access to the extension's pure services.
//   podman-workbench check [--json] [--lang containerfile|quadlet|kube|compose] FILE...
//   podman-workbench compose convert --to quadlet|kube FILE
// Other capabilities add their own entry to `subcommands` (e.g. `quadlet`).
import { quadletCli } from '../languages/quadlet';
import { check } from './check';
import { compose } from './compose';
import { EXIT_OK, EXIT_USAGE, type CliIo, type Subcommand } from './io';

export { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliIo, type Subcommand } from './io';
export type { CheckFinding } from './check';

const quadlet: Subcommand = {
  summary: 'print the systemd unit Quadlet generates from a .container/.pod/... file',
  usage: 'podman-workbench quadlet preview FILE [--podman-version X.Y] [--user] [--search-dir DIR]...',
  run: (args, io) => quadletCli(args, { stdout: (s) => io.out(s), stderr: (s) => io.err(s) }),
};

export const subcommands: Record<string, Subcommand> = { check, quadlet, compose };

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
