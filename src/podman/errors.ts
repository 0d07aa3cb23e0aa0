// Errors from the Podman socket, classified so every caller can show the reason and the fix.

export type PodmanErrorKind =
  | 'socket-missing' // no file at the socket path
  | 'permission-denied' // EACCES on the socket
  | 'not-a-socket' // the path exists but is not a socket
  | 'refused' // nothing listens (stale socket file)
  | 'not-podman' // something answered, but not Podman's API
  | 'timeout'
  | 'not-found' // 404: the object vanished
  | 'conflict' // 409: wrong state for the action
  | 'unsupported' // the connection kind or the API does not support this
  | 'cancelled'
  | 'registry' // an image registry refused or failed (see RegistryError in registryErrors.ts)
  | 'unreachable' // SSH: the host or its sshd cannot be reached, or it is not SSH
  | 'host-key' // SSH: an unknown key the user refused, or a changed key (always refused)
  | 'auth' // SSH: no key or agent identity was accepted, or a key cannot be read
  | 'server'; // any other API error

export class PodmanError extends Error {
  constructor(
    readonly kind: PodmanErrorKind,
    message: string,
    readonly fix?: string,
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PodmanError';
  }
}

interface ErrnoLike {
  code?: string;
  statusCode?: number;
  reason?: string;
  json?: unknown;
  message?: string;
}

/** The message Podman put in an error body ({cause, message, response}). */
function apiMessage(error: ErrnoLike): string | undefined {
  const body = error.json as { message?: unknown; cause?: unknown } | string | null | undefined;
  if (body && typeof body === 'object' && typeof body.message === 'string') return body.message;
  if (typeof body === 'string' && body.trim()) return body.trim();
  return undefined;
}

/** Turns any error of a socket call into a PodmanError with a reason and a fix. */
export function classifyError(err: unknown, socketPath: string): PodmanError {
  if (err instanceof PodmanError) return err;
  const e = (err ?? {}) as ErrnoLike;
  const base = e.message ?? String(err);
  switch (e.code) {
    case 'ENOENT':
      return new PodmanError('socket-missing', `No Podman socket at ${socketPath}.`, socketFix(socketPath), undefined, {
        cause: err,
      });
    case 'EACCES':
    case 'EPERM':
      return new PodmanError(
        'permission-denied',
        `Permission denied on ${socketPath}.`,
        socketPath.startsWith('/run/podman')
          ? 'The rootful socket belongs to root: use the rootless socket, or give your user access to /run/podman (for example through a group).'
          : `Check the owner and mode of ${socketPath}.`,
        undefined,
        { cause: err },
      );
    case 'ENOTSOCK':
      return new PodmanError(
        'not-a-socket',
        `${socketPath} is not a socket.`,
        'Point podman.socketPath at the API socket, e.g. $XDG_RUNTIME_DIR/podman/podman.sock.',
        undefined,
        { cause: err },
      );
    case 'ECONNREFUSED':
      return new PodmanError('refused', `Nothing is listening on ${socketPath}.`, socketFix(socketPath), undefined, {
        cause: err,
      });
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return new PodmanError(
        'timeout',
        `Podman did not answer on ${socketPath} in time.`,
        'Check that the Podman service is not stuck: `systemctl --user status podman.socket`.',
        undefined,
        { cause: err },
      );
    case 'ABORT_ERR':
      return new PodmanError('cancelled', 'Cancelled.', undefined, undefined, { cause: err });
  }
  if (typeof e.statusCode === 'number') {
    // dockerode's message reads "(HTTP code N) reason - cause"; keep the cause.
    const fromMessage = /^\(HTTP code \d+\)\s*[^-]*-\s*(.+)$/s.exec(base)?.[1]?.trim();
    const msg = apiMessage(e) ?? (fromMessage && fromMessage !== '{}' ? fromMessage : undefined) ?? e.reason ?? base;
    if (e.statusCode === 404) return new PodmanError('not-found', msg, undefined, 404, { cause: err });
    if (e.statusCode === 409 || e.statusCode === 304) {
      return new PodmanError('conflict', msg, undefined, e.statusCode, { cause: err });
    }
    return new PodmanError('server', msg, undefined, e.statusCode, { cause: err });
  }
  if ((err as { name?: string })?.name === 'AbortError') {
    return new PodmanError('cancelled', 'Cancelled.', undefined, undefined, { cause: err });
  }
  return new PodmanError('server', base, undefined, undefined, { cause: err });
}

/** The command that brings a missing socket up, for the kind of socket it is. */
export function socketFix(socketPath: string): string {
  const remote = /^ssh:\/\/([^/]+)(\/.*)$/.exec(socketPath);
  if (remote) {
    const [, dest, path] = remote;
    if (path.startsWith('/run/user/')) {
      return `On ${dest}, start the user service: \`systemctl --user enable --now podman.socket\` (and \`loginctl enable-linger\` so it runs without a login).`;
    }
    if (path === '/run/podman/podman.sock') {
      return `On ${dest}, start the rootful service: \`sudo systemctl enable --now podman.socket\`.`;
    }
    return `On ${dest}, start a service on it: \`podman system service --time=0 unix://${path}\`.`;
  }
  if (socketPath === '/run/podman/podman.sock') {
    return 'Start the rootful service: `sudo systemctl enable --now podman.socket`.';
  }
  if (/\/podman\/podman\.sock$/.test(socketPath) && socketPath.includes('/run/user/')) {
    return 'Start the user service: `systemctl --user enable --now podman.socket` (or run `podman system service --time=0` yourself).';
  }
  if (socketPath.includes('machine')) return 'Start the machine: `podman machine start`.';
  return `Start a service on it: \`podman system service --time=0 unix://${socketPath}\`.`;
}
