// systemd control of installed Quadlet units from the Quadlets view or the active editor:
// start, stop, restart, daemon-reload, status and the journal.
import * as vscode from 'vscode';
import { registerCommand } from '../../util/commands';
import {
  NO_SYSTEMD_MESSAGE,
  quadletDir,
  serviceNameOf,
  systemctl,
  systemdRunning,
  unitState,
  type Scope,
} from '../systemd';
import { localQuadletHost, type QuadletHost } from '../hosts';
import type { QuadletItem } from '../view';
import { activeUnit, type QuadletServices } from './common';

/** Runs `systemctl VERB -- SERVICE` on `host` with progress, fails with its stderr, refreshes the view. */
export async function controlService(
  services: QuadletServices,
  scope: Scope,
  verb: 'start' | 'stop' | 'restart',
  service: string,
  host: QuadletHost = localQuadletHost(),
) {
  if (!host.remote && !systemdRunning()) throw new Error(NO_SYSTEMD_MESSAGE);
  const where = host.remote ? ` (${host.label})` : '';
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `systemctl ${verb} ${service}${where}` },
    () => host.systemctl(scope, verb, '--', service),
  );
  if (result.code !== 0) {
    throw new Error(
      vscode.l10n.t('systemctl {0} {1} failed: {2}', verb, service, result.stderr.trim() || `exit ${result.code}`),
    );
  }
  services.tree.refresh();
}

/** The scope and service of a view item, or of the unit in the active editor. */
function itemTarget(item?: QuadletItem): { scope: Scope; service: string } {
  if (item?.path) return { scope: item.scope, service: serviceNameOf(item.path) };
  const unit = activeUnit();
  const scope = unit.fsPath.startsWith(quadletDir('system')) ? 'system' : 'user';
  return { scope, service: serviceNameOf(unit.fsPath) };
}

async function showStatus(item?: QuadletItem) {
  const { scope, service } = itemTarget(item);
  if (!systemdRunning()) throw new Error(NO_SYSTEMD_MESSAGE);
  const state = await unitState(scope, service);
  const result = await systemctl(scope, 'status', '--no-pager', '--', service);
  const doc = await vscode.workspace.openTextDocument({
    content: `# ${service}: ${state.active} (${state.sub}), ${state.load}\n\n${result.stdout}${result.stderr}`,
    language: 'log',
  });
  await vscode.window.showTextDocument(doc, { preview: true });
}

function followJournal(item?: QuadletItem) {
  const { scope, service } = itemTarget(item);
  if (!systemdRunning()) throw new Error(NO_SYSTEMD_MESSAGE);
  const terminal = vscode.window.createTerminal({
    name: `journal: ${service}`,
    shellPath: 'journalctl',
    shellArgs: [...(scope === 'user' ? ['--user'] : []), '-f', '-n', '200', '-u', service],
  });
  terminal.show();
}

export function registerSystemd(services: QuadletServices): void {
  const { wb, tree } = services;
  const control = (verb: 'start' | 'stop' | 'restart') => async (item?: QuadletItem) => {
    const { scope, service } = itemTarget(item);
    await controlService(services, scope, verb, service);
  };
  registerCommand(wb, 'podman.quadlet.refresh', () => tree.refresh());
  registerCommand(wb, 'podman.quadlet.start', control('start'));
  registerCommand(wb, 'podman.quadlet.stop', control('stop'));
  registerCommand(wb, 'podman.quadlet.restart', control('restart'));
  registerCommand(wb, 'podman.quadlet.daemonReload', async (item?: QuadletItem) => {
    if (!systemdRunning()) throw new Error(NO_SYSTEMD_MESSAGE);
    const result = await systemctl(item?.scope ?? 'user', 'daemon-reload');
    if (result.code !== 0) throw new Error(result.stderr.trim());
    tree.refresh();
  });
  registerCommand(wb, 'podman.quadlet.status', showStatus);
  registerCommand(wb, 'podman.quadlet.logs', followJournal);
}
