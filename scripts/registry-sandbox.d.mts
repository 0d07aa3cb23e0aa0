// Types of scripts/registry-sandbox.mjs (a real Distribution registry on loopback for the tests
// and the benchmarks). From a CommonJS TypeScript file, import them with the resolution mode:
//   type RegistryModule = typeof import('../../scripts/registry-sandbox.mjs', { with: { 'resolution-mode': 'import' } });

/** A Podman sandbox the registry must be reachable from (its certs.d or its registries.conf). */
export interface RegistryClientSandbox {
  /** The sandbox directory (its registries.conf is marked for a plain-HTTP registry). */
  dir: string;
  /** The root filesystem its podman runs from, when not "/" (its certs.d gets the CA too). */
  rootfs?: string;
}

export interface RegistryOptions {
  /** Default true: TLS with a test CA. false: plain HTTP, marked insecure for `podman`. */
  tls?: boolean;
  /** false: no htpasswd auth even with TLS (default: auth with TLS, none without). */
  auth?: boolean;
  /** Basic-auth user (default "pwtest"); giving one turns auth on. */
  user?: string;
  /** Basic-auth password (default: random). */
  password?: string;
  /** Podman sandboxes that must trust or reach this registry. */
  podman?: RegistryClientSandbox[];
  /** Storage and configuration directory (default: a fresh one, removed by stop()). */
  dir?: string;
  /** The storage directory (default DIR/storage; another registry's to serve the same repositories). */
  storage?: string;
  /**
   * The address it listens on (default 127.0.0.1 with TLS, 127.0.0.2 without): one the Podman host
   * reaches this machine at, when that host is not this machine. A plain-HTTP one must be marked
   * insecure in that Podman's registries.conf from its start.
   */
  address?: string;
  /** Loopback port (default: a free one). */
  port?: number;
  /** Bearer-token auth (a real token server, registry-token-server.mjs) instead of htpasswd; TLS only. */
  token?: boolean;
  /** Lifetime of the token server's tokens in seconds (default 300). */
  tokenExpiresIn?: number;
}

/** One request the token server answered. */
export interface TokenRequest {
  scopes: string[];
  service: string | null;
  user?: string;
  status: number;
}

export interface RegistrySandbox {
  /** "127.0.0.1:PORT" */
  readonly host: string;
  /** "https://127.0.0.1:PORT" or "http://…" */
  readonly url: string;
  readonly dir: string;
  readonly storage: string;
  readonly tls: boolean;
  readonly user?: string;
  readonly password?: string;
  /** The test CA (PEM), with TLS. */
  readonly ca?: string;
  readonly caPath?: string;
  readonly pid: number;
  /** With `token`: the token server's realm and service, and every request it answered. */
  readonly token?: { realm: string; service: string; requests: TokenRequest[] };
  /** Makes one more Podman sandbox trust (TLS) or reach (HTTP) this registry; undone by stop(). */
  trust(podman: RegistryClientSandbox): void;
  /** Kills the registry process only (storage, CA and trust stay). */
  stopServer(): Promise<void>;
  /** Starts it again on the same port and storage. */
  startServer(): Promise<void>;
  /** Stops it and removes everything it made: certs.d entries, registries.conf marks, its directory. */
  stop(): Promise<void>;
}

export declare function startRegistry(o?: RegistryOptions): Promise<RegistrySandbox>;
export declare function freePort(): Promise<number>;
