// Entry point: activate() only wires capabilities together.
import * as vscode from 'vscode';
import { registerBuild } from './build';
import { registerCompose } from './compose';
import { registerComposeConvert } from './compose/convertCommands';
import { type ConnectionsTree, registerConnections } from './connections';
import { registerLanguageClient } from './language-client';
import { feedLiveData } from './language-client/liveData';
import { ConnectionManager } from './connections/manager';
import { ClientFactory } from './connections/clientFactory';
import { vscodeSshInteraction } from './connections/sshPrompts';
import type { WorkbenchContext } from './context';
import { registerExplorer } from './explorer';
import { registerKube } from './kube';
import { registerMonitor } from './monitor';
import { registerDebug } from './debug';
import { createLog } from './log';
import { registerQuadlet } from './quadlet';
import { registerSecrets } from './secrets';
import { registerRegistries } from './registries';
import { registerWalkthrough } from './walkthrough';

export interface WorkbenchApi {
  readonly workbench: WorkbenchContext;
  readonly activateMs: number;
  /** The Connections view's TreeDataProvider (the explorer's are on workbench.explorer.trees). */
  readonly connectionsTree: ConnectionsTree;
}

export function activate(context: vscode.ExtensionContext): WorkbenchApi {
  const t0 = performance.now();
  const log = createLog();
  try {
    const sshClients = new ClientFactory(
      vscodeSshInteraction(context.secrets),
      (line) => log.trace(line),
      () => (log.channel.logLevel === vscode.LogLevel.Trace ? (line) => log.trace(line) : undefined),
    );
    const connections = new ConnectionManager(context.globalState, log, sshClients);
    context.subscriptions.push(connections, log.channel);
    const wb: WorkbenchContext = { ext: context, log, connections };
    const connectionsTree = registerConnections(wb);
    registerExplorer(wb);
    wb.monitor = registerMonitor(wb);
    registerBuild(wb);
    registerRegistries(wb);
    const languageClient = registerLanguageClient(context, log);
    wb.language = languageClient;
    registerQuadlet(wb);
    registerKube(wb);
    registerCompose(wb);
    registerComposeConvert(wb);
    const liveData = feedLiveData(wb, (d) => languageClient.setLiveData(d));
    context.subscriptions.push(liveData);
    // Images, networks and volumes changing in the explorer refresh the language server's view.
    const storeSub = wb.explorer?.forest.onDidChange(
      (changes) => changes.some((c) => c.view !== 'containers') && liveData.poke(),
    );
    if (storeSub) context.subscriptions.push(storeSub);
    // Secrets created or removed in the Secrets view reach the Quadlet `Secret=` completion.
    wb.secrets = registerSecrets(wb);
    context.subscriptions.push(wb.secrets.onDidChange(() => liveData.poke()));
    registerDebug(wb);
    registerWalkthrough(wb);
    // Endpoint discovery and health checks run after activation returns.
    setTimeout(() => void connections.refresh(), 0);
    const activateMs = performance.now() - t0;
    log.info(`activated in ${activateMs.toFixed(1)} ms`);
    return { workbench: wb, activateMs, connectionsTree };
  } catch (e) {
    log.error('activation failed', e);
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Podman Workbench failed to start: {0}', e instanceof Error ? e.message : String(e)),
    );
    throw e;
  }
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}
