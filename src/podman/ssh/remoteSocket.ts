// Finds the Podman API socket of a remote user the way `podman system connection add` does: it
// asks the remote Podman over an SSH exec (`podman info`) for Host.RemoteSocket, rootless or
// rootful. A missing Podman or socket becomes an error with the command that fixes it, run there.
// No `vscode` import.
import { PodmanError } from '../errors';
import type { SshLink } from './link';

export interface RemoteSocket {
  path: string;
  /** Whether the socket file exists now (Podman's own answer). */
  exists: boolean;
  rootless: boolean;
}

/** The fix that starts the socket of `path` on `dest`. */
export function remoteSocketFix(dest: string, path: string): string {
  return path.startsWith('/run/user/') || !path.startsWith('/run/podman/')
    ? `On ${dest}, run \`systemctl --user enable --now podman.socket\` (and \`sudo loginctl enable-linger $USER\` so it stays up without a login).`
    : `On ${dest}, run \`sudo systemctl enable --now podman.socket\`.`;
}

/** Reads Host.RemoteSocket and Host.Security.Rootless out of `podman info --format json`. */
export function parseRemoteInfo(json: string): RemoteSocket | undefined {
  let info: { host?: { remoteSocket?: { path?: unknown; exists?: unknown }; security?: { rootless?: unknown } } };
  try {
    info = JSON.parse(json) as typeof info;
  } catch {
    return undefined;
  }
  const raw = info?.host?.remoteSocket?.path;
  if (typeof raw !== 'string' || !raw) return undefined;
  return {
    path: raw.replace(/^unix:\/\//, ''),
    exists: info.host?.remoteSocket?.exists === true,
    rootless: info.host?.security?.rootless === true,
  };
}

/** Asks the remote Podman where its API socket is; throws with the fix when there is none. */
export async function findRemoteSocket(link: SshLink): Promise<RemoteSocket> {
  const dest = link.destination;
  const r = await link.exec(['podman', 'info', '--format', 'json'], { timeoutMs: 60_000 });
  if (r.code === 127 || (/command not found|not found/i.test(r.stderr) && r.code !== 0)) {
    throw new PodmanError(
      'not-podman',
      `${dest}: there is no podman on the host (\`podman info\`: ${r.stderr.trim() || `exit ${r.code}`}).`,
      `Install Podman on ${link.host.hostName} (e.g. \`sudo apt install podman\`).`,
    );
  }
  if (r.code !== 0) {
    throw new PodmanError(
      'server',
      `${dest}: \`podman info\` failed (exit ${r.code}): ${r.stderr.trim().slice(0, 300)}`,
      `Run \`podman info\` on ${link.host.hostName} and fix what it reports.`,
    );
  }
  const socket = parseRemoteInfo(r.stdout);
  if (!socket) {
    throw new PodmanError(
      'not-podman',
      `${dest}: \`podman info\` did not name an API socket.`,
      'Podman 4.3 or later is needed on the host.',
    );
  }
  if (!socket.exists) {
    throw new PodmanError(
      'socket-missing',
      `${dest}: Podman's API socket ${socket.path} is not there (the service is not started).`,
      remoteSocketFix(dest, socket.path),
    );
  }
  return socket;
}
