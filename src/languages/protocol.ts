// Custom requests and notifications between the extension and the language server: the live
// Podman data completions offer (extension → server), and the Quadlet requests (preview, units
// made from inspect results or a `podman run` line) so that Quadlet generation runs in the server
// process, and so does the conversion of compose files to Quadlet or Kubernetes YAML. The Containerfile preprocessing view is not among them: it runs in the extension host.
import type { ConvertOutcome, ConvertTarget } from './compose/convert';
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

export const COMPOSE_CONVERT_REQUEST = 'podman/composeConvert';
export interface ComposeConvertParams {
  /** The compose file's path (relative paths in it are resolved from its folder). */
  path: string;
  /** Its text as the editor has it (unsaved changes included). */
  text: string;
  to: ConvertTarget;
  pod?: boolean;
}
export type ComposeConvertResponse = ConvertOutcome;
