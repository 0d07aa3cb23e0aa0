// Running a VS Code task to its end: the exit code of its process, returned once VS Code has
// ended the task itself (onDidEndTask), so a task started next finds its terminal free.
import * as vscode from 'vscode';

/**
 * Executes `task` and resolves with its process's exit code after VS Code has ended the task.
 * Resolving earlier (when the work was done but the terminal not yet closed) let a task started
 * right after wait for that terminal and never open: a Down run within milliseconds of an Up.
 */
export async function runTaskToEnd(task: vscode.Task): Promise<number | undefined> {
  const codes = new Map<vscode.TaskExecution, number | undefined>();
  const done = new Set<vscode.TaskExecution>();
  let wake: (() => void) | undefined;
  const subs = [
    vscode.tasks.onDidEndTaskProcess((e) => codes.set(e.execution, e.exitCode)),
    vscode.tasks.onDidEndTask((e) => {
      done.add(e.execution);
      wake?.();
    }),
  ];
  try {
    const execution = await vscode.tasks.executeTask(task);
    while (!done.has(execution)) await new Promise<void>((resolve) => (wake = resolve));
    return codes.get(execution);
  } finally {
    subs.forEach((s) => s.dispose());
  }
}
