// Task type `podman-compose`: Up, Down, Start, Stop, Restart, Pull or Build of a compose project
// from tasks.json (usable as a preLaunchTask), run in the compose terminal.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { loadCompose, type ComposeTarget } from './target';
import { ComposeTerminal, type ComposeRunOptions, type ComposeVerb } from './terminal';

export const COMPOSE_TASK_TYPE = 'podman-compose';

export interface ComposeTaskDefinition extends vscode.TaskDefinition {
  type: 'podman-compose';
  command: ComposeVerb;
  /** Compose files, relative to the workspace folder (default: compose.yaml and its override there). */
  files?: string[];
  services?: string[];
  profiles?: string[];
  build?: boolean;
  volumes?: boolean;
  images?: 'all' | 'local';
}

function folderOf(scope: vscode.TaskScope | vscode.WorkspaceFolder | undefined): string | undefined {
  return typeof scope === 'object' ? scope.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** A compose task running `options` on `target`; `done` hears its exit code. */
export function composeTask(
  wb: WorkbenchContext,
  def: ComposeTaskDefinition,
  target: () => ComposeTarget,
  scope: vscode.TaskScope | vscode.WorkspaceFolder = vscode.TaskScope.Workspace,
): vscode.Task {
  const options: ComposeRunOptions = {
    verb: def.command,
    services: def.services,
    profiles: def.profiles,
    build: def.build,
    volumes: def.volumes,
    images: def.images,
  };
  const task = new vscode.Task(
    def,
    scope,
    vscode.l10n.t('compose {0}', def.command),
    'podman',
    new vscode.CustomExecution(async () => new ComposeTerminal(wb, target(), options)),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always };
  return task;
}

export class ComposeTaskProvider implements vscode.TaskProvider {
  constructor(private readonly wb: WorkbenchContext) {}
  provideTasks(): vscode.Task[] {
    return [];
  }
  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const def = task.definition as ComposeTaskDefinition;
    if (def.type !== COMPOSE_TASK_TYPE || typeof def.command !== 'string') return undefined;
    const scope = task.scope as vscode.WorkspaceFolder | vscode.TaskScope | undefined;
    const dir = folderOf(scope) ?? process.cwd();
    const target = () => {
      const files = def.files?.map((f) => path.resolve(dir, f.replace(/\$\{workspaceFolder\}/g, dir)));
      const project = files?.length ? loadCompose(files, dir) : loadCompose([], dir);
      return { name: project.name, project };
    };
    return composeTask(this.wb, def, target, scope);
  }
}
