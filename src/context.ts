// The extension's shared state, passed explicitly to every capability's register function.
import type * as vscode from 'vscode';
import type { ConnectionManager } from './connections/manager';
import type { ExplorerApi } from './explorer';
import type { LanguageClientApi } from './language-client';
import type { Log } from './log';
import type { SecretsApi } from './secrets';
import type { MonitorApi } from './monitor';
import type { RegistriesApi } from './registries';

export interface WorkbenchContext {
  readonly ext: vscode.ExtensionContext;
  readonly log: Log;
  readonly connections: ConnectionManager;
  /** Set by registerExplorer (tests and other capabilities read the store and trees). */
  explorer?: ExplorerApi;
  /** Set by registerMonitor: stats, health, events, processes, disk usage. */
  monitor?: MonitorApi;
  /** The language server, for heavy language work the extension asks of it. */
  language?: LanguageClientApi;
  /** Set by registerSecrets (the Secrets view; tests read its tree). */
  secrets?: SecretsApi;
  /** Set by registerRegistries (pull, push, logins, the Registries view). */
  registries?: RegistriesApi;
}
