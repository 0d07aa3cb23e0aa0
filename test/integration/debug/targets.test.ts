// Debugging where the Podman host is not simply this machine's root Podman:
// - Podman 5 in a Debian 13 chroot (scripts/podman5-sandbox.mjs): its /usr has no debugger, as on a
//   podman machine VM or another host. "debuggerDelivery": "auto" must notice and bring the
//   debugger in its image, for attach and for launch.
// - Rootless Podman (a dedicated unprivileged user): attach with the host's debuggers and launch
//   with the debugger image, ptrace working inside the user namespace.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startPodman5, startRootlessPodman, uniqueName, type TestPodman } from '../../harness/podman';
import { buildC, buildGo, cImage, goImage, runContainer, tempRoot, type Program } from '../../fixtures/debug/build';
import { attachCase, launchCase } from '../../fixtures/debug/session';
import { chooseDelivery } from '../../../src/debug/core/delivery';

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
    await attachCase(pm.client, go, ctr, { kind: 'delve', delivery: 'image', imports: true });
  });

  it('launches a Go program under Delve, with "auto" delivery', async () => {
    await launchCase(pm.client, go, goImg, { kind: 'delve', delivery: 'image' });
  });

  it('attaches LLDB to a C program, with "auto" delivery', async () => {
    const c = await buildC(root);
    const ctr = await runContainer(
      pm.client,
      await cImage(pm.client, c, 'localhost/pw-debug-c-p5:test'),
      uniqueName('dbg-p5-c'),
      { hostUsr: true },
    );
    await attachCase(pm.client, c, ctr, { kind: 'lldb', delivery: 'image' });
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

  it("attaches Delve with the host's debugger inside the user namespace", async () => {
    const ctr = await runContainer(pm.client, goImg, uniqueName('dbg-rl-go'));
    await attachCase(pm.client, go, ctr, { kind: 'delve', delivery: 'host' });
  });

  it("attaches LLDB to a C program with the host's debugger", async () => {
    const c = await buildC(root);
    const ctr = await runContainer(
      pm.client,
      await cImage(pm.client, c, 'localhost/pw-debug-c-rl:test'),
      uniqueName('dbg-rl-c'),
      { hostUsr: true },
    );
    await attachCase(pm.client, c, ctr, { kind: 'lldb', delivery: 'host' });
  });

  it('launches a Go program under Delve from the debugger image', async () => {
    await launchCase(pm.client, go, goImg, { kind: 'delve', delivery: 'image' }, { debuggerDelivery: 'image' });
  });
});
