// What Podman's kube play does with each field of the kinds it plays: a data table built from
// Podman's kubernetes_support.md (upstream docs, 6.0-dev) plus what we measured on 4.3.1.
// The notes are ours. Which kinds it plays, and from which version, is Podman's policy
// (src/podman/kubePolicy.ts). No `vscode` import.

export type Support = 'yes' | 'no' | 'na' | 'partial';

/** Which table applies below a kind's top-level object (field paths are relative to it). */
export type Table = 'podSpec' | 'container' | 'pvcSpec' | 'configMap' | 'deploymentSpec' | 'daemonSetSpec' | 'jobSpec';

interface Row {
  s: Support;
  note?: string;
}
const y: Row = { s: 'yes' };
const no: Row = { s: 'no' };
const na: Row = { s: 'na' };

export const FIELD_SUPPORT: Readonly<Record<Table, Readonly<Record<string, Row>>>> = {
  podSpec: {
    containers: y,
    initContainers: y,
    imagePullSecrets: no,
    enableServiceLinks: no,
    'os.name': no,
    volumes: y,
    nodeSelector: na,
    nodeName: na,
    'affinity.nodeAffinity': na,
    'affinity.podAffinity': na,
    'affinity.podAntiAffinity': na,
    'tolerations.key': na,
    'tolerations.operator': na,
    'tolerations.effect': na,
    'tolerations.tolerationSeconds': na,
    schedulerName: na,
    runtimeClassName: no,
    priorityClassName: no,
    priority: no,
    'topologySpreadConstraints.maxSkew': na,
    'topologySpreadConstraints.topologyKey': na,
    'topologySpreadConstraints.whenUnsatisfiable': na,
    'topologySpreadConstraints.labelSelector': na,
    'topologySpreadConstraints.minDomains': na,
    restartPolicy: y,
    terminationGracePeriodSeconds: y,
    activeDeadlineSeconds: no,
    'readinessGates.conditionType': no,
    hostname: y,
    setHostnameAsFQDN: no,
    subdomain: no,
    'hostAliases.hostnames': y,
    'hostAliases.ip': y,
    'dnsConfig.nameservers': y,
    'dnsConfig.options.name': y,
    'dnsConfig.options.value': y,
    'dnsConfig.searches': y,
    dnsPolicy: no,
    hostNetwork: y,
    hostPID: y,
    hostIPC: y,
    shareProcessNamespace: y,
    serviceAccountName: no,
    automountServiceAccountToken: no,
    'securityContext.runAsUser': y,
    'securityContext.runAsNonRoot': no,
    'securityContext.runAsGroup': y,
    'securityContext.supplementalGroups': y,
    'securityContext.fsGroup': no,
    'securityContext.fsGroupChangePolicy': no,
    'securityContext.seccompProfile.type': no,
    'securityContext.seccompProfile.localhostProfile': no,
    'securityContext.seLinuxOptions.level': y,
    'securityContext.seLinuxOptions.role': y,
    'securityContext.seLinuxOptions.type': y,
    'securityContext.seLinuxOptions.user': y,
    'securityContext.sysctls.name': y,
    'securityContext.sysctls.value': y,
    'securityContext.windowsOptions.gmsaCredentialSpec': no,
    'securityContext.windowsOptions.hostProcess': no,
    'securityContext.windowsOptions.runAsUserName': no,
  },
  container: {
    name: y,
    image: y,
    imagePullPolicy: y,
    command: y,
    args: y,
    workingDir: y,
    'ports.containerPort': y,
    'ports.hostIP': y,
    'ports.hostPort': y,
    'ports.name': y,
    'ports.protocol': y,
    'env.name': y,
    'env.value': y,
    'env.valueFrom.configMapKeyRef.key': y,
    'env.valueFrom.configMapKeyRef.name': y,
    'env.valueFrom.configMapKeyRef.optional': y,
    'env.valueFrom.fieldRef': y,
    'env.valueFrom.resourceFieldRef': y,
    'env.valueFrom.secretKeyRef.key': y,
    'env.valueFrom.secretKeyRef.name': y,
    'env.valueFrom.secretKeyRef.optional': y,
    'envFrom.configMapRef.name': y,
    'envFrom.configMapRef.optional': y,
    'envFrom.prefix': no,
    'envFrom.secretRef.name': y,
    'envFrom.secretRef.optional': y,
    'volumeMounts.mountPath': y,
    'volumeMounts.name': y,
    'volumeMounts.mountPropagation': no,
    'volumeMounts.readOnly': y,
    'volumeMounts.subPath': y,
    'volumeMounts.subPathExpr': no,
    'volumeDevices.devicePath': no,
    'volumeDevices.name': no,
    'resources.limits': y,
    'resources.requests': y,
    'lifecycle.postStart': no,
    'lifecycle.preStop': no,
    'lifecycle.stopSignal': y,
    terminationMessagePath: no,
    terminationMessagePolicy: no,
    livenessProbe: y,
    readinessProbe: no,
    startupProbe: no,
    'securityContext.runAsUser': y,
    'securityContext.runAsNonRoot': no,
    'securityContext.runAsGroup': y,
    'securityContext.readOnlyRootFilesystem': y,
    'securityContext.procMount': y,
    'securityContext.privileged': y,
    'securityContext.allowPrivilegeEscalation': y,
    'securityContext.capabilities.add': y,
    'securityContext.capabilities.drop': y,
    'securityContext.seccompProfile.type': no,
    'securityContext.seccompProfile.localhostProfile': no,
    'securityContext.seLinuxOptions.level': y,
    'securityContext.seLinuxOptions.role': y,
    'securityContext.seLinuxOptions.type': y,
    'securityContext.seLinuxOptions.user': y,
    'securityContext.windowsOptions.gmsaCredentialSpec': no,
    'securityContext.windowsOptions.hostProcess': no,
    'securityContext.windowsOptions.runAsUserName': no,
    stdin: no,
    stdinOnce: no,
    tty: no,
  },
  pvcSpec: {
    volumeName: no,
    storageClassName: y,
    volumeMode: no,
    accessModes: y,
    selector: no,
    'resources.limits': no,
    'resources.requests': y,
  },
  configMap: { binaryData: y, data: y, immutable: no },
  deploymentSpec: {
    replicas: {
      s: 'partial',
      note: 'Podman runs one pod whatever the count says (Podman 4 creates one pod per replica).',
    },
    selector: y,
    template: y,
    minReadySeconds: no,
    'strategy.type': no,
    'strategy.rollingUpdate.maxSurge': no,
    'strategy.rollingUpdate.maxUnavailable': no,
    revisionHistoryLimit: no,
    progressDeadlineSeconds: no,
    paused: no,
  },
  daemonSetSpec: {
    selector: y,
    template: y,
    minReadySeconds: no,
    'strategy.type': no,
    'strategy.rollingUpdate.maxSurge': no,
    'strategy.rollingUpdate.maxUnavailable': no,
    revisionHistoryLimit: no,
  },
  jobSpec: {
    activeDeadlineSeconds: no,
    selector: { s: 'no', note: 'Kubernetes fills it in by itself; Podman does not read it.' },
    template: y,
    backoffLimit: no,
    completionMode: no,
    completions: { s: 'no', note: 'The pod runs once.' },
    manualSelector: no,
    parallelism: { s: 'no', note: 'One pod runs.' },
    podFailurePolicy: no,
    suspend: no,
    ttlSecondsAfterFinished: no,
  },
};

