// Feeds the language server the live facts of the active connection (local images, networks,
// volumes, secrets, Podman version) for completion and checks; refreshed when the connection
// changes and, debounced, when an object of those kinds is created or removed.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { hasQuadlet } from '../podman/version';
import { EMPTY_LIVE_DATA, type LiveData } from '../languages/types';

export interface LiveDataFeed {
  /** Ask for a refresh (e.g. on an image/network/volume/secret event); debounced. */
  poke(): void;
  dispose(): void;
}

/**
 * The Podman version the checks follow: the podman.quadlet.podmanVersion setting, else the
 * connection's — unless that one predates Quadlet (4.4), where every key would be "too new"
 * (the preview says so instead).
 */
function checkedPodmanVersion(connectionVersion: string): string | undefined {
  const setting = vscode.workspace.getConfiguration('podman.quadlet').get<string>('podmanVersion', 'auto');
  if (setting && setting !== 'auto') return setting;
  return hasQuadlet(connectionVersion) ? connectionVersion : undefined;
}

export function feedLiveData(wb: WorkbenchContext, push: (d: LiveData) => void): LiveDataFeed {
  let timer: NodeJS.Timeout | undefined;
  let generation = 0;
  const load = async () => {
    const gen = ++generation;
    const active = wb.connections.active;
    if (!active) {
      push(EMPTY_LIVE_DATA);
      return;
    }
    const c = active.client;
    const [images, networks, volumes, secrets] = await Promise.all([
      c.listImages().catch(() => []),
      c.listNetworks().catch(() => []),
      c.listVolumes().catch(() => []),
      c.listSecrets().catch(() => []),
    ]);
    if (gen !== generation) return;
    push({
      podmanVersion: checkedPodmanVersion(active.info.version),
      images: images.flatMap((i) => i.repoTags),
      networks: networks.map((n) => n.name),
      volumes: volumes.map((v) => v.name),
      secrets,
    });
  };
  const poke = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void load().catch((e) => wb.log.debug(`live data: ${String(e)}`)), 500);
  };
  const sub = wb.connections.onDidChangeActive(() => poke());
  const conf = vscode.workspace.onDidChangeConfiguration(
    (e) => e.affectsConfiguration('podman.quadlet.podmanVersion') && poke(),
  );
  poke();
  return {
    poke,
    dispose: () => {
      sub.dispose();
      conf.dispose();
      if (timer) clearTimeout(timer);
    },
  };
}
