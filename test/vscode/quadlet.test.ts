import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeClient, treeNode, waitFor } from './util';

const execStart = (unit: string) => /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? '';

describe('Quadlet in VS Code', () => {
  const unitPath = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'quadlet', 'web.container');

  it('previews the generated unit beside the file and follows typing', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(unitPath()));
    const editor = await vscode.window.showTextDocument(doc);
    const previewUri = (await vscode.commands.executeCommand('podman.quadlet.preview', doc.uri)) as vscode.Uri;
    const preview = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === previewUri.toString());
    const first = await waitFor('the preview document', () => preview()?.getText());
    assert.match(
      execStart(first),
      /podman run --name systemd-%N .*--network systemd-web .*--env GREETING=hello localhost\/pw-busybox:latest httpd -f -p 8080/,
    );
    assert.match(first, /Requires=web-network\.service/);
    // Typing a new key shows up in the preview without saving.
    await editor.edit((e) => e.insert(new vscode.Position(8, 0), 'PublishPort=127.0.0.1:18999:8080\n'));
    try {
      await waitFor('the preview to follow the edit', () => preview()?.getText().includes('127.0.0.1:18999:8080'));
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it("matches the ExecStart of Podman's real generator side by side", async () => {
    const r = (await vscode.commands.executeCommand(
      'podman.quadlet.compareWithGenerator',
      vscode.Uri.file(unitPath()),
    )) as { ours: string; real: string } | undefined;
    assert.ok(r, 'the comparison ran (the real generator is fetched by scripts/get-quadlet-generator.sh)');
    assert.ok(execStart(r.real).includes('podman run'), r.real);
    assert.equal(execStart(r.ours), execStart(r.real), r.ours);
  });

  it('installs a unit with its dependencies and asks before overwriting a different file', async () => {
    const cfg = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-xdg-'));
    const saved = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = cfg;
    const win = vscode.window as { showWarningMessage: (...a: unknown[]) => Thenable<unknown> };
    const original = win.showWarningMessage;
    const asked: string[] = [];
    try {
      await vscode.commands.executeCommand('podman.quadlet.install', vscode.Uri.file(unitPath()), 'user');
      const dir = path.join(cfg, 'containers', 'systemd');
      assert.deepEqual(fs.readdirSync(dir).sort(), ['web.container', 'web.network']);
      fs.writeFileSync(path.join(dir, 'web.network'), '[Network]\n# changed by hand\n');
      win.showWarningMessage = async (msg: unknown, ...rest: unknown[]) => {
        asked.push(String(msg));
        return rest.find((x) => x === 'Keep Installed');
      };
      await vscode.commands.executeCommand('podman.quadlet.install', vscode.Uri.file(unitPath()), 'user');
      assert.ok(
        asked.some((m) => m.includes('web.network') && m.includes('differs')),
        `asked: ${asked.join(' | ')}`,
      );
      assert.match(
        fs.readFileSync(path.join(dir, 'web.network'), 'utf8'),
        /changed by hand/,
        'the hand-edited file was kept',
      );
    } finally {
      win.showWarningMessage = original;
      process.env.XDG_CONFIG_HOME = saved;
      fs.rmSync(cfg, { recursive: true, force: true });
    }
  });

  it('generates a .container unit from a running container', async () => {
    const client = await activeClient();
    const name = `pw-gen-${Date.now()}`;
    const id = await client.createContainer({
      name,
      image: 'localhost/pw-busybox:latest',
      command: ['sleep', '600'],
      env: { MODE: 'demo' },
    });
    try {
      await client.containerAction(id, 'start');
      const node = await treeNode('containers', 'container', name);
      await vscode.commands.executeCommand('podman.quadlet.generate', node, [node]);
      const text = await waitFor('the generated unit', () =>
        vscode.window.activeTextEditor?.document.getText().includes('[Container]')
          ? vscode.window.activeTextEditor.document.getText()
          : undefined,
      );
      assert.match(text, /^Image=localhost\/pw-busybox:latest$/m);
      assert.match(text, /MODE=demo/);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await client.removeContainer(id, { force: true });
    }
  });
});
