// The Podman targets the integration suites run against, each with what it can do as data: every
// feature suite runs once per target (`describeTargets`), and what differs between Podman
// versions and modes is read from `target.caps`, not written as a second copy of a test.
// A target this machine cannot run is reported as skipped tests that say why.
import { after, before, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sharedPodman, startPodman5, startPrivatePodman, startRootlessPodman, type TestPodman } from './podman';
import { startRemotePodman, sshUnavailable } from './ssh';

export type TargetId = 'podman4' | 'podman5' | 'rootless' | 'remote';

/** What a target can do; a test that needs something a target lacks reads it here. */
export interface Capabilities {
  /** libpod's version (the API version `/_ping` reports), e.g. "4.3.1". */
  version: string;
  rootless: boolean;
  /** The compat (Docker) API version the service reports. */
  compatApiVersion: string;
  /** The image of the pods' infra containers (a tag of it). */
  infraImage: RegExp;
  events: {
    /** Network create and remove events (Podman 5; 4.3 emits none: the explorer re-lists). */
    networkLifecycle: boolean;
    /** A health_status event carries the check's result (4.3 sends the state before it: "starting"). */
    healthResult: boolean;
    /** Container events carry libpod's names (`died`, not `die`) and `containerExitCode`. */
    libpodNames: true;
  };
  /** The network a container joins by default: "podman" (a bridge), or none by name (rootless: slirp4netns). */
  defaultNetwork?: string;
  cgroups: {
    /** Pause and unpause (the freezer): a rootless container on cgroup v1 has no cgroup to freeze. */
    freeze: boolean;
    /** Memory and CPU limits are applied (a rootless Podman on cgroup v1 ignores them). */
    limits: boolean;
    /** `/containers/stats` answers (a rootless Podman on cgroup v1 cannot read them). */
    stats: boolean;
  };
  kube: {
    /** What `userns: auto` does on play: not known (skipped), or refused for want of subordinate ids. */
    usernsAuto: 'skipped' | 'no-subordinate-ids';
  };
  debug: {
    /** What `debuggerDelivery: "auto"` chooses: the host's debuggers, or the debugger image. */
    autoDelivery: 'host' | 'image';
  };
  /** The service can be stopped and started again on the same store (recovery tests). */
  restartService: boolean;
}

export interface PodmanTarget {
  id: TargetId;
  /** "podman 4.3.1 rootful": the prefix of every test title of this target. */
  label: string;
  caps: Capabilities;
  /** Why the target cannot run on this machine, or undefined when it can. */
  unavailable?: string;
  /** The service shared by this process's suites of this target (started on first use). */
  shared(): Promise<TestPodman>;
  /** A service the test may stop and start (`stopService`/`startService`); stopped by `release`. */
  restartable(): Promise<TestPodman>;
  /** Gives back what `restartable` returned (stops it when it was the test's own). */
  release(pm: TestPodman): Promise<void>;
}

const cache = (): string => process.env.PODMAN_WORKBENCH_CACHE ?? join(homedir(), '.cache', 'podman-workbench');

