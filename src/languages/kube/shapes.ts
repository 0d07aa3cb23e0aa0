// The shapes of the kinds Podman plays (which field holds a string, a number, a list...) and the
// check that a document has them: Podman's decoder refuses a document with a string where a
// number goes. No `vscode` import.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { KubeCode, type Sink } from './codes';
import {
  isKMap as isMap,
  isKScalar as isScalar,
  isKSeq as isSeq,
  keyOf,
  type KMap,
  type KNode,
  pairs,
  resolve,
} from './nodes';
import type { KubeFile } from './parse';

/** The type Podman's decoder expects at a place of a document. */
export type Ty =
  'string' | 'int' | 'bool' | 'map' | 'stringMap' | { list: Ty } | { obj: Record<string, Ty>; required?: string[] };

const str: Ty = 'string';
const int: Ty = 'int';
const bool: Ty = 'bool';
const strList: Ty = { list: str };
const metadata: Ty = { obj: { name: str, namespace: str, labels: 'stringMap', annotations: 'stringMap' } };
const securityContext: Ty = {
  obj: {
    privileged: bool,
    runAsUser: int,
    runAsGroup: int,
    runAsNonRoot: bool,
    readOnlyRootFilesystem: bool,
    allowPrivilegeEscalation: bool,
    capabilities: { obj: { add: strList, drop: strList } },
    seLinuxOptions: 'map',
  },
};
const container: Ty = {
  obj: {
    name: str,
    image: str,
    imagePullPolicy: str,
    command: strList,
    args: strList,
    workingDir: str,
    ports: {
      list: {
        obj: { containerPort: int, hostPort: int, hostIP: str, name: str, protocol: str },
        required: ['containerPort'],
      },
    },
    env: { list: { obj: { name: str, value: str, valueFrom: 'map' }, required: ['name'] } },
    envFrom: { list: 'map' },
    volumeMounts: {
      list: { obj: { name: str, mountPath: str, readOnly: bool, subPath: str }, required: ['name', 'mountPath'] },
    },
    resources: { obj: { limits: 'map', requests: 'map' } },
    securityContext,
    livenessProbe: 'map',
    stdin: bool,
    tty: bool,
  },
  required: ['name'],
};
const podSpec: Ty = {
  obj: {
    containers: { list: container },
    initContainers: { list: container },
    volumes: { list: { obj: { name: str }, required: ['name'] } },
    restartPolicy: str,
    hostname: str,
    hostNetwork: bool,
    hostPID: bool,
    hostIPC: bool,
    shareProcessNamespace: bool,
    terminationGracePeriodSeconds: int,
    hostAliases: { list: { obj: { ip: str, hostnames: strList } } },
    dnsConfig: { obj: { nameservers: strList, searches: strList, options: { list: 'map' } } },
    securityContext: {
      obj: {
        runAsUser: int,
        runAsGroup: int,
        supplementalGroups: { list: int },
        sysctls: { list: { obj: { name: str, value: str } } },
      },
    },
  },
};
const template: Ty = { obj: { metadata, spec: podSpec } };
export const KIND_SHAPES: Record<string, Ty> = {
  Pod: { obj: { metadata, spec: podSpec }, required: ['spec'] },
  Deployment: {
    obj: { metadata, spec: { obj: { replicas: int, selector: 'map', template }, required: ['template'] } },
    required: ['spec'],
  },
  DaemonSet: {
    obj: { metadata, spec: { obj: { selector: 'map', template }, required: ['template'] } },
    required: ['spec'],
  },
  Job: { obj: { metadata, spec: { obj: { template }, required: ['template'] } }, required: ['spec'] },
  PersistentVolumeClaim: {
    obj: { metadata, spec: { obj: { accessModes: strList, storageClassName: str, resources: 'map' } } },
  },
  ConfigMap: { obj: { metadata, data: 'stringMap', binaryData: 'stringMap', immutable: bool } },
  Secret: { obj: { metadata, data: 'stringMap', stringData: 'stringMap', type: str } },
};

