// Adapter-level tests, launch and faults: a real DAP client drives the inline adapter against a
// real private Podman, with the real dlv and lldb-vscode of this machine, on programs built in
// before(); also the service dying mid-session and the debugger delivered as an image.
// Attaching to running programs is in adapter-attach.test.ts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { uniqueName, type TestPodman } from '../../harness/podman';
import { waitFor } from '../../harness/wait';
import { buildC, buildGo, cImage, goImage, runContainer, tempRoot, type Program } from '../../fixtures/debug/build';
import { attachAndHit, attachCase, connect, launchCase, sidecars, waitGone } from '../../fixtures/debug/session';
import type { DebugBackend } from '../../../src/debug/core/backend';
import { SIDECAR_LABEL } from '../../../src/podman/labels';
import { DEBUGGER_IMAGE_REPO } from '../../../src/debug/core/delivery';
import { podmanReady, target, title } from './adapterTarget';

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
