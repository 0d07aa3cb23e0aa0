// The explorer against a Podman that answers while its event stream does not (a broken events
// backend, or a proxy that cuts long requests): a proxy in front of the real socket refuses
// /events until the test mends it. The lists must stay, be polled, and go live again after.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { observeFor, waitFor } from '../../harness/wait';
import { PodmanClient } from '../../../src/podman/client';
import { ExplorerFollower } from '../../../src/explorer/model/follower';
import { ExplorerModel, type Problem } from '../../../src/explorer/model/tree';

/** An HTTP proxy on a unix socket that passes everything to `target`, except /events while broken. */
async function eventsBreakingProxy(
  target: string,
): Promise<{ socketPath: string; mend(): void; requests: string[]; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-proxy-'));
  const socketPath = join(dir, 'proxy.sock');
  let broken = true;
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (broken && /\/events(\?|$)/.test(req.url ?? '')) {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          cause: 'no such file or directory',
          message: 'failed to read the events journal: no such file or directory',
          response: 500,
        }),
      );
      return;
    }
    const up = http.request({ socketPath: target, method: req.method, path: req.url, headers: req.headers }, (ures) => {
      res.writeHead(ures.statusCode ?? 502, ures.headers);
      res.flushHeaders(); // an event stream sends nothing more until an event
      ures.pipe(res);
    });
    up.on('error', () => res.destroy());
    res.on('close', () => up.destroy()); // the client went: so does the upstream event stream
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(socketPath, r));
  return {
    socketPath,
    requests,
    mend: () => (broken = false),
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeTargets('explorer: only the event stream fails', (s) => {
  const made: string[] = [];
  after(async () => {
    for (const id of made) await s.pm.client.removeContainer(id, { force: true }).catch(() => undefined);
  });

  s.it('keeps the lists, polls them while the stream is refused, and goes live again without polling', async () => {
    const pm = s.pm;
    const proxy = await eventsBreakingProxy(pm.socketPath);
    const model = new ExplorerModel();
    model.children('containers');
    const problems: (Problem | undefined)[] = [];
    const degraded: (string | undefined)[] = [];
    const follower = new ExplorerFollower(new PodmanClient(proxy.socketPath), model, {
      onProblem: (p) => {
        problems.push(p);
        model.setProblem(p);
      },
      onDegraded: (r) => degraded.push(r),
      backoffMs: [100, 200, 400],
      pollMs: 300,
    });
    try {
      await follower.start();
      await waitFor('the degraded report', () => degraded.length > 0, 10_000);
      assert.match(degraded[0] ?? '', /events journal/, "the reason is Podman's own message");
      assert.equal(model.problem, undefined, 'no "not reachable" node: Podman answers');
      assert.equal(
        model.children('containers').some((n) => n.kind === 'problem'),
        false,
      );

      // A container made meanwhile shows up through the polling.
      const name = uniqueName('polled');
      const id = await pm.client.createContainer({ name, image: BUSYBOX, command: ['sleep', '600'] });
      made.push(id);
      await waitFor('the polled list to show the new container', () => !!model.store.containerByName(name), 5_000);

      proxy.mend();
      await waitFor(
        'live updates again',
        () => degraded.at(-1) === undefined && follower.status === 'connected',
        10_000,
      );
      // Live: a start reaches the model through the stream, and the lists are no longer polled.
      await pm.client.containerAction(id, 'start');
      await waitFor(
        'the start through the event stream',
        () => model.store.containerByName(name)?.state === 'running',
        5_000,
      );
      const lists = () => proxy.requests.filter((r) => r.includes('/containers/json')).length;
      const n = lists();
      await observeFor(1000);
      assert.equal(lists(), n, 'no list requests once the stream is back');
    } finally {
      follower.stop();
      await proxy.close();
    }
  });
});
