// The nodes of the Registries view as plain data (no `vscode` import): registries, repositories,
// tags, a tag's details and messages. A repository's tags become nodes in one pass over the list
// the registry sent (no request per tag: a tag's manifest is asked only when it is expanded), so
// the benchmark builds exactly what the view shows.
import type { KnownRegistry } from './service';

export type RegistryNode =
  | { kind: 'registry'; id: string; known: KnownRegistry }
  | { kind: 'repository'; id: string; registry: string; repository: string }
  | { kind: 'tag'; id: string; registry: string; repository: string; tag: string }
  | { kind: 'detail'; id: string; label: string; description: string; icon: string }
  | { kind: 'message'; id: string; label: string; tooltip: string; error: boolean; registry?: string };

/** The tag nodes of `repository` under the node `parentId`. */
export function tagNodes(parentId: string, registry: string, repository: string, tags: string[]): RegistryNode[] {
  return tags.map((tag) => ({ kind: 'tag', id: `${parentId}:${tag}`, registry, repository, tag }));
}