function hostPodmanVersion(): string | undefined {
  try {
    return /(\d+\.\d+\.\d+)/.exec(execFileSync('podman', ['--version'], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}

/** The Podman version in the Podman 5 root filesystem (from its package database), once built. */
function rootfsPodmanVersion(): { version?: string; reason?: string } {
  const rootfs = join(cache(), 'podman5-rootfs');
  if (!existsSync(join(rootfs, '.podman-workbench-rootfs')) || !existsSync(join(rootfs, 'usr/bin/podman'))) {
    return { reason: `no Podman 5 root filesystem at ${rootfs}: run bash scripts/podman5-rootfs.sh` };
  }
  const status = readFileSync(join(rootfs, 'var/lib/dpkg/status'), 'utf8');
  const version = /^Package: podman\n(?:[^\n]+\n)*?Version: (\d+\.\d+\.\d+)/m.exec(status)?.[1];
  return version ? { version } : { reason: `cannot read the Podman version in ${rootfs}` };
}

function which(cmd: string): boolean {
  return (process.env.PATH ?? '/usr/bin:/bin').split(':').some((d) => existsSync(join(d, cmd)));
}

const cgroupV2 = existsSync('/sys/fs/cgroup/cgroup.controllers');

/** Why an unprivileged user cannot have networking (slirp4netns opens /dev/net/tun), if so. */
function tunUnusable(): string | undefined {
  try {
    const mode = statSync('/dev/net/tun').mode & 0o777;
    if ((mode & 0o006) === 0o006) return undefined;
    return `/dev/net/tun is mode ${mode.toString(8)}: rootless networking (slirp4netns) needs it readable and writable by every user (0666, as Debian's udev makes it)`;
  } catch {
    return 'no /dev/net/tun: rootless networking (slirp4netns) needs it';
  }
}

function baseCaps(version: string): Capabilities {
  return {
    version,
    rootless: false,
    compatApiVersion: '1.41',
    // Built locally from catatonit by this Podman, tagged with its version.
    infraImage: new RegExp(`^localhost/podman-pause:${version.replaceAll('.', '\\.')}`),
    events: { networkLifecycle: !version.startsWith('4.'), healthResult: !version.startsWith('4.'), libpodNames: true },
    defaultNetwork: 'podman',
    cgroups: { freeze: true, limits: true, stats: true },
    kube: { usernsAuto: version.startsWith('4.3') ? 'skipped' : 'no-subordinate-ids' },
    debug: { autoDelivery: 'host' },
    restartService: true,
  };
}

function podman4Target(): PodmanTarget {
  const version = hostPodmanVersion();
  return {
    id: 'podman4',
    label: `podman ${version ?? '4'} rootful`,
    caps: baseCaps(version ?? '4.3.1'),
    unavailable: version ? undefined : 'podman is not installed: run bash scripts/setup.sh',
    shared: sharedPodman,
    // A service of the test's own: the shared one may be the runner's, which cannot be restarted.
    restartable: () => startPrivatePodman(),
    release: (pm) => pm.stop({ cleanup: true }),
  };
}

let podman5: Promise<TestPodman> | undefined;
function podman5Target(): PodmanTarget {
  const { version, reason } = rootfsPodmanVersion();
  // Its /usr is the root filesystem's, which has no debugger: "auto" brings the debugger image.
  const caps = { ...baseCaps(version ?? '5'), debug: { autoDelivery: 'image' as const } };
  const shared = (): Promise<TestPodman> => (podman5 ??= startPodman5());
  return {
    id: 'podman5',
    label: `podman ${version ?? '5'} rootful`,
    caps,
    unavailable: reason,
    shared,
    // The process's own service: its API service restarts without losing the namespace.
    restartable: shared,
    release: async (pm) => pm.startService?.(),
  };
}

let rootless: Promise<TestPodman> | undefined;
function rootlessTarget(): PodmanTarget {
  const version = hostPodmanVersion();
  const missing = ['runuser', 'newuidmap', 'newgidmap'].filter((c) => !which(c));
  const unavailable = !version
    ? 'podman is not installed: run bash scripts/setup.sh'
    : process.getuid?.() !== 0
      ? 'the rootless sandbox needs root to create its user and switch to it'
      : missing.length
        ? `${missing.join(', ')} missing: run bash scripts/setup.sh`
        : tunUnusable();
  const caps: Capabilities = {
    ...baseCaps(version ?? '4.3.1'),
    rootless: true,
    defaultNetwork: undefined,
    cgroups: { freeze: cgroupV2, limits: cgroupV2, stats: cgroupV2 },
    // scripts/podman-rootless-sandbox.mjs always starts on a new store: no restart on the same one.
    restartService: false,
  };
  return {
    id: 'rootless',
    label: `podman ${version ?? '4'} rootless`,
    caps,
    unavailable,
    shared: () => (rootless ??= startRootlessPodman()),
    restartable: () => Promise.reject(new Error('the rootless sandbox cannot restart its service')),
    release: async () => undefined,
  };
}

let remote: Promise<TestPodman> | undefined;
/**
 * Podman 4.3 on the SSH test host (scripts/ssh-host-sandbox.mjs): every request over an SSH link.
 * It runs the suites of REMOTE_FEATURES. Its registries and published ports are at other
 * addresses than loopback (`pm.remote`).
 */
function remoteTarget(): PodmanTarget {
  const version = hostPodmanVersion();
  const shared = (): Promise<TestPodman> => (remote ??= startRemotePodman());
  return {
    id: 'remote',
    label: `podman ${version ?? '4'} over ssh`,
    // Over SSH the Podman host is another machine: "auto" brings the debugger image (the SSH test
    // host shares this machine's hostname and kernel, but nothing says so to a client over SSH).
    caps: { ...baseCaps(version ?? '4.3.1'), debug: { autoDelivery: 'image' } },
    unavailable: !version ? 'podman is not installed: run bash scripts/setup.sh' : sshUnavailable(),
    shared,
    // The remote API service restarts on the same store while the SSH link stays up.
    restartable: shared,
    release: async (pm) => pm.startService?.(),
  };
}

/**
 * The features whose suites run over SSH too (others skip the remote target). Not here:
 * - "explorer: only the event stream fails": its fault is an HTTP proxy on a local unix socket in
 *   front of the service; over SSH the explorer would talk to that local proxy, not through the
 *   SSH transport. SSH's own faults (sshd killed, link cut) are in test/integration/ssh/reconnect.test.ts.
 * - "compose interop": it drives podman-compose and docker-compose, the same programs on every
 *   target; it runs on podman4 only.
 */
const REMOTE_FEATURES = new Set([
  'client',
  'build',
  'events',
  'kube',
  'explorer',
  'explorer: following events',
  'explorer: the service goes away',
  'image archives',
  'image layers',
  'secrets',
  'registry',
  'monitor',
  'compose engine',
  'debug',
]);

let targets: PodmanTarget[] | undefined;
/**
 * Every Podman target: private 4.3 rootful, 5.x in its root filesystem, rootless, and remote
 * over SSH (for the suites of REMOTE_FEATURES). PODMAN_WORKBENCH_TARGETS=podman4,rootless narrows the list for a quick run.
 */
export function podmanTargets(): PodmanTarget[] {
  targets ??= [podman4Target(), podman5Target(), rootlessTarget(), remoteTarget()];
  const only = process.env.PODMAN_WORKBENCH_TARGETS?.split(',').filter(Boolean);
  return only ? targets.filter((t) => only.includes(t.id)) : targets;
}

let stopsRegistered = false;
/** Stops this process's shared services of Podman 5 and rootless when the file's tests end. */
function registerStops(): void {
  if (stopsRegistered) return;
  stopsRegistered = true;
  after(async () => {
    await (await podman5?.catch(() => undefined))?.stop({ cleanup: true });
    await (await rootless?.catch(() => undefined))?.stop({ cleanup: true });
    await (await remote?.catch(() => undefined))?.stop({ cleanup: true });
  });
}

export interface TargetSuite {
  target: PodmanTarget;
  caps: Capabilities;
  /** The target's shared service; valid in tests and hooks (started in the suite's before()). */
  readonly pm: TestPodman;
  /**
   * A test of this target; `needs` is the reason it cannot run here (from caps), if any; `known`
   * names a known product defect: the test runs and reports, as a todo, without failing the run.
   */
  it(name: string, fn: () => Promise<void>, needs?: string | false, known?: string): void;
}

/**
 * Registers `body` once per target as the suite "[<target>] <feature>". On a target that cannot
 * run here every test is reported skipped with the reason. Call at the top level of a test file.
 */
export function describeTargets(feature: string, body: (s: TargetSuite) => void): void {
  registerStops();
  for (const target of podmanTargets()) {
    if (target.id === 'remote' && !REMOTE_FEATURES.has(feature)) continue;
    describe(`${feature} on ${target.label}`, () => {
      let pm: TestPodman | undefined;
      if (!target.unavailable) before(async () => void (pm = await target.shared()));
      body({
        target,
        caps: target.caps,
        get pm() {
          if (!pm) throw new Error(`the ${target.label} service is not started`);
          return pm;
        },
        // The target in the test's own title too: the failure summary shows only that title.
        it: (name, fn, needs, known) =>
          void it(
            `[${target.label}] ${feature}: ${name}`,
            { skip: target.unavailable ?? (needs || undefined), todo: known },
            fn,
          ),
      });
    });
  }
}
