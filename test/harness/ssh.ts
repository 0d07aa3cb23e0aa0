// Test harness of the SSH transport: the remote host of scripts/ssh-host-sandbox.mjs (shared by
// the process, stopped at its end), a private ~/.ssh for each test (config, known_hosts, no
// agent unless the test starts one), and an SshInteraction that answers as scripted and records
// every question, as a user at the prompts would.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostQuestion, SshInteraction } from '../../src/podman/ssh/auth';
import type { SshEnvironment } from '../../src/podman/ssh/config';
import { SshLink, type SshLinkOptions } from '../../src/podman/ssh/link';
import { sshTransport } from '../../src/podman/ssh/transport';
import { PodmanClient } from '../../src/podman/client';
import type { TestPodman } from './podman';

type HostsModule = typeof import('../../scripts/ssh-host-sandbox.mjs', { with: { 'resolution-mode': 'import' } });
export type SshHosts = Awaited<ReturnType<HostsModule['startSshHosts']>>;

export const hostsModule = (): Promise<HostsModule> =>
  import('../../scripts/ssh-host-sandbox.mjs' as string) as Promise<HostsModule>;

let shared: Promise<SshHosts> | undefined;
/** The process's remote host (started on first use; the caller's after() stops it with stopSharedHosts). */
export function sharedHosts(): Promise<SshHosts> {
  shared ??= hostsModule().then((m) => m.startSshHosts());
  return shared;
}
export async function stopSharedHosts(): Promise<void> {
  const hosts = await shared?.catch(() => undefined);
  shared = undefined;
  await hosts?.stop();
}

/** Why the SSH host cannot run here, or undefined. */
export function sshUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'the SSH test host needs root (ip netns, sshd)';
  return undefined;
}

/** A home of the test's own: ~/.ssh/config with `config`, known_hosts with `knownHosts`. */
export function sshHome(
  o: { config?: string; knownHosts?: string; agentSocket?: string } = {},
): SshEnvironment & { cleanup(): void } {
  const home = mkdtempSync('/tmp/pw-ssh-home-');
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  if (o.config !== undefined) writeFileSync(join(home, '.ssh', 'config'), o.config);
  if (o.knownHosts !== undefined) writeFileSync(join(home, '.ssh', 'known_hosts'), o.knownHosts);
  return {
    home,
    configFile: join(home, '.ssh', 'config'),
    knownHostsFiles: [join(home, '.ssh', 'known_hosts')],
    agentSocket: o.agentSocket,
    localUser: 'root',
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

export interface ScriptedInteraction extends SshInteraction {
  hostQuestions: HostQuestion[];
  passphraseQuestions: { keyPath: string; retry: boolean }[];
}

/** Answers host questions with `acceptHost` and passphrase prompts from `passphrases` in turn. */
export function scripted(o: { acceptHost?: boolean; passphrases?: (string | undefined)[] } = {}): ScriptedInteraction {
  const passphrases = [...(o.passphrases ?? [])];
  const it: ScriptedInteraction = {
    hostQuestions: [],
    passphraseQuestions: [],
    verifyHost: async (q) => (it.hostQuestions.push(q), o.acceptHost ?? false),
    passphrase: async (keyPath, retry) => (it.passphraseQuestions.push({ keyPath, retry }), passphrases.shift()),
  };
  return it;
}

/** A link and a client to the remote socket; the caller disposes the client (it owns the link). */
export function remoteClient(
  hosts: SshHosts,
  opts: Omit<SshLinkOptions, 'interaction'> & { interaction?: SshInteraction },
): { link: SshLink; client: PodmanClient } {
  const link = new SshLink({ handshakeTimeoutMs: 10_000, interaction: scripted(), ...opts });
  return { link, client: new PodmanClient(sshTransport(link, hosts.socketPath, { ownsLink: true })) };
}

/**
 * The remote target of test/harness/targets.ts: the shared SSH host, its Podman reached over a
 * link with the ed25519 key; `connect()` makes a fresh client over a new link.
 */
export async function startRemotePodman(): Promise<TestPodman> {
  const hosts = await sharedHosts();
  const env = sshHome({ knownHosts: hosts.knownHosts() });
  const target = { host: hosts.target.address, user: 'root', identityFiles: [hosts.keys.ed25519] };
  // Every client made here owns an SSH link: all are closed at stop, or their sockets keep the process alive.
  const made: PodmanClient[] = [];
  const connect = (): PodmanClient => {
    const made1 = remoteClient(hosts, { target, env }).client;
    made.push(made1);
    return made1;
  };
  const client = connect();
  await client.ping();
  return {
    socketPath: client.socketPath,
    dir: hosts.dir,
    client,
    connect,
    remote: {
      thisMachine: hosts.target.gateway,
      thisMachineInsecure: hosts.target.insecureGateway,
      published: hosts.target.address,
    },
    podman: (args, o) => hosts.podman(args, o),
    stopService: () => hosts.stopService(),
    startService: () => hosts.startService(),
    stop: async () => {
      for (const c of made.splice(0)) c.dispose();
      env.cleanup();
      await stopSharedHosts();
    },
  };
}
