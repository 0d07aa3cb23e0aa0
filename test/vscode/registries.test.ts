// Registries inside the real VS Code, against a real registry on loopback (scripts/registry-sandbox.mjs,
// TLS and htpasswd) and the test Podman: Log In through its prompts (a wrong password refused),
// Pull from the palette with progress and the image in the Images tree, the newer-image CodeLens
// on a Containerfile FROM line and the icon in the Images view, and no credential in any log.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import type { RegistrySandbox } from '../../scripts/registry-sandbox.mjs' with { 'resolution-mode': 'import' };
import { pushImage, tagImage } from '../../src/podman/registryTransfer';
import { buildRunSpec } from '../../src/explorer/model/runSpec';
import type { RegistryNode } from '../../src/registries/tree';
import { answering, answeringWhile } from './answering';
import { EXTENSION_ID, activeClient, explorer, explorerNodes, waitFor, workbenchApi } from './util';

const BUSYBOX = 'localhost/pw-busybox:latest';

/** The registry sandbox, loaded from the extension's folder (the test bundle lives elsewhere). */
async function startRegistry(): Promise<RegistrySandbox> {
  const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
  const url = pathToFileURL(join(root, 'scripts', 'registry-sandbox.mjs')).href;
  // A real dynamic import at run time (the bundler would otherwise rewrite it).
  const load = new Function('u', 'return import(u)') as (
    u: string,
  ) => Promise<typeof import('../../scripts/registry-sandbox.mjs', { with: { 'resolution-mode': 'import' } })>;
  const dir = process.env.PODMAN_WORKBENCH_TEST_DIR;
  return (await load(url)).startRegistry({ podman: dir ? [{ dir }] : undefined });
}

/** Every file under `dir` (the extension host's logs). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Records the notifications with progress a command opens (title and each message reported). */
async function recordingProgress<T>(
  fn: () => Thenable<T>,
): Promise<{ result: T; reports: string[]; titles: string[] }> {
  const win = vscode.window as unknown as { withProgress: typeof vscode.window.withProgress };
  const real = win.withProgress;
  const reports: string[] = [];
  const titles: string[] = [];
  win.withProgress = ((options, task) =>
    real(options, (progress, token) => {
      titles.push(String(options.title ?? ''));
      return task({ report: (v) => (v.message && reports.push(v.message), progress.report(v)) }, token);
    })) as typeof vscode.window.withProgress;
  try {
    return { result: await fn(), reports, titles };
  } finally {
    win.withProgress = real;
  }
}

async function registryNodes(parent?: RegistryNode): Promise<RegistryNode[]> {
  const api = await workbenchApi();
  return (await api.workbench.registries?.tree.getChildren(parent)) ?? [];
}

