// Podman: Add SSH Connection… (host or ~/.ssh/config alias, user, port, identity; the remote
// socket found by asking the remote Podman; optionally written to Podman's own connection file
// after asking) and Podman: Diagnose Connection (each step of an SSH connection in an output view).
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import type { Endpoint } from '../podman/discovery';
import type { PodmanError } from '../podman/errors';
import { diagnoseSsh } from '../podman/ssh/diagnose';
import { SshLink } from '../podman/ssh/link';
import { findRemoteSocket } from '../podman/ssh/remoteSocket';
import { registerCommand } from '../util/commands';
import type { EndpointStatus } from './manager';
import { vscodeSshInteraction } from './sshPrompts';

const SAVED_KEY = 'podman.sshConnections';

export interface SavedSshConnection {
  name: string;
  uri: string;
  identity?: string;
}

/** The SSH connections added with the command (discovery lists them with Podman's own). */
export function savedSshConnections(memento: vscode.Memento): SavedSshConnection[] {
  return memento.get<SavedSshConnection[]>(SAVED_KEY) ?? [];
}

/** `user@host:port` split; a bare alias stays whole. */
export function parseDestination(text: string): { host: string; user?: string; port?: number } | undefined {
  const m = /^(?:ssh:\/\/)?(?:([^@\s]+)@)?([A-Za-z0-9._-]+|\[[0-9a-fA-F:]+\])(?::(\d{1,5}))?$/.exec(text.trim());
  if (!m) return undefined;
  const port = m[3] ? Number(m[3]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { host: m[2].replace(/^\[|\]$/g, ''), ...(m[1] ? { user: m[1] } : {}), ...(port ? { port } : {}) };
}

async function askTarget(): Promise<{ host: string; user?: string; port?: number; identity?: string } | undefined> {
  const dest = await vscode.window.showInputBox({
    title: vscode.l10n.t('Podman: Add SSH Connection'),
    prompt: vscode.l10n.t('Host or ~/.ssh/config alias, optionally user@host:port'),
    placeHolder: 'core@build-server:22',
    ignoreFocusOut: true,
    validateInput: (v) => (parseDestination(v) ? undefined : vscode.l10n.t('Expected [user@]host[:port] or an alias.')),
  });
  const target = dest === undefined ? undefined : parseDestination(dest);
  if (!target) return undefined;
  const agentOrDefault = vscode.l10n.t('ssh-agent and the default keys (~/.ssh/config)');
  const choose = vscode.l10n.t('Choose an identity file…');
  const how = await vscode.window.showQuickPick([agentOrDefault, choose], { title: vscode.l10n.t('Authentication') });
  if (!how) return undefined;
  if (how === agentOrDefault) return target;
  const picked = await vscode.window.showOpenDialog({
    defaultUri: vscode.Uri.file(path.join(os.homedir(), '.ssh')),
    canSelectMany: false,
    title: vscode.l10n.t('Identity file (private key)'),
  });
  return picked?.[0] ? { ...target, identity: picked[0].fsPath } : undefined;
}

/**
 * The containers.conf the podman CLI keeps connections in (Podman 4): CONTAINERS_CONF when set,
 * else the user's own for a rootless user, /etc's for root (as `podman system connection add`).
 */
function cliContainersConf(userDir: string): string {
  if (process.env.CONTAINERS_CONF) return process.env.CONTAINERS_CONF;
  return process.getuid?.() === 0 ? '/etc/containers/containers.conf' : path.join(userDir, 'containers.conf');
}

/** Adds the connection to Podman's connection file (podman-connections.json, else containers.conf). */
async function writePodmanConnection(conn: SavedSshConnection): Promise<string> {
  const dir = path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'containers');
  const json = path.join(dir, 'podman-connections.json');
  await fs.mkdir(dir, { recursive: true });
  const text = await fs.readFile(json, 'utf8').catch(() => undefined);
  if (text !== undefined) {
    const data = JSON.parse(text) as { Connection?: { Default?: string; Connections?: Record<string, unknown> } };
    data.Connection ??= {};
    data.Connection.Connections ??= {};
    data.Connection.Connections[conn.name] = { URI: conn.uri, ...(conn.identity ? { Identity: conn.identity } : {}) };
    await fs.writeFile(json, `${JSON.stringify(data, null, 2)}\n`);
    return json;
  }
  const conf = cliContainersConf(dir);
  await fs.mkdir(path.dirname(conf), { recursive: true });
  const lines = [`[engine.service_destinations.${JSON.stringify(conn.name)}]`, `uri = ${JSON.stringify(conn.uri)}`];
  if (conn.identity) lines.push(`identity = ${JSON.stringify(conn.identity)}`);
  await fs.appendFile(conf, `\n${lines.join('\n')}\n`);
  return conf;
}

