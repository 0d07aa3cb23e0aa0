// Which files are compose files, by name: kept apart so that the extension can ask without
// loading the language service (and its schema) into its bundle. No `vscode` import.
import { basename } from 'node:path';

export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** compose.yaml, compose.yml, docker-compose.yml/.yaml, their .override and other dotted variants. */
export function isComposePath(path: string): boolean {
  return /^(docker-)?compose(\.[\w-]+)*\.ya?ml$/i.test(basename(path));
}
