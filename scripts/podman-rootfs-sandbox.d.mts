// Types of podman-rootfs-sandbox.mjs (the shapes: podman-sandbox.d.mts).
import type { ServiceSandbox, StartOptions } from './podman-sandbox.mjs';

export type Suite = 'bookworm' | 'trixie';
/** The root filesystem of `suite` (bookworm: Podman 4.3, trixie: Podman 5), built on first use. */
export declare function rootfsFor(suite: Suite): Promise<string>;
/** Builds (or checks) the root filesystems this machine's tests need; their paths. */
export declare function neededRootfs(): Promise<string[]>;
export declare function startRootfsSandbox(
  o?: StartOptions & { suite?: Suite; rootfs?: string },
): Promise<ServiceSandbox>;
