// The commands that ask before they act, driven through their real prompts: the quick picks,
// input boxes and modal confirmations are answered by the test (vscode.window's functions are
// replaced for the length of one command), and the effect is checked on the real Podman.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildRunSpec } from '../../src/explorer/model/runSpec';
import { answering, byLabel, type Item } from './answering';
import { activeClient, explorer, treeNode, waitFor } from './util';

const BUSYBOX = 'localhost/pw-busybox:latest';

describe('commands that ask first', () => {
  const made: string[] = [];
  // With the Containers view open. (Run right after the debug suite with the views hidden, the
  // palette form found an empty explorer store: "Nothing to choose from" — an open defect.)
  before(() => explorer());
  after(async () => {
    const client = await activeClient();
    for (const id of made) await client.removeContainer(id, { force: true }).catch(() => undefined);
  });

  it('Remove Containers: picks from a list, lists the running one in the confirmation; Cancel keeps it, Remove removes it', async () => {
    const client = await activeClient();
    const name = `pw-prompt-rm-${Date.now()}`;
    const id = await client.createContainer(buildRunSpec({ image: BUSYBOX, name, command: ['sleep', '600'] }));
    made.push(id);
    await client.containerAction(id, 'start');
    await treeNode('containers', 'container', name); // the palette offers what the explorer knows

    const cancelled = await answering({ pick: byLabel(name), warning: () => undefined }, 'podman.container.remove');
    assert.equal(
      cancelled.asked.picks.length,
      1,
      `the containers were offered in a quick pick (${JSON.stringify(cancelled.asked)})`,
    );
    assert.equal(cancelled.asked.warnings.length, 1);
    const w = cancelled.asked.warnings[0];
    assert.ok(w.modal, 'the confirmation is modal');
    assert.match(w.message, new RegExp(`Remove container “${name}”\\? Running ones are stopped first\\.`));
    assert.match(w.detail ?? '', new RegExp(`${name} \\(running\\)`));
    assert.equal((await client.getContainer(name))?.state, 'running', 'Cancel leaves the container alone');

    await answering(
      { pick: byLabel(name), warning: (_m, _d, buttons) => buttons.find((b) => b === 'Remove') },
      'podman.container.remove',
    );
    await waitFor('the container to be removed', async () => (await client.getContainer(name)) === undefined);
  });

  it('Run Image: asks for the name, ports and environment, then starts the container; Esc at any step creates nothing', async () => {
    const client = await activeClient();
    const pickBusybox = (items: Item[]) => items.filter((i) => String(i.label).includes('pw-busybox'));
    const before = (await client.listContainers()).length;
    const esc = await answering<string | undefined>(
      { pick: pickBusybox, inputs: [`pw-prompt-esc-${Date.now()}`, undefined] },
      'podman.image.run',
    );
    assert.equal(esc.result, undefined);
    assert.equal(esc.asked.inputs.length, 2, 'it stopped at the second question');
    assert.equal((await client.listContainers()).length, before, 'nothing was created');

    const name = `pw-prompt-run-${Date.now()}`;
    const run = await answering<string>(
      { pick: pickBusybox, inputs: [name, '', 'MODE=prompted', 'EMPTY=', ''] },
      'podman.image.run',
    );
    assert.ok(run.result, 'the command returns the new container id');
    made.push(run.result);
    assert.equal(run.asked.inputs.length, 5);
    const inspect = (await client.inspectContainer(run.result)) as {
      Name?: string;
      Config?: { Env?: string[] };
      State?: { StartedAt?: string };
    };
    assert.equal(inspect.Name?.replace(/^\//, ''), name);
    assert.ok(
      inspect.Config?.Env?.includes('MODE=prompted') && inspect.Config.Env.includes('EMPTY='),
      JSON.stringify(inspect.Config?.Env),
    );
    // Started (the image's default command, busybox's sh, may already have ended).
    assert.ok(
      inspect.State?.StartedAt && !inspect.State.StartedAt.startsWith('0001-'),
      `started: ${inspect.State?.StartedAt}`,
    );
  });

  it('Prune Volumes: says what goes; Cancel keeps the unused volume, Prune removes it and keeps the one in use', async () => {
    const client = await activeClient();
    const unused = `pw-prompt-unused-${Date.now()}`;
    const used = `pw-prompt-used-${Date.now()}`;
    await client.createVolume(unused);
    await client.createVolume(used);
    const id = await client.createContainer({
      ...buildRunSpec({ image: BUSYBOX, name: `pw-prompt-vol-${Date.now()}`, command: ['sleep', '600'] }),
      volumes: [{ Name: used, Dest: '/data' }],
    });
    made.push(id);
    const names = async () => (await client.listVolumes()).map((v) => v.name);

    const cancelled = await answering({ warning: () => undefined }, 'podman.volume.prune');
    assert.match(cancelled.asked.warnings[0]?.message ?? '', /unused volume\(s\)\? Their data is lost\./);
    assert.ok(
      cancelled.asked.warnings[0].detail?.split('\n').includes(unused),
      `the detail lists ${unused}: ${cancelled.asked.warnings[0].detail}`,
    );
    assert.ok(!cancelled.asked.warnings[0].detail?.split('\n').includes(used), 'the volume in use is not listed');
    assert.ok((await names()).includes(unused), 'Cancel keeps it');

    await answering({ warning: (_m, _d, b) => b.find((x) => x === 'Prune') }, 'podman.volume.prune');
    const after = await names();
    assert.ok(!after.includes(unused), 'Prune removed the unused volume');
    assert.ok(after.includes(used), 'the volume in use is kept');
    await client.removeContainer(id, { force: true });
    await client.removeVolume(used).catch(() => undefined);
  });

  it('Save as Quadlet .kube: shows the diff and asks before replacing a different file; Keep Existing keeps it, Overwrite replaces it', async () => {
    const client = await activeClient();
    const name = `pw-prompt-kube-${Date.now()}`;
    const id = await client.createContainer(buildRunSpec({ image: BUSYBOX, name, command: ['sleep', '600'] }));
    made.push(id);
    await client.containerAction(id, 'start');
    const node = await treeNode('containers', 'container', name);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-quadlet-save-'));
    try {
      const kube = path.join(dir, `${name}.kube`);
      fs.writeFileSync(kube, '[Kube]\n# written by hand\nYaml=other.yaml\n');
      const kept = await answering<{ written: string[]; skipped: string[] }>(
        { warning: (_m, _d, b) => b.find((x) => x === 'Keep Existing') },
        'podman.kube.saveAsQuadlet',
        node,
        vscode.Uri.file(dir),
      );
      assert.deepEqual(kept.result.written, [`${name}.yaml`]);
      assert.deepEqual(kept.result.skipped, [`${name}.kube`]);
      assert.equal(kept.asked.warnings.length, 1, 'asked once, for the different file only');
      assert.ok(kept.asked.warnings[0].modal);
      assert.match(kept.asked.warnings[0].message, new RegExp(`${name}\\.kube exists with other contents`));
      assert.match(fs.readFileSync(kube, 'utf8'), /written by hand/, 'the hand-written file is kept');
      assert.match(fs.readFileSync(path.join(dir, `${name}.yaml`), 'utf8'), /kind: Pod/);
      assert.ok(
        vscode.window.tabGroups.all.some((g) =>
          g.tabs.some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.fsPath === kube),
        ),
        'the diff of the file on disk and the proposal was shown',
      );

      const replaced = await answering<{ written: string[] }>(
        { warning: (_m, _d, b) => b.find((x) => x === 'Overwrite') },
        'podman.kube.saveAsQuadlet',
        node,
        vscode.Uri.file(dir),
      );
      assert.deepEqual(
        replaced.result.written,
        [`${name}.kube`],
        'the YAML that differs only in its timestamps is not written again',
      );
      assert.equal(replaced.asked.warnings.length, 1, 'asked for the .kube file only');
      assert.equal(fs.readFileSync(kube, 'utf8'), `[Kube]\nYaml=${name}.yaml\n`);

      const escaped = await answering<unknown>(
        { warning: () => undefined },
        'podman.kube.saveAsQuadlet',
        node,
        vscode.Uri.file(dir),
      );
      assert.equal(escaped.asked.warnings.length, 0, 'nothing differs any more: nothing to ask');
      assert.ok(escaped.result, 'the files are reported unchanged');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
