// Every language service the language server and the CLI serve. Each capability adds
// its own service here.
import { containerfileService } from './containerfile';
import { kubeService } from './kube/service';
import type { LanguageService } from './types';
import { quadletService } from './quadlet';

export const languageServices: LanguageService[] = [containerfileService, quadletService, kubeService];

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
