// What each context-menu command must do to a real node: run it as VS Code does (the node, then
// the selection), answer its prompts, and check the effect on the real Podman, the editor or the
// terminals.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ShellTerminal } from '../../../src/explorer/shell';
import { listSecretInfos } from '../../../src/podman/secrets';
import type { StatsPanel } from '../../../src/monitor/statsPanel';
import type { ProcessesPanel } from '../../../src/monitor/top';
import { NO_SYSTEMD_MESSAGE } from '../../../src/quadlet/systemd';
import { answering, byLabel, type Asked, type Script } from '../answering';
import { activeClient, testSocket, waitFor, workbenchApi } from '../util';
import { PREFIX, type Made } from './fixtures';
import { listProjectContainers } from '../../../src/compose/engine';

/** Runs `command` on the node as a tree's context menu does: (node, [node]). */
async function run<T>(command: string, m: Made, script: Script = {}): Promise<{ result: T; asked: Asked }> {
  return answering<T>(script, command, m.node, [m.node]);
}

const client = () => activeClient();
const state = async (m: Made) => (await (await client()).getContainer(m.id))?.state;
const podStatus = async (m: Made) => (await (await client()).listPods()).find((p) => p.name === m.name)?.status;
const startedAt = async (m: Made) =>
  ((await (await client()).inspectContainer(m.id)) as { State?: { StartedAt?: string } }).State?.StartedAt;
const button = (label: string) => (_m: string, _d: string | undefined, buttons: string[]) =>
  buttons.find((b) => b === label);

function containerState(command: string, expected: string) {
  return async (m: Made) => {
    const r = await run(command, m);
    await waitFor(`${m.name} ${expected}`, async () => (await state(m)) === expected, 20_000);
    return r.asked;
  };
}

/** The states of a compose group's containers (a, then b). */
const composeMembers = async (m: Made) =>
  (await listProjectContainers(await client(), m.name))
    .sort((x, y) => x.name.localeCompare(y.name))
    .map((c) => c.state);

/** A compose command on the group ran to its end (exit code 0) and left its containers in `states`. */
function composeStates(command: string, states: string[], script: Script = {}) {
  return async (m: Made) => {
    const r = await run<number>(command, m, script);
    assert.equal(r.result, 0, `${command} ended with exit code 0`);
    await waitFor(
      `${m.name}: ${states.join(', ')}`,
      async () => (await composeMembers(m)).join() === states.join(),
      20_000,
    );
    return r.asked;
  };
}

/** Up on the group (its file read back from the labels): an edited container is made again, others kept. */
function composeUp(command: string, script: Script = {}) {
  return async (m: Made) => {
    await (await client()).removeContainer(m.id, { force: true });
    const asked = await composeStates(command, ['running', 'running'], script)(m);
    const a = (await listProjectContainers(await client(), m.name)).find((c) => c.name === `${m.name}-a-1`);
    assert.notEqual(a?.id, m.id, 'the removed container was created again');
    return asked;
  };
}

function composeDown(command: string, script: Script = {}) {
  return async (m: Made) => {
    const asked = await composeStates(command, [], script)(m);
    const nets = (await (await client()).listNetworks()).filter((n) => n.name === `${m.name}_default`);
    assert.deepEqual(nets, [], 'the project network is gone');
    return asked;
  };
}

function podState(command: string, expected: RegExp) {
  return async (m: Made) => {
    const r = await run(command, m);
    await waitFor(`pod ${m.name} ${expected}`, async () => expected.test((await podStatus(m)) ?? ''), 30_000);
    return r.asked;
  };
}

async function restart(m: Made): Promise<Asked> {
  const before = await startedAt(m);
  const r = await run('podman.container.restart', m);
  await waitFor(`${m.name} restarted`, async () => (await state(m)) === 'running' && (await startedAt(m)) !== before);
  return r.asked;
}

