// Archive commands: save images to a tar, load a tar, import a tar as an image, export a
// container's file system (podman.image.save|load|import, podman.container.export). Each streams
// through src/podman/transfer.ts under a cancellable progress notification.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBytes } from '../../podman/history';
import {
  ARCHIVE_FORMATS,
  exportContainer,
  importImage,
  loadImages,
  saveImages,
  type ArchiveFormat,
} from '../../podman/transfer';
import type { ImageSummary } from '../../podman/models';
import { registerCommand } from '../../util/commands';
import { withTransferProgress } from '../../util/transferProgress';
import { imageLabel } from '../model/tree';
import type { ContainerNode, ImageNode, TreeNode } from '../model/nodes';
import { type ExplorerServices, containerTargets, imageTargets, scopeFor, scopeOf } from './common';

/** A file name made of an image or container name: `localhost/app:1.0` → `app-1.0`. */
export function archiveBaseName(name: string): string {
  const last = name.split('/').pop() ?? name;
  return last.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'archive';
}

const TAR_FILTERS = { [vscode.l10n.t('Tar archives')]: ['tar', 'tgz', 'gz', 'zst', 'xz'] };

function defaultFolder(): vscode.Uri {
  return vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
}

async function askFormat(images: ImageSummary[]): Promise<ArchiveFormat | undefined> {
  if (images.length > 1) return 'docker-archive'; // Podman saves several images only in this format
  const items = ARCHIVE_FORMATS.map((f) => ({
    label: f,
    description:
      f === 'docker-archive'
        ? vscode.l10n.t('loads with podman load and docker load')
        : vscode.l10n.t('OCI image layout in a tar (layers compressed)'),
  }));
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Save Images: archive format') });
  return picked?.label;
}

/** Save Images: one or several images into one tar, through a save dialog. */
async function saveCommand(s: ExplorerServices, node?: ImageNode, nodes?: readonly TreeNode[]) {
  const images = await imageTargets(s, node, nodes, vscode.l10n.t('Save Images'));
  if (!images.length) return undefined;
  const format = await askFormat(images);
  if (!format) return undefined;
  const first = images[0].repoTags[0] ?? images[0].id.slice(0, 12);
  const name = images.length === 1 ? archiveBaseName(first) : 'images';
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save {0} to', images.length === 1 ? imageLabel(images[0]) : `${images.length} images`),
    defaultUri: vscode.Uri.joinPath(defaultFolder(), `${name}.tar`),
    filters: TAR_FILTERS,
  });
  if (!target) return undefined;
  const client = scopeOf(s, images[0]).client;
  // A docker-archive keeps every name of an image (several names go through images/export).
  const refs =
    format === 'docker-archive'
      ? images.flatMap((i) => (i.repoTags.length ? i.repoTags : [i.id]))
      : [images[0].repoTags[0] ?? images[0].id];
  const estimatedBytes = images.reduce((sum, i) => sum + i.size, 0);
  const r = await withTransferProgress(vscode.l10n.t('Saving to {0}', path.basename(target.fsPath)), (o) =>
    saveImages(client, refs, target.fsPath, { ...o, format, estimatedBytes }),
  );
  s.wb.log.info(`saved ${refs.join(', ')} to ${target.fsPath} (${format}, ${r.bytes} bytes)`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Saved {0} to {1} ({2}).', refs.join(', '), target.fsPath, formatBytes(r.bytes)),
  );
  return target.fsPath;
}

async function askTarFile(title: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    canSelectMany: false,
    defaultUri: defaultFolder(),
    filters: { ...TAR_FILTERS, [vscode.l10n.t('All files')]: ['*'] },
  });
  return picked?.[0];
}

