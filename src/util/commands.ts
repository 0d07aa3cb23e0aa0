// One factory for commands: every registration goes into context.subscriptions, and every
// failure becomes a clear message (with the fix) instead of an unhandled rejection.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import type { LiveConnection } from '../connections/manager';
import { PodmanError, classifyError } from '../podman/errors';
import { serverSummary } from '../podman/client';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandHandler = (...args: any[]) => unknown;

export function registerCommand(wb: WorkbenchContext, id: string, handler: CommandHandler): void {
  wb.ext.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (e) {
        await reportError(wb, e, id);
        return undefined;
      }
    }),
  );
}

/** Shows an error to the user the calm way: vanished objects are a notice, others carry the fix. */
export async function reportError(wb: WorkbenchContext, e: unknown, what: string): Promise<void> {
  const err =
    e instanceof PodmanError
      ? e
      : wb.connections.active
        ? classifyError(e, wb.connections.active.client.socketPath)
        : e;
  if (err instanceof PodmanError) {
    if (err.kind === 'cancelled') return;
    if (err.kind === 'not-found') {
      wb.log.info(`${what}: ${err.message}`);
      void vscode.window.showInformationMessage(vscode.l10n.t('It is gone already: {0}', err.message));
      return;
    }
    wb.log.error(what, err);
    wb.connections.reportFailure(err);
    const text = err.fix ? `${err.message} ${err.fix}` : err.message;
    const pick = await vscode.window.showErrorMessage(text, vscode.l10n.t('Show Log'));
    if (pick) wb.log.channel.show(true);
    return;
  }
  wb.log.error(what, e);
  const pick = await vscode.window.showErrorMessage(
    e instanceof Error ? e.message : String(e),
    vscode.l10n.t('Show Log'),
  );
  if (pick) wb.log.channel.show(true);
}

/**
 * The connection a launch configuration or a task names in its optional `connection` (endpoint
 * id, URI or label), else the active one; a clear error when it is not there or not a string.
 */
export function requireConnection(wb: WorkbenchContext, connection: unknown): LiveConnection {
  if (connection === undefined || connection === null || connection === '') {
    requireClient(wb); // the clear error when there is none
    return wb.connections.active as LiveConnection;
  }
  if (typeof connection !== 'string') {
    throw new PodmanError(
      'server',
      `"connection" must be a string (an endpoint id or label), not ${typeof connection}.`,
    );
  }
  return wb.connections.named(connection);
}

/**
 * The connection a palette command acts on: the active one, or the user's pick when several are
 * live (a cancelled pick is a quiet 'cancelled' error).
 */
export async function pickConnection(wb: WorkbenchContext, title: string): Promise<LiveConnection> {
  const live = wb.connections.live;
  if (live.length <= 1) return requireConnection(wb, undefined);
  const activeId = wb.connections.active?.endpoint.id;
  const items = live.map((c) => ({
    label: `${c.endpoint.id === activeId ? '$(check) ' : ''}${c.endpoint.label}`,
    description: serverSummary(c.info),
    detail: c.endpoint.uri,
    c,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('{0}: which connection?', title),
    placeHolder: vscode.l10n.t('Connection'),
  });
  if (!picked) throw new PodmanError('cancelled', 'cancelled');
  return picked.c;
}

/** The active client, or a clear error saying there is none and how to fix it. */
export function requireClient(wb: WorkbenchContext) {
  const active = wb.connections.active;
  if (!active) {
    const p = wb.connections.activeProblem;
    throw (
      p ??
      new PodmanError(
        'socket-missing',
        'No Podman connection is active.',
        'Open the Connections view to pick or fix one.',
      )
    );
  }
  return active.client;
}