describe('registries', () => {
  let reg: RegistrySandbox;
  const repo = `pw-vs-${Date.now().toString(36)}`;

  before(async function () {
    this.timeout(120_000);
    await activeClient();
    reg = await startRegistry();
  });
  after(async () => {
    const api = await workbenchApi();
    // The pulled name is the test image's id under a second name: later suites pick that image by its first name.
    await (await activeClient()).removeImage(`${reg.host}/${repo}:1`).catch(() => undefined);
    await api.workbench.registries?.service.logout(reg.host, false);
    await reg?.stop();
  });

  it('logs in through its prompts: a wrong password is refused, the right one kept out of every log', async () => {
    const host = reg.host;
    const bad = await answering<string | undefined>(
      { inputs: [host, reg.user, 'not-the-password'] },
      'podman.registry.login',
    );
    assert.equal(bad.result, undefined);
    assert.ok(
      bad.asked.errors.some((e) => /401 Unauthorized/.test(e) && e.includes(host)),
      bad.asked.errors.join('\n'),
    );
    const good = await answering<string | undefined>(
      { inputs: [host, reg.user, reg.password] },
      'podman.registry.login',
    );
    assert.equal(good.result, host);
    assert.deepEqual(good.asked.inputs.length, 3);
    const node = await waitFor('the registry in the Registries view', async () =>
      (await registryNodes()).find((n) => n.kind === 'registry' && n.known.registry === host),
    );
    const api = await workbenchApi();
    assert.equal(api.workbench.registries?.tree.getTreeItem(node).contextValue, 'podman.registry.loggedIn');
    // Browse it: the catalog answers with the stored credentials.
    const children = await registryNodes(node);
    assert.ok(
      children.every((c) => c.kind !== 'message' || !c.error),
      JSON.stringify(children),
    );
  });

  it('pulls from the palette with progress, and the image appears in the Images tree', async () => {
    const client = await activeClient();
    const api = await workbenchApi();
    const ref = `${reg.host}/${repo}:1`;
    const credentials = await api.workbench.registries!.service.credentials(reg.host);
    await tagImage(client, BUSYBOX, ref);
    await pushImage(client, ref, ref, { credentials });
    await client.removeImage(ref);
    const ex = await explorer();
    await waitFor('the image to leave the tree', () => !explorerNodes(ex, 'images').some((f) => f.item.label === ref));
    const { result, reports, titles } = await recordingProgress(() =>
      answeringWhile({ inputs: [ref] }, () => vscode.commands.executeCommand('podman.image.pull')),
    );
    assert.equal(result.result, ref);
    assert.ok(
      titles.some((t) => t.includes(ref)),
      titles.join(),
    );
    assert.ok(
      reports.some((r) => /\d+\/\d+ layers/.test(r)),
      reports.join('\n'),
    );
    await waitFor(
      'the pulled image in the Images tree',
      () => explorerNodes(ex, 'images').find((f) => f.item.label === ref),
      15_000,
    );
  });

  it('shows "newer image available" on a FROM line and in the Images view after a new push', async () => {
    const client = await activeClient();
    const api = await workbenchApi();
    const service = api.workbench.registries!.service;
    const ref = `${reg.host}/${repo}:1`;
    const doc = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: `FROM ${ref}\nRUN true\n` });
    await vscode.window.showTextDocument(doc);
    const lenses = async () =>
      (
        (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100)) ?? []
      ).map((l) => l.command?.title ?? '');
    assert.deepEqual(
      await waitFor('the Pull lens', async () => ((await lenses()).length ? await lenses() : undefined)),
      ['Pull'],
    );
    // A new version under the same tag: a commit of a container, pushed from another name.
    const ctr = await client.createContainer(buildRunSpec({ image: BUSYBOX, command: ['true'] }));
    const next = `localhost/${repo}-next:1`;
    await client.libpod('POST', '/commit', {
      query: { container: ctr, repo: `localhost/${repo}-next`, tag: '1', changes: 'LABEL v=2' },
    });
    await client.removeContainer(ctr, { force: true });
    await pushImage(client, next, ref, { credentials: await service.credentials(reg.host) });
    await vscode.commands.executeCommand('podman.image.checkNewer');
    const titles = await waitFor('the newer-image lens', async () => {
      const t = await lenses();
      return t.some((x) => x.includes('newer image available')) ? t : undefined;
    });
    assert.match(titles[0], /newer image available — Pull/);
    const ex = await explorer();
    const item = explorerNodes(ex, 'images').find((f) => f.item.label === ref)?.item;
    assert.equal((item?.iconPath as vscode.ThemeIcon | undefined)?.id, 'cloud-download');
    assert.match(String(item?.description), /newer image available/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await client.removeImage(next).catch(() => undefined);
  });

  it('kept the credentials out of every log and output channel of the extension host', async () => {
    const api = await workbenchApi();
    const logs = api.workbench.ext.logUri.fsPath;
    const hostLogs = join(logs, '..', '..'); // every extension's and the host's own logs
    const files = filesUnder(hostLogs);
    assert.ok(files.length > 0, `logs under ${hostLogs}`);
    await waitFor('the log to say who logged in where', () =>
      filesUnder(logs).some((f) => readFileSync(f, 'utf8').includes(`logged in to ${reg.host}`)),
    );
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      assert.ok(!text.includes(reg.password ?? '\u0000'), `the password is in ${f}`);
      assert.ok(!text.includes(Buffer.from(`${reg.user}:${reg.password}`).toString('base64')), `basic auth in ${f}`);
    }
  });
});
