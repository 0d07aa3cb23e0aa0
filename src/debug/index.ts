// Debugging inside containers: the `podman` debug type (attach / launch), its configuration
// provider, the inline adapter that proxies DAP over an exec stream, the DAP tracker and the
// explorer's "Debug..." command. The engine lives in ./core (no vscode import).
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { createLog } from '../log';
import type { ContainerNode } from '../explorer/model/nodes';
import { pickConnection, registerCommand, requireConnection } from '../util/commands';
import { PodmanDebugAdapter } from './core/adapter';
import { DEBUG_TYPE, PodmanDebugConfigurationProvider, pickContainer } from './provider';
import { startupProgress } from './progress';
import { PodmanDebugTrackerFactory } from './tracker';

function ptraceScope(): number | undefined {
  try {
    return Number(readFileSync('/proc/sys/kernel/yama/ptrace_scope', 'utf8').trim());
  } catch {
    return undefined;
  }
}

/** A container named by a tree node, a string, or nothing (then a picker). */
/** The container a Debug… invocation names: a container node of the explorer, or a name or id. */
function containerOf(arg: ContainerNode | string | undefined): string | undefined {
  if (typeof arg === 'string') return arg;
  return arg?.kind === 'container' ? arg.containerId : undefined;
}

export function registerDebug(wb: WorkbenchContext): void {
  const log = createLog('Podman Debug');
  wb.ext.subscriptions.push(log.channel);
  const provider = new PodmanDebugConfigurationProvider(wb);
  wb.ext.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    // Dynamic configurations come from a provider of their own: one registered twice would have
    // its resolveDebugConfiguration called twice per session (pickers and prompts shown twice).
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      { provideDebugConfigurations: (f) => provider.provideDebugConfigurations(f) },
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, new PodmanDebugTrackerFactory(log)),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      // Only the transport is chosen here: an inline adapter over the active connection.
      createDebugAdapterDescriptor: (session) => {
        const client = requireConnection(wb, session.configuration.connection).client;
        const progress = startupProgress(vscode.l10n.t('Podman debug: {0}', session.name));
        const adapter = new PodmanDebugAdapter(client, session.configuration, {
          bridgeScript: wb.ext.asAbsolutePath('dist/dap-bridge.js'),
          nodePath: process.execPath,
          hostExists: existsSync,
          localExists: existsSync,
          ptraceScope: ptraceScope(),
          log: (m) => log.debug(`[${session.name}] ${m}`),
          progress: (m, slow) => progress.report(m, slow),
          onReady: () => progress.done(),
          onEnded: () => progress.done(),
        });
        return new vscode.DebugAdapterInlineImplementation(adapter as unknown as vscode.DebugAdapter);
      },
    }),
  );
  registerCommand(wb, 'podman.container.debug', async (arg?: ContainerNode | string) => {
    // A node of the explorer debugs on its own connection.
    const nodeConnection = typeof arg === 'object' ? arg?.connection : undefined;
    // From the palette with several connections live: ask which one.
    const conn = nodeConnection
      ? requireConnection(wb, nodeConnection)
      : arg
        ? requireConnection(wb, undefined)
        : await pickConnection(wb, vscode.l10n.t('Debug Container'));
    const { client } = conn;
    const connection = nodeConnection ?? (wb.connections.live.length > 1 ? conn.endpoint.id : undefined);
    let container = containerOf(arg);
    if (!container) container = (await pickContainer(client))?.name;
    if (!container) return;
    const folder = vscode.workspace.workspaceFolders?.[0];
    const name = (await client.getContainer(container).catch(() => undefined))?.name ?? container;
    await vscode.debug.startDebugging(folder, {
      type: DEBUG_TYPE,
      request: 'attach',
      name: vscode.l10n.t('Attach to {0}', name),
      container,
      ...(connection ? { connection } : {}),
    });
  });
}
