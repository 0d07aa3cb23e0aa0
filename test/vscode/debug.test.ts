// Debugging inside containers from the real VS Code: a `podman` attach session through the
// extension's inline adapter stops at a breakpoint set in the editor, against the real Podman.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PodmanClient } from '../../src/podman/client';
import { buildGo, goImage, runContainer, setFixturesDir, tempRoot, type Program } from '../fixtures/debug/build';
import { EXTENSION_ID, activeClient, waitFor } from './util';

describe('debugging in containers', () => {
  let client: PodmanClient;
  let root: string;
  let prog: Program;
  let ctr: string;
  const stops: { session: vscode.DebugSession; threadId: number }[] = [];
  let tracker: vscode.Disposable;

  before(async function () {
    this.timeout(120_000);
    client = await activeClient();
    setFixturesDir(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'debug'));
    root = tempRoot('pw-vscode-debug-');
    prog = await buildGo(root);
    ctr = await runContainer(client, await goImage(client, prog, 'localhost/pw-vscode-debug-go:test'), `pw-vscode-debug-${Date.now()}`);
    tracker = vscode.debug.registerDebugAdapterTrackerFactory('podman', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: { threadId?: number } }) => {
          if (m.type === 'event' && m.event === 'stopped') stops.push({ session, threadId: m.body?.threadId ?? 1 });
        },
      }),
    });
  });
  after(async () => {
    tracker?.dispose();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    if (ctr) await client.removeContainer(ctr, { force: true }).catch(() => undefined);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('attaches to a Go program in a scratch container and stops at an editor breakpoint', async function () {
    this.timeout(90_000);
    const bp = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(prog.source), new vscode.Position(prog.line - 1, 0)));
    vscode.debug.addBreakpoints([bp]);
    const ended = new Promise<void>((resolve) => {
      const sub = vscode.debug.onDidTerminateDebugSession((s) => {
        if (s.configuration.type === 'podman') {
          sub.dispose();
          resolve();
        }
      });
    });
    const ok = await vscode.debug.startDebugging(undefined, { type: 'podman', request: 'attach', name: 'Podman test attach', container: ctr, localRoot: prog.workspace });
    assert.equal(ok, true, 'the session starts');
    const stop = await waitFor('the stop at the breakpoint', () => stops[0], 30_000);
    const st = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 })) as { stackFrames: { line: number; source?: { path?: string } }[] };
    // A remote workbench (code-server) hands paths back as vscode-remote:// URIs.
    const framePath = st.stackFrames[0].source?.path ?? '';
    assert.equal(framePath.startsWith('/') ? framePath : vscode.Uri.parse(framePath).path, prog.source, 'the frame is in the workspace file');
    assert.equal(st.stackFrames[0].line, prog.line);
    vscode.debug.removeBreakpoints([bp]);
    await stop.session.customRequest('continue', { threadId: stop.threadId });
    await vscode.debug.stopDebugging(stop.session);
    await ended;
    const c = await waitFor('the target still running', async () => ((await client.getContainer(ctr))?.state === 'running' ? true : undefined), 10_000);
    assert.ok(c);
    await waitFor('the sidecar removed', async () => ((await client.listContainers({ label: [`io.podman-workbench.debug.target=${(await client.getContainer(ctr))!.id}`] })).length === 0 ? true : undefined), 15_000);
  });

  it('refuses a configuration with wrong types before starting anything', async () => {
    const ok = await vscode.debug.startDebugging(undefined, { type: 'podman', request: 'attach', name: 'bad', container: ctr, processId: 'first' });
    assert.equal(ok, false);
  });

  it('"Debug..." on a container starts an attach session', async function () {
    this.timeout(60_000);
    const started = new Promise<vscode.DebugSession>((resolve) => {
      const sub = vscode.debug.onDidStartDebugSession((s) => {
        if (s.configuration.type === 'podman') {
          sub.dispose();
          resolve(s);
        }
      });
    });
    // As the Containers view's context menu calls it: with the tree node.
    await vscode.commands.executeCommand('podman.container.debug', { kind: 'container', id: `container:${ctr}`, view: 'containers', containerId: ctr });
    const s = await started;
    assert.equal(s.configuration.container, ctr);
    assert.equal(s.configuration.request, 'attach');
    const ended = new Promise<void>((resolve) => {
      const sub = vscode.debug.onDidTerminateDebugSession((x) => x.id === s.id && (sub.dispose(), resolve()));
    });
    await vscode.debug.stopDebugging(s);
    await ended;
  });
});
