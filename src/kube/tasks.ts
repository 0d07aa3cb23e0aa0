// Task type `podman-kube`: plays a Kubernetes YAML file; its terminal prints the play report.
import { TaskTerminal } from '../util/taskTerminal';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LiveConnection } from '../connections/manager';
import type { WorkbenchContext } from '../context';
import { PodmanError } from '../podman/errors';
import { requireConnection } from '../util/commands';
import { formatPlayReport, playKube, type PlayOptions } from '../podman/kube';
import { confirmUntrusted } from '../util/trust';

export interface KubeTaskDefinition extends vscode.TaskDefinition {
  type: 'podman-kube';
  file: string;
  replace?: boolean;
  start?: boolean;
  build?: boolean;
  network?: string[];
  configmap?: string[];
  logDriver?: string;
  userns?: string;
  publish?: string[];
  annotations?: Record<string, string>;
  /** The connection to play on (endpoint id or label); the active one when absent. */
  connection?: string;
}

export const KUBE_TASK_TYPE = 'podman-kube';

function resolvePath(file: string, scope: vscode.TaskScope | vscode.WorkspaceFolder | undefined): string {
  const folder = typeof scope === 'object' ? scope.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const f = file.replace(/\$\{workspaceFolder\}/g, folder ?? '');
  return path.isAbsolute(f) || !folder ? f : path.join(folder, f);
}

export function kubeTask(
  wb: WorkbenchContext,
  def: KubeTaskDefinition,
  scope: vscode.TaskScope | vscode.WorkspaceFolder = vscode.TaskScope.Workspace,
): vscode.Task {
  const task = new vscode.Task(
    def,
    scope,
    vscode.l10n.t('play {0}', def.file),
    'podman',
    new vscode.CustomExecution(async () => new KubePlayTerminal(wb, def, resolvePath(def.file, scope))),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always };
  return task;
}

export class KubeTaskProvider implements vscode.TaskProvider {
  constructor(private readonly wb: WorkbenchContext) {}
  provideTasks(): vscode.Task[] {
    return []; // tasks come from tasks.json; nothing is guessed
  }
  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const def = task.definition as KubeTaskDefinition;
    if (def.type !== KUBE_TASK_TYPE || typeof def.file !== 'string') return undefined;
    return kubeTask(this.wb, def, task.scope as vscode.WorkspaceFolder | vscode.TaskScope | undefined);
  }
}

class KubePlayTerminal extends TaskTerminal {
  constructor(
    private readonly wb: WorkbenchContext,
    private readonly def: KubeTaskDefinition,
    private readonly file: string,
  ) {
    super();
  }

  protected async run(): Promise<number> {
    if (!(await confirmUntrusted(vscode.l10n.t('Play {0} on Podman?', path.basename(this.file))))) {
      this.line(vscode.l10n.t('Not played: the workspace is not trusted.'));
      return 1;
    }
    let active: LiveConnection;
    try {
      active = requireConnection(this.wb, this.def.connection);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const fix = e instanceof PodmanError && e.fix ? ` ${e.fix}` : '';
      this.line(`${err.message}${fix}`);
      return 1;
    }
    const yaml = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(this.file))).toString('utf8');
    const configmaps = await Promise.all(
      (this.def.configmap ?? []).map(async (c) =>
        Buffer.from(
          await vscode.workspace.fs.readFile(vscode.Uri.file(path.resolve(path.dirname(this.file), c))),
        ).toString('utf8'),
      ),
    );
    const opts: PlayOptions = {
      replace: this.def.replace,
      start: this.def.start,
      build: this.def.build,
      networks: this.def.network,
      configmaps,
      logDriver: this.def.logDriver,
      userns: this.def.userns,
      publish: this.def.publish,
      annotations: this.def.annotations,
      signal: this.abort.signal,
      podmanVersion: active.info.version,
    };
    this.line(vscode.l10n.t('Playing {0} on {1}…', this.file, active.endpoint.label));
    const report = await playKube(active.client, yaml, opts);
    for (const l of formatPlayReport(report)) this.line(l);
    return report.ok ? 0 : 1;
  }
}
