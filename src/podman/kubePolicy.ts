// What Podman's kube play does with a Kubernetes document: which kinds it plays from which
// version, which pods a document makes and how they are named. Shared by play and down
// (src/podman/kube.ts), the YAML language service and the editor's lenses. No `vscode` import.
import { atLeast } from './version';

/** The kinds kube play acts on, with the first Podman version that plays them. */
export const PLAYED_KINDS: Readonly<Record<string, { since: string; what: string }>> = {
  Pod: { since: '4.0.0', what: 'creates a pod with its containers' },
  Deployment: { since: '4.0.0', what: 'creates a pod from the template' },
  PersistentVolumeClaim: { since: '4.0.0', what: 'creates a named volume' },
  ConfigMap: { since: '4.0.0', what: 'feeds environment variables and volumes of the pods in the file' },
  // Measured: 4.3.1 plays Secret and refuses DaemonSet and Job. The floors of the last two
  // come from Podman's release notes (DaemonSet in 4.7, Job in 5.2).
  Secret: { since: '4.3.0', what: 'creates a Podman secret' },
  DaemonSet: { since: '4.7.0', what: 'creates a pod from the template' },
  Job: { since: '5.2.0', what: 'creates a pod from the template that runs once' },
};

/** Kinds that create pods, and the path of their pod spec. */
export const WORKLOAD_KINDS: Readonly<Record<string, string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
};

/** From Podman 5 on, a Deployment makes one pod whatever its replicas; Podman 4 makes one per replica. */
export const ONE_POD_PER_DEPLOYMENT_SINCE = '5.0.0';

/** What the play policy reads of a document (the language service's parse and Podman's own both give it). */
export interface KubeObjectRef {
  kind?: string;
  name?: string;
  /** Replicas of a Deployment, when given as a number. */
  replicas?: number;
}

/** Does the connected Podman (version given) play this kind? Unknown version: the newest list. */
export function kindPlays(kind: string | undefined, podmanVersion: string | undefined): boolean {
  if (!kind || !PLAYED_KINDS[kind]) return false;
  return !podmanVersion || atLeast(podmanVersion, PLAYED_KINDS[kind].since);
}

/** True when this Podman makes one pod per replica of a Deployment (Podman 4). Unknown version: no. */
export function podPerReplica(podmanVersion: string | undefined): boolean {
  return !!podmanVersion && !atLeast(podmanVersion, ONE_POD_PER_DEPLOYMENT_SINCE);
}

/**
 * The pods a document makes when played. Podman 4 names a Deployment's pods NAME-pod-0..N-1
 * (one per replica, measured on 4.3.1); Podman 5 makes one pod named NAME-pod.
 */
export function expectedPodNames(doc: KubeObjectRef, podmanVersion?: string): string[] {
  if (!doc.name || !doc.kind) return [];
  if (doc.kind === 'Pod') return [doc.name];
  if (!WORKLOAD_KINDS[doc.kind]) return [];
  if (doc.kind === 'Deployment' && podPerReplica(podmanVersion)) {
    const count = doc.replicas === undefined ? 1 : Math.max(0, Math.floor(doc.replicas));
    return Array.from({ length: count }, (_, index) => `${doc.name}-pod-${index}`);
  }
  return [`${doc.name}-pod`];
}

/** True when a pod name belongs to a document (any Podman version's naming). */
export function podBelongsTo(doc: KubeObjectRef, podName: string): boolean {
  if (!doc.name || !doc.kind) return false;
  if (doc.kind === 'Pod') return podName === doc.name;
  if (!WORKLOAD_KINDS[doc.kind]) return false;
  if (podName === `${doc.name}-pod`) return true;
  const rest = podName.startsWith(`${doc.name}-pod-`) ? podName.slice(doc.name.length + 5) : '';
  return /^\d+$/.test(rest);
}
