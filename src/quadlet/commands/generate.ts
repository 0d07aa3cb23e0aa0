// Generating Quadlet units from what runs (a container, pod, volume, network or image of the
// explorer, or one picked) and from a pasted `podman run` command line.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../../context';
import {
  QUADLET_FROM_INSPECT_REQUEST,
  QUADLET_FROM_RUN_REQUEST,
  type QuadletFromInspectParams,
} from '../../languages/protocol';
import type { ContainerNode, ImageNode, NetworkNode, PodNode, VolumeNode } from '../../explorer/model/nodes';
import type { PodmanClient } from '../../podman/client';
import { pickConnection, registerCommand } from '../../util/commands';
import { languageOf } from './common';

/** The explorer nodes a unit can be generated from. */
type SourceNode = ContainerNode | PodNode | ImageNode | VolumeNode | NetworkNode;
type ResourceKind = 'container' | 'pod' | 'volume' | 'network' | 'image';

/** A pod or container picked from what runs (the palette form of the command). */
/** The resource an explorer node stands for. */
function targetOf(node: SourceNode): { kind: ResourceKind; id: string } | undefined {
  switch (node.kind) {
    case 'container':
      return { kind: 'container', id: node.containerId };
    case 'pod':
      return { kind: 'pod', id: node.podId };
    case 'image':
      return { kind: 'image', id: node.imageId };
    case 'volume':
    case 'network':
      return { kind: node.kind, id: node.name };
    default:
      return undefined;
  }
}

async function pickResource(client: PodmanClient): Promise<{ kind: ResourceKind; id: string } | undefined> {
  const containers = await client.listContainers();
  const pods = await client.listPods();
  const pick = await vscode.window.showQuickPick(
    [
      ...pods.map((pod) => ({
        label: `$(symbol-namespace) ${pod.name}`,
        description: 'pod',
        target: 'pod' as const,
        id: pod.id,
      })),
      ...containers
        .filter((container) => !container.isInfra)
        .map((container) => ({
          label: `$(package) ${container.name}`,
          description: `container · ${container.image}`,
          target: 'container' as const,
          id: container.id,
        })),
    ],
    { title: vscode.l10n.t('Generate a Quadlet unit from…') },
  );
  return pick && { kind: pick.target, id: pick.id };
}

function inspect(client: PodmanClient, kind: ResourceKind, id: string) {
  switch (kind) {
    case 'container':
      return client.inspectContainer(id);
    case 'pod':
      return client.inspectPod(id);
    case 'volume':
      return client.inspectVolume(id);
    case 'network':
      return client.inspectNetwork(id);
    default:
      return client.inspectImage(id);
  }
}

async function openUnit(content: string) {
  const doc = await vscode.workspace.openTextDocument({ language: 'quadlet', content });
  await vscode.window.showTextDocument(doc);
  return doc;
}

export function registerGenerate(wb: WorkbenchContext): void {
  registerCommand(wb, 'podman.quadlet.generate', async (node?: SourceNode) => {
    const client =
      node && wb.explorer
        ? wb.explorer.scopeOf(node).client
        : (await pickConnection(wb, vscode.l10n.t('Generate Quadlet Unit'))).client;
    const target = (node && targetOf(node)) ?? (await pickResource(client));
    if (!target) return undefined;
    const params: QuadletFromInspectParams = {
      kind: target.kind,
      inspect: await inspect(client, target.kind, target.id),
    };
    return openUnit(await languageOf(wb).request<string>(QUADLET_FROM_INSPECT_REQUEST, params));
  });
  registerCommand(wb, 'podman.quadlet.fromPodmanRun', async (commandLine?: string) => {
    const line =
      typeof commandLine === 'string'
        ? commandLine
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Convert a podman run command to a .container unit'),
            placeHolder: 'podman run -d --name web -p 8080:80 docker.io/library/nginx',
            validateInput: (value) =>
              /\bpodman\s+(container\s+)?run\b|^\s*run\b/.test(value)
                ? undefined
                : vscode.l10n.t('Paste a `podman run …` command line.'),
          });
    if (!line) return undefined;
    return openUnit(await languageOf(wb).request<string>(QUADLET_FROM_RUN_REQUEST, { commandLine: line }));
  });
}
