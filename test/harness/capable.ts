// Test steps whose outcome depends on what the target can do (test/harness/targets.ts): the
// step runs where the target can, and elsewhere checks that Podman refuses it with its reason.
import assert from 'node:assert/strict';
import type { TargetSuite } from './targets';

/**
 * Pauses `name`, runs `whilePaused`, unpauses; where the target cannot freeze containers (rootless
 * on cgroup v1), checks that Podman refuses the pause with its reason instead.
 */
export async function pauseAndResume(s: TargetSuite, name: string, whilePaused: () => Promise<void>): Promise<void> {
  const c = s.pm.client;
  if (!s.caps.cgroups.freeze) {
    await assert.rejects(
      c.containerAction(name, 'pause'),
      (e: Error & { kind?: string }) => e.kind === 'server' && /cgroup/.test(e.message),
      `${s.target.label} cannot pause: Podman says why`,
    );
    return;
  }
  await c.containerAction(name, 'pause');
  await whilePaused();
  await c.containerAction(name, 'unpause');
}