/** Load Images: a tar made by a save; the images appear through the event path. */
async function loadCommand(s: ExplorerServices) {
  const file = await askTarFile(vscode.l10n.t('Load Images from a Tar'));
  if (!file) return undefined;
  const scope = await scopeFor(s, undefined, vscode.l10n.t('Load Images from a Tar'));
  const client = scope.client;
  const names = await withTransferProgress(vscode.l10n.t('Loading {0}', path.basename(file.fsPath)), (o) =>
    loadImages(client, file.fsPath, {
      ...o,
      onProgress: (p) => {
        o.onProgress?.(p);
        if (p.total && p.bytes >= p.total) o.phase(vscode.l10n.t('Podman is reading the archive…'));
      },
    }),
  );
  scope.model.store.refreshList('images');
  s.wb.log.info(`loaded ${names.join(', ')} from ${file.fsPath}`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Loaded {0}.', names.join(', ') || vscode.l10n.t('an image without a name')),
  );
  return names;
}

/** Podman's rule for a reference we can name an import with (checked before sending). */
const REFERENCE =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?$/;

/** Import Image: a tar of a file system (e.g. a container export) becomes a one-layer image. */
async function importCommand(s: ExplorerServices) {
  const file = await askTarFile(vscode.l10n.t('Import a Tar as an Image'));
  if (!file) return undefined;
  const reference = await vscode.window.showInputBox({
    title: vscode.l10n.t('Import {0}', path.basename(file.fsPath)),
    prompt: vscode.l10n.t('Name of the new image, e.g. localhost/app:1.0 (empty: no name)'),
    value: `localhost/${archiveBaseName(path.basename(file.fsPath, path.extname(file.fsPath))).toLowerCase()}:latest`,
    validateInput: (v) =>
      !v.trim() || REFERENCE.test(v.trim())
        ? undefined
        : vscode.l10n.t('Not an image name: lowercase letters, digits, . _ - / and an optional :tag'),
  });
  if (reference === undefined) return undefined;
  const cmd = await vscode.window.showInputBox({
    title: vscode.l10n.t('Import {0}', path.basename(file.fsPath)),
    prompt: vscode.l10n.t('Command of the image, e.g. /bin/sh (empty: none)'),
  });
  if (cmd === undefined) return undefined;
  const scope = await scopeFor(s, undefined, vscode.l10n.t('Import a Tar as an Image'));
  const client = scope.client;
  const changes = cmd.trim() ? [`CMD ${JSON.stringify(cmd.trim().split(/\s+/))}`] : [];
  const id = await withTransferProgress(vscode.l10n.t('Importing {0}', path.basename(file.fsPath)), (o) =>
    importImage(client, file.fsPath, { ...o, reference: reference.trim() || undefined, changes }),
  );
  scope.model.store.refreshList('images');
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Imported {0} as {1}.', path.basename(file.fsPath), reference.trim() || id.slice(0, 12)),
  );
  return id;
}

/** Export Container: the container's file system as a tar, through a save dialog. */
async function exportCommand(s: ExplorerServices, node?: ContainerNode, nodes?: readonly TreeNode[]) {
  const [c] = await containerTargets(s, node, nodes, vscode.l10n.t('Export Container'), () => true, false);
  if (!c) return undefined;
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export the file system of {0} to', c.name),
    defaultUri: vscode.Uri.joinPath(defaultFolder(), `${archiveBaseName(c.name)}.tar`),
    filters: TAR_FILTERS,
  });
  if (!target) return undefined;
  const client = scopeOf(s, c).client;
  const r = await withTransferProgress(vscode.l10n.t('Exporting {0}', c.name), (o) =>
    exportContainer(client, c.id, target.fsPath, o),
  );
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Exported {0} to {1} ({2}).', c.name, target.fsPath, formatBytes(r.bytes)),
  );
  return target.fsPath;
}

export function registerArchiveCommands(s: ExplorerServices): void {
  registerCommand(s.wb, 'podman.image.save', (node?: ImageNode, nodes?: readonly TreeNode[]) =>
    saveCommand(s, node, nodes),
  );
  registerCommand(s.wb, 'podman.image.load', () => loadCommand(s));
  registerCommand(s.wb, 'podman.image.import', () => importCommand(s));
  registerCommand(s.wb, 'podman.container.export', (node?: ContainerNode, nodes?: readonly TreeNode[]) =>
    exportCommand(s, node, nodes),
  );
}
