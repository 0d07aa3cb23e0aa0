// Installing a unit with the units it depends on into a Quadlet folder (never overwriting a
// different file without showing the difference and asking), then reloading systemd.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerCommand } from '../../util/commands';
import { confirmUntrusted } from '../../util/trust';
import { unitDependencies } from '../deps';
import { NO_SYSTEMD_MESSAGE, quadletDir, serviceNameOf, systemctl, systemdRunning, type Scope } from '../systemd';
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

/** Whether to overwrite an installed file that differs from the workspace's, after showing them. */
async function confirmOverwrite(dest: string, file: string): Promise<boolean> {
  const show = vscode.l10n.t('Show Differences');
  const overwrite = vscode.l10n.t('Overwrite');
  const skip = vscode.l10n.t('Keep Installed');
  for (;;) {
    const pick = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} is already installed and differs from {1}.', dest, vscode.workspace.asRelativePath(file)),
      { modal: true },
      show,
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

/** Copies the unit and its dependencies into `target`; returns the files written. */
async function copyUnitFiles(source: vscode.Uri, target: string): Promise<string[]> {
  const base = path.dirname(source.fsPath);
  const installed: string[] = [];
  for (const file of [source.fsPath, ...(await unitDependencies(source.fsPath))]) {
    const dest = path.join(target, path.relative(base, file));
    const content = await fs.promises.readFile(file);
    const existing = await fs.promises.readFile(dest).catch(() => undefined);
    if (existing?.equals(content)) continue;
    if (existing && !(await confirmOverwrite(dest, file))) continue;
    await fs.promises.mkdir(path.dirname(dest), { recursive: true });
    await fs.promises.writeFile(dest, content);
    installed.push(dest);
  }
  return installed;
}

export function registerInstall(services: QuadletServices): void {
  const { wb, tree } = services;
  registerCommand(wb, 'podman.quadlet.install', async (uri?: vscode.Uri, scopeArg?: Scope) => {
    const source = activeUnit(uri);
    if (!(await confirmUntrusted(vscode.l10n.t('Install {0} as a systemd service?', path.basename(source.fsPath))))) {
      return undefined;
    }
    const scope = scopeArg ?? (await pickScope());
    if (!scope) return undefined;
    const target = quadletDir(scope);
    const doc = vscode.workspace.textDocuments.find((open) => open.uri.toString() === source.toString());
    if (doc?.isDirty) await doc.save();
    const installed = await copyUnitFiles(source, target);
    tree.refresh();
    if (!systemdRunning()) {
      void vscode.window.showWarningMessage(
        `${vscode.l10n.t('Installed {0} file(s) into {1}.', installed.length, target)} ${NO_SYSTEMD_MESSAGE}`,
      );
      return installed;
    }
    const reload = await systemctl(scope, 'daemon-reload');
    if (reload.code !== 0) throw new Error(vscode.l10n.t('systemctl daemon-reload failed: {0}', reload.stderr.trim()));
    const start = vscode.l10n.t('Start');
    const pick = await vscode.window.showInformationMessage(
      vscode.l10n.t('Installed {0} file(s) into {1} and reloaded systemd.', installed.length, target),
      start,
    );
    if (pick === start) await controlService(services, scope, 'start', serviceNameOf(source.fsPath));
    return installed;
  });
}
