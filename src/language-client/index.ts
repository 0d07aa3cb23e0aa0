// Extension side of the language server: starts dist/server.js over IPC, forwards live
// Podman data to it, honours `podman.containerfile.diagnostics.enabled`, and registers
// the "Show Preprocessed Containerfile" command for `.in` files.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { isContainerfilePath } from '../languages/containerfile/paths';
import { isPreprocessedPath } from '../languages/containerfile/paths';
import { preprocess } from '../languages/containerfile/preprocess';
import { LIVE_DATA_NOTIFICATION } from '../languages/protocol';
import { EMPTY_LIVE_DATA, type FileAccess, type LiveData } from '../languages/types';

export interface ClientLog {
  info(m: string): void;
  error(m: string, e?: unknown): void;
}

const DIAGNOSTICS_SETTING = 'podman.containerfile.diagnostics.enabled';

function diagnosticsEnabled(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(DIAGNOSTICS_SETTING, true);
}

function isContainerfileUri(uri: vscode.Uri): boolean {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return doc ? doc.languageId === 'dockerfile' : isContainerfilePath(uri.path);
}

/** FileAccess over vscode.workspace.fs (works for remote workspaces too). */
const workspaceFiles: FileAccess = {
  async readFile(p) {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(p)));
    } catch {
      return undefined;
    }
  },
  async readDir(p) {
    try {
      return (await vscode.workspace.fs.readDirectory(vscode.Uri.file(p))).map(([name]) => name);
    } catch {
      return undefined;
    }
  },
  async exists(p) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(p));
      return true;
    } catch {
      return false;
    }
  },
};

export interface LanguageClientApi {
  setLiveData(d: LiveData): void;
  /** A custom request to the language server (waits for it to start). */
  request<R>(method: string, params: unknown): Promise<R>;
}

export function registerLanguageClient(context: vscode.ExtensionContext, log: ClientLog): LanguageClientApi {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ['dockerfile', 'quadlet', 'yaml', 'dockercompose'].flatMap((language) =>
      ['file', 'untitled'].map((scheme) => ({ language, scheme })),
    ),
    middleware: {
      // Another Dockerfile extension may already report problems: the setting silences ours.
      handleDiagnostics(uri, diagnostics, next) {
        next(uri, !diagnosticsEnabled() && isContainerfileUri(uri) ? [] : diagnostics);
      },
    },
  };
  const client = new LanguageClient(
    'podmanWorkbench',
    vscode.l10n.t('Podman Workbench Language Server'),
    serverOptions,
    clientOptions,
  );
  let live: LiveData = EMPTY_LIVE_DATA;
  const push = () => {
    if (client.isRunning()) {
      client
        .sendNotification(LIVE_DATA_NOTIFICATION, live)
        .catch((e: unknown) => log.error('sending live data to the language server failed', e));
    }
  };
  const started = client.start().then(
    () => {
      log.info('language server started');
      push();
    },
    (e: unknown) => {
      log.error('the language server failed to start', e);
      throw e;
    },
  );
  started.catch(() => undefined);
  context.subscriptions.push(
    { dispose: () => void client.stop() },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(DIAGNOSTICS_SETTING)) return;
      if (!diagnosticsEnabled()) {
        client.diagnostics?.forEach((uri) => isContainerfileUri(uri) && client.diagnostics?.delete(uri));
      }
      push(); // live data makes the server re-validate open documents
    }),
    vscode.commands.registerCommand('podman.containerfile.showPreprocessed', (uri?: vscode.Uri) =>
      showPreprocessed(uri, log),
    ),
  );
  return {
    setLiveData(d: LiveData) {
      live = d;
      push();
    },
    async request<R>(method: string, params: unknown): Promise<R> {
      await started;
      return client.sendRequest<R>(method, params);
    },
  };
}

async function showPreprocessed(arg: vscode.Uri | undefined, log: ClientLog): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file' || !isPreprocessedPath(uri.fsPath)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Open a Containerfile ending in .in (for example Containerfile.in) to see it preprocessed.'),
    );
    return;
  }
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    const result = await preprocess(doc.getText(), uri.fsPath, workspaceFiles);
    const shown = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: result.text });
    await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    if (result.errors.length) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Preprocessing {0}: {1}',
          path.basename(uri.fsPath),
          result.errors.map((e) => `line ${e.line + 1}: ${e.message}`).join('; '),
        ),
      );
    }
  } catch (e) {
    log.error(`preprocessing ${uri.fsPath} failed`, e);
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Could not preprocess {0}: {1}',
        path.basename(uri.fsPath),
        e instanceof Error ? e.message : String(e),
      ),
    );
  }
}
