// Building images from the editor: the "Build Image" command and the `podman-build` task type.
// Builds go through the socket (src/podman/build.ts); output streams into the task terminal,
// a failing step is marked on its Containerfile line, and cancellation aborts the request.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { BuildError, buildImage, lineOfStep, type BuildSecret } from '../podman/build';
import { BuildLayerRecorder } from '../podman/history';
import { PodmanError } from '../podman/errors';
import { registerCommand, requireConnection } from '../util/commands';
import { TaskTerminal } from '../util/taskTerminal';
import { confirmUntrusted } from '../util/trust';
import { type LayerLenses, registerLayerLenses } from './layers';

export const BUILD_TASK_TYPE = 'podman-build';

export interface BuildTaskDefinition extends vscode.TaskDefinition {
  type: typeof BUILD_TASK_TYPE;
  context?: string;
  file?: string;
  tag?: string;
  buildArgs?: Record<string, string>;
  target?: string;
  secrets?: BuildSecret[];
  platform?: string;
  noCache?: boolean;
  /** The connection to build on (endpoint id or label); the active one when absent. */
  connection?: string;
}

const CONTAINERFILE_GLOB =
  '**/{Containerfile,Dockerfile,*.containerfile,*.dockerfile,Containerfile.*,Dockerfile.*,Containerfile-*,Dockerfile-*}';

/** Problems of failed builds, on the Containerfile line of the failing step. */
let buildDiagnostics: vscode.DiagnosticCollection;
/** The layer sizes and cache use shown on Containerfile lines, fed by every successful build. */
let layerLenses: LayerLenses | undefined;

function resolvePath(p: string | undefined, folder: vscode.WorkspaceFolder | undefined, fallback: string): string {
  if (!p) return fallback;
  const expanded = folder ? p.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath) : p;
  return path.isAbsolute(expanded) ? expanded : path.join(folder?.uri.fsPath ?? process.cwd(), expanded);
}

function defaultTag(containerfile: string): string {
  const dir =
    path
      .basename(path.dirname(containerfile))
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-._]+/, '') || 'image';
  return `localhost/${dir}:latest`;
}

/** The pseudoterminal that runs one build and reports it. */
class BuildTerminal extends TaskTerminal {
  constructor(
    private readonly wb: WorkbenchContext,
    private readonly def: BuildTaskDefinition,
    private readonly folder: vscode.WorkspaceFolder | undefined,
  ) {
    super();
  }

  protected async run(): Promise<number> {
    const root = this.folder?.uri.fsPath ?? process.cwd();
    const file = resolvePath(this.def.file, this.folder, path.join(root, 'Containerfile'));
    const contextDir = resolvePath(this.def.context, this.folder, path.dirname(file));
    const tag = this.def.tag || defaultTag(file);
    const fileUri = vscode.Uri.file(file);
    buildDiagnostics.delete(fileUri);
    let code = 0;
    try {
      const client = requireConnection(this.wb, this.def.connection).client;
      this.write(
        `\x1b[1mBuilding ${tag}\x1b[0m from ${file}\ncontext ${contextDir} (through ${client.socketPath})\n\n`,
      );
      const t0 = Date.now();
      const secrets = (this.def.secrets ?? []).map((s) => ({ id: s.id, src: resolvePath(s.src, this.folder, s.src) }));
      const recorder = new BuildLayerRecorder();
      const r = await buildImage(client, {
        contextDir,
        containerfile: file,
        tags: [tag],
        buildArgs: this.def.buildArgs,
        target: this.def.target,
        platform: this.def.platform,
        noCache: this.def.noCache,
        secrets,
        signal: this.abort.signal,
        onOutput: (t) => {
          this.write(t);
          recorder.feed(t);
        },
      });
      layerLenses?.record({ file, tag, imageId: r.imageId, steps: recorder.end(), at: Date.now() });
      this.write(
        `\n\x1b[32mBuilt ${tag}\x1b[0m (${r.imageId.slice(0, 12)}) in ${((Date.now() - t0) / 1000).toFixed(1)} s, context ${r.files} files / ${(r.bytes / 1024).toFixed(0)} KiB\n`,
      );
    } catch (e) {
      code = 1;
      if (e instanceof BuildError) {
        const text = await vscode.workspace.fs.readFile(fileUri).then(
          (b) => Buffer.from(b).toString('utf8'),
          () => '',
        );
        const line = e.step ? lineOfStep(text, e.step) : undefined;
        const range = new vscode.Range(line ?? 0, 0, line ?? 0, Number.MAX_SAFE_INTEGER);
        const d = new vscode.Diagnostic(
          range,
          `Build failed${e.step ? ` at step ${e.step.step}/${e.step.steps}` : ''}: ${e.message}`,
          vscode.DiagnosticSeverity.Error,
        );
        d.source = 'podman build';
        buildDiagnostics.set(fileUri, [d]);
        this.write(
          `\n\x1b[31mBuild failed${line !== undefined ? ` at ${path.basename(file)}:${line + 1}` : ''}\x1b[0m: ${e.message}\n`,
        );
      } else if (e instanceof PodmanError && e.kind === 'cancelled') {
        this.write(
          '\n\x1b[33mBuild cancelled.\x1b[0m Podman finishes the running step in the background, then removes its working container.\n',
        );
      } else {
        const msg =
          e instanceof PodmanError && e.fix ? `${e.message} ${e.fix}` : e instanceof Error ? e.message : String(e);
        this.write(`\n\x1b[31m${msg}\x1b[0m\n`);
        this.wb.log.error('build failed', e);
      }
    }
    return code;
  }
}

