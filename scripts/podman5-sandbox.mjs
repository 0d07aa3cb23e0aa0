// A private Podman 5 service for the tests. On Debian 12 it runs Debian 13's podman (5.4.x) from
// the trixie root filesystem (podman-rootfs-sandbox.mjs: it needs glibc 2.38 and does not run on
// Debian 12 directly); on Debian 13 it is the machine's own podman. PODMAN_WORKBENCH_PODMAN5=
// machine|rootfs overrides the choice. Same settings as the 4.3 sandbox (own root, runroot,
// tmpdir, containers.conf and socket), plus Podman 5's own (podman-sandbox-core.mjs prepareDir).
// The shape: podman-sandbox.d.mts; how it works: docs/architecture.md, "Test sandboxes".
//
//   node scripts/podman5-sandbox.mjs start [DIR] [--cleanup]     serve until SIGINT/SIGTERM
import { BUSYBOX_IMAGE, podmanPlacement } from './podman-sandbox-core.mjs';
import { rootfsFor, startRootfsSandbox } from './podman-rootfs-sandbox.mjs';
import { startMachineSandbox } from './podman-sandbox.mjs';

export { BUSYBOX_IMAGE };

/** The Debian 13 root filesystem with Podman 5, built (or checked) by scripts/podman-rootfs.sh trixie. */
export function podman5Rootfs() {
  return rootfsFor('trixie');
}

/**
 * Starts a private Podman 5 API service, on the machine or from its root filesystem (see the
 * header). stopService/startService stop and start only the API service (containers and the CLI
 * stay); stop() stops the service, stop({ cleanup: true }) removes everything.
 * Returns the shape of podman-sandbox.d.mts (ServiceSandbox).
 */
export function startPodman5Sandbox(opts = {}) {
  if (podmanPlacement('5') === 'machine') return startMachineSandbox(opts, '5');
  return startRootfsSandbox({ ...opts, suite: 'trixie' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, dirArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (cmd !== 'start') {
    console.error('usage: node scripts/podman5-sandbox.mjs start [DIR] [--cleanup]');
    process.exit(2);
  }
  const sb = await startPodman5Sandbox({ dir: dirArg, verbose: process.argv.includes('--verbose') });
  console.log(`PODMAN_SOCKET=${sb.socketPath}`);
  const end = async () => {
    await sb.stop({ cleanup: dirArg === undefined || process.argv.includes('--cleanup') });
    process.exit(0);
  };
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
  setInterval(() => {}, 1 << 30);
}
