// Debugging where the Podman host is not simply this machine's root Podman:
// - Podman 5 in a Debian 13 chroot (scripts/podman5-sandbox.mjs): its /usr has no debugger, as on a
//   podman machine VM or another host. "debuggerDelivery": "auto" must notice and bring the
//   debugger in its image, for attach and for launch.
// - Rootless Podman (a dedicated unprivileged user): attach with the host's debuggers and launch
//   with the debugger image, ptrace working inside the user namespace.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { startPodman5, startRootlessPodman, uniqueName, type TestPodman } from '../harness/podman';
import { buildC, buildGo, cImage, goImage, runContainer, tempRoot, type Program } from '../fixtures/debug/build';
import { assertTopFrame, attachAndHit, connect, launchAndHit, sidecars, wait, waitGone } from '../fixtures/debug/session';
import { chooseDelivery, DEBUGGER_IMAGE_REPO, type Delivery } from '../../src/debug/core/delivery';

/** Attach to a running program, stop at the breakpoint, check the frame, detach leaving it running. */
async function attachCase(pm: TestPodman, prog: Program, ctr: string, expect: { kind: 'delve' | 'lldb'; delivery: Delivery }, extra: Record<string, unknown> = {}): Promise<void> {
  const config = { type: 'podman', request: 'attach', name: 'attach', container: ctr, localRoot: prog.workspace, followLogs: false, ...extra };
  const { dc, served } = await connect(pm.client, config);
  try {
    const ev = await attachAndHit(dc, prog, config);
    assert.equal(ev.body.reason, 'breakpoint');
    const s = served.adapters[0].session!;
    assert.equal(s.engine.kind, expect.kind);
    assert.equal(s.delivery, expect.delivery);
    if (expect.delivery === 'image') assert.match(s.debuggerImage ?? '', new RegExp(`^${DEBUGGER_IMAGE_REPO}:${expect.kind}-`));
    const frame = await assertTopFrame(dc, ev, prog);
    const vars = await dc.scopesRequest({ frameId: frame.id });
    assert.ok(vars.body.scopes.length > 0, 'the frame has scopes');
    console.log(`attach ${expect.kind} (${expect.delivery}): timings ${JSON.stringify(s.timings)}`);
    await dc.setBreakpointsRequest({ source: { path: prog.source }, breakpoints: [] });
    await dc.disconnectRequest({ terminateDebuggee: false });
    await served.adapters[0].whenEnded();
  } finally {
    await dc.stop().catch(() => undefined);
    await served.close();
  }
  assert.equal((await pm.client.getContainer(ctr))?.state, 'running', 'the target keeps running after detach');
  await waitGone(pm.client, ctr);
  assert.deepEqual(await sidecars(pm.client, ctr), [], 'the debug sidecar is removed');
}

/** Launch a program in a new container under the debugger, see its output, end, container removed. */
async function launchCase(pm: TestPodman, prog: Program, image: string, expect: { kind: 'delve' | 'lldb'; delivery: Delivery }, extra: Record<string, unknown> = {}): Promise<void> {
  const name = uniqueName(`dbg-launch-${expect.kind}`);
  const config = { type: 'podman', request: 'launch', name: 'launch', image, container: name, localRoot: prog.workspace, ...extra };
  const { dc, served } = await connect(pm.client, config);
  const output: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
  try {
    const ev = await launchAndHit(dc, prog, config);
    const s = served.adapters[0].session!;
    assert.equal(s.engine.kind, expect.kind);
    assert.equal(s.delivery, expect.delivery);
    await assertTopFrame(dc, ev, prog);
    console.log(`launch ${expect.kind} (${expect.delivery}): timings ${JSON.stringify(s.timings)}`);
    await dc.setBreakpointsRequest({ source: { path: prog.source }, breakpoints: [] });
    await dc.continueRequest({ threadId: ev.body.threadId! });
    for (let i = 0; i < 50 && !output.some((o) => o.includes('tick 1 ticker')); i++) await wait(100);
    assert.ok(output.some((o) => o.includes('tick 1 ticker')), 'program output reaches the Debug Console');
    await dc.disconnectRequest({});
    await served.adapters[0].whenEnded();
  } finally {
    await dc.stop().catch(() => undefined);
    await served.close();
  }
  assert.equal(await pm.client.getContainer(name), undefined, 'the launched container is removed');
}

describe('debugging on a Podman host that is not this machine (Podman 5 in a Debian 13 chroot)', () => {
  let pm: TestPodman;
  let root: string;
  let go: Program;
  let goImg: string;
  before(async () => {
    pm = await startPodman5();
    root = tempRoot();
    go = await buildGo(root);
    goImg = await goImage(pm.client, go, 'localhost/pw-debug-go-p5:test');
  });
  after(async () => {
    await pm?.stop({ cleanup: true });
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('"auto" sees that the host\'s /usr is not this machine\'s and chooses the debugger image', async () => {
    assert.equal(await chooseDelivery(pm.client, 'auto'), 'image');
  });

  it('attaches Delve to a Go program in a scratch image, with "auto" delivery', async () => {
    const ctr = await runContainer(pm.client, goImg, uniqueName('dbg-p5-go'));
    await attachCase(pm, go, ctr, { kind: 'delve', delivery: 'image' });
  });

  it('launches a Go program under Delve, with "auto" delivery', async () => {
    await launchCase(pm, go, goImg, { kind: 'delve', delivery: 'image' });
  });

  it('attaches LLDB to a C program, with "auto" delivery', async () => {
    const c = await buildC(root);
    const ctr = await runContainer(pm.client, await cImage(pm.client, c, 'localhost/pw-debug-c-p5:test'), uniqueName('dbg-p5-c'), { hostUsr: true });
    await attachCase(pm, c, ctr, { kind: 'lldb', delivery: 'image' });
  });
});

describe('debugging under rootless Podman', () => {
  let pm: TestPodman;
  let root: string;
  let go: Program;
  let goImg: string;
  before(async () => {
    pm = await startRootlessPodman();
    root = tempRoot();
    go = await buildGo(root);
    goImg = await goImage(pm.client, go, 'localhost/pw-debug-go-rl:test');
  });
  after(async () => {
    await pm?.stop({ cleanup: true });
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('attaches Delve with the host\'s debugger inside the user namespace', async () => {
    const ctr = await runContainer(pm.client, goImg, uniqueName('dbg-rl-go'));
    await attachCase(pm, go, ctr, { kind: 'delve', delivery: 'host' });
  });

  it('attaches LLDB to a C program with the host\'s debugger', async () => {
    const c = await buildC(root);
    const ctr = await runContainer(pm.client, await cImage(pm.client, c, 'localhost/pw-debug-c-rl:test'), uniqueName('dbg-rl-c'), { hostUsr: true });
    await attachCase(pm, c, ctr, { kind: 'lldb', delivery: 'host' });
  });

  it('launches a Go program under Delve from the debugger image', async () => {
    await launchCase(pm, go, goImg, { kind: 'delve', delivery: 'image' }, { debuggerDelivery: 'image' });
  });
});
