// What the adapter-level test files share: the Podman target they run on and its test titles.
// The adapter's deep cases run on the private 4.3 target (its host has the debuggers, its service
// restarts); every target runs the sessions of targets.test.ts. Titles name the target.
import { podmanTargets } from '../../harness/targets';

export const target = podmanTargets().find((t) => t.id === 'podman4')!;
export const title = (name: string): string => `[${target.label}] debug: ${name}`;
/** This process's shared service of the target (started on first use). */
export const podmanReady = target.shared();
