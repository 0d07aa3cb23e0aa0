// The extension's shared state, passed explicitly to every capability's register function.
import type * as vscode from 'vscode';
import type { ConnectionManager } from './connections/manager';
import type { ExplorerApi } from './explorer';
import type { LanguageClientApi } from './language-client';
import type { Log } from './log';
import type { RegistriesApi } from './registries';

export interface WorkbenchContext {
  readonly ext: vscode.ExtensionContext;
  readonly log: Log;
  readonly connections: ConnectionManager;
  /** Set by registerExplorer (tests and other capabilities read the store and trees). */
  explorer?: ExplorerApi;
  /** The language server, for heavy language work the extension asks of it. */
  language?: LanguageClientApi;
  /** Set by registerRegistries (pull, push, logins, the Registries view). */
  registries?: RegistriesApi;
}
