// The SSH transport against the netns test host (scripts/ssh-host-sandbox.mjs), side by side with
// Podman's own remote client (`podman --url ssh://…`, a new SSH session per call): a list of 200
// containers, a stop + start, the event latency over the link minus a bare subscriber's, the
// time from a new link to the full list, and a build context sent over the link.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildImage } from '../src/podman/build';
import { EventSubscription } from '../src/podman/events';
import { remoteClient, sharedHosts, sshHome, stopSharedHosts, type SshHosts } from '../test/harness/ssh';

const execFileP = promisify(execFile);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function cli(hosts: SshHosts, known: string) {
  const url = `ssh://root@${hosts.target.address}:22${hosts.socketPath}`;
  return (args: string[]) =>
    execFileP('podman', ['--url', url, '--identity', hosts.keys.ed25519, ...args], {
      env: { ...process.env, HOME: known },
      maxBuffer: 64 << 20,
    });
}

export async function benchSsh(): Promise<Record<string, number>> {
  const hosts = await sharedHosts();
  const env = sshHome({ knownHosts: hosts.knownHosts() });
  const podman = cli(hosts, env.home);
  const target = { host: hosts.target.address, user: 'root', identityFiles: [hosts.keys.ed25519] };
  try {
    const have = (await hosts.podman(['ps', '-aq'])).split('\n').filter(Boolean).length;
    for (let i = have; i < 200; i++) {
      await hosts.podman(['create', '--name', `bench-${i}`, 'localhost/pw-busybox:latest', 'true']);
    }
    const t0 = performance.now();
    const { client, link } = remoteClient(hosts, { target, env });
    await client.ping();
    await client.listContainers();
    const connectToList = performance.now() - t0;
    const cliList = await timeIt(5, () => podman(['ps', '--all', '--format', 'json']));
    const ourList = await timeIt(5, () => client.listContainers());
    const id = await client.createContainer({
      image: 'localhost/pw-busybox:latest',
      name: 'bench-action',
      command: ['sleep', '600'],
    });
    await client.containerAction(id, 'start');
    const cliAction = await timeIt(3, async () => {
      await podman(['stop', '-t', '0', id]);
      await podman(['start', id]);
    });
    const ourAction = await timeIt(3, async () => {
      await client.containerAction(id, 'stop', { timeout: 0 });
      await client.containerAction(id, 'start');
    });
    const eventMs = await eventLatency(client, hosts);
    const build = await buildRatio(client, podman);
    client.dispose();
    if (link.connections !== 1) {
      throw new Error(`the link reconnected ${link.connections - 1} times during the benchmark`);
    }
    return {
      ssh_list_200_ratio_vs_cli: cliList / ourList,
      ssh_list_200_ms: ourList,
      ssh_action_ratio_vs_cli: cliAction / ourAction,
      ssh_event_ms: eventMs,
      ssh_connect_to_list_ms: connectToList,
      ...build,
    };
  } finally {
    env.cleanup();
    await stopSharedHosts();
  }
}

/** Action (CLI on the host) → event over the link, median of 5. */
async function eventLatency(client: ReturnType<typeof remoteClient>['client'], hosts: SshHosts): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const name = `bench-ev-${i}-${process.pid}`;
    let resolveSeen: () => void = () => undefined;
    const seen = new Promise<void>((r) => (resolveSeen = r));
    const sub = new EventSubscription(client, { onEvent: (e) => e.name === name && resolveSeen() });
    sub.start();
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    await hosts.podman(['create', '--name', name, 'localhost/pw-busybox:latest', 'true']);
    await seen;
    times.push(performance.now() - t0);
    sub.stop();
  }
  return median(times);
}

/** A 50 MB build context: `podman --url … build` vs ours. */
async function buildRatio(
  client: ReturnType<typeof remoteClient>['client'],
  podman: (args: string[]) => Promise<unknown>,
): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-ctx-'));
  try {
    writeFileSync(join(dir, 'Containerfile'), 'FROM localhost/pw-busybox:latest\nCOPY blob /blob\n');
    writeFileSync(join(dir, 'blob'), Buffer.alloc(50 << 20, 7));
    const t0 = performance.now();
    await podman(['build', '-t', 'localhost/bench-cli:1', dir]);
    const cliMs = performance.now() - t0;
    const t1 = performance.now();
    await buildImage(client, {
      contextDir: dir,
      containerfile: join(dir, 'Containerfile'),
      tags: ['localhost/bench-ours:1'],
    });
    const ourMs = performance.now() - t1;
    return { ssh_build_context_50mb_ratio_vs_cli: cliMs / ourMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
