import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeClient, treeNode, waitFor } from './util';

const BUSYBOX = 'localhost/pw-busybox:latest';

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
}

describe('Kubernetes YAML in the editor', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;

  it('the Play lens plays the file; the lens then shows it running; Down takes it down', async function () {
    this.timeout(90_000);
    const client = await activeClient();
    const name = `pw-vscode-kube-${Date.now()}`;
    const uri = vscode.Uri.joinPath(folder(), `${name}.yaml`);
    const yaml = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      '  containers:',
      '  - name: main',
      `    image: ${BUSYBOX}`,
      '    imagePullPolicy: Never',
      '    command: [sleep, "600"]',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(yaml));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);

    const lenses = await waitFor('the Play lens', async () => {
      const l = await lensesOf(uri);
      return l.some((x) => x.command?.command === 'podman.kube.play') ? l : undefined;
    });
    assert.deepEqual(
      lenses.filter((l) => l.range.start.line === 0 && l.command?.command).map((l) => l.command!.command),
      ['podman.kube.play', 'podman.kube.replay', 'podman.kube.down'],
    );
    const play = lenses.find((x) => x.command?.command === 'podman.kube.play')!;
    await vscode.commands.executeCommand(play.command!.command, ...(play.command!.arguments ?? []));
    const pod = await waitFor(
      'the played pod',
      async () => (await client.listPods()).find((p) => p.name === name),
      30_000,
    );
    assert.equal(pod.status, 'Running');
    await waitFor(
      'a "running" lens',
      async () => (await lensesOf(uri)).some((l) => l.command?.title.startsWith('● running')),
      15_000,
    );

    await vscode.commands.executeCommand('podman.kube.down', uri, { removeVolumes: false });
    await waitFor('the pod gone', async () => !(await client.listPods()).some((p) => p.name === name), 30_000);
    await waitFor(
      'a "not running" lens',
      async () => (await lensesOf(uri)).some((l) => l.command?.title.startsWith('○ not running')),
      15_000,
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });

  it('Generate Kubernetes YAML opens the YAML of a pod in an untitled editor', async function () {
    this.timeout(60_000);
    const client = await activeClient();
    const name = `pw-vscode-gen-${Date.now()}`;
    const uri = vscode.Uri.joinPath(folder(), `${name}.yaml`);
    await vscode.workspace.fs.writeFile(
      uri,
      Buffer.from(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: main\n    image: ${BUSYBOX}\n    command: [sleep, "600"]\n`,
      ),
    );
    await vscode.commands.executeCommand('podman.kube.play', uri, { start: true });
    await waitFor('the played pod', async () => (await client.listPods()).find((p) => p.name === name), 30_000);
    try {
      // As the Containers view's context menu calls it: the pod node from the tree.
      const pod = await treeNode('containers', 'pod', name);
      await vscode.commands.executeCommand('podman.kube.generate', pod, { service: false });
      const ed = await waitFor('the generated YAML editor', () => {
        const e = vscode.window.activeTextEditor;
        return e && e.document.isUntitled && e.document.getText().includes(`name: ${name}`) ? e : undefined;
      });
      assert.equal(ed.document.languageId, 'yaml');
      assert.match(ed.document.getText(), /kind: Pod/);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await vscode.commands.executeCommand('podman.kube.down', uri, { removeVolumes: false });
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('completion offers local images for image: and Podman volumes for claimName: (live data of the connection)', async function () {
    this.timeout(60_000);
    const client = await activeClient();
    const volume = `pw-vscode-kube-vol-${Date.now()}`;
    await client.createVolume(volume);
    const uri = vscode.Uri.joinPath(folder(), `${volume}.yaml`);
    const lines = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: completion',
      'spec:',
      '  containers:',
      '  - name: main',
      '    image: ',
      '  volumes:',
      '  - name: data',
      '    persistentVolumeClaim:',
      '      claimName: ',
      '',
    ];
    try {
      await vscode.workspace.fs.writeFile(uri, Buffer.from(lines.join('\n')));
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const labelsAt = async (line: number) => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          uri,
          new vscode.Position(line, lines[line].length),
        );
        return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      };
      await waitFor('the local image among the completions', async () => (await labelsAt(7)).includes(BUSYBOX));
      await waitFor('the new volume among the completions', async () => (await labelsAt(11)).includes(volume));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
      await client.removeVolume(volume, { force: true }).catch(() => undefined);
    }
  });
});
