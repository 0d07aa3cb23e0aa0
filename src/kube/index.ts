// Kubernetes YAML in the editor: CodeLens, play / replay / down / generate / save as Quadlet
// commands, the `podman-kube` task type, and the play report in its own output channel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { looksLikeKube, parseKube, validateKube } from '../languages/kube';
import {
  downKube,
  formatPlayReport,
  generateKube,
  playKube,
  sameGeneratedKube,
  type PlayOptions,
  type PlayReport,
} from '../podman/kube';
import { registerCommand, requireClient } from '../util/commands';
import { askPlayOptions } from './form';
import { KubeLensProvider } from './lenses';
import { kubeUnit, PROPOSED_SCHEME, ProposedContent, unitBaseName, writeWithConsent } from './quadlet';
import { KUBE_TASK_TYPE, KubeTaskProvider } from './tasks';
import { confirmUntrusted } from '../util/trust';

const YAML_SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }];

export function registerKube(wb: WorkbenchContext): void {
  const out = vscode.window.createOutputChannel(vscode.l10n.t('Podman Kube'));
  const lenses = new KubeLensProvider(wb);
  const proposed = new ProposedContent();
  wb.ext.subscriptions.push(
    out,
    lenses,
    vscode.languages.registerCodeLensProvider(YAML_SELECTOR, lenses),
    vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, proposed),
    vscode.tasks.registerTaskProvider(KUBE_TASK_TYPE, new KubeTaskProvider(wb)),
  );

  // Context key for the editor-title actions.
  const updateContext = () => {
    const ed = vscode.window.activeTextEditor;
    void vscode.commands.executeCommand(
      'setContext',
      'podman.kube.activeIsKube',
      !!ed && ed.document.languageId === 'yaml' && looksLikeKube(ed.document.getText()),
    );
  };
  wb.ext.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d === vscode.window.activeTextEditor?.document) updateContext();
    }),
  );
  updateContext();

  const play = (replace: boolean) => async (uri?: vscode.Uri, given?: PlayOptions) => {
    const doc = await kubeDocument(uri);
    if (!doc) return undefined;
    if (!(await confirmUntrusted(vscode.l10n.t('Play {0} on Podman?', path.basename(doc.uri.fsPath))))) {
      return undefined;
    }
    const client = requireClient(wb);
    const version = wb.connections.active?.info.version;
    const text = doc.getText();
    // Errors Podman would refuse anyway: say so before sending.
    const errors = validateKube(text, {
      podmanVersion: version,
      images: [],
      networks: [],
      volumes: [],
      secrets: [],
    }).filter((d) => d.severity === 1);
    if (errors.length) {
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
      if (pick !== anyway) return undefined;
    }
    // Options: the form when no options came along (palette, editor title).
    const opts: PlayOptions | undefined = isPlayOptions(given)
      ? given
      : await askPlayOptions(wb.ext.workspaceState, doc.uri.toString(), version, vscode.Uri.joinPath(doc.uri, '..'));
    if (!opts) return undefined;
    const report = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: replace
          ? vscode.l10n.t('Replaying {0}', path.basename(doc.uri.fsPath))
          : vscode.l10n.t('Play {0} on Podman?', path.basename(doc.uri.fsPath)),
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
    showReport(out, doc.uri, report);
    lenses.refresh();
    const showIt = vscode.l10n.t('Show Report');
    if (report.ok) {
      const msg = vscode.l10n.t(
        'Played {0}: {1} pod(s), {2} container(s).',
        path.basename(doc.uri.fsPath),
        report.pods.length,
        report.pods.reduce((n, p) => n + p.containers.length, 0),
      );
      void vscode.window.showInformationMessage(msg, showIt).then((p) => p && out.show(true));
    } else {
      void vscode.window
        .showErrorMessage(`${path.basename(doc.uri.fsPath)}: ${report.error ?? vscode.l10n.t('play failed')}`, showIt)
        .then((p) => p && out.show(true));
    }
    return report;
  };
  registerCommand(wb, 'podman.kube.play', play(false));
  registerCommand(wb, 'podman.kube.replay', play(true));

  registerCommand(wb, 'podman.kube.down', async (uri?: vscode.Uri, given?: { removeVolumes?: boolean }) => {
    const doc = await kubeDocument(uri);
    if (!doc) return undefined;
    const client = requireClient(wb);
    const text = doc.getText();
    const claims = parseKube(text).docs.flatMap((d) => d.claims);
    let removeVolumes = given?.removeVolumes ?? false;
    if (!given || typeof given.removeVolumes !== 'boolean') {
      const item: vscode.QuickPickItem = {
        label: vscode.l10n.t('Also remove the volumes its claims created'),
        description: claims.length ? claims.join(', ') : vscode.l10n.t('(this file has no claims)'),
        picked: false,
      };
      const picked = await vscode.window.showQuickPick([item], {
        canPickMany: true,
        title: vscode.l10n.t('Down {0}', path.basename(doc.uri.fsPath)),
        placeHolder: vscode.l10n.t('Press Enter to take the pods down'),
      });
      if (!picked) return undefined;
      removeVolumes = picked.length > 0;
    }
    const report = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Taking down {0}', path.basename(doc.uri.fsPath)),
        cancellable: true,
      },
      (_p, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return downKube(client, text, {
          removeVolumes,
          signal: ac.signal,
          podmanVersion: wb.connections.active?.info.version,
        });
      },
    );
    out.appendLine(`--- down ${doc.uri.fsPath} (${new Date().toLocaleTimeString()})`);
    out.appendLine(`Pods removed: ${report.removedPods.length}`);
    if (report.removedVolumes.length) out.appendLine(`Volumes removed: ${report.removedVolumes.join(', ')}`);
    if (report.keptVolumes.length) out.appendLine(`Volumes kept: ${report.keptVolumes.join(', ')}`);
    for (const e of report.errors) out.appendLine(`error: ${e}`);
    lenses.refresh();
    if (report.errors.length) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Down finished with errors: {0}', report.errors[0]));
    } else void vscode.window.showInformationMessage(vscode.l10n.t('Took down {0} pod(s).', report.removedPods.length));
    return report;
  });

  registerCommand(wb, 'podman.kube.generate', async (node?: unknown, given?: { service?: boolean }) => {
    const client = requireClient(wb);
    const name = nameFromNode(node) ?? (await pickPodOrContainer(wb));
    if (!name) return undefined;
    let service = given?.service;
    if (service === undefined) {
      const yes = { label: vscode.l10n.t('Pod only'), service: false };
      const svc = {
        label: vscode.l10n.t('Pod and a Service'),
        description: vscode.l10n.t('a Service for its published ports'),
        service: true,
      };
      const pick = await vscode.window.showQuickPick([yes, svc], {
        title: vscode.l10n.t('Generate Kubernetes YAML for {0}', name),
      });
      if (!pick) return undefined;
      service = pick.service;
    }
    const yaml = await generateKube(client, [name], { service });
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: yaml });
    await vscode.window.showTextDocument(doc);
    return yaml;
  });

  registerCommand(wb, 'podman.kube.saveAsQuadlet', async (node?: unknown, folderArg?: vscode.Uri) => {
    const client = requireClient(wb);
    const name = nameFromNode(node) ?? (await pickPodOrContainer(wb));
    if (!name) return undefined;
    const folder =
      folderArg ??
      (
        await vscode.window.showOpenDialog({
          canSelectFolders: true,
          canSelectFiles: false,
          canSelectMany: false,
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
          openLabel: vscode.l10n.t('Save Quadlet Here'),
          title: vscode.l10n.t('Folder for {0}.yaml and {0}.kube', unitBaseName(name)),
        })
      )?.[0];
    if (!folder) return undefined;
    const base = unitBaseName(name);
    const yaml = await generateKube(client, [name], { service: false });
    const res = await writeWithConsent(
      folder,
      [
        { name: `${base}.yaml`, text: yaml, same: sameGeneratedKube },
        { name: `${base}.kube`, text: kubeUnit(`${base}.yaml`) },
      ],
      proposed,
    );
    if (!res) return undefined;
    const parts = [
      res.written.length ? vscode.l10n.t('wrote {0}', res.written.join(', ')) : '',
      res.unchanged.length ? vscode.l10n.t('unchanged {0}', res.unchanged.join(', ')) : '',
      res.skipped.length ? vscode.l10n.t('kept {0}', res.skipped.join(', ')) : '',
    ].filter(Boolean);
    void vscode.window.showInformationMessage(vscode.l10n.t('Quadlet for {0}: {1}', name, parts.join('; ')));
    return res;
  });
}

