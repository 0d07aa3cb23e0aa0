// CodeLenses on the image references of Containerfiles (FROM), Quadlet units (Image=) and
// Kubernetes manifests (image:): "Pull", or "newer image available — Pull" when the registry's
// digest for the tag is one the local image does not have (AutoUpdate=registry units say so too);
// the pull policy written on the line (Quadlet Pull=, Kubernetes imagePullPolicy) is honoured.
// The check is the cached one of RegistryService: a manifest HEAD, quiet when offline.
import * as vscode from 'vscode';
import { type FreshnessResult, findLocal } from '../podman/outdated';
import { type ImageLine, imageFileKind, imageLines } from './imageLines';
import type { RegistryService } from './service';
import type { WorkbenchContext } from '../context';

/** How long a lens waits for a registry before showing the plain "Pull". */
const LENS_WAIT_MS = 3000;

export class ImageLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly wb: WorkbenchContext,
    private readonly service: RegistryService,
  ) {
    this.sub = service.onDidChange(() => this.changed.fire());
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }

  private async freshness(l: ImageLine): Promise<FreshnessResult | undefined> {
    const images = this.wb.explorer?.model.store.images ?? [];
    const check = this.service.freshness.check(l.reference, findLocal(images, l.reference));
    const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), LENS_WAIT_MS));
    return Promise.race([check, timeout]).catch(() => undefined);
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const text = document.getText();
    const kind = imageFileKind(document.languageId, document.fileName, text);
    if (!kind || !this.wb.connections.active) return [];
    await this.wb.explorer?.live.ensureLoaded().catch(() => undefined);
    const lines = imageLines(text, kind);
    const images = this.wb.explorer?.model.store.images ?? [];
    const states = await Promise.all(lines.map((l) => (l.policy === 'never' ? undefined : this.freshness(l))));
    return lines.map((l, i) => {
      const range = new vscode.Range(l.line, l.start, l.line, l.end);
      return new vscode.CodeLens(range, lensCommand(l, states[i], !!findLocal(images, l.reference)));
    });
  }
}

/**
 * What the lens of an image line says and does, under the pull policy written for it: "never"
 * offers no pull, "missing" with the image present says so; otherwise Pull (with that policy,
 * which goes to Podman), or "newer image available — Pull".
 */
export function lensCommand(l: ImageLine, state: FreshnessResult | undefined, present: boolean): vscode.Command {
  if (l.policy === 'never') {
    return { title: vscode.l10n.t('$(circle-slash) pull policy never: the local image is used'), command: '' };
  }
  if (l.policy === 'missing' && present) {
    return { title: vscode.l10n.t('$(check) image present (pull policy missing)'), command: '' };
  }
  const outdated = state?.state === 'outdated';
  const title = outdated
    ? l.autoUpdate
      ? vscode.l10n.t('$(cloud-download) newer image available (AutoUpdate=registry) — Pull')
      : vscode.l10n.t('$(cloud-download) newer image available — Pull')
    : vscode.l10n.t('Pull');
  const arg = l.policy ? { reference: l.reference, policy: l.policy } : { reference: l.reference };
  return { title, command: 'podman.image.pull', arguments: [arg] };
}
