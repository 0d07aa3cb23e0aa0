// Drives commands through their real prompts: for the length of one command, vscode.window's
// prompt functions (warnings, input boxes, quick picks, the open and save dialogs) are answered by a
// script, and its notifications (errors, information) are recorded instead of shown.
import * as vscode from 'vscode';

export type Item = vscode.QuickPickItem & Record<string, unknown>;
export interface Script {
  /** Answers a modal or non-modal warning: the chosen button, or undefined (Cancel / Esc). */
  warning?: (message: string, detail: string | undefined, buttons: string[]) => string | undefined;
  /** Answers input boxes in order (undefined: Esc). */
  inputs?: (string | undefined)[];
  /** Answers a quick pick: the items to choose. */
  pick?: (items: Item[], title: string | undefined) => Item[];
  /** Answers an information message that offers buttons: the chosen one, or undefined (closed). */
  info?: (message: string, buttons: string[]) => string | undefined;
  /** Answers the open dialog (undefined: Cancel). */
  openDialog?: (options: vscode.OpenDialogOptions | undefined) => vscode.Uri[] | undefined;
  /** Answers the save dialog (undefined: Cancel). */
  saveDialog?: (options: vscode.SaveDialogOptions | undefined) => vscode.Uri | undefined;
}
export interface Asked {
  warnings: { message: string; detail?: string; modal: boolean }[];
  inputs: string[];
  picks: string[];
  dialogs: string[];
  /** Input boxes that hid what is typed (password boxes), by prompt. */
  passwords: string[];
  /** Error notifications the command showed (none is shown on screen while it runs). */
  errors: string[];
  /** Information notifications the command showed. */
  infos: string[];
}

type Window = Record<string, (...a: unknown[]) => Thenable<unknown>>;
const PROMPTS = [
  'showWarningMessage',
  'showInputBox',
  'showQuickPick',
  'showOpenDialog',
  'showSaveDialog',
  'showErrorMessage',
  'showInformationMessage',
] as const;

function scripted(script: Script, asked: Asked): Partial<Window> {
  const inputs = [...(script.inputs ?? [])];
  return {
    showWarningMessage: async (message: unknown, ...rest: unknown[]) => {
      const opts = rest[0] && typeof rest[0] === 'object' ? (rest[0] as vscode.MessageOptions) : undefined;
      const buttons = rest.filter((x): x is string => typeof x === 'string');
      asked.warnings.push({ message: String(message), detail: opts?.detail, modal: !!opts?.modal });
      return script.warning?.(String(message), opts?.detail, buttons);
    },
    showInputBox: async (o: unknown) => {
      const box = (o ?? {}) as vscode.InputBoxOptions;
      asked.inputs.push(box.prompt ?? '');
      if (box.password) asked.passwords.push(box.prompt ?? '');
      const answer = inputs.shift();
      if (answer !== undefined && box.validateInput) {
        const problem = await box.validateInput(answer);
        if (problem) throw new Error(`the test's answer "${answer}" was refused: ${JSON.stringify(problem)}`);
      }
      return answer;
    },
    showQuickPick: async (items: unknown, o: unknown) => {
      const opts = (o ?? {}) as vscode.QuickPickOptions;
      const list = (await items) as Item[];
      asked.picks.push(opts.title ?? '');
      const chosen = script.pick?.(list, opts.title) ?? [];
      return opts.canPickMany ? chosen : chosen[0];
    },
    showOpenDialog: async (o: unknown) => {
      const opts = o as vscode.OpenDialogOptions | undefined;
      asked.dialogs.push(opts?.title ?? '');
      return script.openDialog?.(opts);
    },
    showSaveDialog: async (o: unknown) => {
      const opts = o as vscode.SaveDialogOptions | undefined;
      asked.dialogs.push(opts?.title ?? '');
      return script.saveDialog?.(opts);
    },
    showErrorMessage: async (message: unknown) => {
      asked.errors.push(String(message));
      return undefined;
    },
    showInformationMessage: async (message: unknown, ...rest: unknown[]) => {
      asked.infos.push(String(message));
      const buttons = rest.filter((x): x is string => typeof x === 'string');
      return buttons.length ? script.info?.(String(message), buttons) : undefined;
    },
  };
}

/** Runs `fn` with the prompts it causes answered by `script`; returns what was asked and shown. */
export async function answeringWhile<T>(script: Script, fn: () => Thenable<T>): Promise<{ result: T; asked: Asked }> {
  const win = vscode.window as unknown as Window;
  const saved = Object.fromEntries(PROMPTS.map((k) => [k, win[k]]));
  const asked: Asked = { warnings: [], inputs: [], picks: [], dialogs: [], passwords: [], errors: [], infos: [] };
  Object.assign(win, scripted(script, asked));
  try {
    return { result: await fn(), asked };
  } finally {
    Object.assign(win, saved);
  }
}

/** Runs a command with its prompts answered by `script`; returns what it asked, showed and returned. */
export function answering<T>(
  script: Script,
  command: string,
  ...args: unknown[]
): Promise<{ result: T; asked: Asked }> {
  return answeringWhile(script, () => vscode.commands.executeCommand<T>(command, ...args));
}

export const byLabel = (label: string) => (items: Item[]) => items.filter((i) => i.label === label);
