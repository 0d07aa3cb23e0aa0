// Adapter-level tests, attach: a real DAP client drives the inline adapter against a real private
// Podman, with the real dlv and lldb-vscode of this machine, on programs built in before().
// Launch, faults and the debugger image are in adapter-launch.test.ts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { uniqueName, type TestPodman } from '../../harness/podman';
import { observeFor, waitFor } from '../../harness/wait';
import { buildC, buildGo, cImage, goImage, runContainer, tempRoot, type Program } from '../../fixtures/debug/build';
import { attachAndHit, connect, sidecars, waitGone } from '../../fixtures/debug/session';
import { podmanReady, title } from './adapterTarget';

/**
 * At the breakpoint's stop: the top frame is the workspace file at the breakpoint's line, the
 * locals `i` and `s` are there, `expression` (the label field of `s`) evaluates to "ticker", a
 * step goes to the next line, and a continue comes back to the breakpoint.
 */
async function inspectStepContinue(dc: DebugClient, prog: Program, threadId: number, expression: string) {
  const st = await dc.stackTraceRequest({ threadId, startFrame: 0, levels: 5 });
  const top = st.body.stackFrames[0];
  assert.equal(top.source?.path, prog.source, 'stack frame in the workspace file');
  assert.equal(top.line, prog.line);
  assert.match(top.name, /work/);
  const scopes = await dc.scopesRequest({ frameId: top.id });
  const vars = await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
  const names = vars.body.variables.map((v) => v.name);
  assert.ok(names.includes('i') && names.includes('s'), `variables: ${names.join(',')}`);
  const ev = await dc.evaluateRequest({ expression, frameId: top.id, context: 'watch' });
  assert.match(ev.body.result, /"ticker"/);
  const next = dc.waitForEvent('stopped', 20_000) as Promise<DebugProtocol.StoppedEvent>;
  await dc.nextRequest({ threadId });
  assert.equal((await next).body.reason, 'step');
  const st2 = await dc.stackTraceRequest({ threadId, startFrame: 0, levels: 1 });
  assert.equal(st2.body.stackFrames[0].line, prog.line + 1);
  const again = dc.waitForEvent('stopped', 20_000);
  await dc.continueRequest({ threadId });
  await again; // the loop comes back to the breakpoint
}

/** After the detach: the target still runs and prints (not left stopped), and its sidecar is gone. */
async function runsOnWithoutSidecar(pm: TestPodman, ctr: string) {
  assert.equal((await pm.client.getContainer(ctr))?.state, 'running', 'the target keeps running after detach');
  await waitGone(pm.client, ctr);
  assert.deepEqual(await sidecars(pm.client, ctr), [], 'the debug sidecar is removed');
  const lines = async () => (await pm.podman(['logs', ctr])).split('\n').length;
  const before = await lines();
  await waitFor('the program to run on', async () => (await lines()) > before, 5000, 100);
}

