// The Secrets view: Podman's secrets of the active connection (names and metadata, never a value),
// with Create (from a file or a value typed in a password box), Inspect (metadata only) and
// Remove (warning with the containers that use the secret). Changes feed the language server's
// live data, so Quadlet's `Secret=` completion offers them. Podman sends no secret events (see
// follow.ts): the view refreshes after our own actions, when shown, on a connection change, and
// from a slow poll while it is visible.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { PodmanError } from '../podman/errors';
import {
  containersUsingSecret,
  createSecret,
  inspectSecret,
  listSecretInfos,
  removeSecret,
  secretProblem,
  SECRET_MAX_BYTES,
  type SecretInfo,
} from '../podman/secrets';
import { registerCommand, requireClient } from '../util/commands';
import { SecretsPoller } from './follow';

export const SECRET_CONTEXT = 'podman.secret';
export const SECRET_SCHEME = 'podman-secret';

export type SecretNode = { kind: 'secret'; secret: SecretInfo } | { kind: 'problem'; message: string };

export class SecretsTree implements vscode.TreeDataProvider<SecretNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<SecretNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** The secrets of the last listing (palette picks and tests read them). */
  secrets: SecretInfo[] = [];

  constructor(private readonly wb: WorkbenchContext) {}

  refresh(): void {
    this.emitter.fire(undefined);
  }

  /** Lists the secrets again and refreshes the view only if they changed (the poll's check). */
  async refreshIfChanged(): Promise<void> {
    const client = this.wb.connections.active?.client;
    if (!client) return;
    const key = (list: SecretInfo[]): string => list.map((s) => `${s.id}:${s.name}`).join(',');
    if (key(await listSecretInfos(client)) !== key(this.secrets)) this.refresh();
  }

  async getChildren(element?: SecretNode): Promise<SecretNode[]> {
    if (element) return [];
    const client = this.wb.connections.active?.client;
    if (!client) {
      this.secrets = [];
      return [{ kind: 'problem', message: vscode.l10n.t('No Podman connection works yet.') }];
    }
    try {
      this.secrets = await listSecretInfos(client);
      return this.secrets.map((secret) => ({ kind: 'secret', secret }));
    } catch (e) {
      this.secrets = [];
      const err = e instanceof PodmanError ? e : undefined;
      return [{ kind: 'problem', message: err?.message ?? String(e) }];
    }
  }

  getTreeItem(node: SecretNode): vscode.TreeItem {
    if (node.kind === 'problem') {
      const item = new vscode.TreeItem(node.message);
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.contextValue = 'podman.problem';
      return item;
    }
    const s = node.secret;
    const item = new vscode.TreeItem(s.name);
    item.id = `secret:${s.id}`;
    item.description = `${s.driver} · ${s.createdAt.slice(0, 10)}`;
    item.tooltip = new vscode.MarkdownString(
      [`**${s.name}**`, `ID: \`${s.id}\``, `Driver: ${s.driver}`, `Created: ${s.createdAt}`].join('\n\n'),
    );
    item.iconPath = new vscode.ThemeIcon('key');
    item.contextValue = SECRET_CONTEXT;
    return item;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** Inspect documents of secrets: podman-secret:/<name>.json?id=<id>, metadata and the containers using it. */
class SecretInspectProvider implements vscode.TextDocumentContentProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  constructor(private readonly wb: WorkbenchContext) {}

  /** Reads the secret again the next time the document is shown. */
  refresh(uri: vscode.Uri): void {
    this.emitter.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = new URLSearchParams(uri.query).get('id') ?? '';
    const client = requireClient(this.wb);
    const info = await inspectSecret(client, id);
    const usedBy = (await containersUsingSecret(client, info)).map((c) => c.name);
    return `${JSON.stringify({ ...info, usedBy, value: '(never shown)' }, null, 2)}\n`;
  }
}

export interface SecretsApi {
  tree: SecretsTree;
  view: vscode.TreeView<SecretNode>;
  /** Fires after a secret was created or removed here. */
  onDidChange: vscode.Event<void>;
}

/** The secret a command acts on: the clicked node, else a pick from the list. */
async function secretTarget(tree: SecretsTree, node: SecretNode | undefined, title: string) {
  if (node?.kind === 'secret') return node.secret;
  await tree.getChildren();
  if (!tree.secrets.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is no secret on this connection.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    tree.secrets.map((s) => ({ label: s.name, description: s.id, s })),
    { title },
  );
  return picked?.s;
}

