import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUSYBOX, startPrivatePodman, uniqueName } from '../../harness/podman';
import { sleep, waitFor } from '../../harness/wait';
import { PodmanClient } from '../../../src/podman/client';
import type { PodmanError } from '../../../src/podman/errors';
import { ExplorerFollower } from '../../../src/explorer/model/follower';
import { ExplorerModel, type Problem } from '../../../src/explorer/model/tree';

describe('explorer follower against a Podman service that goes away', () => {
  it('shows the problem while the socket is gone and recovers, with what changed meanwhile', async () => {
    const own = await startPrivatePodman();
    const client = new PodmanClient(own.socketPath);
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
    await follower.start();
    assert.equal(model.store.loaded, true);
    assert.equal(model.problem, undefined);
    await sleep(300);
    await own.stop();
    await waitFor(() => model.problem !== undefined, 10_000, 'the problem');
    assert.equal(model.children('containers')[0].kind, 'problem', 'the tree shows the error node');
    // The first drop may read as a reset; the reconnect attempts then say why (refused / missing).
    await waitFor(
      () => failures.some((f) => f.kind === 'refused' || f.kind === 'socket-missing'),
      10_000,
      'a socket failure report',
    );
    const name = uniqueName('while-down');
    await own.podman(['create', '--name', name, BUSYBOX, 'true']);
    const again = await startPrivatePodman({ dir: own.dir });
    try {
      await waitFor(() => model.problem === undefined && !!model.store.containerByName(name), 20_000, 'recovery');
      assert.equal(
        model.children('containers').some((n) => n.kind === 'problem'),
        false,
      );
      assert.equal(follower.status, 'connected');
    } finally {
      follower.stop();
      await again.stop({ cleanup: true });
    }
  });
});
