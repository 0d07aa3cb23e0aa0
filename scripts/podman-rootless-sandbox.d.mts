// Types of podman-rootless-sandbox.mjs (the shapes: podman-sandbox.d.mts).
import type { PodmanSandbox, StartOptions } from './podman-sandbox.mjs';

export declare const ROOTLESS_USER: string;
export declare function ensureRootlessUser(): Promise<{ uid: number; gid: number; home: string }>;
/** The machine's podman served rootless by ROOTLESS_USER; always in a fresh directory. */
export declare function startRootlessSandbox(o?: Omit<StartOptions, 'dir'>): Promise<PodmanSandbox>;
