// Generate Kubernetes YAML from a pod or container, and save it as a Quadlet .kube unit with its
// YAML. From the Containers view the command gets the clicked pod or container node; from the
// palette it offers a pick.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import type { ContainerNode, PodNode, TreeNode } from '../explorer/model/nodes';
import { generateKube, sameGeneratedKube } from '../podman/kube';
import { PodmanError } from '../podman/errors';
import type { PodmanClient } from '../podman/client';
import { pickConnection, registerCommand } from '../util/commands';
import type { KubeServices } from './document';
import { kubeUnit, unitBaseName, writeWithConsent, type WriteResult } from './quadlet';

/** The explorer nodes these commands act on (package.json: viewItem =~ /^podman\.(pod|container)\./). */
export type KubeSourceNode = PodNode | ContainerNode;
/** What VS Code passes a tree menu command after the node: the multi-selection. */
type Selection = readonly TreeNode[];

/** The name Podman knows the node's pod or container by, from the explorer's store. */
export function nameOfNode(wb: WorkbenchContext, node: KubeSourceNode): string {
  const model = wb.explorer?.scopeOf(node).model;
  const summary = node.kind === 'pod' ? model?.pod(node) : model?.container(node);
  if (!summary) {
    throw new PodmanError(
      'not-found',
      node.kind === 'pod'
        ? vscode.l10n.t('The pod no longer exists.')
        : vscode.l10n.t('The container no longer exists.'),
    );
  }
  return summary.name;
}

/** The client of the node's own connection (from the palette: the active one, or a pick when several are live). */
async function clientOf(wb: WorkbenchContext, node: KubeSourceNode | undefined) {
  if (node && wb.explorer) return wb.explorer.scopeOf(node).client;
  return (await pickConnection(wb, vscode.l10n.t('Generate Kubernetes YAML'))).client;
}

/** The node's name, or the user's pick from the palette. */
async function sourceName(
  wb: WorkbenchContext,
  node: KubeSourceNode | undefined,
  client: PodmanClient,
): Promise<string | undefined> {
  return node ? nameOfNode(wb, node) : pickPodOrContainer(client);
}

async function pickPodOrContainer(client: PodmanClient): Promise<string | undefined> {
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

async function askService(name: string): Promise<boolean | undefined> {
  const podOnly = { label: vscode.l10n.t('Pod only'), service: false };
  const withService = {
    label: vscode.l10n.t('Pod and a Service'),
    description: vscode.l10n.t('a Service for its published ports'),
    service: true,
  };
  const pick = await vscode.window.showQuickPick([podOnly, withService], {
    title: vscode.l10n.t('Generate Kubernetes YAML for {0}', name),
  });
  return pick?.service;
}

async function askFolder(name: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    openLabel: vscode.l10n.t('Save Quadlet Here'),
    title: vscode.l10n.t('Folder for {0}.yaml and {0}.kube', unitBaseName(name)),
  });
  return picked?.[0];
}

function generateCommand(wb: WorkbenchContext) {
  return async (node?: KubeSourceNode, given?: { service?: boolean } | Selection): Promise<string | undefined> => {
    const client = await clientOf(wb, node);
    const name = await sourceName(wb, node, client);
    if (!name) return undefined;
    const asked = Array.isArray(given) ? undefined : (given as { service?: boolean } | undefined)?.service;
    const service = asked ?? (await askService(name));
    if (service === undefined) return undefined;
    const yaml = await generateKube(client, [name], { service });
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: yaml });
    await vscode.window.showTextDocument(doc);
    return yaml;
  };
}

function saveAsQuadletCommand(wb: WorkbenchContext, k: KubeServices) {
  return async (node?: KubeSourceNode, folderArg?: vscode.Uri | Selection): Promise<WriteResult | undefined> => {
    const client = await clientOf(wb, node);
    const name = await sourceName(wb, node, client);
    if (!name) return undefined;
    const folder = folderArg instanceof vscode.Uri ? folderArg : await askFolder(name);
    if (!folder) return undefined;
    const base = unitBaseName(name);
    const yaml = await generateKube(client, [name], { service: false });
    const res = await writeWithConsent(
      folder,
      [
        { name: `${base}.yaml`, text: yaml, same: sameGeneratedKube },
        { name: `${base}.kube`, text: kubeUnit(`${base}.yaml`) },
      ],
      k.proposed,
    );
    if (!res) return undefined;
    const parts = [
      res.written.length ? vscode.l10n.t('wrote {0}', res.written.join(', ')) : '',
      res.unchanged.length ? vscode.l10n.t('unchanged {0}', res.unchanged.join(', ')) : '',
      res.skipped.length ? vscode.l10n.t('kept {0}', res.skipped.join(', ')) : '',
    ].filter(Boolean);
    void vscode.window.showInformationMessage(vscode.l10n.t('Quadlet for {0}: {1}', name, parts.join('; ')));
    return res;
  };
}

export function registerGenerate(wb: WorkbenchContext, k: KubeServices): void {
  registerCommand(wb, 'podman.kube.generate', generateCommand(wb));
  registerCommand(wb, 'podman.kube.saveAsQuadlet', saveAsQuadletCommand(wb, k));
}
