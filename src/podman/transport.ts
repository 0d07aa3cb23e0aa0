// How the client reaches a Podman API socket: a local unix socket, or a socket on another host
// through an SSH link (ssh/transport.ts). dockerode and the raw requests take their connection
// options from here, so every call (lists, streams, hijacked exec, uploads) goes the same way.
// No `vscode` import.
import type * as http from 'node:http';

export interface Transport {
  /** How messages name the endpoint: a socket path, or ssh://user@host:port/path. */
  readonly label: string;
  /** The socket path on the host that serves it (for the fix of a missing socket). */
  readonly socketPath: string;
  /** Whether the socket is on another machine (files and processes of this one are not there). */
  readonly remote: boolean;
  /** dockerode's connection options. */
  dockerOptions(): { socketPath: string; agent?: http.Agent };
  /** node:http request options that reach the socket (a path and method are added by the caller). */
  requestOptions(): http.RequestOptions;
  dispose(): void;
}

export function unixTransport(socketPath: string): Transport {
  return {
    label: socketPath,
    socketPath,
    remote: false,
    dockerOptions: () => ({ socketPath }),
    requestOptions: () => ({ socketPath }),
    dispose: () => undefined,
  };
}
