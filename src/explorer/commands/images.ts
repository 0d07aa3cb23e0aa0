// Image commands: podman.image.<verb>.
import * as vscode from 'vscode';
import { registerCommand } from '../../util/commands';
import { openInspect } from '../inspect';
import { imageRefProblem } from '../../podman/imageRef';
import { tagImage } from '../../podman/registryTransfer';
import { buildRunSpec, CONTAINER_NAME, parseEnvEntry, parsePorts } from '../model/runSpec';
import { imageLabel } from '../model/tree';
import type { ImageNode, TreeNode } from '../model/nodes';
import {
  type ExplorerServices,
  type NodeHandler,
  confirm,
  forEach,
  imageTargets,
  refreshLists,
  scopeFor,
  scopeOf,
} from './common';

/** Checks a value with a parser that throws: undefined when it parses, else the parser's message. */
function parses(parse: (v: string) => unknown) {
  return (v: string): string | undefined => {
    try {
      parse(v);
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
}

/** Asks for KEY=VALUE entries until an empty one; undefined when the user pressed Esc. */
async function askEnv(title: string): Promise<Record<string, string> | undefined> {
  const env: Record<string, string> = {};
  for (;;) {
    const entry = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t(
        'Environment variable KEY=VALUE (empty: done). Set so far: {0}',
        Object.keys(env).join(', ') || vscode.l10n.t('none'),
      ),
      validateInput: (v) => (v ? parses(parseEnvEntry)(v) : undefined),
    });
    if (entry === undefined) return undefined;
    if (!entry) return env;
    const [k, v] = parseEnvEntry(entry);
    env[k] = v;
  }
}

/** Run Image: asks for a name, published ports and environment, then creates and starts the container. */
function runImage(s: ExplorerServices): NodeHandler<ImageNode> {
  return async (node, nodes) => {
    const [image] = await imageTargets(s, node, nodes, vscode.l10n.t('Run Image'), false);
    if (!image) return undefined;
    const title = vscode.l10n.t('Run {0}', imageLabel(image));
    const name = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('Container name (empty: Podman picks one)'),
      validateInput: (v) =>
        !v || CONTAINER_NAME.test(v) ? undefined : vscode.l10n.t('Letters, digits, _ . - (not first)'),
    });
    if (name === undefined) return undefined;
    const portsText = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('Published ports, e.g. 8080:80 127.0.0.1:9000:90/udp (empty: none)'),
      validateInput: parses(parsePorts),
    });
    if (portsText === undefined) return undefined;
    const env = await askEnv(title);
    if (!env) return undefined;
    const scope = scopeOf(s, image);
    const client = scope.client;
    const spec = buildRunSpec({
      image: image.repoTags[0] ?? image.id,
      name: name || undefined,
      ports: parsePorts(portsText),
      env,
    });
    const id = await client.createContainer(spec);
    await client.containerAction(id, 'start');
    if (!s.live.followingOf(scope.id)) scope.model.store.refetchContainer(id);
    return id;
  };
}

export function registerImageCommands(s: ExplorerServices): void {
  const { wb } = s;

  registerCommand(wb, 'podman.image.run', runImage(s));

  registerCommand(wb, 'podman.image.remove', async (node?: ImageNode, nodes?: readonly TreeNode[]) => {
    const images = await imageTargets(s, node, nodes, vscode.l10n.t('Remove Images'));
    if (!images.length) return;
    const msg =
      images.length === 1
        ? vscode.l10n.t('Remove image “{0}”?', imageLabel(images[0]))
        : vscode.l10n.t('Remove {0} images?', images.length);
    if (!(await confirm(msg, images.map(imageLabel), vscode.l10n.t('Remove')))) return;
    try {
      await forEach(images, (i) => scopeOf(s, i).client.removeImage(i.repoTags.length > 1 ? i.repoTags[0] : i.id));
    } finally {
      refreshLists(s, images, 'images');
    }
  });

  registerCommand(wb, 'podman.image.tag', async (node?: ImageNode, nodes?: readonly TreeNode[]) => {
    const [image] = await imageTargets(s, node, nodes, vscode.l10n.t('Tag Image'), false);
    if (!image) return;
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Tag {0}', imageLabel(image)),
      prompt: vscode.l10n.t('New name, e.g. localhost/app:1.0 or quay.io/me/app:1.0'),
      value: image.repoTags[0] ?? '',
      validateInput: (v) => imageRefProblem(v),
    });
    if (!value) return;
    await tagImage(scopeOf(s, image).client, image.id, value.trim());
    refreshLists(s, [image], 'images');
  });

  registerCommand(wb, 'podman.image.inspect', async (node?: ImageNode, nodes?: readonly TreeNode[]) => {
    const [image] = await imageTargets(s, node, nodes, vscode.l10n.t('Inspect Image'), false);
    if (image) return openInspect(s.inspect, 'image', imageLabel(image), image.id, scopeOf(s, image).id);
    return undefined;
  });

  registerCommand(wb, 'podman.image.pruneDangling', async (node?: TreeNode) => {
    const scope = await scopeFor(s, node, vscode.l10n.t('Prune Dangling Images'));
    const dangling = scope.model.store.images.filter((i) => i.dangling && i.containers === 0);
    if (!dangling.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No dangling image to prune.'));
      return;
    }
    if (
      !(await confirm(
        vscode.l10n.t('Remove {0} dangling images?', dangling.length),
        dangling.map((i) => i.id.slice(0, 12)),
        vscode.l10n.t('Prune'),
      ))
    ) {
      return;
    }
    await scope.client.pruneImages();
    scope.model.store.refreshList('images');
  });
}
