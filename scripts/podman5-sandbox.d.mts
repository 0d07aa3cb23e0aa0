// Types of podman5-sandbox.mjs (the shapes: podman-sandbox.d.mts).
import type { ServiceSandbox, StartOptions } from './podman-sandbox.mjs';

export declare const BUSYBOX_IMAGE: string;
/** The Debian 13 root filesystem with Podman 5 (built on first use). */
export declare function podman5Rootfs(): Promise<string>;
/** The private Podman 5: Debian 13's root filesystem on Debian 12, the machine's on Debian 13. */
export declare function startPodman5Sandbox(o?: StartOptions): Promise<ServiceSandbox>;
