// The Connections view, the status bar item, and the commands that pick or fix a connection.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { registerCommand } from '../util/commands';
import type { EndpointStatus } from './manager';
import { registerSshCommands } from './ssh';
import { type Endpoint, endpointAvailability } from '../podman/discovery';
import type { PodmanError } from '../podman/errors';
import { modeOf, serverSummary } from '../podman/client';

export const CONNECTION_CONTEXT = {
  ok: 'podman.connection.ok',
  okActive: 'podman.connection.ok.active',
  /** Enabled (live at once with the active one) but not the active one. */
  okEnabled: 'podman.connection.ok.enabled',
  error: 'podman.connection.error',
  unsupported: 'podman.connection.unsupported',
  absent: 'podman.connection.absent',
} as const;

/**
 * An endpoint that does not answer: grey "not running" with the command that starts it when it is
 * simply absent, red with the reason and the fix when it exists and fails, grey when unsupported.
 */
function describeProblem(item: vscode.TreeItem, md: vscode.MarkdownString, endpoint: Endpoint, e: PodmanError): void {
  const grey = new vscode.ThemeColor('disabledForeground');
  const availability = endpointAvailability(endpoint, e.kind);
  if (availability.state === 'absent') {
    item.description = vscode.l10n.t('not running');
    item.iconPath = new vscode.ThemeIcon('circle-outline', grey);
    item.contextValue = CONNECTION_CONTEXT.absent;
    md.appendMarkdown(vscode.l10n.t('Not running: {0}', e.message));
    md.appendMarkdown(`\n\n${vscode.l10n.t('Start it with')} \`${availability.start}\``);
  } else if (e.kind === 'unsupported') {
    item.description = vscode.l10n.t('not supported yet');
    item.iconPath = new vscode.ThemeIcon('circle-slash', grey);
    item.contextValue = CONNECTION_CONTEXT.unsupported;
    md.appendMarkdown(`$(circle-slash) ${e.message}`);
  } else {
    item.description = e.message;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    item.contextValue = CONNECTION_CONTEXT.error;
    md.appendMarkdown(`$(error) ${e.message}`);
    if (e.fix) md.appendMarkdown(`\n\n**Fix:** ${e.fix}`);
  }
}

/** The Connections view's provider (exported on the extension's API for the extension-host tests). */
export class ConnectionsTree implements vscode.TreeDataProvider<EndpointStatus> {
  private readonly emitter = new vscode.EventEmitter<EndpointStatus | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  constructor(private readonly wb: WorkbenchContext) {}
  refresh(): void {
    this.emitter.fire(undefined);
  }
  getChildren(element?: EndpointStatus): EndpointStatus[] {
    return element ? [] : [...this.wb.connections.endpoints];
  }
  getTreeItem(s: EndpointStatus): vscode.TreeItem {
    const active = this.wb.connections.activeEndpoint?.id === s.endpoint.id;
    const enabled = !active && this.wb.connections.isEnabled(s.endpoint.id);
    const item = new vscode.TreeItem(s.endpoint.label, vscode.TreeItemCollapsibleState.None);
    item.id = `connection:${s.endpoint.id}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${s.endpoint.label}**${active ? ' — active' : ''}\n\n`);
    md.appendCodeblock(s.endpoint.uri, 'text');
    if (s.health.state === 'ok') {
      const i = s.health.info;
      const mark = active ? '● ' : enabled ? '○ ' : '';
      item.description = `${mark}${serverSummary(i)}${enabled ? ` · ${vscode.l10n.t('enabled')}` : ''}`;
      item.iconPath = new vscode.ThemeIcon(
        active ? 'pass-filled' : 'pass',
        new vscode.ThemeColor('testing.iconPassed'),
      );
      item.contextValue = active
        ? CONNECTION_CONTEXT.okActive
        : enabled
          ? CONNECTION_CONTEXT.okEnabled
          : CONNECTION_CONTEXT.ok;
      md.appendMarkdown(
        i.rootless === undefined
          ? `Podman ${i.version} (API ${i.libpodApiVersion})`
          : `Podman ${i.version} (API ${i.libpodApiVersion}), ${modeOf(i)}, ${i.os}/${i.arch}`,
      );
      if (!active) {
        item.command = {
          command: 'podman.connection.use',
          title: vscode.l10n.t('Use This Connection'),
          arguments: [s],
        };
      }
    } else if (s.health.state === 'error') {
      describeProblem(item, md, s.endpoint, s.health.error);
      item.command = { command: 'podman.connection.showFix', title: vscode.l10n.t('Show Fix'), arguments: [s] };
    }
    item.tooltip = md;
    return item;
  }
}

/** The status bar text: the active connection, and the count of live ones when there are several. */
export function statusText(label: string, version: string, liveCount: number): string {
  return liveCount > 1
    ? `$(vm-running) ${label} · Podman ${version} (${liveCount})`
    : `$(vm-running) Podman ${version}`;
}

