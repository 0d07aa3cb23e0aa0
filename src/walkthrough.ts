// The done-when context keys of the Get Started walkthrough that no feature sets by itself: a
// podman-build task started (the Build step) and a podman debug session started (the Debug step).
import * as vscode from 'vscode';
import type { WorkbenchContext } from './context';

export function registerWalkthrough(wb: WorkbenchContext): void {
  const done = (key: string) => void vscode.commands.executeCommand('setContext', `podman.walkthrough.${key}`, true);
  wb.ext.subscriptions.push(
    vscode.tasks.onDidStartTask((e) => e.execution.task.definition.type === 'podman-build' && done('built')),
    vscode.debug.onDidStartDebugSession((s) => s.type === 'podman' && done('debugged')),
  );
}