function buildTask(
  wb: WorkbenchContext,
  def: BuildTaskDefinition,
  folder: vscode.WorkspaceFolder | undefined,
  name?: string,
): vscode.Task {
  const task = new vscode.Task(
    def,
    folder ?? vscode.TaskScope.Workspace,
    name ?? `build ${def.tag || path.basename(def.file ?? 'Containerfile')}`,
    'podman',
    new vscode.CustomExecution(async (resolved) => new BuildTerminal(wb, resolved as BuildTaskDefinition, folder)),
    [],
  );
  task.group = vscode.TaskGroup.Build;
  task.presentationOptions = {
    reveal: vscode.TaskRevealKind.Always,
    panel: vscode.TaskPanelKind.Dedicated,
    clear: true,
  };
  return task;
}

let untrustedOutput: vscode.OutputChannel | undefined;

/**
 * Runs a build's pseudoterminal without a terminal (in Restricted Mode VS Code asks for trust again
 * before a task or a terminal): its output goes to the Podman Build output channel; resolves with
 * the exit code.
 */
function runInOutput(build: BuildTerminal): Promise<number> {
  untrustedOutput ??= vscode.window.createOutputChannel(vscode.l10n.t('Podman Build'));
  const out = untrustedOutput;
  out.show(true);
  return new Promise((resolve) => {
    build.onDidWrite((t) => out.append(t.replace(/\r\n/g, '\n').replace(/\x1b\[[0-9;]*m/g, '')));
    build.onDidClose((code) => {
      out.appendLine(vscode.l10n.t('[build ended with exit code {0}]', code));
      resolve(code);
    });
    build.open();
  });
}

/** Runs a build task and resolves with its exit code; a notification offers cancellation. */
async function runBuild(
  wb: WorkbenchContext,
  def: BuildTaskDefinition,
  folder: vscode.WorkspaceFolder | undefined,
): Promise<number | undefined> {
  if (!(await confirmUntrusted(vscode.l10n.t('Build an image from {0}?', def.file ?? 'this workspace')))) {
    return undefined;
  }
  // Restricted Mode runs no task (VS Code would ask for trust again): the user said yes, so run it here.
  if (!vscode.workspace.isTrusted) return runInOutput(new BuildTerminal(wb, def, folder));
  const execution = await vscode.tasks.executeTask(buildTask(wb, def, folder));
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Building {0}', def.tag ?? ''),
      cancellable: true,
    },
    (_p, token) =>
      new Promise<number | undefined>((resolve) => {
        const subs: vscode.Disposable[] = [];
        subs.push(
          vscode.tasks.onDidEndTaskProcess((e) => {
            if (e.execution === execution) {
              subs.forEach((s) => s.dispose());
              resolve(e.exitCode);
            }
          }),
          token.onCancellationRequested(() => execution.terminate()),
        );
      }),
  );
}

export function registerBuild(wb: WorkbenchContext): void {
  buildDiagnostics = vscode.languages.createDiagnosticCollection('podman-build');
  wb.ext.subscriptions.push(buildDiagnostics);
  layerLenses = registerLayerLenses(wb);
  wb.ext.subscriptions.push(
    vscode.tasks.registerTaskProvider(BUILD_TASK_TYPE, {
      provideTasks: async () => {
        const files = await vscode.workspace.findFiles(CONTAINERFILE_GLOB, '**/node_modules/**', 50);
        return files.map((f) => {
          const folder = vscode.workspace.getWorkspaceFolder(f);
          const rel = folder ? path.relative(folder.uri.fsPath, f.fsPath) : f.fsPath;
          return buildTask(
            wb,
            { type: BUILD_TASK_TYPE, file: rel, context: path.dirname(rel) || '.', tag: defaultTag(f.fsPath) },
            folder,
            `build ${rel}`,
          );
        });
      },
      resolveTask: (task) => {
        const def = task.definition as BuildTaskDefinition;
        return buildTask(wb, def, typeof task.scope === 'object' ? task.scope : undefined, task.name);
      },
    }),
  );

  registerCommand(wb, 'podman.image.build', async (uri?: vscode.Uri) => {
    let file =
      uri instanceof vscode.Uri
        ? uri
        : vscode.window.activeTextEditor?.document.languageId === 'dockerfile'
          ? vscode.window.activeTextEditor.document.uri
          : undefined;
    if (!file) {
      const found = await vscode.workspace.findFiles(CONTAINERFILE_GLOB, '**/node_modules/**', 200);
      if (found.length === 0) throw new Error(vscode.l10n.t('No Containerfile or Dockerfile in this workspace.'));
      const pick =
        found.length === 1
          ? { uri: found[0] }
          : await vscode.window.showQuickPick(
              found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
              { title: vscode.l10n.t('Build Image: pick a Containerfile') },
            );
      if (!pick) return undefined;
      file = pick.uri;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file!.toString());
    if (doc?.isDirty) await doc.save();
    const tag = await vscode.window.showInputBox({
      title: vscode.l10n.t('Build Image: tag'),
      value: defaultTag(file.fsPath),
      validateInput: (v) =>
        /^[a-z0-9]([a-z0-9._\-/:@]*[a-z0-9])?$/i.test(v.trim())
          ? undefined
          : vscode.l10n.t('Not a valid image reference.'),
    });
    if (!tag) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(file);
    return runBuild(
      wb,
      { type: BUILD_TASK_TYPE, file: file.fsPath, context: path.dirname(file.fsPath), tag: tag.trim() },
      folder,
    );
  });
}
