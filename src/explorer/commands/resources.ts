// Volume, network and system commands.
import * as vscode from 'vscode';
import { registerCommand } from '../../util/commands';
import { openInspect } from '../inspect';
import { describePlan, prunePlan } from '../model/prunePlan';
import { listDanglingVolumes } from '../../podman/client';
import type { NodeOf } from '../model/nodes';
import {
  type ExplorerServices,
  type NodeHandler,
  confirm,
  forEach,
  namedTargets,
  refreshLists,
  scopeFor,
  scopeOf,
} from './common';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

type ResourceKind = 'volume' | 'network';
const listOf = (kind: ResourceKind) => (kind === 'volume' ? 'volumes' : 'networks');

function createResource(s: ExplorerServices, kind: ResourceKind): (node?: unknown) => Promise<void> {
  return async (node) => {
    const title = kind === 'volume' ? vscode.l10n.t('Create Volume') : vscode.l10n.t('Create Network');
    const scope = await scopeFor(s, node, title);
    const name = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('Name'),
      validateInput: (v) => (NAME.test(v) ? undefined : vscode.l10n.t('Letters, digits, _ . - (not first)')),
    });
    if (!name) return;
    if (kind === 'volume') await scope.client.createVolume(name);
    else await scope.client.createNetwork(name);
    scope.model.store.refreshList(listOf(kind));
  };
}

function removeResource<K extends ResourceKind>(s: ExplorerServices, kind: K): NodeHandler<NodeOf<K>> {
  return async (node, nodes) => {
    const title = kind === 'volume' ? vscode.l10n.t('Remove Volumes') : vscode.l10n.t('Remove Networks');
    const targets = await namedTargets(s, kind, node, nodes, title);
    if (!targets.length) return;
    const msg =
      kind === 'volume'
        ? vscode.l10n.t('Remove {0} volume(s)? Their data is lost.', targets.length)
        : vscode.l10n.t('Remove {0} network(s)?', targets.length);
    if (
      !(await confirm(
        msg,
        targets.map((t) => t.name),
        vscode.l10n.t('Remove'),
      ))
    ) {
      return;
    }
    try {
      await forEach(targets, (t) => {
        const { client } = scopeOf(s, t);
        return kind === 'volume' ? client.removeVolume(t.name) : client.removeNetwork(t.name);
      });
    } finally {
      refreshLists(s, targets, listOf(kind));
    }
  };
}

function inspectResource<K extends ResourceKind>(s: ExplorerServices, kind: K): NodeHandler<NodeOf<K>> {
  return async (node, nodes) => {
    const title = kind === 'volume' ? vscode.l10n.t('Inspect Volume') : vscode.l10n.t('Inspect Network');
    const [target] = await namedTargets(s, kind, node, nodes, title, false);
    return target ? openInspect(s.inspect, kind, target.name, target.name, scopeOf(s, target).id) : undefined;
  };
}

export function registerResourceCommands(s: ExplorerServices): void {
  const { wb } = s;
  registerCommand(wb, 'podman.volume.create', createResource(s, 'volume'));
  registerCommand(wb, 'podman.volume.remove', removeResource(s, 'volume'));
  registerCommand(wb, 'podman.volume.inspect', inspectResource(s, 'volume'));
  registerCommand(wb, 'podman.network.create', createResource(s, 'network'));
  registerCommand(wb, 'podman.network.remove', removeResource(s, 'network'));
  registerCommand(wb, 'podman.network.inspect', inspectResource(s, 'network'));
  registerPrunes(s);
}

/** Prune unused volumes, unused networks, and the whole system: each says first what goes. */
function registerPrunes(s: ExplorerServices): void {
  const { wb } = s;
  registerCommand(wb, 'podman.volume.prune', async (node?: unknown) => {
    const { client, model } = await scopeFor(s, node, vscode.l10n.t('Prune Volumes'));
    const unused = await listDanglingVolumes(client);
    if (!unused.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No unused volume to prune.'));
      return;
    }
    if (
      !(await confirm(
        vscode.l10n.t('Remove {0} unused volume(s)? Their data is lost.', unused.length),
        unused,
        vscode.l10n.t('Prune'),
      ))
    ) {
      return;
    }
    await client.pruneVolumes();
    model.store.refreshList('volumes');
  });

  registerCommand(wb, 'podman.network.prune', async (node?: unknown) => {
    const { client, model } = await scopeFor(s, node, vscode.l10n.t('Prune Networks'));
    const plan = prunePlan({
      containers: model.store.containers.values(),
      pods: [],
      images: [],
      networks: model.store.networks,
    });
    if (!plan.networks.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No unused network to prune.'));
      return;
    }
    if (
      !(await confirm(
        vscode.l10n.t('Remove {0} unused network(s)?', plan.networks.length),
        plan.networks,
        vscode.l10n.t('Prune'),
      ))
    ) {
      return;
    }
    await client.pruneNetworks();
    model.store.refreshList('networks');
  });

  registerCommand(wb, 'podman.system.prune', async (node?: unknown) => {
    const scope = await scopeFor(s, node, vscode.l10n.t('Prune System'));
    const { client } = scope;
    const st = scope.model.store;
    const danglingVolumes = await listDanglingVolumes(client);
    const plan = prunePlan({
      containers: st.containers.values(),
      pods: st.pods.values(),
      images: st.images,
      networks: st.networks,
      danglingVolumes,
    });
    const withoutVolumes = { ...plan, volumes: [] };
    const prune = vscode.l10n.t('Prune');
    const pruneAll = vscode.l10n.t('Prune Including Volumes');
    const detail = `${describePlan(withoutVolumes)}${plan.volumes.length ? `\n\n${vscode.l10n.t('With volumes also:')} ${plan.volumes.join(', ')}` : ''}`;
    const r = await vscode.window.showWarningMessage(
      vscode.l10n.t('Prune the Podman system? This removes:'),
      { modal: true, detail },
      prune,
      ...(plan.volumes.length ? [pruneAll] : []),
    );
    if (!r) return;
    await client.systemPrune({ volumes: r === pruneAll });
    await s.live.reload(scope.id);
  });
}
