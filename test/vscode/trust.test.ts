// The extension-host run with Workspace Trust on and the folder untrusted (scripts/run-vscode-tests.mjs
// runs it in a code-server of its own, PODMAN_WORKBENCH_TEST_SUITE=trust): Build, Play and a debug
// launch ask first; refusing does nothing (no image, no pod, no container); accepting proceeds.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SIDECAR_LABEL } from '../../src/debug/core/backend';
import { buildGo, goImage, setFixturesDir, tempRoot } from '../fixtures/debug/build';
import { answering, answeringWhile, type Asked } from './answering';
import { EXTENSION_ID, activeClient, waitFor } from './util';

const BUSYBOX = 'localhost/pw-busybox:latest';
const refuse = () => undefined;
const accept = (label: string) => (_m: string, _d: string | undefined, buttons: string[]) =>
  buttons.find((b) => b === label);

function askedFirst(asked: Asked, what: RegExp): void {
  assert.equal(asked.warnings.length, 1, `asked once: ${JSON.stringify(asked.warnings)}`);
  assert.ok(asked.warnings[0].modal, 'a modal question');
  assert.match(asked.warnings[0].message, /not trusted/);
  assert.match(asked.warnings[0].message, what);
  assert.deepEqual(asked.errors, [], 'no error notification');
}

describe('Workspace Trust: an untrusted folder', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this run opens its folder untrusted');
    await activeClient();
  });

  it('Build Image asks first; refusing builds nothing; accepting builds', async function () {
    this.timeout(120_000);
    const client = await activeClient();
    const tag = `localhost/pw-trust-build:${Date.now()}`;
    const file = vscode.Uri.joinPath(folder(), 'build-ok', 'Containerfile');
    const refused = await answering<number | undefined>({ inputs: [tag], warning: refuse }, 'podman.image.build', file);
    askedFirst(refused.asked, /Build an image from/);
    assert.equal(refused.result, undefined);
    assert.ok(!(await client.listImages()).some((i) => i.repoTags.includes(tag)), 'no image');

    const built = await answering<number | undefined>(
      { inputs: [tag], warning: accept('Run Anyway') },
      'podman.image.build',
      file,
    );
    askedFirst(built.asked, /Build an image from/);
    assert.equal(built.result, 0, 'the build succeeded');
    assert.ok(
      (await client.listImages()).some((i) => i.repoTags.includes(tag)),
      `image ${tag}`,
    );
    await client.removeImage(tag, { force: true });
  });

  it('Play asks first; refusing plays nothing; accepting plays', async function () {
    this.timeout(120_000);
    const client = await activeClient();
    const name = `pw-trust-play-${Date.now()}`;
    const uri = vscode.Uri.joinPath(folder(), `${name}.yaml`);
    const yaml = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: main\n    image: ${BUSYBOX}\n    command: [sleep, "600"]\n`;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(yaml));
    const pods = async () => (await client.listPods()).filter((p) => p.name === name);
    try {
      const refused = await answering({ warning: refuse }, 'podman.kube.play', uri, { start: true });
      askedFirst(refused.asked, new RegExp(`Play ${name}\\.yaml on Podman\\?`));
      assert.equal(refused.result, undefined);
      assert.deepEqual(await pods(), [], 'no pod');

      const played = await answering<{ ok: boolean }>({ warning: accept('Run Anyway') }, 'podman.kube.play', uri, {
        start: true,
      });
      askedFirst(played.asked, new RegExp(`Play ${name}\\.yaml on Podman\\?`));
      assert.equal(played.result?.ok, true);
      assert.equal((await pods()).length, 1, 'the pod runs');
    } finally {
      await vscode.commands.executeCommand('podman.kube.down', uri, { removeVolumes: false });
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('a debug launch asks first; refusing starts nothing; accepting launches', async function () {
    this.timeout(240_000);
    const client = await activeClient();
    setFixturesDir(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'debug'));
    const root = tempRoot('pw-trust-debug-');
    const launched = async () => client.listContainers({ label: [`${SIDECAR_LABEL}=launch`] });
    try {
      const go = await buildGo(root);
      const image = await goImage(client, go, 'localhost/pw-trust-debug-go:test');
      const config = {
        type: 'podman',
        request: 'launch',
        name: 'Podman trust launch',
        image,
        command: ['/app/ticker'],
        localRoot: go.workspace,
      };
      const refused = await answeringWhile({ warning: refuse }, () => vscode.debug.startDebugging(undefined, config));
      askedFirst(refused.asked, /Launching creates and runs a container/);
      assert.equal(refused.result, false, 'no session');
      assert.deepEqual(await launched(), [], 'no container');

      const started = new Promise<vscode.DebugSession>((resolve) => {
        const sub = vscode.debug.onDidStartDebugSession((s) => {
          if (s.configuration.type === 'podman') {
            sub.dispose();
            resolve(s);
          }
        });
      });
      const accepted = await answeringWhile({ warning: accept('Launch') }, () =>
        vscode.debug.startDebugging(undefined, config),
      );
      askedFirst(accepted.asked, /Launching creates and runs a container/);
      assert.equal(accepted.result, true, 'the session starts');
      const session = await started;
      await waitFor('the launched container', async () => (await launched()).length === 1, 60_000);
      await vscode.debug.stopDebugging(session);
      await waitFor('the launched container removed', async () => (await launched()).length === 0, 30_000);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
