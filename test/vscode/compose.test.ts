// Compose in the real VS Code host: the lenses of a compose file (Up, Down, Run service per
// service), the Up lens bringing the project up so its group appears in the Containers tree, and
// the group's Down (taken from the real tree) taking it down; with the setting podman.compose.pod
// on, the Up lens puts the project in one pod, shown in the tree holding its containers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { listProjectContainers } from '../../src/compose/engine';
import { activeClient, explorer, treeNode, waitFor, within } from './util';

const BUSYBOX = 'localhost/pw-busybox:latest';

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
}

describe('Compose files in the editor', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;

  it('the Up lens brings the project up and its group appears in the tree; Down on the group takes it down', async function () {
    this.timeout(120_000);
    const client = await activeClient();
    const project = `pw-vscode-compose-${Date.now()}`;
    const uri = vscode.Uri.joinPath(folder(), project, 'compose.yaml');
    const yaml = [
      'services:',
      '  db:',
      `    image: ${BUSYBOX}`,
      '    command: [sleep, "600"]',
      '    stop_signal: SIGKILL',
      '  web:',
      `    image: ${BUSYBOX}`,
      '    command: [sleep, "600"]',
      '    stop_signal: SIGKILL',
      '    depends_on: [db]',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(yaml));
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const lenses = await waitFor('the compose lenses', async () => {
        const l = await lensesOf(uri);
        return l.some((x) => x.command?.command === 'podman.compose.up') ? l : undefined;
      });
      assert.deepEqual(
        lenses.map((l) => [l.range.start.line, l.command?.command, l.command?.arguments?.[1]]),
        [
          [0, 'podman.compose.up', undefined],
          [0, 'podman.compose.down', undefined],
          [1, 'podman.compose.runService', 'db'],
          [5, 'podman.compose.runService', 'web'],
        ],
      );
      const up = lenses[0].command!;
      const code = await vscode.commands.executeCommand<number>(up.command, ...(up.arguments ?? []));
      assert.equal(code, 0, 'Up ended with exit code 0');
      const running = await listProjectContainers(client, project);
      assert.deepEqual(running.map((c) => `${c.name} ${c.state}`).sort(), [
        `${project}-db-1 running`,
        `${project}-web-1 running`,
      ]);
      const group = await treeNode('containers', 'compose', project, 20_000);
      assert.equal(group.project, project);
      const downCode = await vscode.commands.executeCommand<number>('podman.compose.down', group, [group]);
      assert.equal(downCode, 0);
      assert.deepEqual(await listProjectContainers(client, project), []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const c of await listProjectContainers(client, project)) await client.removeContainer(c.id, { force: true });
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), project), { recursive: true });
    }
  });
  it('compose verbs run back to back from the palette each return, none waiting on the previous task', async function () {
    // Each command returns once VS Code has ended its task, so the next starts with the previous over.
    this.timeout(120_000);
    const client = await activeClient();
    const project = `pw-vscode-cseq-${Date.now()}`;
    const uri = vscode.Uri.joinPath(folder(), project, 'compose.yaml');
    const yaml = [
      'services:',
      '  one:',
      `    image: ${BUSYBOX}`,
      '    command: [sleep, "600"]',
      '    stop_signal: SIGKILL',
      '',
    ];
    await vscode.workspace.fs.writeFile(uri, Buffer.from(yaml.join('\n')));
    try {
      const codes: string[] = [];
      for (const verb of ['up', 'stop', 'start', 'restart', 'stop', 'up', 'down']) {
        codes.push(
          `${verb} ${await within(`podman.compose.${verb}`, 20_000, vscode.commands.executeCommand<number>(`podman.compose.${verb}`, uri))}`,
        );
      }
      assert.deepEqual(codes, ['up 0', 'stop 0', 'start 0', 'restart 0', 'stop 0', 'up 0', 'down 0']);
      assert.deepEqual(await listProjectContainers(client, project), []);
    } finally {
      for (const c of await listProjectContainers(client, project)) await client.removeContainer(c.id, { force: true });
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), project), { recursive: true });
    }
  });
  it('with podman.compose.pod on, the Up lens puts the project in one pod the tree shows holding its containers', async function () {
    this.timeout(120_000);
    const client = await activeClient();
    const project = `pw-vscode-cpod-${Date.now()}`;
    const pod = `pod_${project}`;
    const uri = vscode.Uri.joinPath(folder(), project, 'compose.yaml');
    const service = (name: string) => [
      `  ${name}:`,
      `    image: ${BUSYBOX}`,
      '    command: [sleep, "600"]',
      '    stop_signal: SIGKILL',
    ];
    const yaml = ['services:', ...service('db'), ...service('web'), '    depends_on: [db]', ''].join('\n');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(yaml));
    const conf = () => vscode.workspace.getConfiguration('podman.compose');
    await conf().update('pod', true, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const up = await waitFor('the Up lens', async () =>
        (await lensesOf(uri)).find((l) => l.command?.command === 'podman.compose.up'),
      );
      const code = await vscode.commands.executeCommand<number>(up.command!.command, ...(up.command!.arguments ?? []));
      assert.equal(code, 0, 'Up ended with exit code 0');
      const podNode = await treeNode('containers', 'pod', pod, 20_000);
      const ex = await explorer();
      const held = await waitFor('the pod node to hold both containers', () => {
        const labels = ex.trees.containers
          .getChildren(podNode)
          .map((n) => String(ex.trees.containers.getTreeItem(n).label))
          .filter((l) => l.startsWith(project))
          .sort();
        return labels.length === 2 ? labels : undefined;
      });
      assert.deepEqual(held, [`${project}-db-1`, `${project}-web-1`]);
      const down = await vscode.commands.executeCommand<number>('podman.compose.down', uri);
      assert.equal(down, 0);
      assert.deepEqual(await listProjectContainers(client, project), []);
      assert.ok(!(await client.listPods()).some((p) => p.name === pod), 'Down removed the pod');
    } finally {
      await conf().update('pod', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const c of await listProjectContainers(client, project)) await client.removeContainer(c.id, { force: true });
      if ((await client.listPods()).some((p) => p.name === pod)) await client.removePod(pod, { force: true });
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), project), { recursive: true });
    }
  });
});
