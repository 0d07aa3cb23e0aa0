import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeClient, runBuildTask as runTask, waitFor } from './util';

describe('building images from the editor', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

  it('a podman-build task builds an image through the real Podman', async () => {
    const client = await activeClient();
    const tag = `localhost/pw-vscode-build:${Date.now()}`;
    const code = await runTask({
      type: 'podman-build',
      file: path.join('build-ok', 'Containerfile'),
      tag,
      buildArgs: { MESSAGE: 'from the task' },
    });
    assert.equal(code, 0);
    const images = await client.listImages();
    assert.ok(
      images.some((i) => i.repoTags.includes(tag)),
      `image ${tag} exists`,
    );
    await client.removeImage(tag, { force: true });
  });

  it('a failing build marks the line of the failing step', async () => {
    const file = vscode.Uri.file(path.join(folder(), 'build-fail', 'Containerfile'));
    const code = await runTask({
      type: 'podman-build',
      file: path.join('build-fail', 'Containerfile'),
      tag: 'localhost/pw-vscode-fail:test',
    });
    assert.equal(code, 1);
    const diags = await waitFor('the build diagnostic', () =>
      vscode.languages.getDiagnostics(file).filter((d) => d.source === 'podman build'),
    );
    assert.equal(diags.length, 1);
    assert.equal(diags[0].range.start.line, 5, 'the RUN that exits 7 is on line 6');
    assert.match(diags[0].message, /step 3\/4/);
  });
});
