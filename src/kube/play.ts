// Play and Replay a Kubernetes YAML file: consent in an untrusted workspace, a warning about the
// errors Podman would refuse anyway, the play options form, then the play with a progress
// notification and its report in the Podman Kube channel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { validateKube } from '../languages/kube';
import { playKube, type PlayOptions, type PlayReport } from '../podman/kube';
import { registerCommand, requireClient } from '../util/commands';
import { confirmUntrusted } from '../util/trust';
import { kubeDocument, showReport, type KubeServices } from './document';
import { askPlayOptions } from './form';

function isPlayOptions(x: unknown): x is PlayOptions {
  return !!x && typeof x === 'object' && !(x instanceof vscode.Uri) && !Array.isArray(x);
}

/** Errors Podman would refuse anyway: says so before sending; false when the user does not go on. */
async function acceptErrors(doc: vscode.TextDocument, podmanVersion: string | undefined): Promise<boolean> {
  const errors = validateKube(doc.getText(), {
    podmanVersion,
    images: [],
    networks: [],
    volumes: [],
    secrets: [],
  }).filter((d) => d.severity === 1);
  if (!errors.length) return true;
  const anyway = vscode.l10n.t('Play Anyway');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      '{0} has {1} error(s) Podman will likely refuse (line {2}: {3})',
      path.basename(doc.uri.fsPath),
      errors.length,
      errors[0].range.start.line + 1,
      typeof errors[0].message === 'string' ? errors[0].message : errors[0].message.value,
    ),
    { modal: true },
    anyway,
  );
  return pick === anyway;
}

function announce(out: vscode.OutputChannel, doc: vscode.TextDocument, report: PlayReport): void {
  const showIt = vscode.l10n.t('Show Report');
  const file = path.basename(doc.uri.fsPath);
  if (report.ok) {
    const containers = report.pods.reduce((n, p) => n + p.containers.length, 0);
    const msg = vscode.l10n.t('Played {0}: {1} pod(s), {2} container(s).', file, report.pods.length, containers);
    void vscode.window.showInformationMessage(msg, showIt).then((p) => p && out.show(true));
  } else {
    void vscode.window
      .showErrorMessage(`${file}: ${report.error ?? vscode.l10n.t('play failed')}`, showIt)
      .then((p) => p && out.show(true));
  }
}

function playCommand(wb: WorkbenchContext, k: KubeServices, replace: boolean) {
  return async (uri?: vscode.Uri, given?: PlayOptions): Promise<PlayReport | undefined> => {
    const doc = await kubeDocument(uri);
    if (!doc) return undefined;
    const file = path.basename(doc.uri.fsPath);
    if (!(await confirmUntrusted(vscode.l10n.t('Play {0} on Podman?', file)))) return undefined;
    const client = requireClient(wb);
    const version = wb.connections.active?.info.version;
    if (!(await acceptErrors(doc, version))) return undefined;
    // Options: the form when no options came along (palette, editor title).
    const opts: PlayOptions | undefined = isPlayOptions(given)
      ? given
      : await askPlayOptions(wb.ext.workspaceState, doc.uri.toString(), version, vscode.Uri.joinPath(doc.uri, '..'));
    if (!opts) return undefined;
    const text = doc.getText();
    const report = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: replace ? vscode.l10n.t('Replaying {0}', file) : vscode.l10n.t('Playing {0}', file),
        cancellable: true,
      },
      (_p, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return playKube(client, text, {
          ...opts,
          replace: replace || opts.replace,
          signal: ac.signal,
          podmanVersion: version,
        });
      },
    );
    showReport(k.out, doc.uri, report);
    k.lenses.refresh();
    announce(k.out, doc, report);
    return report;
  };
}

export function registerPlay(wb: WorkbenchContext, k: KubeServices): void {
  registerCommand(wb, 'podman.kube.play', playCommand(wb, k, false));
  registerCommand(wb, 'podman.kube.replay', playCommand(wb, k, true));
}
