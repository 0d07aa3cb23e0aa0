// What a compose command acts on: a compose file (editor, CodeLens, explorer file, palette pick)
// loaded into the model, or a running project (a compose group of the tree) found by its labels,
// with its files read back from the com.docker.compose labels when they are still on disk.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import type { ComposeNode } from '../explorer/model/nodes';
import type { PodmanClient } from '../podman/client';
import { PodmanError } from '../podman/errors';
import { isComposeFileName, loadProject, nodeFileAccess, type ComposeProject } from './model';
import { LABEL, listProjectContainers } from './engine';

export interface ComposeTarget {
  /** The project name (as Podman's labels carry it). */
  name: string;
  /** The loaded project, when its files are known and on disk. */
  project?: ComposeProject;
}

const isNode = (v: unknown): v is ComposeNode => !!v && typeof v === 'object' && (v as ComposeNode).kind === 'compose';

/** Loads the compose project of these files with the workbench's settings (podman.compose.*). */
export function loadCompose(files: string[], workingDir?: string): ComposeProject {
  return loadProject({ files, workingDir: workingDir ?? path.dirname(files[0]), fs: nodeFileAccess, env: process.env });
}

/** The project of a running group: its name, and its files from the labels when present. */
async function fromRunning(client: PodmanClient, name: string): Promise<ComposeTarget> {
  const containers = await listProjectContainers(client, name);
  const labels = containers.find((c) => c.labels[LABEL.configFiles])?.labels;
  const files = labels?.[LABEL.configFiles]?.split(',').filter(Boolean) ?? [];
  const dir = labels?.[LABEL.workingDir];
  if (!files.length || !files.every((f) => nodeFileAccess.exists(path.resolve(dir ?? '', f)))) return { name };
  const project = loadCompose(
    files.map((f) => path.resolve(dir ?? '', f)),
    dir,
  );
  return { name, project: { ...project, name } };
}

async function pickFile(): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles('**/{compose,docker-compose}*.{yaml,yml}', '**/node_modules/**', 50);
  const files = found.filter((u) => isComposeFileName(path.basename(u.fsPath)));
  if (files.length === 1) return files[0];
  if (!files.length) throw new PodmanError('not-found', vscode.l10n.t('No compose file in the workspace.'));
  const pick = await vscode.window.showQuickPick(
    files.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
    { title: vscode.l10n.t('Compose file') },
  );
  return pick?.uri;
}

/** The files Compose reads for a clicked file: the base and its override when one of them is clicked. */
function filesFor(uri: vscode.Uri): string[] {
  const file = uri.fsPath;
  const base = path.basename(file).replace(/\.override\.(ya?ml)$/, '.$1');
  const dir = path.dirname(file);
  const override = base.replace(/\.(ya?ml)$/, '.override.$1');
  const baseFile = path.join(dir, base);
  const files = nodeFileAccess.exists(baseFile) ? [baseFile] : [file];
  if (nodeFileAccess.exists(path.join(dir, override)) && !files.includes(path.join(dir, override))) {
    files.push(path.join(dir, override));
  }
  return files;
}

/**
 * The target of a command: a tree group, a file Uri, the active editor's compose file, or a pick.
 * Unsaved edits are saved first, so what runs is what the user sees.
 */
export async function resolveTarget(
  wb: WorkbenchContext,
  arg: unknown,
  client: PodmanClient,
): Promise<ComposeTarget | undefined> {
  if (isNode(arg)) return fromRunning(client, arg.project);
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  const active = vscode.window.activeTextEditor?.document;
  if (!uri && active && isComposeFileName(path.basename(active.uri.fsPath))) uri = active.uri;
  uri ??= await pickFile();
  if (!uri) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) await open.save();
  const project = loadCompose(filesFor(uri));
  wb.log.info(`compose: ${project.name} from ${project.files.join(', ')}`);
  return { name: project.name, project };
}