describe(title('podman debug adapter: Go under Delve (attach, scratch image)'), () => {
  let pm: TestPodman;
  let root: string;
  let prog: Program;
  let ctr: string;
  before(async () => {
    pm = await podmanReady;
    root = tempRoot();
    prog = await buildGo(root);
    const image = await goImage(pm.client, prog);
    ctr = await runContainer(pm.client, image, uniqueName('dbg-go'));
  });
  after(async () => {
    await pm.client.containerAction(ctr, 'kill').catch(() => undefined); // PID 1 ignores SIGTERM
    await pm.client.removeContainer(ctr, { force: true }).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  it(title('attaches, hits a breakpoint set on the workspace path, inspects, steps, continues, detaches'), async () => {
    const config = { type: 'podman', request: 'attach', name: 'go', container: ctr, localRoot: prog.workspace };
    const { dc, served } = await connect(pm.client, config);
    try {
      const stopped = await attachAndHit(dc, prog, config);
      assert.equal(stopped.body.reason, 'breakpoint');
      const a = served.adapters[0];
      assert.equal(a.session?.engine.kind, 'delve');
      assert.deepEqual(a.session?.rules, [{ local: prog.workspace, remote: prog.buildDir }]);
      await inspectStepContinue(dc, prog, stopped.body.threadId!, 's.label');
      await dc.setBreakpointsRequest({ source: { path: prog.source }, breakpoints: [] });
      await dc.disconnectRequest({ terminateDebuggee: true }); // the adapter keeps attach targets alive
      await a.whenEnded();
    } finally {
      await dc.stop().catch(() => undefined);
      await served.close();
    }
    await runsOnWithoutSidecar(pm, ctr);
  });

  it(
    title('disconnecting from a running program shows no stop, and answers what was asked meanwhile and after'),
    async () => {
      // Delve halts the target to detach; VS Code, told of that stop, asked the ending session for
      // its threads: one request never answered, the next one failing with a message box.
      const config = {
        type: 'podman',
        request: 'attach',
        name: 'go',
        container: ctr,
        localRoot: prog.workspace,
        followLogs: false,
      };
      const { dc, served } = await connect(pm.client, config);
      const stops: unknown[] = [];
      dc.on('stopped', (e: DebugProtocol.StoppedEvent) => stops.push(e.body));
      try {
        await dc.initializeRequest();
        const initialized = dc.waitForEvent('initialized', 20_000);
        await dc.attachRequest(config as DebugProtocol.AttachRequestArguments);
        await initialized;
        await dc.configurationDoneRequest();
        await observeFor(300); // the program runs a little before the detach
        const disconnected = dc.disconnectRequest({ terminateDebuggee: false });
        const threads = dc.threadsRequest(); // in flight while the debugger detaches
        await disconnected;
        // Answered (by the debugger or by the adapter), not left hanging.
        await Promise.race([
          threads,
          observeFor(10_000).then(() => Promise.reject(new Error('the threads request in flight was never answered'))),
        ]);
        await served.adapters[0].whenEnded();
        const after = await dc.threadsRequest();
        assert.deepEqual(after.body.threads, [], 'no threads once the session is over');
        const err = await dc.stackTraceRequest({ threadId: 1 }).then(
          () => undefined,
          (e: Error) => e,
        );
        assert.ok(err, 'other requests fail once the session is over');
        assert.deepEqual(stops, [], 'no stop is shown for the detach');
      } finally {
        await dc.stop().catch(() => undefined);
        await served.close();
      }
      await waitGone(pm.client, ctr);
      assert.equal((await pm.client.getContainer(ctr))?.state, 'running', 'the target keeps running after detach');
    },
  );
});

describe(title('podman debug adapter: C under LLDB (attach)'), () => {
  let pm: TestPodman;
  let root: string;
  let prog: Program;
  let ctr: string;
  before(async () => {
    pm = await podmanReady;
    root = tempRoot();
    prog = await buildC(root);
    const image = await cImage(pm.client, prog);
    ctr = await runContainer(pm.client, image, uniqueName('dbg-c'), { hostUsr: true });
  });
  after(async () => {
    await pm.client.containerAction(ctr, 'kill').catch(() => undefined); // PID 1 ignores SIGTERM
    await pm.client.removeContainer(ctr, { force: true }).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  it(title('attaches with lldb-vscode, hits the breakpoint, inspects, steps, continues, detaches'), async () => {
    const config = { type: 'podman', request: 'attach', name: 'c', container: ctr, localRoot: prog.workspace };
    const { dc, served } = await connect(pm.client, config);
    try {
      const stopped = await attachAndHit(dc, prog, config);
      assert.equal(stopped.body.reason, 'breakpoint');
      const a = served.adapters[0];
      assert.equal(a.session?.engine.kind, 'lldb');
      assert.deepEqual(a.session?.rules, [{ local: prog.workspace, remote: prog.buildDir }]);
      await inspectStepContinue(dc, prog, stopped.body.threadId!, 's->label');
      // Breakpoints that cannot bind say why (LLDB itself says nothing).
      const other = await dc.setBreakpointsRequest({
        source: { path: join(prog.workspace, 'not-in-program.c') },
        breakpoints: [{ line: 3 }],
      });
      assert.equal(other.body.breakpoints[0].verified, false);
      assert.match(
        other.body.breakpoints[0].message ?? '',
        /not-in-program\.c is not among the program's sources as compiled/,
      );
      const past = await dc.setBreakpointsRequest({
        source: { path: prog.source },
        breakpoints: [{ line: prog.line }, { line: 900 }],
      });
      assert.deepEqual(
        past.body.breakpoints.map((b) => b.verified),
        [true, false],
      );
      assert.match(past.body.breakpoints[1].message ?? '', /no code on this line/);
      await dc.setBreakpointsRequest({ source: { path: prog.source }, breakpoints: [] });
      await dc.disconnectRequest({ terminateDebuggee: true });
      await a.whenEnded();
    } finally {
      await dc.stop().catch(() => undefined);
      await served.close();
    }
    await runsOnWithoutSidecar(pm, ctr);
  });
});
