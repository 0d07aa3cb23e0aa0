// The Quadlets view: units installed for the user and for the system, with their service state.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { NO_SYSTEMD_MESSAGE, type Scope, quadletDir, serviceNameOf, systemdRunning, unitState } from './systemd';

const UNIT_EXT = /\.(container|pod|volume|network|kube|image|build|artifact)$/;

export interface QuadletItem {
  kind: 'scope' | 'unit' | 'notice';
  scope: Scope;
  path?: string;
  label: string;
}

export const QUADLET_CONTEXT = { unit: 'podman.quadlet.unit', scope: 'podman.quadlet.scope' } as const;

export class QuadletsTree implements vscode.TreeDataProvider<QuadletItem> {
  private readonly emitter = new vscode.EventEmitter<QuadletItem | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  refresh(): void {
    this.emitter.fire(undefined);
  }

  async getChildren(el?: QuadletItem): Promise<QuadletItem[]> {
    if (!el) {
      const top: QuadletItem[] = (['user', 'system'] as Scope[]).map((scope) => ({
        kind: 'scope',
        scope,
        label: scope === 'user' ? 'User units' : 'System units',
      }));
      if (!systemdRunning()) top.push({ kind: 'notice', scope: 'user', label: NO_SYSTEMD_MESSAGE });
      return top;
    }
    if (el.kind !== 'scope') return [];
    const dir = quadletDir(el.scope);
    const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
    return names
      .filter((n) => UNIT_EXT.test(n))
      .sort()
      .map((n) => ({ kind: 'unit', scope: el.scope, path: path.join(dir, n), label: n }));
  }

  async getTreeItem(el: QuadletItem): Promise<vscode.TreeItem> {
    if (el.kind === 'scope') {
      const item = new vscode.TreeItem(el.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = quadletDir(el.scope);
      item.contextValue = QUADLET_CONTEXT.scope;
      item.iconPath = new vscode.ThemeIcon(el.scope === 'user' ? 'account' : 'server');
      return item;
    }
    if (el.kind === 'notice') {
      const item = new vscode.TreeItem('systemd is not running here', vscode.TreeItemCollapsibleState.None);
      item.tooltip = el.label;
      item.iconPath = new vscode.ThemeIcon('warning');
      return item;
    }
    const item = new vscode.TreeItem(el.label, vscode.TreeItemCollapsibleState.None);
    item.resourceUri = vscode.Uri.file(el.path!);
    item.contextValue = QUADLET_CONTEXT.unit;
    item.command = { command: 'vscode.open', title: 'Open', arguments: [item.resourceUri] };
    if (systemdRunning()) {
      const service = serviceNameOf(el.label);
      const st = await unitState(el.scope, service);
      item.description = `${st.active}${st.sub ? ` (${st.sub})` : ''}`;
      item.iconPath = new vscode.ThemeIcon(
        st.active === 'active' ? 'pass-filled' : st.active === 'failed' ? 'error' : 'circle-outline',
      );
      item.tooltip = `${service}: ${st.load}, ${st.active} ${st.sub}`;
    } else {
      item.description = 'not started (no systemd)';
      item.iconPath = new vscode.ThemeIcon('circle-outline');
    }
    return item;
  }
}
