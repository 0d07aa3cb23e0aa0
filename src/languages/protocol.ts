// Custom requests and notifications between the extension and the language server, so heavy
// language work (Quadlet generation, preprocessing) runs in the server process.
import type { PreviewResult } from './quadlet';

export const LIVE_DATA_NOTIFICATION = 'podman/liveData';

export const QUADLET_PREVIEW_REQUEST = 'podman/quadletPreview';
export interface QuadletPreviewParams {
  path: string;
  podmanVersion?: string;
  user?: boolean;
}
export interface QuadletPreviewResponse {
  result: PreviewResult;
  /** The newest Podman version the generator model follows (used when none is given). */
  latest: string;
}

export const QUADLET_FROM_INSPECT_REQUEST = 'podman/quadletFromInspect';
export interface QuadletFromInspectParams {
  kind: 'container' | 'pod' | 'volume' | 'network' | 'image';
  inspect: unknown;
}

export const QUADLET_FROM_RUN_REQUEST = 'podman/quadletFromRun';
export interface QuadletFromRunParams {
  commandLine: string;
}
