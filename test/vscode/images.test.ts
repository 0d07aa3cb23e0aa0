// Images and secrets inside the real VS Code: the Secrets view's Create through its real prompts
// (a password box; the value in no log), its completion in a Quadlet unit and Remove naming the
// container that uses it; its refresh at once after our own actions and when shown (Podman sends
// no secret events; a poll follows changes from outside); the layer sizes and cache use on a
// Containerfile's lines after a build run by the Build Image command; Save and Load from the palette.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createSecret, listSecretInfos } from '../../src/podman/secrets';
import { SECRETS_POLL_MS } from '../../src/secrets/follow';
import { answering, byLabel } from './answering';
import { activeClient, explorer, waitFor, workbenchApi } from './util';

const BUSYBOX = 'localhost/pw-busybox:latest';
const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

/** Every file under `dir` (the extension host's logs, the output channels included). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(p) : d.isFile() ? [p] : [];
  });
}

describe('the Secrets view', () => {
  const name = `pw-vscode-secret-${Date.now()}`;
  const value = `pw-typed-value-${Math.random().toString(36).slice(2)}`;
  let container = '';

  before(() => activeClient());
  after(async () => {
    const client = await activeClient();
    if (container) await client.removeContainer(container, { force: true }).catch(() => undefined);
    const left = (await listSecretInfos(client)).find((s) => s.name === name);
    if (left) await client.libpod('DELETE', `/secrets/${left.id}`).catch(() => undefined);
  });

  it('Create Secret: a name and a value typed in a password box; the view lists it, no log holds the value', async () => {
    const api = await workbenchApi();
    const r = await answering<string>(
      { pick: byLabel('Type the value'), inputs: [name, value] },
      'podman.secret.create',
    );
    assert.deepEqual(r.asked.errors, []);
    assert.ok(r.result, 'the new secret id');
    assert.deepEqual(r.asked.passwords, ['Value (not shown, never logged)'], 'the value was asked in a password box');
    const tree = api.workbench.secrets!.tree;
    const node = await waitFor('the secret in the Secrets view', async () =>
      (await tree.getChildren()).find((n) => tree.getTreeItem(n).label === name),
    );
    const item = tree.getTreeItem(node);
    assert.equal(item.contextValue, 'podman.secret');
    assert.equal(item.id, `secret:${r.result}`);
    // The extension logged the creation (by name) before we look: the log files are written.
    const logs = path.dirname(path.dirname(api.workbench.ext.logUri.fsPath));
    await waitFor('the creation in the log', () =>
      filesUnder(logs).some((f) => fs.readFileSync(f, 'latin1').includes(`secret ${name} created`)),
    );
    for (const file of filesUnder(logs)) {
      assert.ok(!fs.readFileSync(file, 'latin1').includes(value), `the value is in ${file}`);
    }
  });

  it("the Quadlet Secret= completion offers it (the view's change reaches the language server)", async () => {
    const file = path.join(folder(), `pw-secret-${Date.now()}.container`);
    fs.writeFileSync(file, `[Container]\nImage=${BUSYBOX}\nSecret=\n`);
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const labels = await waitFor(
      'the secret among the completions',
      async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          new vscode.Position(2, 7),
        );
        const all = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        return all.includes(name) ? all : undefined;
      },
      20_000,
      250,
    );
    assert.ok(labels.includes(name));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    fs.rmSync(file);
  });

  it('follows secrets made or removed outside (the CLI, another client) while the view is visible', async function () {
    this.timeout(60_000);
    const api = await workbenchApi();
    const client = await activeClient();
    const tree = api.workbench.secrets!.tree;
    const outside = `${name}-outside`;
    await vscode.commands.executeCommand('podman.secrets.focus');
    await waitFor('the Secrets view visible', () => api.workbench.secrets!.view.visible);
    const shown = () => tree.secrets.some((s) => s.name === outside);
    // Podman sends no secret event: the view's own poll refreshes it, and VS Code lists it again.
    const id = await createSecret(client, outside, Buffer.from('made outside'));
    try {
      await waitFor('the view to show the secret made outside', shown, 15_000);
      await client.libpod('DELETE', `/secrets/${id}`);
      await waitFor('the view to drop the secret removed outside', () => !shown(), 15_000);
    } finally {
      const left = (await listSecretInfos(client)).find((s) => s.name === outside);
      if (left) await client.libpod('DELETE', `/secrets/${left.id}`).catch(() => undefined);
    }
  });

  it('refreshes at once after our own Create and Remove, and when the view is shown, without the poll', async function () {
    this.timeout(60_000);
    const api = await workbenchApi();
    const client = await activeClient();
    const { tree, view } = api.workbench.secrets!;
    const own = `${name}-own`;
    let changes = 0;
    const sub = tree.onDidChangeTreeData(() => changes++);
    try {
      // Hidden, the view does not poll: a refresh can only come from the action itself.
      await vscode.commands.executeCommand('workbench.view.explorer');
      await waitFor('the Secrets view hidden', () => !view.visible);
      const created = await answering<string>(
        { pick: byLabel('Type the value'), inputs: [own, 'own value'] },
        'podman.secret.create',
      );
      assert.ok(created.result, 'the new secret id');
      assert.equal(changes, 1, 'Create refreshed the view before it returned');
      const node = (await tree.getChildren()).find((n) => tree.getTreeItem(n).label === own);
      assert.ok(node, 'the new secret is listed');
      const removed = await answering(
        { warning: (_m, _d, b) => b.find((x) => x === 'Remove') },
        'podman.secret.remove',
        node,
      );
      assert.deepEqual(removed.asked.errors, []);
      assert.equal(changes, 2, 'Remove refreshed the view before it returned');
      // Made outside while hidden: showing the view lists it at once, before any poll (5 s).
      await createSecret(client, `${own}-outside`, Buffer.from('made outside'));
      const shownAt = Date.now();
      await vscode.commands.executeCommand('podman.secrets.focus');
      await waitFor('the view to list the secret made while it was hidden', () =>
        tree.secrets.some((s) => s.name === `${own}-outside`),
      );
      assert.equal(changes, 3, 'showing the view refreshed it');
      assert.ok(Date.now() - shownAt < SECRETS_POLL_MS, `listed ${Date.now() - shownAt} ms after the view was shown`);
    } finally {
      sub.dispose();
      for (const left of (await listSecretInfos(client)).filter((s) => s.name.startsWith(own))) {
        await client.libpod('DELETE', `/secrets/${left.id}`).catch(() => undefined);
      }
    }
  });

  it('Remove Secret warns with the container that uses it; Cancel keeps it, Remove removes it', async () => {
    const api = await workbenchApi();
    const client = await activeClient();
    container = await client.createContainer({
      image: BUSYBOX,
      name: `${name}-user`,
      command: ['sleep', '600'],
      secrets: [{ Source: name, Target: `/run/secrets/${name}` }],
    } as Parameters<typeof client.createContainer>[0]);
    const tree = api.workbench.secrets!.tree;
    const node = (await tree.getChildren()).find((n) => tree.getTreeItem(n).label === name);
    assert.ok(node);
    const cancelled = await answering({ warning: () => undefined }, 'podman.secret.remove', node);
    assert.equal(cancelled.asked.warnings.length, 1);
    assert.match(cancelled.asked.warnings[0].message, /1 container\(s\) use it/);
    assert.equal(cancelled.asked.warnings[0].detail, `${name}-user`);
    assert.ok(
      (await listSecretInfos(client)).some((s) => s.name === name),
      'Cancel keeps it',
    );
    const removed = await answering(
      { warning: (_m, _d, b) => b.find((x) => x === 'Remove') },
      'podman.secret.remove',
      node,
    );
    assert.deepEqual(removed.asked.errors, []);
    assert.ok(!(await listSecretInfos(client)).some((s) => s.name === name), 'removed');
    await waitFor(
      'the view without it',
      async () => !(await tree.getChildren()).some((n) => tree.getTreeItem(n).label === name),
    );
  });
});

describe('layer sizes on Containerfile lines', () => {
  const tag = `localhost/pw-vscode-layers:${Date.now()}`;
  after(async () => {
    await (await activeClient()).removeImage(tag, { force: true }).catch(() => undefined);
  });

  it('after Build Image, each instruction line shows its layer size and whether the build took it from the cache', async function () {
    this.timeout(180_000);
    const dir = path.join(folder(), 'build-layers');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'hello.txt'), 'hello\n');
    const file = path.join(dir, 'Containerfile');
    const text = (stamp: string) =>
      [
        `FROM ${BUSYBOX}`,
        'ENV MODE=layers',
        'RUN dd if=/dev/zero of=/big bs=1024 count=300',
        'COPY hello.txt /hello.txt',
        `RUN echo ${stamp} > /stamp`,
        '',
      ].join('\n');
    const uri = vscode.Uri.file(file);
    const build = async (stamp: string) => {
      fs.writeFileSync(file, text(stamp));
      const r = await answering<number>({ inputs: [tag] }, 'podman.image.build', uri);
      assert.equal(r.result, 0, `the build succeeded (${JSON.stringify(r.asked)})`);
    };
    await build(`first-${Date.now()}`);
    await build(`second-${Date.now()}`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lenses = await waitFor(
      'the layer lenses',
      async () => {
        const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        const ours = all.filter((l) => l.command?.command === 'podman.image.history');
        return ours.length >= 4 ? ours : undefined;
      },
      20_000,
      250,
    );
    const on = (line: number) => lenses.find((l) => l.range.start.line === line)?.command?.title ?? '';
    assert.match(on(1), /no file changes · from cache in the last build$/);
    assert.match(on(2), /^\$\(layers\) 3\d\d\.\d KB layer · from cache in the last build$/);
    assert.match(on(3), /B layer · from cache in the last build$/);
    assert.match(on(4), /B layer · built in the last build$/, 'the changed RUN was built again');
    assert.equal(on(0), '', 'no lens on FROM');
    // The lens opens the image's layers.
    const lens = lenses.find((l) => l.range.start.line === 2)!;
    const shown = await vscode.commands.executeCommand<vscode.TextDocument>(
      lens.command!.command,
      ...(lens.command!.arguments ?? []),
    );
    assert.match(shown.getText(), /RUN dd if=\/dev\/zero of=\/big bs=1024 count=300/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

describe('save and load from the palette', () => {
  it('Save Images writes the picked image to the chosen tar; Load Images brings it back', async function () {
    this.timeout(120_000);
    const client = await activeClient();
    await explorer();
    const tag = `localhost/pw-vscode-save:${Date.now()}`;
    await client.tagImage(BUSYBOX, tag.split(':')[0], tag.split(':')[1]);
    const file = path.join(folder(), `saved-${Date.now()}.tar`);
    try {
      const ex = await explorer();
      await waitFor('the tagged image in the store', () => ex.model.store.images.some((i) => i.repoTags.includes(tag)));
      const saved = await answering<string>(
        {
          pick: (items, title) =>
            title === 'Save Images'
              ? items.filter((i) => (i.x as { repoTags: string[] }).repoTags.includes(tag))
              : items.filter((i) => i.label === 'docker-archive'),
          saveDialog: () => vscode.Uri.file(file),
        },
        'podman.image.save',
      );
      assert.deepEqual(saved.asked.errors, []);
      assert.equal(saved.result, file);
      assert.ok(fs.statSync(file).size > 1_000_000, 'the tar holds the image');
      assert.ok(
        saved.asked.infos.some((m) => m.startsWith('Saved ') && m.includes(tag) && m.includes(` to ${file} (`)),
        saved.asked.infos.join('\n'),
      );
      await client.removeImage(tag);
      const loaded = await answering<string[]>({ openDialog: () => [vscode.Uri.file(file)] }, 'podman.image.load');
      assert.deepEqual(loaded.asked.errors, []);
      assert.ok(loaded.result.includes(tag), `every name of the image came back: ${loaded.result.join(', ')}`);
      await waitFor('the loaded image in the Images view', () =>
        ex.model.store.images.some((i) => i.repoTags.includes(tag)),
      );
    } finally {
      await client.removeImage(tag).catch(() => undefined);
      fs.rmSync(file, { force: true });
    }
  });
});
