// Types of the test sandboxes (plain .mjs shared with `npm start`, the benchmarks and scripts/test.sh),
// declared once: the shape every sandbox returns, and the exports of podman-sandbox.mjs.
// podman5-sandbox.d.mts, podman-rootless-sandbox.d.mts and podman-rootfs-sandbox.d.mts use them.
// From a CommonJS TypeScript file (the tests), import the types with the resolution mode:
//   import type { ServiceSandbox } from '../../scripts/podman-sandbox.mjs' with { 'resolution-mode': 'import' };
//   type SandboxModule = typeof import('../../scripts/podman-sandbox.mjs', { with: { 'resolution-mode': 'import' } });
//   const m = (await import('../../scripts/podman-sandbox.mjs' as string)) as SandboxModule;

/** Where a sandbox's podman runs: the machine's own, a Debian root filesystem, or rootless. */
export type Placement = 'machine' | 'rootfs' | 'rootless';
/** The Podman versions the tests use: Debian 12's 4.3 and Debian 13's 5.4. */
export type PodmanVersion = '4.3' | '5';

export interface StartOptions {
  /** The sandbox directory (default: a fresh one under /tmp, removed by stop({ cleanup: true })). */
  dir?: string;
  /** false: do not make the busybox test image. */
  images?: boolean;
  /** true: the service's stderr goes to this process's. */
  verbose?: boolean;
}

export interface CliOptions {
  /** Default 120 s. */
  timeoutMs?: number;
}

/** What every sandbox returns from its start function. */
export interface PodmanSandbox {
  /** The sandbox directory: store, run root, containers.conf, socket, events log. */
  readonly dir: string;
  /** The API socket (unix path). */
  readonly socketPath: string;
  /** The API service's process group (changes when the service is restarted). */
  readonly pid: number;
  readonly placement: Placement;
  readonly version: PodmanVersion;
  /** The environment the sandbox's podman runs with. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Podman's global flags that keep a call inside the sandbox (--root, --runroot, --tmpdir). */
  readonly podmanArgs: readonly string[];
  /** The argument array that runs the sandbox's podman (ends in "podman"; prepend it to podmanArgs). */
  readonly command: readonly string[];
  /** Process groups to kill if the caller dies without stop(). */
  pids(): number[];
  /** The podman CLI inside the sandbox (argument array, no shell); resolves to its stdout. */
  podman(args: string[], o?: CliOptions): Promise<string>;
  /**
   * Stops the API service (SIGTERM, SIGKILL after 5 s). Without clean-up the containers and the
   * CLI stay, and a later start with the same `dir` finds them; with it everything goes,
   * the directory too.
   */
  stop(o?: { cleanup?: boolean }): Promise<void>;
}

/** A rootful sandbox (4.3 or 5, on the machine or in a root filesystem): its service can restart. */
export interface ServiceSandbox extends PodmanSandbox {
  readonly placement: 'machine' | 'rootfs';
  /** The root filesystem its podman runs from ("/" for the machine's own). */
  readonly rootfs: string;
  /** Stops only the API service: the containers and the CLI stay. */
  stopService(): Promise<void>;
  /** Starts the API service again (a no-op while it runs). */
  startService(): Promise<void>;
}

export declare const BUSYBOX_IMAGE: string;

/** The private Podman 4.3: the machine's on Debian 12, Debian 12's root filesystem on Debian 13. */
export declare function startSandbox(o?: StartOptions): Promise<ServiceSandbox>;
/** A private service of the machine's own podman, with the settings of `version`. */
export declare function startMachineSandbox(o?: StartOptions, version?: PodmanVersion): Promise<ServiceSandbox>;
/** The CLI of the sandbox in `dir`, from any process (the directory says how to run it). */
export declare function podman(dir: string, args: string[], o?: CliOptions): Promise<string>;
/** Synchronous full clean-up of the sandbox in `dir` (for an exiting process or a dead server). */
export declare function cleanupSync(dir: string): void;
export declare function killLeftovers(dir: string): void;
export declare function podmanArgs(dir: string): string[];
export declare function podmanEnv(dir: string): Record<string, string | undefined>;
export declare function writeConfig(dir: string): void;
export declare function ensureBusyboxImage(
  dir: string,
  name?: string,
  o?: { podman?: (args: string[]) => Promise<string>; busybox?: string; workDir?: string },
): Promise<string>;
export declare function waitForSocket(
  sock: string,
  child: { exitCode: number | null },
  timeoutMs?: number,
): Promise<void>;
