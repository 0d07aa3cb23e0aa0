// Every language service the language server and the CLI serve, in one table: each capability
// registers its service here once (the server serves it, `podman-workbench check` recognises
// its files and accepts its name after --lang).
import { composeService } from './compose';
import { containerfileService } from './containerfile';
import { kubeService } from './kube';
import type { LanguageService } from './types';
import { quadletService } from './quadlet';

/** A kind of file the CLI names: `podman-workbench check --lang <name>`. */
export interface CheckLanguage {
  /** The --lang value. */
  readonly name: string;
  /** What such a file is called in messages ("not a Containerfile, ..."). */
  readonly label: string;
  /** Undefined while this version has no checker for it (the CLI says so). */
  readonly service: LanguageService | undefined;
}

export const checkLanguages: readonly CheckLanguage[] = [
  { name: 'containerfile', label: 'Containerfile', service: containerfileService },
  { name: 'quadlet', label: 'Quadlet unit', service: quadletService },
  { name: 'kube', label: 'Kubernetes YAML', service: kubeService },
  { name: 'compose', label: 'Compose file', service: composeService },
];

export const languageServices: LanguageService[] = checkLanguages.flatMap((l) => (l.service ? [l.service] : []));

/**
 * The service for a VS Code language id, or for a path (CLI) when no id is known. Where several
 * services share a language id (`yaml`: Kubernetes YAML and compose files), the one whose paths
 * match wins, then the first listed.
 */
export function serviceFor(languageIdOrPath: {
  languageId?: string;
  path?: string;
  text?: string;
}): LanguageService | undefined {
  const { languageId, path, text } = languageIdOrPath;
  if (languageId) {
    const byId = languageServices.filter((s) => s.languageIds.includes(languageId));
    const byPath = path && byId.length > 1 ? byId.find((s) => s.matchesPath(path, text)) : undefined;
    if (byPath ?? byId[0]) return byPath ?? byId[0];
  }
  if (languageIdOrPath.path) {
    return languageServices.find((s) => s.matchesPath(languageIdOrPath.path!, languageIdOrPath.text));
  }
  return undefined;
}
