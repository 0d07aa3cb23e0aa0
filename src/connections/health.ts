// The health check of one endpoint, in two steps: the connection is usable as soon as `/_ping`
// answers with a supported version (its Libpod-Api-Version header), so the trees load at once;
// `/libpod/info` (rootless or rootful, platform, hostname) runs in parallel and completes the
// status when it answers. It is the slow part: Podman's /info runs helper programs (hundreds of
// ms on a quiet host, seconds under load). No `vscode` import.
import type { PodmanClient, ServerInfo } from '../podman/client';
import type { Endpoint } from '../podman/discovery';
import { PodmanError, classifyError } from '../podman/errors';

export type Health = { state: 'unknown' } | { state: 'ok'; info: ServerInfo } | { state: 'error'; error: PodmanError };

export interface HealthCheck {
  /** After `/_ping`: ok (rootless not known yet) or the error. */
  health: Health;
  /** The client that pinged (it knows the libpod prefix), when the ping answered. */
  client?: PodmanClient;
  /** The complete health once `/libpod/info` answers (an error if it fails), when the ping answered. */
  details?: Promise<Health>;
}

/** Pings `endpoint` through a client of `makeClient`; starts its /info when the ping answers. */
export async function checkHealth(
  endpoint: Endpoint,
  makeClient: (endpoint: Endpoint) => PodmanClient,
  onError?: (error: PodmanError) => void,
): Promise<HealthCheck> {
  const failed = (e: unknown): Health => {
    const error = classifyError(e, endpoint.socketPath ?? endpoint.uri);
    onError?.(error);
    return { state: 'error', error };
  };
  let client: PodmanClient;
  let pinged: ServerInfo;
  try {
    client = makeClient(endpoint);
    pinged = await client.pingInfo();
  } catch (e) {
    return { health: failed(e) };
  }
  const details = client.info(undefined, pinged).then(
    (info): Health => ({ state: 'ok', info }),
    (e: unknown) => failed(e),
  );
  return { health: { state: 'ok', info: pinged }, client, details };
}