/** The table that applies to a kind's top-level object, and where that object sits. */
export function tableForKind(kind: string): { table: Table; at: string[] } | undefined {
  switch (kind) {
    case 'Deployment':
      return { table: 'deploymentSpec', at: ['spec'] };
    case 'DaemonSet':
      return { table: 'daemonSetSpec', at: ['spec'] };
    case 'Job':
      return { table: 'jobSpec', at: ['spec'] };
    case 'PersistentVolumeClaim':
      return { table: 'pvcSpec', at: ['spec'] };
    case 'ConfigMap':
      return { table: 'configMap', at: [] };
    case 'Pod':
      return { table: 'podSpec', at: ['spec'] };
    default:
      return undefined;
  }
}

export type Lookup =
  | { kind: 'row'; row: Row } // the path is a row of the table
  | { kind: 'group'; all: Support | 'mixed' } // the path is a prefix of rows
  | { kind: 'inside'; row: Row } // below a row (free-form content of a supported field)
  | { kind: 'unknown' };

const prefixCache = new Map<string, Lookup>();

/** What the table says of a field path (list indices dropped: `ports.containerPort`). */
export function lookupField(table: Table, path: string): Lookup {
  const key = `${table}\u0000${path}`;
  const hit = prefixCache.get(key);
  if (hit) return hit;
  const rows = FIELD_SUPPORT[table];
  let out: Lookup = { kind: 'unknown' };
  if (rows[path]) out = { kind: 'row', row: rows[path] };
  else {
    const under = Object.keys(rows).filter((k) => k.startsWith(`${path}.`));
    if (under.length) {
      const kinds = new Set(under.map((k) => rows[k].s));
      out = { kind: 'group', all: kinds.size === 1 ? [...kinds][0] : 'mixed' };
    } else {
      const parts = path.split('.');
      for (let i = parts.length - 1; i > 0; i--) {
        const p = parts.slice(0, i).join('.');
        if (rows[p]) {
          out = { kind: 'inside', row: rows[p] };
          break;
        }
      }
    }
  }
  prefixCache.set(key, out);
  return out;
}

/** A short sentence for a support level, for hovers and warnings. */
export function supportSentence(support: Support | 'mixed'): string {
  switch (support) {
    case 'yes':
      return 'Podman kube play uses this field.';
    case 'no':
      return 'Podman kube play ignores this field.';
    case 'na':
      return 'Podman kube play ignores this field: it only means something on a cluster of several nodes.';
    case 'partial':
      return 'Podman kube play uses this field only in part.';
    case 'mixed':
      return 'Podman kube play uses some of the fields below this one (hover them to see which).';
  }
}
