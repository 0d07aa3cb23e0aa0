// What play and down report: the pods, volumes and secrets made or removed, what was skipped and
// why, and the same as plain lines for an output channel or a task terminal. No `vscode` import.

export interface PlayedContainer {
  id: string;
  name: string;
  init: boolean;
}
export interface PlayedPod {
  id: string;
  name: string;
  /** Index of the document the pod came from. */
  docIndex?: number;
  containers: PlayedContainer[];
  /** Errors Podman reported for containers of this pod (start failures). */
  errors: string[];
  logs: string[];
}

export interface PlayReport {
  ok: boolean;
  pods: PlayedPod[];
  volumes: string[];
  secrets: string[];
  /** The failure, when the play failed. */
  error?: string;
  /** The document the failure was traced to. */
  errorDoc?: number;
  /** Pods that already existed with a name of this file (nothing was played). */
  clash: string[];
  /** Half-created pods and new volumes removed after a failed play. */
  cleanedUp: string[];
  /** Half-created objects that could not be removed. */
  leftBehind: string[];
  /** Claims whose volume existed already: their documents were left out and the volume kept. */
  keptVolumes: string[];
  /** Options the connected Podman does not know, not sent. */
  skippedOptions: string[];
  /** What a replay took down first. */
  replaced: string[];
  /** Documents Podman skips (kinds it does not play). */
  skippedDocs: number[];
  podmanVersion: string;
  /** Every document of the file (index, kind, name), for labels. */
  documents: { index: number; kind?: string; name?: string }[];
}

export function emptyReport(version: string): PlayReport {
  return {
    ok: false,
    pods: [],
    volumes: [],
    secrets: [],
    clash: [],
    cleanedUp: [],
    leftBehind: [],
    keptVolumes: [],
    skippedOptions: [],
    replaced: [],
    skippedDocs: [],
    podmanVersion: version,
    documents: [],
  };
}

export interface DownReport {
  stoppedPods: string[];
  removedPods: string[];
  removedVolumes: string[];
  /** Volumes of the file's claims that were kept (removeVolumes off) or could not be removed. */
  keptVolumes: string[];
  errors: string[];
}

/** The play report as plain lines, for an output channel or a task terminal. */
export function formatPlayReport(report: PlayReport): string[] {
  const docName = (index: number) => {
    const doc = report.documents.find((entry) => entry.index === index);
    return doc?.kind ? `document ${index + 1} (${doc.kind}/${doc.name ?? '?'})` : `document ${index + 1}`;
  };
  const docLabel = (index: number | undefined) => (index === undefined ? '' : ` [${docName(index)}]`);
  const out: string[] = [];
  out.push(report.ok ? `Played with Podman ${report.podmanVersion}.` : `Play failed (Podman ${report.podmanVersion}).`);
  if (report.replaced.length) out.push(`Replaced: took down ${report.replaced.length} pod(s) of a previous play.`);
  for (const pod of report.pods) {
    out.push(`Pod ${pod.name} (${pod.id.slice(0, 12)})${docLabel(pod.docIndex)}`);
    for (const container of pod.containers) {
      out.push(`  ${container.init ? 'init container' : 'container'} ${container.name} (${container.id.slice(0, 12)})`);
    }
    for (const error of pod.errors) out.push(`  error: ${error}`);
  }
  if (report.volumes.length) out.push(`Volumes created: ${report.volumes.join(', ')}`);
  if (report.keptVolumes.length) {
    out.push(`Volumes kept as they were (they exist already): ${report.keptVolumes.join(', ')}`);
  }
  if (report.secrets.length) out.push(`Secrets created: ${report.secrets.length}`);
  if (report.skippedDocs.length) out.push(`Skipped by Podman: ${report.skippedDocs.map(docName).join(', ')}`);
  if (report.skippedOptions.length) {
    out.push(`Options not sent (unknown to this Podman): ${report.skippedOptions.join(', ')}`);
  }
  if (report.error) out.push(`Error${docLabel(report.errorDoc)}: ${report.error}`);
  if (report.cleanedUp.length) {
    out.push(`Removed what the failed play had half-created: ${report.cleanedUp.join(', ')}`);
  }
  if (report.leftBehind.length) out.push(`Could not remove (left behind): ${report.leftBehind.join(', ')}`);
  return out;
}