export function registerConnections(wb: WorkbenchContext): ConnectionsTree {
  const tree = new ConnectionsTree(wb);
  const view = vscode.window.createTreeView('podman.connections', { treeDataProvider: tree, showCollapseAll: false });
  const status = vscode.window.createStatusBarItem('podman.connection', vscode.StatusBarAlignment.Left, 50);
  status.name = vscode.l10n.t('Podman Connection');
  status.command = 'podman.connection.select';
  wb.ext.subscriptions.push(view, status);

  const update = () => {
    tree.refresh();
    const a = wb.connections.active;
    const problem = wb.connections.activeProblem;
    void vscode.commands.executeCommand('setContext', 'podman.connected', !!a);
    void vscode.commands.executeCommand(
      'setContext',
      'podman.connectionProblem',
      problem ? `${problem.message}${problem.fix ? ` ${problem.fix}` : ''}` : '',
    );
    const liveCount = wb.connections.live.length;
    if (a) {
      status.text = statusText(a.endpoint.label, a.info.version, liveCount);
      status.tooltip = `${a.endpoint.label}: ${a.endpoint.uri}${modeOf(a.info) ? ` (${modeOf(a.info)})` : ''}${liveCount > 1 ? ` — ${vscode.l10n.t('{0} connections live', liveCount)}` : ''} — ${vscode.l10n.t('click to switch')}`;
      status.backgroundColor = undefined;
    } else {
      status.text = '$(vm-outline) Podman: not connected';
      status.tooltip = problem ? `${problem.message}${problem.fix ? `\n${problem.fix}` : ''}` : undefined;
      status.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    status.show();
  };
  wb.ext.subscriptions.push(wb.connections.onDidChange(update), wb.connections.onDidChangeActive(update));
  update();

  // While no connection works (or an enabled one does not), look again every few seconds so the
  // socket coming back is noticed.
  let retry: NodeJS.Timeout | undefined;
  const scheduleRetry = () => {
    if (retry) clearTimeout(retry);
    retry = undefined;
    const cm = wb.connections;
    if (!cm.active) retry = setTimeout(() => void cm.refresh(), 3000);
    // An enabled connection that went away is looked for again too, less often.
    else if (cm.live.length < cm.enabled.length) retry = setTimeout(() => void cm.refresh(), 10_000);
  };
  wb.ext.subscriptions.push(wb.connections.onDidChange(scheduleRetry), { dispose: () => retry && clearTimeout(retry) });

  wb.ext.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('podman.socketPath')) void wb.connections.preferSetting();
    }),
  );

  registerConnectionCommands(wb);
  return tree;
}

/** Refresh, Select (a pick), Use (a node of the view) and Show Fix (an error node). */
function registerConnectionCommands(wb: WorkbenchContext): void {
  registerCommand(wb, 'podman.connection.refresh', () => wb.connections.refresh());
  registerSshCommands(wb);
  registerCommand(wb, 'podman.connection.use', async (s?: EndpointStatus) => {
    if (s) await wb.connections.setActive(s.endpoint.id);
  });
  registerEnableCommands(wb);
  registerCommand(wb, 'podman.connection.select', async () => {
    await wb.connections.refresh();
    const items = wb.connections.endpoints.map((s) => ({
      label: `${wb.connections.activeEndpoint?.id === s.endpoint.id ? '$(check) ' : wb.connections.isEnabled(s.endpoint.id) ? '$(circle-outline) ' : ''}${s.endpoint.label}`,
      description:
        s.health.state === 'ok'
          ? serverSummary(s.health.info)
          : s.health.state === 'error'
            ? endpointAvailability(s.endpoint, s.health.error.kind).state === 'absent'
              ? vscode.l10n.t('not running')
              : s.health.error.message
            : '',
      detail: s.endpoint.uri,
      s,
    }));
    const pick = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Podman: Select Connection'),
      placeHolder: vscode.l10n.t('Connection to use'),
    });
    if (pick) await wb.connections.setActive(pick.s.endpoint.id);
  });
  registerCommand(wb, 'podman.connection.showFix', async (s?: EndpointStatus) => {
    if (!s || s.health.state !== 'error') return;
    const e = s.health.error;
    const availability = endpointAvailability(s.endpoint, e.kind);
    const fix = availability.state === 'absent' ? `\`${availability.start}\`` : e.fix;
    const copy = vscode.l10n.t('Copy Fix');
    const text =
      availability.state === 'absent'
        ? vscode.l10n.t('{0} is not running. Start it with {1}', s.endpoint.label, fix ?? '')
        : `${s.endpoint.label}: ${e.message}${fix ? ` ${fix}` : ''}`;
    const actions = [...(fix ? [copy] : []), vscode.l10n.t('Retry')];
    const pick =
      availability.state === 'absent'
        ? await vscode.window.showInformationMessage(text, ...actions)
        : await vscode.window.showWarningMessage(text, ...actions);
    if (pick === copy && fix) {
      const cmd = /`([^`]+)`/.exec(fix)?.[1] ?? fix;
      await vscode.env.clipboard.writeText(cmd);
    } else if (pick) await wb.connections.refresh();
  });
}

/** Enable and Disable: a node of the Connections view, or a pick from the palette. */
function registerEnableCommands(wb: WorkbenchContext): void {
  const toggle = (on: boolean) => async (s?: EndpointStatus) => {
    const target = s ?? (await pickEndpoint(wb, on));
    if (target) await wb.connections.setEnabled(target.endpoint.id, on);
  };
  registerCommand(wb, 'podman.connection.enable', toggle(true));
  registerCommand(wb, 'podman.connection.disable', toggle(false));
}

async function pickEndpoint(wb: WorkbenchContext, enable: boolean): Promise<EndpointStatus | undefined> {
  await wb.connections.refresh();
  const candidates = wb.connections.endpoints.filter((s) => wb.connections.isEnabled(s.endpoint.id) !== enable);
  if (!candidates.length) {
    void vscode.window.showInformationMessage(
      enable ? vscode.l10n.t('Every connection is enabled already.') : vscode.l10n.t('No connection to disable.'),
    );
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    candidates.map((s) => ({ label: s.endpoint.label, detail: s.endpoint.uri, s })),
    { title: enable ? vscode.l10n.t('Podman: Enable Connection') : vscode.l10n.t('Podman: Disable Connection') },
  );
  return pick?.s;
}