async function addSsh(wb: WorkbenchContext): Promise<void> {
  const target = await askTarget();
  if (!target) return;
  const link = new SshLink({
    target: { ...target, identityFiles: target.identity ? [target.identity] : [] },
    interaction: vscodeSshInteraction(wb.ext.secrets),
    log: (line) => wb.log.trace(line),
  });
  try {
    const socket = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Asking {0} for its Podman socket…', link.destination),
      },
      () => findRemoteSocket(link),
    );
    const user = link.host.user;
    const uri = `ssh://${encodeURIComponent(user)}@${target.host}:${link.host.port}${socket.path}`;
    const conn: SavedSshConnection = {
      name: target.host,
      uri,
      ...(target.identity ? { identity: target.identity } : {}),
    };
    const others = savedSshConnections(wb.ext.globalState).filter((c) => c.uri !== uri);
    await wb.ext.globalState.update(SAVED_KEY, [...others, conn]);
    const write = vscode.l10n.t("Add to Podman's Connections");
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        "Added {0} ({1}). Also add it to Podman's own connection file, so the podman CLI sees it?",
        conn.name,
        socket.rootless ? 'rootless' : 'rootful',
      ),
      write,
      vscode.l10n.t('No'),
    );
    if (answer === write) wb.log.info(`ssh connection ${conn.name} written to ${await writePodmanConnection(conn)}`);
    await wb.connections.refresh();
  } catch (e) {
    const err = e as PodmanError;
    const diagnose = vscode.l10n.t('Diagnose');
    const pick = await vscode.window.showErrorMessage(`${err.message}${err.fix ? ` ${err.fix}` : ''}`, diagnose);
    if (pick === diagnose) await runDiagnose(wb, { ...target, label: target.host });
  } finally {
    link.dispose();
  }
}

let output: vscode.OutputChannel | undefined;

/** Runs Diagnose for an SSH target, step by step into the "Podman: Diagnose" output. */
async function runDiagnose(
  wb: WorkbenchContext,
  t: { host: string; user?: string; port?: number; identity?: string; socketPath?: string; label: string },
): Promise<void> {
  output ??= vscode.window.createOutputChannel(vscode.l10n.t('Podman: Diagnose'));
  output.clear();
  output.show(true);
  output.appendLine(vscode.l10n.t('Diagnosing {0}', t.label));
  const steps = diagnoseSsh({
    target: { host: t.host, user: t.user, port: t.port, identityFiles: t.identity ? [t.identity] : [] },
    socketPath: t.socketPath,
    interaction: vscodeSshInteraction(wb.ext.secrets),
  });
  for await (const step of steps) {
    const mark = { ok: '✔', warning: '⚠', failed: '✖', skipped: '–' }[step.status];
    output.appendLine(`${mark} ${step.name}: ${step.detail}`);
    if (step.fix) output.appendLine(`    ${vscode.l10n.t('Fix')}: ${step.fix}`);
  }
}

async function diagnose(wb: WorkbenchContext, s?: EndpointStatus): Promise<void> {
  let endpoint: Endpoint | undefined = s?.endpoint;
  if (!endpoint) {
    const items = wb.connections.endpoints.map((st) => ({ label: st.endpoint.label, detail: st.endpoint.uri, st }));
    endpoint = (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Podman: Diagnose Connection') }))?.st
      .endpoint;
  }
  if (!endpoint) return;
  if (endpoint.ssh) {
    const { host, user, port, identity, socketPath } = endpoint.ssh;
    return runDiagnose(wb, { host, user, port, identity, socketPath, label: endpoint.label });
  }
  output ??= vscode.window.createOutputChannel(vscode.l10n.t('Podman: Diagnose'));
  output.clear();
  output.show(true);
  await wb.connections.refresh();
  const st = wb.connections.endpoints.find((x) => x.endpoint.id === endpoint.id);
  output.appendLine(`${endpoint.label} (${endpoint.uri})`);
  if (st?.health.state === 'ok') output.appendLine(`✔ Podman ${st.health.info.version}`);
  else if (st?.health.state === 'error') {
    output.appendLine(`✖ ${st.health.error.message}`);
    if (st.health.error.fix) output.appendLine(`    ${vscode.l10n.t('Fix')}: ${st.health.error.fix}`);
  }
}

export function registerSshCommands(wb: WorkbenchContext): void {
  registerCommand(wb, 'podman.connection.addSsh', () => addSsh(wb));
  registerCommand(wb, 'podman.connection.diagnose', (s?: EndpointStatus) => diagnose(wb, s));
  wb.ext.subscriptions.push({ dispose: () => output?.dispose() });
}
