// Debug sessions on every Podman target: "debuggerDelivery": "auto" chooses what the target's
// capabilities say (the host's debuggers where the Podman host's /usr is this machine's; the
// debugger image for Podman 5 in its root filesystem, whose /usr has no debugger, as on a podman
// machine VM or another host), then attaches Delve and LLDB and launches under Delve with it.
// The adapter's deeper cases (stepping, detach, faults, the service dying) are in adapter-attach.test.ts and adapter-launch.test.ts.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { uniqueName } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { buildC, buildGo, cImage, goImage, runContainer, tempRoot, type Program } from '../../fixtures/debug/build';
import { attachCase, launchCase } from '../../fixtures/debug/session';
import { chooseDelivery } from '../../../src/debug/core/delivery';

describeTargets('debug', (s) => {
  let root: string;
  let go: Program;
  let goImg: string;
  const delivery = s.caps.debug.autoDelivery;
  before(async () => {
    if (s.target.unavailable) return;
    root = tempRoot();
    go = await buildGo(root);
    goImg = await goImage(s.pm.client, go, `localhost/pw-debug-go-${s.target.id}:test`);
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  s.it(`"auto" delivery chooses ${delivery === 'host' ? "the host's debuggers" : 'the debugger image'}`, async () => {
    assert.equal(await chooseDelivery(s.pm.client, 'auto'), delivery);
  });

  s.it('attaches Delve to a Go program in a scratch image, with "auto" delivery', async () => {
    const ctr = await runContainer(s.pm.client, goImg, uniqueName('dbg-go'));
    // The first use of the debugger image in this fresh store imports it (reported as slow).
    await attachCase(s.pm.client, go, ctr, { kind: 'delve', delivery, imports: delivery === 'image' });
  });

  s.it('launches a Go program under Delve, with "auto" delivery', async () => {
    await launchCase(s.pm.client, go, goImg, { kind: 'delve', delivery });
  });

  s.it(
    'launches a Go program under Delve from the debugger image',
    async () => {
      await launchCase(s.pm.client, go, goImg, { kind: 'delve', delivery: 'image' }, { debuggerDelivery: 'image' });
    },
    delivery === 'image' && 'the "auto" launch already uses the debugger image on this target',
  );

  s.it(
    'attaches LLDB to a C program, with "auto" delivery',
    async () => {
      const c = await buildC(root);
      const image = await cImage(s.pm.client, c, `localhost/pw-debug-c-${s.target.id}:test`);
      const ctr = await runContainer(s.pm.client, image, uniqueName('dbg-c'), { hostUsr: true });
      await attachCase(s.pm.client, c, ctr, { kind: 'lldb', delivery });
    },
    // Kept short over SSH: LLDB comes by the same image delivery as Delve above, and sending its
    // debugger image over the link takes over a minute on this machine.
    s.target.id === 'remote' && 'over SSH, the image delivery is covered by the Delve attach and launch',
  );
});
