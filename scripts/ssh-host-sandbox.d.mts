// Types of scripts/ssh-host-sandbox.mjs: the remote Podman host (a network namespace with sshd
// and a private Podman whose socket only SSH reaches) and the jump host.

export declare const REMOTE_SOCKET: string;
export declare const KEY_PASSPHRASE: string;

export interface SshHost {
  address: string;
  port: number;
  /** "ssh-ed25519 AAAA…" (type and key). */
  hostKeyLine: string;
}

export interface SshHosts {
  readonly dir: string;
  /**
   * The Podman host; `viaJump` is its address as the jump host sees it (not routed from here);
   * `gateway` is this machine's address as the target sees it (where the tests' registries listen),
   * `insecureGateway` another one, marked insecure in the target's registries.conf (plain HTTP).
   */
  readonly target: SshHost & { viaJump: string; gateway: string; insecureGateway: string };
  /** A bare sshd on port 2222, the only way to `target.viaJump`; no Podman on its sessions' PATH. */
  readonly jump: SshHost;
  /** The remote API socket (inside the target's mount namespace only). */
  readonly socketPath: string;
  /** A user of the target with no Podman service running (its socket is missing). */
  readonly rootlessUser: { name: string; uid: number; gid: number };
  /** Client keys: all but `wrong` are authorized for root; ed25519 for the rootless user too. */
  readonly keys: { ed25519: string; ecdsa: string; rsa: string; encrypted: string; wrong: string };
  /** The passphrase of keys.encrypted. */
  readonly passphrase: string;
  knownHosts(): string;
  /** The remote podman CLI, for test set-up (argument array, no shell). */
  podman(args: string[], o?: { timeoutMs?: number }): Promise<string>;
  /** The pid of the target's `podman system service` (its CPU time is in /proc/PID/stat). */
  servicePid(): number;
  socketVisibleHere(): boolean;
  killSshd(): Promise<void>;
  startSshd(): Promise<void>;
  /** The calls of the target's recording `systemctl` (it has no systemd): the caller's uid and argv. */
  systemctlCalls(): { uid: number; argv: string[] }[];
  /** A file as the target sees it (its private /run and /etc/containers/systemd), or undefined. */
  readTargetFile(file: string): Buffer | undefined;
  /** Stops only the remote API service (the store, its containers and sshd stay). */
  stopService(): Promise<void>;
  /** Starts the remote API service again on the same store and socket. */
  startService(): Promise<void>;
  linkDown(): void;
  linkUp(): void;
  stop(): Promise<void>;
}

export declare function startSshHosts(o?: { images?: boolean }): Promise<SshHosts>;
export declare function startAgent(dir: string, keys: string[]): Promise<{ socket: string; stop(): Promise<void> }>;
