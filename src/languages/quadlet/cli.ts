// `quadlet` subcommands for the project CLI (wired in by src/cli/main.ts):
//   quadlet preview FILE [--podman-version X.Y] [--user] [--search-dir DIR]... [--unit NAME]
// prints the generated service, or `FILE:LINE: error: MESSAGE` lines and exits 1.
import { posix, resolve } from 'node:path';
import type { FileAccess } from '../types';
import { previewUnit } from './generator';
import { generatorBehaviour } from './generator/context';
import { nodeFileAccess } from '../nodeFiles';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

const USAGE =
  'usage: quadlet preview FILE [--podman-version X.Y] [--user] [--search-dir DIR]... [--unit NAME]\n  (--unit picks one unit of a .quadlets file)\n';

export async function quadletCli(args: string[], io: CliIo, files: FileAccess = nodeFileAccess): Promise<number> {
  const [cmd, ...rest] = args;
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (cmd !== 'preview') {
    io.stderr(cmd ? `quadlet: unknown command "${cmd}"\n${USAGE}` : USAGE);
    return 2;
  }
  let file: string | undefined;
  let podmanVersion: string | undefined;
  let user = false;
  let unitName: string | undefined;
  const searchDirs: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (name: string) => {
      if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
      const v = rest[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    try {
      if (a === '--podman-version' || a.startsWith('--podman-version=')) podmanVersion = value('--podman-version');
      else if (a === '--search-dir' || a.startsWith('--search-dir=')) searchDirs.push(resolve(value('--search-dir')));
      else if (a === '--unit' || a.startsWith('--unit=')) unitName = value('--unit');
      else if (a === '--user') user = true;
      else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
      else if (file === undefined) file = a;
      else throw new Error(`unexpected argument ${a}`);
    } catch (e) {
      io.stderr(`quadlet: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
  }
  if (!file) {
    io.stderr(USAGE);
    return 2;
  }
  if (podmanVersion !== undefined && !/^\d+(\.\d+){0,2}([-+.~][\w.]*)?$/.test(podmanVersion)) {
    io.stderr(`quadlet: --podman-version expects a version like 5.4 or 5.4.2, not "${podmanVersion}"\n`);
    return 2;
  }
  const path = resolve(file);
  const text = await files.readFile(path);
  if (text === undefined) {
    io.stderr(`quadlet: cannot read ${file}\n`);
    return 2;
  }
  const result = await previewUnit({ path, text, files, podmanVersion, user, searchDirs, unitName });
  if (result.ok) {
    io.stdout(`# ${result.serviceName}\n# follows ${generatorBehaviour(podmanVersion)}\n${result.unitText}`);
    return 0;
  }
  for (const e of result.errors) {
    const where = e.path ? posix.relative(process.cwd(), e.path) || e.path : file;
    io.stderr(`${where}:${e.line}: error: ${e.message}\n`);
  }
  return 1;
}
