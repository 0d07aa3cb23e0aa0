// The Connections view, the status bar item, and the commands that pick or fix a connection.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { registerCommand } from '../util/commands';
import type { EndpointStatus } from './manager';

export const CONNECTION_CONTEXT = {
  ok: 'podman.connection.ok',
  okActive: 'podman.connection.ok.active',
  error: 'podman.connection.error',
  unsupported: 'podman.connection.unsupported',
} as const;

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
    const item = new vscode.TreeItem(s.endpoint.label, vscode.TreeItemCollapsibleState.None);
    item.id = `connection:${s.endpoint.id}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${s.endpoint.label}**${active ? ' — active' : ''}\n\n`);
    md.appendCodeblock(s.endpoint.uri, 'text');
    if (s.health.state === 'ok') {
      const i = s.health.info;
      item.description = `${active ? '● ' : ''}Podman ${i.version} · ${i.rootless ? 'rootless' : 'rootful'}`;
      item.iconPath = new vscode.ThemeIcon(
        active ? 'pass-filled' : 'pass',
        new vscode.ThemeColor('testing.iconPassed'),
      );
      item.contextValue = active ? CONNECTION_CONTEXT.okActive : CONNECTION_CONTEXT.ok;
      md.appendMarkdown(
        `Podman ${i.version} (API ${i.libpodApiVersion}), ${i.rootless ? 'rootless' : 'rootful'}, ${i.os}/${i.arch}`,
      );
      if (!active) {
        item.command = {
          command: 'podman.connection.use',
          title: vscode.l10n.t('Use This Connection'),
          arguments: [s],
        };
      }
    } else if (s.health.state === 'error') {
      const e = s.health.error;
      item.description = e.kind === 'unsupported' ? vscode.l10n.t('not supported yet') : e.message;
      item.iconPath = new vscode.ThemeIcon(
        e.kind === 'unsupported' ? 'circle-slash' : 'error',
        new vscode.ThemeColor(e.kind === 'unsupported' ? 'disabledForeground' : 'testing.iconFailed'),
      );
      item.contextValue = e.kind === 'unsupported' ? CONNECTION_CONTEXT.unsupported : CONNECTION_CONTEXT.error;
      md.appendMarkdown(`$(error) ${e.message}`);
      if (e.fix) md.appendMarkdown(`\n\n**Fix:** ${e.fix}`);
      item.command = { command: 'podman.connection.showFix', title: vscode.l10n.t('Show Fix'), arguments: [s] };
    }
    item.tooltip = md;
    return item;
  }
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
    if (a) {
      status.text = `$(vm-running) Podman ${a.info.version}`;
      status.tooltip = `${a.endpoint.label}: ${a.endpoint.uri} (${a.info.rootless ? 'rootless' : 'rootful'}) — click to switch`;
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

  // While no connection works, look again every few seconds so the socket coming back is noticed.
  let retry: NodeJS.Timeout | undefined;
  const scheduleRetry = () => {
    if (retry) clearTimeout(retry);
    retry = undefined;
    if (!wb.connections.active) retry = setTimeout(() => void wb.connections.refresh(), 3000);
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
  registerCommand(wb, 'podman.connection.use', async (s?: EndpointStatus) => {
    if (s) await wb.connections.setActive(s.endpoint.id);
  });
  registerCommand(wb, 'podman.connection.select', async () => {
    await wb.connections.refresh();
    const items = wb.connections.endpoints.map((s) => ({
      label: `${wb.connections.activeEndpoint?.id === s.endpoint.id ? '$(check) ' : ''}${s.endpoint.label}`,
      description:
        s.health.state === 'ok'
          ? `Podman ${s.health.info.version} · ${s.health.info.rootless ? 'rootless' : 'rootful'}`
          : s.health.state === 'error'
            ? s.health.error.message
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
    const copy = vscode.l10n.t('Copy Fix');
    const pick = await vscode.window.showWarningMessage(
      `${s.endpoint.label}: ${e.message}${e.fix ? ` ${e.fix}` : ''}`,
      ...(e.fix ? [copy] : []),
      vscode.l10n.t('Retry'),
    );
    if (pick === copy && e.fix) {
      const cmd = /`([^`]+)`/.exec(e.fix)?.[1] ?? e.fix;
      await vscode.env.clipboard.writeText(cmd);
    } else if (pick) await wb.connections.refresh();
  });
}
