// The `podman` debug configuration provider: fills defaults, asks for what is missing (container,
// process), checks types and prerequisites, and aborts with a clear message by returning undefined.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import type { PodmanClient } from '../podman/client';
import { SIDECAR_LABEL } from '../podman/labels';
import { listProcesses, mainProcess } from '../podman/processes';
import { reportError, requireConnection } from '../util/commands';
import { checkConfig } from './core/config';
import { ENGINES } from './core/engines';

export const DEBUG_TYPE = 'podman';

/** Running containers, for the pickers and the dynamic configurations. */
async function runningContainers(client: PodmanClient): Promise<{ id: string; name: string; image: string }[]> {
  const list = await client.listContainers({ status: ['running'] });
  return list
    .filter((c) => c.labels?.[SIDECAR_LABEL] === undefined)
    .map((c) => ({ id: c.id, name: c.name, image: c.image }));
}

export async function pickContainer(client: PodmanClient): Promise<{ id: string; name: string } | undefined> {
  const list = await runningContainers(client);
  if (!list.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No container is running: start one, then attach to it.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    list.map((c) => ({ label: c.name, description: c.image, detail: c.id.slice(0, 12), c })),
    { title: vscode.l10n.t('Attach the debugger to which container?'), matchOnDescription: true },
  );
  return pick?.c;
}

async function pickProcess(client: PodmanClient, container: string): Promise<number | undefined> {
  const rows = await listProcesses(client, container);
  const main = mainProcess(rows);
  const items = rows.map((r) => ({
    label: `${r.pid}`,
    description: r.command,
    picked: r.pid === main?.pid,
    pid: r.pid,
  }));
  items.sort((a, b) => Number(b.picked) - Number(a.picked) || a.pid - b.pid);
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Attach to which process in {0}?', container),
    matchOnDescription: true,
  });
  return pick?.pid;
}

export class PodmanDebugConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly wb: WorkbenchContext) {}

  /** Dynamic: one "Attach to <container>" per running container (Run and Debug → "Podman..."). */
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const active = this.wb.connections.active;
    if (!active) return [];
    const list = await runningContainers(active.client).catch(() => []);
    return list.map((c) => ({
      type: DEBUG_TYPE,
      request: 'attach',
      name: vscode.l10n.t('Attach to {0}', c.name),
      container: c.name,
      ...(folder ? { localRoot: folder.uri.fsPath } : {}),
    }));
  }

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const fail = (message: string): undefined => {
      this.wb.log.warn(`debug configuration: ${message}`);
      void vscode.window.showErrorMessage(message);
      return undefined;
    };
    let client: PodmanClient;
    try {
      // launch.json may name the connection (endpoint id or label); else the active one.
      client = requireConnection(this.wb, config.connection).client;
    } catch (e) {
      await reportError(this.wb, e, 'debug');
      return undefined;
    }
    // F5 without a launch.json: attach, asking for the container.
    if (!config.type && !config.request && !config.name) {
      Object.assign(config, { type: DEBUG_TYPE, request: 'attach', name: vscode.l10n.t('Podman: Attach') });
    }
    config.type = DEBUG_TYPE;
    config.request ??= 'attach';
    config.name ??= `Podman: ${config.request}`;
    const localRoot = folder?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (config.request === 'attach' && !config.container) {
      const c = await pickContainer(client);
      if (!c) return undefined;
      config.container = c.name;
    }
    if (config.request === 'attach' && config.processId === 'pick') {
      const pid = await pickProcess(client, String(config.container)).catch(() => undefined);
      if (pid === undefined) return undefined;
      config.processId = pid;
    }
    const checked = checkConfig(config, { localRoot });
    if (!checked.ok) return fail(checked.error);
    const c = checked.config;
    // Prerequisites on the Podman host: at least the chosen debugger, or one of the two.
    const engines = c.debugger && c.debugger !== 'auto' ? [ENGINES[c.debugger]] : [ENGINES.delve, ENGINES.lldb];
    const found = engines.some((e) => {
      const configured = e.kind === 'delve' ? c.dlvPath : c.lldbPath;
      return configured ? existsSync(configured) : e.candidates.some((p) => existsSync(p));
    });
    if (!found) return fail(engines.map((e) => e.install).join(' '));
    if (c.request === 'launch' && !vscode.workspace.isTrusted) {
      const go = vscode.l10n.t('Launch');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t(
          'This workspace is not trusted. Launching creates and runs a container from "{0}" under a debugger. Continue?',
          String(c.image),
        ),
        { modal: true },
        go,
      );
      if (answer !== go) return undefined;
    }
    return c as vscode.DebugConfiguration;
  }
}
