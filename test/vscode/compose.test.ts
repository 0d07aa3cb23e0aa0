// Compose in the real VS Code host: the lenses of a compose file (Up, Down, Run service per
// service), the Up lens bringing the project up so its group appears in the Containers tree, and
// the group's Down (taken from the real tree) taking it down.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { listProjectContainers } from '../../src/compose/engine';
import { activeClient, treeNode, waitFor } from './util';

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
});
