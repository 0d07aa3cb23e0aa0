// ssh2, loaded on first SSH use: activation without an SSH connection never reads it. The
// packaged extension finds it in dist/ssh2.js (a bundle of its own, see esbuild.mjs, holding only
// the parts named below); tests from the repository load the package itself. No `vscode` import.
import type * as Ssh2 from 'ssh2';

/** The parts of ssh2 that Podman Workbench uses (all that dist/ssh2.js contains). */
export interface Ssh2Parts {
  Client: typeof Ssh2.Client;
  OpenSSHAgent: typeof Ssh2.OpenSSHAgent;
  utils: Pick<typeof Ssh2.utils, 'parseKey'>;
}

let loaded: Ssh2Parts | undefined;

/** ssh2's module, required the first time it is asked for. */
export function ssh2(): Ssh2Parts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('ssh2') as Ssh2Parts;
  return loaded;
}