/** A terminal named `name` appeared; it is closed again. */
async function terminalOpened(name: string): Promise<void> {
  const t = await waitFor(`the terminal ${name}`, () => vscode.window.terminals.find((x) => x.name === name));
  t.dispose();
}

/** An inspect document holding `text`. */
function inspects(command: string, text: (m: Made) => string) {
  return async (m: Made) => {
    const r = await run<vscode.TextDocument>(command, m);
    assert.equal(r.result?.uri.scheme, 'podman-inspect');
    assert.ok(r.result.getText().includes(text(m)), `the inspect JSON holds ${text(m)}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    return r.asked;
  };
}

/** Confirmed with Remove, and then the object is gone. */
function removes(command: string, gone: (m: Made) => Promise<boolean>) {
  return async (m: Made) => {
    const r = await run(command, m, { warning: button('Remove') });
    assert.equal(r.asked.warnings.length, 1, 'asked first');
    await waitFor(`${m.name} removed`, () => gone(m), 20_000);
    return r.asked;
  };
}

async function copies(m: Made, command: string, expected: string): Promise<Asked> {
  await vscode.env.clipboard.writeText('');
  const r = await run(command, m);
  assert.equal(await vscode.env.clipboard.readText(), expected);
  return r.asked;
}

async function openPort(m: Made): Promise<Asked> {
  const env = vscode.env as unknown as { openExternal: (u: vscode.Uri) => Thenable<boolean> };
  const saved = env.openExternal;
  const opened: string[] = [];
  env.openExternal = async (u) => (opened.push(u.toString(true)), true);
  assert.notEqual(env.openExternal, saved, 'vscode.env.openExternal can be observed');
  try {
    const r = await run('podman.container.openPort', m);
    assert.deepEqual(opened, [`http://127.0.0.1:${m.port}/`]);
    return r.asked;
  } finally {
    env.openExternal = saved;
  }
}

async function kubeGenerate(m: Made): Promise<Asked> {
  const r = await run<string>('podman.kube.generate', m, { pick: byLabel('Pod only') });
  assert.match(r.result ?? '', /^kind: Pod$/m);
  assert.ok(r.result.includes(`name: ${m.name}`), r.result);
  const doc = vscode.workspace.textDocuments.find((d) => d.isUntitled && d.getText() === r.result);
  assert.ok(doc, 'opened in an editor');
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return r.asked;
}

async function saveAsQuadlet(m: Made): Promise<Asked> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}-kube-`));
  try {
    const r = await run('podman.kube.saveAsQuadlet', m, { openDialog: () => [vscode.Uri.file(dir)] });
    assert.equal(r.asked.dialogs.length, 1, 'asked for the folder');
    assert.deepEqual(fs.readdirSync(dir).sort(), [`${m.name}.kube`, `${m.name}.yaml`]);
    assert.match(fs.readFileSync(path.join(dir, `${m.name}.yaml`), 'utf8'), /kind: Pod/);
    return r.asked;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const SECTION: Record<string, string> = {
  container: 'Container',
  pod: 'Pod',
  image: 'Image',
  volume: 'Volume',
  network: 'Network',
};
async function quadletGenerate(m: Made): Promise<Asked> {
  const noun = /^podman\.(\w+)/.exec(m.contextValue)![1];
  const r = await run<vscode.TextDocument>('podman.quadlet.generate', m);
  assert.equal(r.result?.languageId, 'quadlet');
  assert.match(r.result.getText(), new RegExp(`^\\[${SECTION[noun]}\\]$`, 'm'));
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return r.asked;
}

async function runImage(m: Made): Promise<Asked> {
  const name = `${PREFIX}-run-${Date.now()}`;
  const r = await run<string>('podman.image.run', m, { inputs: [name, '', ''] });
  assert.ok(r.result, 'the new container id');
  const c = await (await client()).getContainer(r.result);
  assert.equal(c?.name, name);
  await (await client()).removeContainer(r.result, { force: true });
  return r.asked;
}

async function tagImage(m: Made): Promise<Asked> {
  const tag = `localhost/${PREFIX}-tagged:${Date.now()}`;
  const r = await run('podman.image.tag', m, { inputs: [tag] });
  const images = await (await client()).listImages();
  assert.ok(images.find((i) => i.id === m.id)?.repoTags.includes(tag), `${m.id} is tagged ${tag}`);
  return r.asked;
}

async function pruneDangling(m: Made): Promise<Asked> {
  const r = await run('podman.image.pruneDangling', m, { warning: button('Prune') });
  assert.ok(r.asked.warnings[0]?.detail?.includes(m.id.slice(0, 12)), 'the confirmation lists our dangling image');
  assert.ok(!(await (await client()).listImages()).some((i) => i.id === m.id), 'pruned');
  return r.asked;
}

async function quadletPreview(m: Made): Promise<Asked> {
  const r = await run<vscode.Uri>('podman.quadlet.preview', m);
  const doc = await waitFor('the preview', () =>
    vscode.workspace.textDocuments.find((d) => d.uri.toString() === r.result?.toString()),
  );
  assert.match(doc.getText(), /^ExecStart=.*podman run/m);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  return r.asked;
}

/** Without systemd the unit commands say so, and only that. */
function needsSystemd(command: string) {
  return async (m: Made) => {
    const r = await run(command, m);
    assert.deepEqual(r.asked.errors, [NO_SYSTEMD_MESSAGE]);
    return { ...r.asked, errors: [] };
  };
}

async function useConnection(m: Made): Promise<Asked> {
  const r = await run('podman.connection.use', m);
  const api = await workbenchApi();
  await waitFor(`${m.id} active`, () => api.workbench.connections.activeEndpoint?.id === m.id);
  await restoreConnections(m.id);
  return r.asked;
}

/** Back to the test socket alone (the walk's other cases expect one connection in the explorer). */
async function restoreConnections(id: string): Promise<void> {
  const cm = (await workbenchApi()).workbench.connections;
  if (cm.activeEndpoint?.id !== testSocket()) await cm.setActive(testSocket());
  if (cm.isEnabled(id)) await cm.setEnabled(id, false);
}

/** Enable: the connection is live beside the active one (a root of its own in the explorer); then disabled again. */
async function enableConnection(m: Made): Promise<Asked> {
  const r = await run('podman.connection.enable', m);
  const api = await workbenchApi();
  const cm = api.workbench.connections;
  await waitFor(`${m.id} enabled and live`, () => cm.isEnabled(m.id) && cm.connection(m.id));
  const ex = await waitFor('the explorer', () => api.workbench.explorer);
  await waitFor(
    'a root per connection',
    () => ex.trees.containers.getChildren().filter((n) => n.kind === 'connection').length === 2,
  );
  await restoreConnections(m.id);
  return r.asked;
}

/** Disable: the connection is no longer live, the explorer shows the active one alone. */
async function disableConnection(m: Made): Promise<Asked> {
  const r = await run('podman.connection.disable', m);
  const api = await workbenchApi();
  const cm = api.workbench.connections;
  await waitFor(`${m.id} disabled`, () => !cm.isEnabled(m.id) && !cm.connection(m.id));
  const ex = await waitFor('the explorer', () => api.workbench.explorer);
  await waitFor('no connection roots', () => ex.trees.containers.getChildren().every((n) => n.kind !== 'connection'));
  return r.asked;
}

async function showFix(m: Made): Promise<Asked> {
  const r = await run('podman.connection.showFix', m);
  assert.equal(r.asked.warnings.length, 1);
  assert.ok(r.asked.warnings[0].message.startsWith(`${m.name}: `), r.asked.warnings[0].message);
  return r.asked;
}

/** Save Images / Export Container: the save dialog answered with a file in a folder of the test's own. */
function savesTo(command: string, script: Script = {}) {
  return async (m: Made) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}-save-`));
    try {
      const file = path.join(dir, 'out.tar');
      const r = await run<string>(command, m, { ...script, saveDialog: () => vscode.Uri.file(file) });
      assert.equal(r.asked.dialogs.length, 1, 'asked where to save');
      assert.equal(r.result, file);
      const head = fs.readFileSync(file).subarray(257, 262).toString('latin1');
      assert.equal(head, 'ustar', 'a tar was written');
      return r.asked;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

async function imageHistory(m: Made): Promise<Asked> {
  const r = await run<vscode.TextDocument>('podman.image.history', m);
  assert.equal(r.result?.uri.scheme, 'podman-history');
  assert.match(
    r.result.getText(),
    // The label is the image's first name, or <none> with its short id (a dangling image shares its id with any tag).
    new RegExp(`^Layers of .+ \\(${m.id.slice(0, 12)}\\)`),
  );
  assert.match(r.result.getText(), /ADD file:/, 'the base image step is listed');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  return r.asked;
}

async function secretInspect(m: Made): Promise<Asked> {
  const r = await run<vscode.TextDocument>('podman.secret.inspect', m);
  assert.equal(r.result?.uri.scheme, 'podman-secret');
  const json = JSON.parse(r.result.getText()) as { id: string; name: string };
  assert.equal(json.id, m.id);
  assert.ok(!r.result.getText().includes(`menu-${m.name}`), 'the value is not shown');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  return r.asked;
}

/** A command that opens a webview panel about the node: its title names the node; closed again. */
function opensPanel<T>(command: string, panelOf: (result: T) => vscode.WebviewPanel) {
  return async (m: Made): Promise<Asked> => {
    const r = await run<T>(command, m);
    assert.ok(r.result, `${command} opened a panel`);
    const panel = panelOf(r.result);
    assert.ok(panel.title.includes(m.name), `the panel title "${panel.title}" names ${m.name}`);
    panel.dispose();
    return r.asked;
  };
}

/** Each walked command: runs it on the node and checks its effect; returns what it asked and showed. */
export const CASES: Record<string, (m: Made) => Promise<Asked>> = {
  'podman.container.start': containerState('podman.container.start', 'running'),
  'podman.container.stop': containerState('podman.container.stop', 'exited'),
  'podman.container.restart': restart,
  'podman.container.pause': containerState('podman.container.pause', 'paused'),
  'podman.container.unpause': containerState('podman.container.unpause', 'running'),
  'podman.container.kill': containerState('podman.container.kill', 'exited'),
  'podman.container.remove': removes('podman.container.remove', async (m) => (await state(m)) === undefined),
  'podman.container.logs': async (m) => {
    const r = await run('podman.container.logs', m);
    await terminalOpened(`Logs: ${m.name}`);
    return r.asked;
  },
  'podman.container.shell': async (m) => {
    const r = await run<ShellTerminal>('podman.container.shell', m);
    assert.equal(r.result?.terminal.name, `Shell: ${m.name}`);
    await waitFor('the shell prompt', () => r.result.output().includes('#'), 30_000);
    r.result.terminal.dispose();
    return r.asked;
  },
  'podman.container.openPort': openPort,
  'podman.container.inspect': inspects('podman.container.inspect', (m) => m.id),
  'podman.container.copyId': (m) => copies(m, 'podman.container.copyId', m.id),
  'podman.container.copyName': (m) => copies(m, 'podman.container.copyName', m.name),
  'podman.pod.start': podState('podman.pod.start', /^Running$/),
  'podman.pod.stop': podState('podman.pod.stop', /^(Exited|Stopped)$/),
  'podman.pod.restart': podState('podman.pod.restart', /^Running$/),
  'podman.pod.remove': removes('podman.pod.remove', async (m) => (await podStatus(m)) === undefined),
  'podman.pod.logs': async (m) => {
    const r = await run('podman.pod.logs', m);
    await terminalOpened(`Logs: pod ${m.name}`);
    return r.asked;
  },
  'podman.compose.up': composeUp('podman.compose.up'),
  'podman.compose.upSelect': composeUp('podman.compose.upSelect', { pick: byLabel('b') }),
  'podman.compose.down': composeDown('podman.compose.down'),
  'podman.compose.downSelect': composeDown('podman.compose.downSelect', { pick: byLabel('Remove named volumes') }),
  'podman.compose.stop': composeStates('podman.compose.stop', ['exited', 'exited']),
  'podman.compose.start': async (m) => {
    await (await client()).containerAction(m.id, 'stop', { timeout: 0 });
    return composeStates('podman.compose.start', ['running', 'running'])(m);
  },
  'podman.compose.restart': async (m) => {
    const before = await startedAt(m);
    const asked = await composeStates('podman.compose.restart', ['running', 'running'])(m);
    assert.notEqual(await startedAt(m), before, 'a was started again');
    return asked;
  },
  'podman.compose.logs': async (m) => {
    const r = await run('podman.compose.logs', m);
    await terminalOpened(`${m.name} logs`);
    return r.asked;
  },
  'podman.pod.inspect': inspects('podman.pod.inspect', (m) => m.id),
  'podman.kube.generate': kubeGenerate,
  'podman.kube.saveAsQuadlet': saveAsQuadlet,
  'podman.quadlet.generate': quadletGenerate,
  'podman.image.run': runImage,
  'podman.image.tag': tagImage,
  'podman.image.inspect': inspects('podman.image.inspect', (m) => m.id),
  'podman.image.remove': removes(
    'podman.image.remove',
    async (m) => !(await (await client()).listImages()).some((i) => i.id === m.id),
  ),
  'podman.image.pruneDangling': pruneDangling,
  'podman.image.history': imageHistory,
  'podman.image.save': savesTo('podman.image.save', { pick: byLabel('docker-archive') }),
  'podman.container.export': savesTo('podman.container.export'),
  'podman.secret.inspect': secretInspect,
  'podman.container.showStats': opensPanel('podman.container.showStats', (p: StatsPanel) => p.panel),
  'podman.pod.showStats': opensPanel('podman.pod.showStats', (p: StatsPanel) => p.panel),
  'podman.container.top': opensPanel('podman.container.top', (p: ProcessesPanel) => p.table.panel),
  'podman.pod.top': opensPanel('podman.pod.top', (p: ProcessesPanel) => p.table.panel),
  'podman.secret.remove': removes(
    'podman.secret.remove',
    async (m) => !(await listSecretInfos(await client())).some((x) => x.id === m.id),
  ),
  'podman.volume.inspect': inspects('podman.volume.inspect', (m) => m.name),
  'podman.volume.remove': removes(
    'podman.volume.remove',
    async (m) => !(await (await client()).listVolumes()).some((v) => v.name === m.name),
  ),
  'podman.network.inspect': inspects('podman.network.inspect', (m) => m.name),
  'podman.network.remove': removes(
    'podman.network.remove',
    async (m) => !(await (await client()).listNetworks()).some((n) => n.name === m.name),
  ),
  'podman.quadlet.preview': quadletPreview,
  'podman.quadlet.start': needsSystemd('podman.quadlet.start'),
  'podman.quadlet.stop': needsSystemd('podman.quadlet.stop'),
  'podman.quadlet.restart': needsSystemd('podman.quadlet.restart'),
  'podman.quadlet.status': needsSystemd('podman.quadlet.status'),
  'podman.quadlet.logs': needsSystemd('podman.quadlet.logs'),
  'podman.connection.use': useConnection,
  'podman.connection.enable': enableConnection,
  'podman.connection.disable': disableConnection,
  'podman.connection.showFix': showFix,
};
