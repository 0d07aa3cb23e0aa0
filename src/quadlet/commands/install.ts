// Installing a unit with the units it depends on into a Quadlet folder of this machine or of an
// SSH connection's host (never overwriting a different file without asking; the difference shown
// for local files), then reloading systemd there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../../context';
import type { Endpoint } from '../../podman/discovery';
import { registerCommand } from '../../util/commands';
import { confirmUntrusted } from '../../util/trust';
import { unitDependencies } from '../deps';
import { installUnits, localQuadletHost, sshQuadletHost, type QuadletHost, type UnitFile } from '../hosts';
import { NO_SYSTEMD_MESSAGE, quadletDir, serviceNameOf, type Scope } from '../systemd';
import { activeUnit, type QuadletServices } from './common';
import { controlService } from './systemd';

/** For my user or for the whole system (asked when the command has no scope argument). */
async function pickScope(): Promise<Scope | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('For my user'), description: quadletDir('user'), scope: 'user' as Scope },
      { label: vscode.l10n.t('For the whole system'), description: quadletDir('system'), scope: 'system' as Scope },
    ],
    { title: vscode.l10n.t('Install Quadlet unit') },
  );
  return picked?.scope;
}

/**
 * Whether to overwrite an installed file that differs from the workspace's, after showing them
 * (the differences are shown for this machine's files).
 */
async function confirmOverwrite(host: QuadletHost, dest: string, file: string): Promise<boolean> {
  const show = vscode.l10n.t('Show Differences');
  const overwrite = vscode.l10n.t('Overwrite');
  const skip = vscode.l10n.t('Keep Installed');
  const where = host.remote ? `${host.label}:${dest}` : dest;
  for (;;) {
    const pick = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} is already installed and differs from {1}.', where, vscode.workspace.asRelativePath(file)),
      { modal: true },
      ...(host.remote ? [] : [show]),
      overwrite,
      skip,
    );
    if (pick !== show) return pick === overwrite;
    await vscode.commands.executeCommand(
      'vscode.diff',
      vscode.Uri.file(dest),
      vscode.Uri.file(file),
      vscode.l10n.t('{0}: installed ↔ workspace', path.basename(file)),
    );
  }
}

/** The unit and the files it needs, named by their path inside the Quadlet folder. */
async function unitFiles(source: vscode.Uri): Promise<UnitFile[]> {
  const base = path.dirname(source.fsPath);
  const files = [source.fsPath, ...(await unitDependencies(source.fsPath))];
  return Promise.all(
    files.map(async (file) => ({
      name: path.relative(base, file).split(path.sep).join('/'),
      content: await fs.promises.readFile(file),
    })),
  );
}

/**
 * The host to install on: the connection named by the argument, else this machine, or (when SSH
 * connections are live) the one the user picks. Undefined when the pick is cancelled.
 */
async function pickHost(wb: WorkbenchContext, connection?: string): Promise<QuadletHost | undefined> {
  const sshHost = (endpoint: Endpoint): QuadletHost => sshQuadletHost(wb.connections.clients.link(endpoint));
  if (connection) {
    const { endpoint } = wb.connections.named(connection);
    return endpoint.ssh ? sshHost(endpoint) : localQuadletHost();
  }
  const remote = wb.connections.live.filter((c) => c.endpoint.ssh);
  if (remote.length === 0) return localQuadletHost();
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('This machine'), endpoint: undefined as Endpoint | undefined },
      ...remote.map((c) => ({ label: c.endpoint.label, description: c.endpoint.uri, endpoint: c.endpoint })),
    ],
    { title: vscode.l10n.t('Install the Quadlet unit on') },
  );
  if (!picked) return undefined;
  return picked.endpoint ? sshHost(picked.endpoint) : localQuadletHost();
}

/** Reloads systemd on the host and offers to start the unit's service (says so when no systemd runs there). */
async function reloadAndOffer(services: QuadletServices, host: QuadletHost, scope: Scope, done: string, unit: string) {
  if (!(await host.systemdRunning())) {
    const why = host.remote
      ? vscode.l10n.t(
          'systemd is not running on {0}: the units are installed, but cannot be started there.',
          host.label,
        )
      : NO_SYSTEMD_MESSAGE;
    void vscode.window.showWarningMessage(`${done} ${why}`);
    return;
  }
  const reload = await host.systemctl(scope, 'daemon-reload');
  if (reload.code !== 0) throw new Error(vscode.l10n.t('systemctl daemon-reload failed: {0}', reload.stderr.trim()));
  const start = vscode.l10n.t('Start');
  const pick = await vscode.window.showInformationMessage(`${done} ${vscode.l10n.t('systemd reloaded.')}`, start);
  if (pick === start) await controlService(services, scope, 'start', serviceNameOf(unit), host);
}

export function registerInstall(services: QuadletServices): void {
  const { wb, tree } = services;
  registerCommand(wb, 'podman.quadlet.install', async (uri?: vscode.Uri, scopeArg?: Scope, connection?: string) => {
    const source = activeUnit(uri);
    if (!(await confirmUntrusted(vscode.l10n.t('Install {0} as a systemd service?', path.basename(source.fsPath))))) {
      return undefined;
    }
    const host = await pickHost(wb, connection);
    if (!host) return undefined;
    try {
      const scope = scopeArg ?? (await pickScope());
      if (!scope) return undefined;
      const doc = vscode.workspace.textDocuments.find((open) => open.uri.toString() === source.toString());
      if (doc?.isDirty) await doc.save();
      const files = await unitFiles(source);
      const base = path.dirname(source.fsPath);
      const installed = await installUnits(host, scope, files, (dest) =>
        confirmOverwrite(host, dest, path.join(base, files.find((f) => dest.endsWith(`/${f.name}`))?.name ?? '')),
      );
      const target = await host.dir(scope);
      tree.refresh();
      const where = host.remote ? `${host.label}:${target}` : target;
      const done = vscode.l10n.t('Installed {0} file(s) into {1}.', installed.length, where);
      await reloadAndOffer(services, host, scope, done, source.fsPath);
      return installed;
    } finally {
      host.dispose();
    }
  });
}
