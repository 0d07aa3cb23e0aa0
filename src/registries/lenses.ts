// CodeLenses on the image references of Containerfiles (FROM), Quadlet units (Image=) and
// Kubernetes manifests (image:): "Pull", or "newer image available — Pull" when the registry's
// digest for the tag is one the local image does not have (AutoUpdate=registry units say so too).
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
    const states = await Promise.all(lines.map((l) => this.freshness(l)));
    return lines.map((l, i) => {
      const range = new vscode.Range(l.line, l.start, l.line, l.end);
      const outdated = states[i]?.state === 'outdated';
      const title = outdated
        ? l.autoUpdate
          ? vscode.l10n.t('$(cloud-download) newer image available (AutoUpdate=registry) — Pull')
          : vscode.l10n.t('$(cloud-download) newer image available — Pull')
        : vscode.l10n.t('Pull');
      const arg = { reference: l.reference, policy: 'always' };
      return new vscode.CodeLens(range, { title, command: 'podman.image.pull', arguments: [arg] });
    });
  }
}