/** Plain scalars YAML 1.1 (which Podman's parser follows) reads as booleans. */
/** Plain scalars YAML 1.1 (which Podman's parser follows) reads as booleans. */
const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** Where the check reports, and how many nodes it may still visit. */
export interface ShapeCheck {
  file: KubeFile;
  sink: Sink;
  budget: { left: number };
}

function typeName(node: KNode | undefined): string {
  if (!node) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'null';
    if (typeof value === 'number') return Number.isInteger(value) ? 'a number' : 'a decimal number';
    if (typeof value === 'boolean') return 'a boolean';
    return 'a string';
  }
  return 'something else';
}

/** Checks the types Podman's decoder insists on (a string where a number goes is refused). */
export function checkShape(check: ShapeCheck, node: KNode | undefined, ty: Ty, where: string): void {
  if (--check.budget.left < 0) return;
  const n = resolve(node);
  if (!n) return;
  if (isScalar(n) && n.value === null) return; // an empty value is like an absent one
  const bad = (expected: string, extra = '') =>
    check.sink.add(
      check.file.head(n.range),
      DiagnosticSeverity.Error,
      KubeCode.wrongType,
      `${where || 'The document'} must be ${expected}, not ${typeName(n)}: Podman refuses the document.${extra}`,
    );
  if (ty === 'string' || ty === 'int' || ty === 'bool') return checkScalar(check, n, ty, where, bad);
  if (ty === 'map') {
    if (!isMap(n)) bad('a mapping');
    return;
  }
  if (ty === 'stringMap') {
    if (!isMap(n)) return bad('a mapping');
    for (const entry of pairs(n)) {
      const value = resolve(entry.value);
      if (value && !isScalar(value)) checkShape(check, value, 'string', `${where}.${keyOf(entry)}`);
    }
    return;
  }
  if ('list' in ty) {
    if (!isSeq(n)) return bad('a list', isMap(n) ? ' Start each item with "- ".' : '');
    n.items.forEach((item, i) => checkShape(check, item ?? undefined, ty.list, `${where}[${i}]`));
    return;
  }
  if (!isMap(n)) return bad('a mapping');
  checkObject(check, n, ty, where);
}

function checkScalar(
  check: ShapeCheck,
  node: KNode,
  ty: 'string' | 'int' | 'bool',
  where: string,
  bad: (expected: string, extra?: string) => void,
): void {
  const yaml11Bool = isScalar(node) && node.plain && typeof node.source === 'string' && YAML11_BOOL.test(node.source);
  if (ty === 'string') {
    if (!isScalar(node)) bad('a single value');
    else if (yaml11Bool) {
      check.sink.add(
        check.file.range(node.range),
        DiagnosticSeverity.Warning,
        KubeCode.yaml11Bool,
        `Podman reads an unquoted ${node.source} as a boolean, so ${where} becomes "true" or "false": quote it.`,
      );
    }
    return;
  }
  if (ty === 'int') {
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) {
      const quoted = isScalar(node) && typeof node.value === 'string' && /^\d+$/.test(node.value);
      bad('a whole number', quoted ? ' Remove the quotes.' : '');
    }
    return;
  }
  // YAML 1.1 booleans (yes/no/on/off) are fine for Podman's parser.
  if ((!isScalar(node) || typeof node.value !== 'boolean') && !yaml11Bool) bad('true or false');
}

/** An object's known fields, each against its type, and the fields it must have. */
function checkObject(
  check: ShapeCheck,
  map: KMap,
  ty: { obj: Record<string, Ty>; required?: string[] },
  where: string,
): void {
  const have = new Set<string>();
  for (const entry of pairs(map)) {
    const key = keyOf(entry);
    have.add(key);
    const sub = ty.obj[key];
    if (sub) checkShape(check, entry.value ?? undefined, sub, where ? `${where}.${key}` : key);
  }
  for (const required of ty.required ?? []) {
    if (have.has(required)) continue;
    const firstKey = map.items[0]?.key?.range;
    check.sink.add(
      check.file.head(firstKey ?? map.range),
      DiagnosticSeverity.Error,
      KubeCode.missingField,
      `${where || 'This document'} has no ${required}: Podman needs it.`,
    );
  }
}
