// Test harness: real Podman services on private sockets, started by the tests through the three
// sandboxes of scripts/ (4.3 rootful, 5.x in its root filesystem, rootless). test/harness/targets.ts
// turns them into the targets every feature suite runs against.
import { PodmanClient } from '../../src/podman/client';

// The sandboxes are plain JS shared with `npm start`, the benchmarks and scripts/test.sh; their
// types are declared once, in scripts/*.d.mts.
type SandboxModule = typeof import('../../scripts/podman-sandbox.mjs', { with: { 'resolution-mode': 'import' } });
type Podman5Module = typeof import('../../scripts/podman5-sandbox.mjs', { with: { 'resolution-mode': 'import' } });
type RootlessModule = typeof import('../../scripts/podman-rootless-sandbox.mjs', {
  with: { 'resolution-mode': 'import' },
});

const sandboxModule = (): Promise<SandboxModule> =>
  import('../../scripts/podman-sandbox.mjs' as string) as Promise<SandboxModule>;

export const BUSYBOX = 'localhost/pw-busybox:latest';

export interface TestPodman {
  socketPath: string;
  dir: string;
  client: PodmanClient;
  /** A fresh client to the same service (where a socket path is not enough: over SSH). */
  connect?(): PodmanClient;
  /**
   * Where a Podman host that is not this machine reaches it (`thisMachineInsecure`: an address
   * marked insecure in that Podman's registries.conf, for plain HTTP), and where this machine
   * reaches the ports that host publishes (undefined: the Podman host is this machine, loopback).
   */
  remote?: { thisMachine: string; thisMachineInsecure: string; published: string };
  /** The podman CLI inside the sandbox, for test set-up only (argument arrays, no shell). */
  podman(args: string[], o?: { timeoutMs?: number }): Promise<string>;
  stop(o?: { cleanup?: boolean }): Promise<void>;
  /** Stops only the API service (the store, its containers and the CLI stay), where the sandbox can. */
  stopService?(): Promise<void>;
  /** Starts the API service again on the same store and socket. */
  startService?(): Promise<void>;
}

/**
 * Kills the process groups `pids()` when the test process exits, so a failing test leaves no
 * service behind, then runs `also` (synchronous: the process is exiting). Returns the undo.
 */
function killOnExit(pids: () => number[], also?: () => void): () => void {
  const kill = (): void => {
    for (const pid of pids()) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already stopped */
      }
    }
    also?.();
  };
  process.once('exit', kill);
  return () => void process.off('exit', kill);
}

/**
 * Starts a private Podman service. The caller stops it (`stop({cleanup: true})`); it is also
 * killed when the test process exits, so a failing test leaves no service behind.
 */
export async function startPrivatePodman(o: { dir?: string } = {}): Promise<TestPodman> {
  const m = await sandboxModule();
  let sb = await m.startSandbox({ dir: o.dir });
  const client = new PodmanClient(sb.socketPath);
  await client.ping();
  // A directory of our own making goes too (containers, monitors, the store's mount).
  const release = killOnExit(() => [sb.pid], o.dir ? undefined : () => m.cleanupSync(sb.dir));
  let serving = true;
  return {
    socketPath: sb.socketPath,
    dir: sb.dir,
    client,
    podman: (args, po) => m.podman(sb.dir, args, po),
    stop: async (so) => {
      release();
      if (serving) await sb.stop(so);
      else if (so?.cleanup) m.cleanupSync(sb.dir);
    },
    stopService: async () => {
      serving = false;
      await sb.stop();
    },
    startService: async () => {
      if (serving) return;
      sb = await m.startSandbox({ dir: sb.dir, images: false });
      serving = true;
    },
  };
}

let shared: Promise<TestPodman> | undefined;
/**
 * The Podman service shared by the tests of this process: the one the runner started
 * (PODMAN_WORKBENCH_TEST_SOCKET + PODMAN_WORKBENCH_TEST_DIR), else a private one.
 */
export function sharedPodman(): Promise<TestPodman> {
  shared ??= (async () => {
    const sock = process.env.PODMAN_WORKBENCH_TEST_SOCKET;
    const dir = process.env.PODMAN_WORKBENCH_TEST_DIR;
    if (sock && dir) {
      const m = await sandboxModule();
      const client = new PodmanClient(sock);
      await client.ping();
      return { socketPath: sock, dir, client, podman: (args, o) => m.podman(dir, args, o), stop: async () => {} };
    }
    return startPrivatePodman();
  })();
  return shared;
}

/** A name unique to this test run, with characters a shell would choke on (there is no shell). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

// ---- Podman 5 (Debian 13's podman in a chroot, see scripts/podman5-sandbox.mjs) ----
const podman5Module = (): Promise<Podman5Module> =>
  import('../../scripts/podman5-sandbox.mjs' as string) as Promise<Podman5Module>;

export interface TestPodman5 extends TestPodman {
  rootfs: string;
  /** Stops only the API service: the containers, the namespace and the CLI stay. */
  stopService(): Promise<void>;
  startService(): Promise<void>;
}

/**
 * A private Podman 5 service (building its root filesystem first when needed: about a minute,
 * needs Debian's mirror). Rejects with the reason when Podman 5 cannot be had: no silent skip.
 */
export async function startPodman5(): Promise<TestPodman5> {
  const sb = await (await podman5Module()).startPodman5Sandbox();
  const release = killOnExit(() => sb.pids());
  const client = new PodmanClient(sb.socketPath);
  await client.ping();
  return {
    socketPath: sb.socketPath,
    dir: sb.dir,
    rootfs: sb.rootfs,
    client,
    podman: sb.podman,
    stopService: sb.stopService,
    startService: sb.startService,
    stop: (so) => (release(), sb.stop(so)),
  };
}

const rootlessModule = (): Promise<RootlessModule> =>
  import('../../scripts/podman-rootless-sandbox.mjs' as string) as Promise<RootlessModule>;

/** A private rootless Podman service, run by a dedicated unprivileged user (created once). */
export async function startRootlessPodman(): Promise<TestPodman> {
  const sb = await (await rootlessModule()).startRootlessSandbox();
  const release = killOnExit(() => [sb.pid]);
  const client = new PodmanClient(sb.socketPath);
  await client.ping();
  return {
    socketPath: sb.socketPath,
    dir: sb.dir,
    client,
    podman: sb.podman,
    stop: (so) => (release(), sb.stop(so)),
  };
}
