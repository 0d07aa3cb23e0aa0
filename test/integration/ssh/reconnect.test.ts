// The SSH link when the network or the sshd goes away mid-stream: the event subscription sees
// the drop, the link reconnects with backoff once the host is back, and the events missed
// meanwhile are replayed with `since`. Also: the remote shell's quoting, proven with names
// holding quotes and metacharacters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { remoteClient, sharedHosts, sshHome, sshUnavailable, stopSharedHosts, type SshHosts } from '../../harness/ssh';
import { waitFor } from '../../harness/wait';
import { EventSubscription, type StreamStatus } from '../../../src/podman/events';
import type { PodmanEvent } from '../../../src/podman/models';

describe('ssh reconnection and quoting', { skip: sshUnavailable() }, () => {
  let hosts: SshHosts;
  before(async () => void (hosts = await sharedHosts()));
  after(stopSharedHosts);

  const connect = () => {
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const made = remoteClient(hosts, {
      target: { host: hosts.target.address, user: 'root', identityFiles: [hosts.keys.ed25519] },
      env,
      keepaliveIntervalMs: 500,
      keepaliveCountMax: 2,
    });
    return { ...made, env };
  };

  const subscribe = (client: ReturnType<typeof connect>['client']) => {
    const events: PodmanEvent[] = [];
    const statuses: StreamStatus['state'][] = [];
    const sub = new EventSubscription(client, {
      onEvent: (e) => events.push(e),
      onStatus: (s) => statuses.push(s.state),
      backoffMs: [100, 250, 500, 1000],
    });
    sub.start();
    return { sub, events, statuses };
  };

  for (const fault of ['sshd killed', 'link cut'] as const) {
    it(`${fault} mid-stream: reconnects and replays the events missed with since`, async () => {
      const { link, client, env } = connect();
      const { sub, events, statuses } = subscribe(client);
      try {
        await waitFor('first connection', () => statuses.includes('connected'), 15_000);
        if (fault === 'sshd killed') await hosts.killSshd();
        else hosts.linkDown();
        await waitFor('the drop is seen', () => statuses.includes('disconnected') && link.state !== 'up', 20_000);
        const name = uniqueName('missed');
        await hosts.podman(['create', '--name', name, BUSYBOX, 'true']);
        if (fault === 'sshd killed') await hosts.startSshd();
        else hosts.linkUp();
        await waitFor(
          'the missed event replayed',
          () => events.some((e) => e.type === 'container' && e.name === name),
          30_000,
        );
        assert.ok(link.connections >= 2, 'a new SSH connection');
        assert.equal(statuses.at(-1), 'connected');
      } finally {
        if (fault === 'link cut') hosts.linkUp();
        sub.stop();
        client.dispose();
        env.cleanup();
      }
    });
  }

  it('quotes exec arguments for the remote shell: quotes, $(), ;, globs, newlines arrive verbatim', async () => {
    const { link, client, env } = connect();
    try {
      const nasty = [
        `it's`,
        `"double"`,
        '$(touch /tmp/pw-pwned)',
        '`id`',
        'a;b',
        '*',
        'x\ny',
        '$HOME',
        '\\',
        ' lead',
        '',
        '-n',
      ];
      const r = await link.exec(['printf', '%s\\0', ...nasty]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.stdout.split('\0').slice(0, -1), nasty);
      const check = await link.exec(['test', '-e', '/tmp/pw-pwned']);
      assert.equal(check.code, 1, 'no command substitution ran');
    } finally {
      client.dispose();
      env.cleanup();
    }
  });
});
