// The explorer's follower against a Podman service that goes away and comes back, on every
// target whose sandbox can restart its service on the same store.
import assert from 'node:assert/strict';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { waitFor } from '../../harness/wait';
import { PodmanClient } from '../../../src/podman/client';
import type { PodmanError } from '../../../src/podman/errors';
import { ExplorerFollower } from '../../../src/explorer/model/follower';
import { ExplorerModel, type Problem } from '../../../src/explorer/model/tree';

describeTargets('explorer: the service goes away', (s) => {
  s.it(
    'shows the problem while the socket is gone and recovers, with what changed meanwhile',
    async () => {
      const own = await s.target.restartable();
      const client = own.connect?.() ?? new PodmanClient(own.socketPath);
      await client.ping();
      const model = new ExplorerModel();
      const problems: (Problem | undefined)[] = [];
      const failures: PodmanError[] = [];
      const follower = new ExplorerFollower(client, model, {
        onProblem: (p) => {
          problems.push(p);
          model.setProblem(p);
        },
        onFailure: (e) => failures.push(e),
        backoffMs: [100, 200, 400],
      });
      const name = uniqueName('while-down');
      try {
        await follower.start();
        assert.equal(model.store.loaded, true);
        assert.equal(model.problem, undefined);
        await waitFor('the event stream', () => follower.status === 'connected');
        await own.stopService!();
        await waitFor('the problem', () => model.problem !== undefined, 10_000);
        assert.equal(model.children('containers')[0].kind, 'problem', 'the tree shows the error node');
        // The first drop may read as a reset; the reconnect attempts then say why (refused / missing).
        await waitFor(
          'a socket failure report',
          () => failures.some((f) => f.kind === 'refused' || f.kind === 'socket-missing'),
          10_000,
        );
        await own.podman(['create', '--name', name, BUSYBOX, 'true']);
        await own.startService!();
        await waitFor('recovery', () => model.problem === undefined && !!model.store.containerByName(name), 20_000);
        assert.equal(
          model.children('containers').some((n) => n.kind === 'problem'),
          false,
        );
        assert.equal(follower.status, 'connected');
      } finally {
        follower.stop();
        await own.startService?.();
        await own.podman(['rm', '-f', name]).catch(() => undefined);
        await s.target.release(own);
      }
    },
    !s.caps.restartService && `${s.target.label}: its sandbox cannot restart the service on the same store`,
  );
});
