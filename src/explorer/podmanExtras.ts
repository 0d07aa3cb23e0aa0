// Client calls the explorer needs that PodmanClient does not have (yet); they use its public
// libpod() request method, so nothing in src/podman changes.
import type { PodmanClient } from '../podman/client';
import { parseList, parseVolume } from '../podman/models';

/** Volumes no container uses (what a volume prune would remove). */
export async function listDanglingVolumes(client: PodmanClient): Promise<string[]> {
  const raw = await client.libpod('GET', '/volumes/json', { query: { filters: { dangling: ['true'] } } });
  return parseList(raw, parseVolume).map((v) => v.name);
}