function isPlayOptions(x: unknown): x is PlayOptions {
  return !!x && typeof x === 'object' && !(x instanceof vscode.Uri) && !Array.isArray(x);
}

async function kubeDocument(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a Kubernetes YAML file first.'));
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(target);
  if (!looksLikeKube(doc.getText())) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} holds no Kubernetes object (apiVersion and kind).', path.basename(target.fsPath)),
    );
    return undefined;
  }
  return doc;
}

function showReport(out: vscode.OutputChannel, uri: vscode.Uri, report: PlayReport): void {
  out.appendLine(`--- play ${uri.fsPath} (${new Date().toLocaleTimeString()})`);
  for (const l of formatPlayReport(report)) out.appendLine(l);
  if (!report.ok) out.show(true);
}

/** The pod or container name of an explorer node (the explorer's items carry it in one of these). */
export function nameFromNode(node: unknown): string | undefined {
  if (!node || typeof node !== 'object' || node instanceof vscode.Uri) return undefined;
  const n = node as Record<string, unknown>;
  for (const k of ['pod', 'container', 'summary', 'item', 'data']) {
    const inner = n[k] as Record<string, unknown> | undefined;
    if (inner && typeof inner === 'object' && typeof inner.name === 'string') return inner.name;
  }
  if (typeof n.name === 'string') return n.name;
  if (typeof n.label === 'string') return n.label;
  if (n.label && typeof n.label === 'object' && typeof (n.label as { label?: unknown }).label === 'string') {
    return (n.label as { label: string }).label;
  }
  if (typeof n.id === 'string') return n.id;
  return undefined;
}

async function pickPodOrContainer(wb: WorkbenchContext): Promise<string | undefined> {
  const client = requireClient(wb);
  const [pods, ctrs] = await Promise.all([client.listPods(), client.listContainers()]);
  const items: (vscode.QuickPickItem & { value: string })[] = [
    ...pods.map((p) => ({
      label: `$(package) ${p.name}`,
      description: vscode.l10n.t('pod · {0}', p.status),
      value: p.name,
    })),
    ...ctrs
      .filter((c) => !c.isInfra)
      .map((c) => ({
        label: `$(server) ${c.name}`,
        description: vscode.l10n.t('container · {0}', c.state),
        value: c.name,
      })),
  ];
  if (!items.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No pods or containers to generate from.'));
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Pod or container') }))?.value;
}