/** Create Secret: a name, then the value from a file or from a password box; the value is never shown or logged. */
async function createCommand(wb: WorkbenchContext): Promise<string | undefined> {
  const title = vscode.l10n.t('Create Secret');
  const source = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Type the value'), description: vscode.l10n.t('in a password box'), from: 'typed' },
      { label: vscode.l10n.t('From a file…'), description: vscode.l10n.t('its content is the value'), from: 'file' },
    ],
    { title },
  );
  if (!source) return undefined;
  const name = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Secret name'),
    validateInput: (v) => secretProblem(v),
  });
  if (!name) return undefined;
  let value: Buffer | undefined;
  if (source.from === 'typed') {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Create Secret {0}', name),
      prompt: vscode.l10n.t('Value (not shown, never logged)'),
      password: true,
      validateInput: (v) => (v ? undefined : vscode.l10n.t('Podman refuses an empty secret.')),
    });
    if (!typed) return undefined;
    value = Buffer.from(typed, 'utf8');
  } else {
    const file = (await vscode.window.showOpenDialog({ title, canSelectMany: false }))?.[0];
    if (!file) return undefined;
    const st = await fs.promises.stat(file.fsPath);
    if (st.size > SECRET_MAX_BYTES) throw new PodmanError('server', secretProblem(name, Buffer.alloc(st.size)) ?? '');
    value = await fs.promises.readFile(file.fsPath);
  }
  const id = await createSecret(requireClient(wb), name, value);
  value.fill(0);
  wb.log.info(`secret ${name} created (${id})`);
  return id;
}

/** Remove Secret: a modal warning naming the containers that use it; Podman 4 would remove it silently. */
async function removeCommand(wb: WorkbenchContext, secret: SecretInfo): Promise<boolean> {
  const client = requireClient(wb);
  const users = await containersUsingSecret(client, secret);
  const message = users.length
    ? vscode.l10n.t(
        'Remove secret “{0}”? {1} container(s) use it: they will fail to start again without it.',
        secret.name,
        users.length,
      )
    : vscode.l10n.t('Remove secret “{0}”? No container uses it.', secret.name);
  const detail = users.length ? users.map((u) => u.name).join('\n') : undefined;
  const remove = vscode.l10n.t('Remove');
  const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, remove);
  if (answer !== remove) return false;
  await removeSecret(client, secret.id);
  wb.log.info(`secret ${secret.name} removed`);
  return true;
}

export function registerSecrets(wb: WorkbenchContext): SecretsApi {
  const tree = new SecretsTree(wb);
  const view = vscode.window.createTreeView('podman.secrets', { treeDataProvider: tree });
  const changed = new vscode.EventEmitter<void>();
  const inspect = new SecretInspectProvider(wb);
  const poller = new SecretsPoller(() => tree.refreshIfChanged());
  const follow = (): void => {
    const on = view.visible && !!wb.connections.active;
    if (on !== poller.polling) wb.log.debug(`Secrets view: ${on ? 'polling while visible' : 'not polling'}`);
    poller.set(on);
  };
  wb.ext.subscriptions.push(
    tree,
    view,
    changed,
    poller,
    vscode.workspace.registerTextDocumentContentProvider(SECRET_SCHEME, inspect),
    wb.connections.onDidChangeActive(() => (tree.refresh(), follow())),
    view.onDidChangeVisibility((e) => (e.visible && tree.refresh(), follow())),
  );
  follow();
  const done = () => {
    tree.refresh();
    changed.fire();
  };
  registerCommand(wb, 'podman.secret.refresh', () => tree.refresh());
  registerCommand(wb, 'podman.secret.create', async () => {
    const id = await createCommand(wb);
    if (id) done();
    return id;
  });
  registerCommand(wb, 'podman.secret.inspect', async (node?: SecretNode) => {
    const secret = await secretTarget(tree, node, vscode.l10n.t('Inspect Secret'));
    if (!secret) return undefined;
    const uri = vscode.Uri.from({
      scheme: SECRET_SCHEME,
      path: `/${secret.name}.json`,
      query: new URLSearchParams({ id: secret.id }).toString(),
    });
    inspect.refresh(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'json') doc = await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  });
  registerCommand(wb, 'podman.secret.remove', async (node?: SecretNode) => {
    const secret = await secretTarget(tree, node, vscode.l10n.t('Remove Secret'));
    if (secret && (await removeCommand(wb, secret))) done();
  });
  return { tree, view, onDidChange: changed.event };
}
