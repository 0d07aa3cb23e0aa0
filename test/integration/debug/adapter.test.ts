// Adapter-level tests: a real DAP client drives the inline adapter against a real private Podman,
// with the real dlv and lldb-vscode of this machine, on programs built in before().
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { uniqueName, type TestPodman } from '../../harness/podman';
import { podmanTargets } from '../../harness/targets';
import { observeFor, waitFor } from '../../harness/wait';
import { buildC, buildGo, cImage, goImage, runContainer, tempRoot, type Program } from '../../fixtures/debug/build';
import { attachAndHit, attachCase, connect, launchCase, sidecars, waitGone } from '../../fixtures/debug/session';
import type { DebugBackend } from '../../../src/debug/core/backend';
import { SIDECAR_LABEL } from '../../../src/podman/labels';
import { DEBUGGER_IMAGE_REPO } from '../../../src/debug/core/delivery';

// The adapter's deep cases run on the private 4.3 target (its host has the debuggers, its service
// restarts); every target runs the sessions of targets.test.ts. Titles name the target.
const target = podmanTargets().find((t) => t.id === 'podman4')!;
const title = (name: string): string => `[${target.label}] debug: ${name}`;
const podmanReady = target.shared();

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
      const threadId = stopped.body.threadId!;
      const st = await dc.stackTraceRequest({ threadId, startFrame: 0, levels: 5 });
      const top = st.body.stackFrames[0];
      assert.equal(top.source?.path, prog.source, 'stack frame in the workspace file');
      assert.equal(top.line, prog.line);
      assert.match(top.name, /work/);
      const scopes = await dc.scopesRequest({ frameId: top.id });
      const vars = await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
      const names = vars.body.variables.map((v) => v.name);
      assert.ok(names.includes('i') && names.includes('s'), `variables: ${names.join(',')}`);
      const ev = await dc.evaluateRequest({ expression: 's.label', frameId: top.id, context: 'watch' });
      assert.equal(ev.body.result, '"ticker"');
      const next = dc.waitForEvent('stopped', 20_000) as Promise<DebugProtocol.StoppedEvent>;
      await dc.nextRequest({ threadId });
      assert.equal((await next).body.reason, 'step');
      const st2 = await dc.stackTraceRequest({ threadId, startFrame: 0, levels: 1 });
      assert.equal(st2.body.stackFrames[0].line, prog.line + 1);
      const again = dc.waitForEvent('stopped', 20_000);
      await dc.continueRequest({ threadId });
      await again; // the loop comes back to the breakpoint
      await dc.setBreakpointsRequest({ source: { path: prog.source }, breakpoints: [] });
      await dc.disconnectRequest({ terminateDebuggee: true }); // the adapter keeps attach targets alive
      await a.whenEnded();
    } finally {
      await dc.stop().catch(() => undefined);
      await served.close();
    }
    const c = await pm.client.getContainer(ctr);
    assert.equal(c?.state, 'running', 'the target keeps running after detach');
    await waitGone(pm.client, ctr);
    assert.deepEqual(await sidecars(pm.client, ctr), [], 'the debug sidecar is removed');
    // Still ticking: not left stopped at a breakpoint.
    const before = (await pm.podman(['logs', ctr])).split('\n').length;
    const lines = async () => (await pm.podman(['logs', ctr])).split('\n').length;
    await waitFor('the program to run on', async () => (await lines()) > before, 5000, 100);
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
      const threadId = stopped.body.threadId!;
      const st = await dc.stackTraceRequest({ threadId, startFrame: 0, levels: 5 });
      const top = st.body.stackFrames[0];
      assert.equal(top.source?.path, prog.source, 'stack frame in the workspace file');
      assert.equal(top.line, prog.line);
      assert.match(top.name, /work/);
      const scopes = await dc.scopesRequest({ frameId: top.id });
      const vars = await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
      const names = vars.body.variables.map((v) => v.name);
      assert.ok(names.includes('i') && names.includes('s'), `variables: ${names.join(',')}`);
      const ev = await dc.evaluateRequest({ expression: 's->label', frameId: top.id, context: 'watch' });
      assert.match(ev.body.result, /"ticker"/);
      const next = dc.waitForEvent('stopped', 20_000) as Promise<DebugProtocol.StoppedEvent>;
      await dc.nextRequest({ threadId });
      assert.equal((await next).body.reason, 'step');
      const st2 = await dc.stackTraceRequest({ threadId, startFrame: 0, levels: 1 });
      assert.equal(st2.body.stackFrames[0].line, prog.line + 1);
      const again = dc.waitForEvent('stopped', 20_000);
      await dc.continueRequest({ threadId });
      await again;
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
    assert.equal((await pm.client.getContainer(ctr))?.state, 'running', 'the target keeps running after detach');
    await waitGone(pm.client, ctr);
    assert.deepEqual(await sidecars(pm.client, ctr), []);
    const before = (await pm.podman(['logs', ctr])).split('\n').length;
    const lines = async () => (await pm.podman(['logs', ctr])).split('\n').length;
    await waitFor('the program to run on', async () => (await lines()) > before, 5000, 100);
  });
});

