// One bundle for the language server and the CLI (they share every language service):
//   node dist/server.js --stdio | --node-ipc | --socket=N   the language server
//   node dist/server.js check FILE...  (or dist/cli.js)      the podman-workbench CLI
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { main as cliMain } from './cli/main';
import { startServer } from './server/main';

const SERVER_FLAGS = /^--(stdio|node-ipc|socket|pipe|clientProcessId)/;

export function isServerInvocation(argv: string[], hasIpcChannel: boolean): boolean {
  return hasIpcChannel || argv.some((a) => SERVER_FLAGS.test(a));
}

/** Starts the server or runs the CLI, as the arguments say. dist/cli.js calls this too. */
export function runTools(argv = process.argv.slice(2)): void {
  if (isServerInvocation(argv, typeof process.send === 'function')) {
    startServer(createConnection(ProposedFeatures.all));
    return;
  }
  cliMain(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`podman-workbench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) runTools();
