// Every language service the language server and the CLI serve, in one table: each capability
// registers its service here once (the server serves it, `podman-workbench check` recognises
// its files and accepts its name after --lang).
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
  // Compose files get a checker in a later version: register its service here.
  { name: 'compose', label: 'Compose file', service: undefined },
];

export const languageServices: LanguageService[] = checkLanguages.flatMap((l) => (l.service ? [l.service] : []));

/** The service for a VS Code language id, or for a path (CLI) when no id is known. */
export function serviceFor(languageIdOrPath: {
  languageId?: string;
  path?: string;
  text?: string;
}): LanguageService | undefined {
  if (languageIdOrPath.languageId) {
    const byId = languageServices.find((s) => s.languageIds.includes(languageIdOrPath.languageId!));
    if (byId) return byId;
  }
  if (languageIdOrPath.path) {
    return languageServices.find((s) => s.matchesPath(languageIdOrPath.path!, languageIdOrPath.text));
  }
  return undefined;
}