describe(title('podman debug adapter: launch and faults'), () => {
  let pm: TestPodman;
  let root: string;
  let prog: Program;
  let image: string;
  before(async () => {
    pm = await podmanReady;
    root = tempRoot();
    prog = await buildGo(root);
    image = await goImage(pm.client, prog, 'localhost/pw-debug-go-launch:test');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** Runs initialize (+ the given request) and returns the failure message the user would see. */
  async function failure(config: Record<string, unknown>): Promise<string> {
    const { dc, served } = await connect(pm.client, config);
    try {
      const terminated = dc.waitForEvent('terminated', 20_000);
      const err = await dc.initializeRequest().then(
        () => 'no error',
        (e: Error) => e.message,
      );
      await terminated;
      await served.adapters[0].whenEnded();
      return err;
    } finally {
      await dc.stop().catch(() => undefined);
      await served.close();
    }
  }

  it(
    title(
      'launches a container from an image under Delve, stops at the breakpoint, shows program output, removes the container',
    ),
    async () => {
      await launchCase(pm.client, prog, image, { kind: 'delve', delivery: 'host' }, { env: { GREETING: 'hi' } });
    },
  );

  it(
    title('launches a C program under LLDB with the container environment only (default seccomp: ASLR left on)'),
    async () => {
      const c = await buildC(root);
      const cimg = await cImage(pm.client, c, 'localhost/pw-debug-c-launch:test');
      const whileStopped = async (_s: DebugBackend, dc: DebugClient, frameId: number): Promise<void> => {
        assert.match(
          (await dc.evaluateRequest({ expression: '(const char *)getenv("FOO")', frameId, context: 'watch' })).body
            .result,
          /"bar"/,
        );
        assert.match(
          (
            await dc.evaluateRequest({
              expression: '(const char *)getenv("LD_LIBRARY_PATH")',
              frameId,
              context: 'watch',
            })
          ).body.result,
          /^0x0+$|nullptr|NULL/,
          'the host library path does not leak into the program',
        );
      };
      await launchCase(
        pm.client,
        c,
        cimg,
        { kind: 'lldb', delivery: 'host', whileStopped },
        { env: { FOO: 'bar' }, mounts: [{ source: '/usr', destination: '/usr', readOnly: true }] },
      );
    },
  );

  it(title('reports a program that exits at once and removes its container'), async () => {
    const name = uniqueName('dbg-exit');
    const config = {
      type: 'podman',
      request: 'launch',
      name: 'exit',
      image,
      container: name,
      localRoot: prog.workspace,
      env: { TICKER_EXIT: '1' },
    };
    const { dc, served } = await connect(pm.client, config);
    const output: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
    try {
      await dc.initializeRequest();
      const initialized = dc.waitForEvent('initialized', 20_000);
      await dc.launchRequest(config as DebugProtocol.LaunchRequestArguments);
      await initialized;
      const terminated = dc.waitForEvent('terminated', 20_000);
      await dc.configurationDoneRequest();
      await terminated;
      assert.ok(
        output.some((o) => o.includes('exiting at once')),
        'the program output is shown',
      );
      await dc.disconnectRequest({}); // Delve 1.20 says the exit status while disconnecting
      assert.ok(
        output.some((o) => /exited with status 3/.test(o)),
        `the exit status is shown: ${JSON.stringify(output)}`,
      );
      await served.adapters[0].whenEnded();
    } finally {
      await dc.stop().catch(() => undefined);
      await served.close();
    }
    assert.equal(await pm.client.getContainer(name), undefined);
  });

  it(
    title('says clearly when the container does not exist, the process is gone, or the configuration has wrong types'),
    async () => {
      assert.match(
        await failure({ type: 'podman', request: 'attach', container: 'no-such-container-xyz' }),
        /"no-such-container-xyz" does not exist/,
      );
      assert.match(
        await failure({ type: 'podman', request: 'attach', container: 42 }),
        /"container" must be a container name or id/,
      );
      assert.match(
        await failure({ type: 'podman', request: 'launch', image: 'localhost/no-such-image:1' }),
        /is not in the Podman store/,
      );
      const ctr = await runContainer(pm.client, image, uniqueName('dbg-pid'));
      try {
        assert.match(
          await failure({ type: 'podman', request: 'attach', container: ctr, processId: 4242 }),
          /Process 4242 is not running in container .*Running there: 1 \/app\/ticker/,
        );
        assert.deepEqual(await sidecars(pm.client, ctr), [], 'no sidecar is left behind');
      } finally {
        await pm.client.removeContainer(ctr, { force: true });
      }
    },
  );

  it(
    title('ends the session cleanly when the debugger crashes or the stream dies, leaving the target running'),
    async () => {
      const ctr = await runContainer(pm.client, image, uniqueName('dbg-crash'));
      try {
        for (const fault of ['debugger killed', 'stream destroyed'] as const) {
          const config = {
            type: 'podman',
            request: 'attach',
            name: 'crash',
            container: ctr,
            localRoot: prog.workspace,
            followLogs: false,
          };
          const { dc, served } = await connect(pm.client, config);
          const output: string[] = [];
          dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
          try {
            await dc.initializeRequest();
            const initialized = dc.waitForEvent('initialized', 20_000);
            await dc.attachRequest(config as DebugProtocol.AttachRequestArguments);
            await initialized;
            await dc.configurationDoneRequest();
            const terminated = dc.waitForEvent('terminated', 20_000);
            const a = served.adapters[0];
            if (fault === 'debugger killed') {
              await pm.podman(['exec', a.session!.debugContainerId, '/usr/bin/pkill', '-KILL', '-x', 'dlv']);
            } else a.session!.stream.destroy(); // what a dead Podman socket looks like from here
            await terminated;
            assert.ok(
              output.some((o) => /debugger ended unexpectedly/.test(o)),
              `${fault}: the user is told`,
            );
            await a.whenEnded();
          } finally {
            await dc.stop().catch(() => undefined);
            await served.close();
          }
          await waitGone(pm.client, ctr);
          assert.deepEqual(await sidecars(pm.client, ctr), [], `${fault}: the sidecar is removed`);
          assert.equal((await pm.client.getContainer(ctr))?.state, 'running', `${fault}: the target keeps running`);
        }
      } finally {
        await pm.client.removeContainer(ctr, { force: true });
      }
    },
  );
});

describe(title('podman debug adapter: the Podman service dies mid-session'), () => {
  it(title('ends the session, and the program is left running without breakpoints'), async () => {
    const root = tempRoot();
    const pm1: TestPodman = await target.restartable();
    try {
      const prog = await buildGo(root);
      const ctr = await runContainer(pm1.client, await goImage(pm1.client, prog), uniqueName('dbg-die'));
      const config = {
        type: 'podman',
        request: 'attach',
        name: 'die',
        container: ctr,
        localRoot: prog.workspace,
        followLogs: false,
      };
      const { dc, served } = await connect(pm1.client, config);
      const output: string[] = [];
      dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
      try {
        await attachAndHit(dc, prog, config); // stopped at the breakpoint, the worst moment
        const terminated = dc.waitForEvent('terminated', 20_000);
        await pm1.stopService!();
        await terminated;
        assert.ok(
          output.some((o) => /debugger ended unexpectedly/.test(o)),
          'the user is told',
        );
        await served.adapters[0].whenEnded();
      } finally {
        await dc.stop().catch(() => undefined);
        await served.close();
      }
      // Back up: the target kept running, and the dropped stream made the debugger detach.
      await pm1.startService!();
      const pm2 = pm1;
      assert.equal((await pm2.client.getContainer(ctr))?.state, 'running');
      const n = async () => (await pm2.podman(['logs', ctr])).split('\n').length;
      const before = await n();
      // The program runs on (not stopped, not killed by a stale breakpoint).
      await waitFor('the program to run on', async () => (await n()) > before, 5000, 100);
      const id = (await pm2.client.getContainer(ctr))!.id;
      const orphans = () => pm2.client.listContainers({ label: [`${SIDECAR_LABEL}.target=${id}`] });
      await waitFor('the orphaned sidecar to end', async () => (await orphans()).length === 0, 10_000, 100).catch(
        () => undefined,
      );
      assert.deepEqual(await orphans(), [], 'the orphaned sidecar ends by itself (its watchdog)');
    } finally {
      await target.release(pm1);
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe(title('podman debug adapter: debugger delivered as an image (debuggerDelivery: "image")'), () => {
  let pm: TestPodman;
  let root: string;
  const targets: string[] = [];
  before(async () => {
    pm = await podmanReady;
    root = tempRoot();
  });
  after(async () => {
    for (const ctr of targets) {
      await pm.client.containerAction(ctr, 'kill').catch(() => undefined);
      await pm.client.removeContainer(ctr, { force: true }).catch(() => undefined);
    }
    rmSync(root, { recursive: true, force: true });
  });

  /** The sidecar runs from the debugger image and mounts nothing from the Podman host; the image stays cached. */
  async function attachThroughImage(prog: Program, ctr: string, kind: 'delve' | 'lldb'): Promise<void> {
    const whileStopped = async (s: DebugBackend): Promise<void> => {
      const sc = await pm.client.inspectContainer(s.debugContainerId);
      assert.equal(sc.ImageName, s.debuggerImage);
      assert.deepEqual(sc.Mounts ?? [], []);
    };
    await attachCase(pm.client, prog, ctr, { kind, delivery: 'image', whileStopped }, { debuggerDelivery: 'image' });
    const images = (await pm.client.listImages()).flatMap((i) => i.repoTags);
    assert.ok(
      images.some((n) => n.includes(`${DEBUGGER_IMAGE_REPO.replace(/^localhost\//, '')}:${kind}-`)),
      `the debugger image is cached: ${images.join(', ')}`,
    );
  }

  /**
   * Launch with the debugger image: nothing of the Podman host's file system is bind-mounted for
   * the debugger, the image is mounted read-only as an image volume (Podman 4.3 also lists the
   * overlay it makes of the image in its own store).
   */
  async function launchThroughImage(
    prog: Program,
    image: string,
    kind: 'delve' | 'lldb',
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const whileStopped = async (s: DebugBackend): Promise<void> => {
      const ctr = await pm.client.inspectContainer(s.debugContainerId);
      const ours = (ctr.Mounts ?? []).filter((m) => m.Destination?.startsWith('/.pw-debug'));
      assert.ok(
        ours.some((m) => m.Type === 'image' && m.Source === s.debuggerImage && m.RW === false),
        `the debugger image is mounted read-only: ${JSON.stringify(ctr.Mounts)}`,
      );
      assert.deepEqual(
        ours.filter((m) => m.Type !== 'image' && !m.Source?.startsWith(`${pm.dir}/`)),
        [],
        'no bind mount from outside the Podman store',
      );
    };
    await launchCase(
      pm.client,
      prog,
      image,
      { kind, delivery: 'image', whileStopped },
      { debuggerDelivery: 'image', ...extra },
    );
  }

  it(
    title('launches a Go program under Delve mounted from the debugger image (no bind mount from the Podman host)'),
    async () => {
      const prog = await buildGo(root);
      await launchThroughImage(prog, await goImage(pm.client, prog, 'localhost/pw-debug-go-image:test'), 'delve');
    },
  );

  it(title('launches a C program under LLDB mounted from the debugger image'), async () => {
    const prog = await buildC(root);
    await launchThroughImage(prog, await cImage(pm.client, prog, 'localhost/pw-debug-c-image:test'), 'lldb', {
      mounts: [{ source: '/usr', destination: '/usr', readOnly: true }],
    });
  });

  it(
    title('attaches Delve to a Go program from the debugger image, hits the breakpoint, leaves nothing running'),
    async () => {
      const prog = await buildGo(root);
      const ctr = await runContainer(
        pm.client,
        await goImage(pm.client, prog, 'localhost/pw-debug-go-image:test'),
        uniqueName('dbg-img-go'),
      );
      targets.push(ctr);
      await attachThroughImage(prog, ctr, 'delve');
    },
  );

  it(
    title('attaches lldb-vscode to a C program from the debugger image, hits the breakpoint, leaves nothing running'),
    async () => {
      const prog = await buildC(root);
      const ctr = await runContainer(
        pm.client,
        await cImage(pm.client, prog, 'localhost/pw-debug-c-image:test'),
        uniqueName('dbg-img-c'),
        { hostUsr: true },
      );
      targets.push(ctr);
      await attachThroughImage(prog, ctr, 'lldb');
    },
  );
});
