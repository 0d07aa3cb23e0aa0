// Creates the PodmanClient of an endpoint: the one place that chooses a transport for it (a local
// unix socket today; the SSH transport plugs in here).
import { PodmanClient } from '../podman/client';
import type { Endpoint } from '../podman/discovery';

/** A client for an endpoint that has a transport (its socketPath), else undefined. */
export function createClient(endpoint: Endpoint): PodmanClient | undefined {
  return endpoint.socketPath ? new PodmanClient(endpoint.socketPath) : undefined;
}
