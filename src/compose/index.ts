// Compose in VS Code: CodeLens Up/Down/Run service on compose files, the editor-title and palette
// commands, the compose group's commands in the Containers tree (podman.compose.<verb>), merged
// logs, and the `podman-compose` task type. Every operation runs through src/compose/engine.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { openLogsTerminal } from '../explorer/logs';
import { PodmanError } from '../podman/errors';
import { registerCommand, requireClient } from '../util/commands';
import { runTaskToEnd } from '../util/runTask';
import { confirmUntrusted } from '../util/trust';
import { serviceContainers, serviceOf } from './engine';
import { ComposeLensProvider } from './lenses';
import { isComposeFileName } from './model';
import { resolveTarget, type ComposeTarget } from './target';
import { COMPOSE_TASK_TYPE, composeTask, ComposeTaskProvider, type ComposeTaskDefinition } from './tasks';
import type { ComposeVerb } from './terminal';

/** Runs a compose verb in its task terminal; resolves with the exit code once the task has ended. */
async function runTask(
  wb: WorkbenchContext,
  target: ComposeTarget,
  def: Omit<ComposeTaskDefinition, 'type' | 'command'> & { command: ComposeVerb },
): Promise<number> {
  const task = composeTask(wb, { type: COMPOSE_TASK_TYPE, ...def }, () => target, vscode.TaskScope.Workspace);
  return (await runTaskToEnd(task)) ?? 1;
}

async function target(wb: WorkbenchContext, arg: unknown): Promise<ComposeTarget | undefined> {
  return resolveTarget(wb, arg, requireClient(wb));
}

/** Up with choices: services, profiles, build. */
async function upWithChoices(wb: WorkbenchContext, arg: unknown): Promise<number | undefined> {
  const t = await target(wb, arg);
  if (!t?.project) {
    throw new PodmanError('not-found', vscode.l10n.t('Open the compose file of {0} to bring it up.', t?.name ?? ''));
  }
  const services = Object.values(t.project.services);
  const profiles = [...new Set(services.flatMap((s) => s.profiles))];
  type Item = vscode.QuickPickItem & { kind2: 'service' | 'profile' | 'build'; value: string };
  const items: Item[] = [
    ...services.map((s) => ({
      label: s.name,
      description: s.profiles.join(', '),
      kind2: 'service' as const,
      value: s.name,
    })),
    ...profiles.map((p) => ({ label: vscode.l10n.t('profile: {0}', p), kind2: 'profile' as const, value: p })),
    { label: vscode.l10n.t('Build images first'), kind2: 'build', value: 'build' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Compose Up: services (none = all), profiles, build'),
  });
  if (!picked) return undefined;
  const of = (k: Item['kind2']) => picked.filter((p) => p.kind2 === k).map((p) => p.value);
  return runTask(wb, t, {
    command: 'up',
    services: of('service'),
    profiles: of('profile'),
    build: of('build').length > 0,
  });
}

async function downWithChoices(wb: WorkbenchContext, arg: unknown): Promise<number | undefined> {
  const t = await target(wb, arg);
  if (!t) return undefined;
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Remove named volumes'), value: 'volumes' },
      { label: vscode.l10n.t('Remove the images'), value: 'images' },
    ],
    { canPickMany: true, title: vscode.l10n.t('Compose Down {0}: also remove…', t.name) },
  );
  if (!picked) return undefined;
  const volumes = picked.some((p) => p.value === 'volumes');
  return runTask(wb, t, {
    command: 'down',
    volumes,
    ...(picked.some((p) => p.value === 'images') ? { images: 'all' } : {}),
  });
}

async function logs(wb: WorkbenchContext, arg: unknown): Promise<void> {
  const t = await target(wb, arg);
  if (!t) return;
  const client = requireClient(wb);
  const containers = await serviceContainers(client, t.name);
  if (!containers.length) {
    throw new PodmanError('not-found', vscode.l10n.t('The project {0} has no containers.', t.name));
  }
  const named = containers.map((c) => ({
    id: c.id,
    name: containers.filter((x) => serviceOf(x) === serviceOf(c)).length > 1 ? c.name : serviceOf(c),
  }));
  openLogsTerminal(client, vscode.l10n.t('{0} logs', t.name), named, { prefix: true });
}

function registerVerbs(wb: WorkbenchContext): void {
  const verbs: ComposeVerb[] = ['up', 'down', 'start', 'stop', 'restart', 'pull', 'build'];
  for (const verb of verbs) {
    registerCommand(wb, `podman.compose.${verb}`, async (arg?: unknown) => {
      if (
        (verb === 'up' || verb === 'build') &&
        !(await confirmUntrusted(vscode.l10n.t('Run compose {0} on Podman?', verb)))
      ) {
        return undefined;
      }
      const t = await target(wb, arg);
      return t ? runTask(wb, t, { command: verb }) : undefined;
    });
  }
  registerCommand(wb, 'podman.compose.upSelect', (arg?: unknown) => upWithChoices(wb, arg));
  registerCommand(wb, 'podman.compose.downSelect', (arg?: unknown) => downWithChoices(wb, arg));
  registerCommand(wb, 'podman.compose.logs', (arg?: unknown) => logs(wb, arg));
  registerCommand(wb, 'podman.compose.runService', async (uri?: vscode.Uri, service?: string) => {
    if (!(await confirmUntrusted(vscode.l10n.t('Run compose up on Podman?')))) return undefined;
    const t = await target(wb, uri);
    if (!t) return undefined;
    return runTask(wb, t, { command: 'up', services: service ? [service] : undefined });
  });
}

/** Keeps `podman.compose.activeIsCompose` (editor-title actions) in step with the active editor. */
function trackActiveCompose(wb: WorkbenchContext): void {
  const update = () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const is = !!uri && uri.scheme === 'file' && isComposeFileName(path.basename(uri.fsPath));
    void vscode.commands.executeCommand('setContext', 'podman.compose.activeIsCompose', is);
  };
  wb.ext.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(update));
  update();
}

export function registerCompose(wb: WorkbenchContext): void {
  wb.ext.subscriptions.push(
    vscode.languages.registerCodeLensProvider({ language: 'yaml', scheme: 'file' }, new ComposeLensProvider()),
    vscode.languages.registerCodeLensProvider({ language: 'dockercompose', scheme: 'file' }, new ComposeLensProvider()),
    vscode.tasks.registerTaskProvider(COMPOSE_TASK_TYPE, new ComposeTaskProvider(wb)),
  );
  trackActiveCompose(wb);
  registerVerbs(wb);
}
