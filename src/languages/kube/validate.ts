// Checks a Kubernetes YAML file the way Podman's kube play will read it, before anything is
// sent: syntax, shapes Podman refuses, kinds it skips, fields it ignores, images not here.
// No `vscode` import.
import { type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, type LiveData } from '../types';
import {
  expectedPodNames,
  isKMap as isMap,
  isKScalar as isScalar,
  isKSeq as isSeq,
  type KMap,
  type KNode,
  keyOf,
  type KPair,
  type KubeDoc,
  type KubeFile,
  kindPlays,
  MAX_KUBE_TEXT,
  MAX_NODES_PER_DOC,
  pair,
  pairs,
  parseKube,
  resolve,
} from './parse';
import {
  type Lookup,
  lookupField,
  PLAYED_KINDS,
  supportSentence,
  type Table,
  tableForKind,
  WORKLOAD_KINDS,
} from './support';

/** Stable diagnostic codes (tests, code actions and users' filters rely on them). */
export const KubeCode = {
  syntax: 'kube-syntax',
  tooLarge: 'kube-too-large',
  notObject: 'kube-not-object',
  noKind: 'kube-no-kind',
  kindSkipped: 'kube-kind-skipped',
  kindNeedsNewer: 'kube-kind-needs-newer-podman',
  nothingRuns: 'kube-nothing-runs',
  missingName: 'kube-missing-name',
  missingImage: 'kube-missing-image',
  missingField: 'kube-missing-field',
  noContainers: 'kube-no-containers',
  wrongType: 'kube-wrong-type',
  yaml11Bool: 'kube-yes-no-becomes-bool',
  duplicatePod: 'kube-duplicate-pod',
  fieldIgnored: 'kube-field-ignored',
  fieldClusterOnly: 'kube-field-cluster-only',
  replicas: 'kube-replicas',
  imageNotLocal: 'kube-image-not-local',
} as const;

type Ty =
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
const KIND_SHAPES: Record<string, Ty> = {
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
const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

class Sink {
  readonly out: Diagnostic[] = [];
  private seen = new Set<string>();
  add(range: Range, severity: DiagnosticSeverity, code: string, message: string): void {
    const k = `${code}|${range.start.line}:${range.start.character}|${message}`;
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.out.push({ range, severity, code, source: DIAGNOSTIC_SOURCE, message });
  }
}

/** All diagnostics of a Kubernetes YAML text. An empty list for YAML that holds no Kubernetes object. */
export function validateKube(text: string, live: LiveData, parsed?: KubeFile): Diagnostic[] {
  const sink = new Sink();
  if (text.length > MAX_KUBE_TEXT) {
    sink.add(
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      DiagnosticSeverity.Warning,
      KubeCode.tooLarge,
      `This file is ${(text.length / 1048576).toFixed(1)} MB: files over ${MAX_KUBE_TEXT / 1048576} MB are not checked.`,
    );
    return sink.out;
  }
  const file = parsed ?? parseKube(text);
  const version = live.podmanVersion;
  const podOwners = new Map<string, KubeDoc>();
  let anyContent = false;
  let anyPlays = false;
  let anySyntax = false;
  const localImages = imageIndex(live.images);
  for (const d of file.docs) {
    for (const e of d.errors) sink.add(e.range, DiagnosticSeverity.Error, KubeCode.syntax, `YAML error: ${e.message}`);
    if (d.errors.length) {
      anySyntax = true;
      continue;
    }
    if (d.empty) continue;
    anyContent = true;
    const head = d.kindRange ?? lineRange(file, d.start.line);
    if (!d.root) {
      sink.add(
        head,
        DiagnosticSeverity.Error,
        KubeCode.notObject,
        'This document is not a mapping of keys: Podman cannot read it as a Kubernetes object.',
      );
      continue;
    }
    if (!d.kind) {
      sink.add(
        head,
        DiagnosticSeverity.Error,
        KubeCode.noKind,
        'This document has no `kind`: Podman cannot tell what to make of it.',
      );
      continue;
    }
    if (!PLAYED_KINDS[d.kind]) {
      sink.add(
        head,
        DiagnosticSeverity.Warning,
        KubeCode.kindSkipped,
        `Podman skips ${d.kind} documents: nothing of this document will run. It plays ${playedList(version)}.`,
      );
      continue;
    }
    if (!kindPlays(d.kind, version, PLAYED_KINDS)) {
      sink.add(
        head,
        DiagnosticSeverity.Warning,
        KubeCode.kindNeedsNewer,
        `Podman ${version} skips ${d.kind} documents (Podman plays them from ${PLAYED_KINDS[d.kind].since} on): nothing of this document will run.`,
      );
      continue;
    }
    anyPlays = true;
    checkDoc(file, d, sink, version, localImages);
    for (const p of expectedPodNames(d, version)) {
      const first = podOwners.get(p);
      if (first) {
        sink.add(
          d.nameRange ?? head,
          DiagnosticSeverity.Error,
          KubeCode.duplicatePod,
          `Pod ${p} is already made by document ${first.index + 1} (${first.kind} ${first.name}): Podman stops at the second one.`,
        );
      } else podOwners.set(p, d);
    }
  }
  if (anyContent && !anyPlays && !anySyntax) {
    const first = file.docs.find((d) => !d.empty);
    sink.add(
      first ? (first.kindRange ?? lineRange(file, first.start.line)) : lineRange(file, 0),
      DiagnosticSeverity.Error,
      KubeCode.nothingRuns,
      `Nothing in this file can run: Podman${version ? ` ${version}` : ''} plays none of its documents.`,
    );
  }
  return sink.out;
}

function playedList(version: string | undefined): string {
  return Object.keys(PLAYED_KINDS)
    .filter((k) => kindPlays(k, version, PLAYED_KINDS))
    .join(', ');
}

function lineRange(file: KubeFile, line: number): Range {
  const starts = file.lines.lineStarts;
  const s = starts[line] ?? 0;
  let e = starts[line + 1] ?? file.text.length;
  while (e > s && (file.text[e - 1] === '\n' || file.text[e - 1] === '\r')) e--;
  return { start: { line, character: 0 }, end: { line, character: e - s } };
}

function checkDoc(
  file: KubeFile,
  d: KubeDoc,
  sink: Sink,
  version: string | undefined,
  localImages: ImageIndex | undefined,
): void {
  const root = d.root!;
  const kind = d.kind!;
  const budget = { left: MAX_NODES_PER_DOC };
  // metadata.name: Podman refuses pods, workloads and claims without one.
  if (!d.name) {
    const meta = pair(root, 'metadata');
    sink.add(
      meta ? file.range(meta.key?.range) : (d.kindRange ?? lineRange(file, d.start.line)),
      DiagnosticSeverity.Error,
      KubeCode.missingName,
      `This ${kind} has no metadata.name: Podman refuses it.`,
    );
  }
  checkShape(file, root, KIND_SHAPES[kind], '', sink, budget);
  // Containers: at least one, each with an image.
  const specPath = WORKLOAD_KINDS[kind];
  if (specPath) {
    const spec = resolve(getPath(root, specPath));
    if (isMap(spec)) {
      const cp = pair(spec, 'containers');
      const seq = resolve(cp?.value);
      if (!cp || (isSeq(seq) && seq.items.length === 0)) {
        sink.add(
          cp ? file.range(cp.key?.range) : (d.kindRange ?? lineRange(file, d.start.line)),
          DiagnosticSeverity.Error,
          KubeCode.noContainers,
          `This ${kind} has no containers: Podman needs at least one.`,
        );
      }
      for (const list of ['containers', 'initContainers']) {
        const s = resolve(pair(spec, list)?.value);
        if (!isSeq(s)) continue;
        for (const item of s.items) {
          const c = resolve(item);
          if (!isMap(c)) continue;
          if (!pair(c, 'image')) {
            const np = pair(c, 'name');
            sink.add(
              np ? file.range((np.value as KNode | null)?.range ?? np.key?.range) : file.head(c.range),
              DiagnosticSeverity.Error,
              KubeCode.missingImage,
              `Container ${np && isScalar(np.value) ? String(np.value.value) : ''} has no image: Podman refuses it.`.replace(
                '  ',
                ' ',
              ),
            );
          }
        }
      }
    }
  }
  // Fields Podman ignores.
  const tfk = tableForKind(kind);
  if (tfk) {
    const top = tfk.at.length ? resolve(getPath(root, tfk.at)) : root;
    if (isMap(top)) {
      visitFields(top, tfk.table, '', budget, (p, table, path, l) => {
        if (l.kind === 'row' && (l.row.s === 'no' || l.row.s === 'na')) {
          sink.add(
            file.range(p.key?.range),
            DiagnosticSeverity.Warning,
            l.row.s === 'na' ? KubeCode.fieldClusterOnly : KubeCode.fieldIgnored,
            `${label(table, path)}: ${supportSentence(l.row.s)}${l.row.note ? ` ${l.row.note}` : ''}`,
          );
          return false;
        }
        if (l.kind === 'group' && (l.all === 'no' || l.all === 'na')) {
          sink.add(
            file.range(p.key?.range),
            DiagnosticSeverity.Warning,
            l.all === 'na' ? KubeCode.fieldClusterOnly : KubeCode.fieldIgnored,
            `${label(table, path)}: ${supportSentence(l.all)}`,
          );
          return false;
        }
        return l.kind === 'group';
      });
    }
  }
  // Replicas: Podman runs one pod (Podman 5), or one pod per replica (Podman 4).
  if (kind === 'Deployment' && d.replicas !== undefined && d.replicas > 1) {
    const r = getPairPath(root, ['spec', 'replicas']);
    const v4 = version && parseInt(version, 10) < 5;
    sink.add(
      file.range((r?.value as KNode | null)?.range ?? r?.key?.range),
      DiagnosticSeverity.Warning,
      KubeCode.replicas,
      v4
        ? `Podman ${version} makes ${d.replicas} separate pods (${d.name}-pod-0 to ${d.name}-pod-${d.replicas - 1}), not replicas behind one service; Podman 5 makes one.`
        : `Podman runs one pod, not ${d.replicas}: it sets replicas to 1.`,
    );
  }
  // Images not in the local store (the connection's live data).
  if (localImages) {
    for (const img of d.images) {
      if (!localImages.has(img.ref)) {
        sink.add(
          img.range,
          DiagnosticSeverity.Information,
          KubeCode.imageNotLocal,
          `Image ${img.ref} is not in the local store: Podman will try to pull it when the file is played.`,
        );
      }
    }
  }
}

function label(table: Table, path: string): string {
  return table === 'container' ? `containers[].${path}` : path;
}

function getPath(from: KNode, path: string[]): KNode | undefined {
  let n: KNode | undefined = from;
  for (const k of path) {
    n = resolve(n);
    if (!isMap(n)) return undefined;
    n = (pair(n, k)?.value ?? undefined) as KNode | undefined;
  }
  return n;
}

function getPairPath(from: KNode, path: string[]): KPair | undefined {
  let n: KNode | undefined = from;
  let p: KPair | undefined;
  for (const k of path) {
    n = resolve(n);
    if (!isMap(n)) return undefined;
    p = pair(n, k);
    n = (p?.value ?? undefined) as KNode | undefined;
  }
  return p;
}

function typeName(n: KNode | undefined): string {
  if (!n) return 'nothing';
  if (isMap(n)) return 'a mapping';
  if (isSeq(n)) return 'a list';
  if (isScalar(n)) {
    const v = n.value;
    if (v === null) return 'null';
    if (typeof v === 'number') return Number.isInteger(v) ? 'a number' : 'a decimal number';
    if (typeof v === 'boolean') return 'a boolean';
    return 'a string';
  }
  return 'something else';
}

/** Checks the types Podman's decoder insists on (a string where a number goes is refused). */
function checkShape(
  file: KubeFile,
  node: KNode | undefined,
  ty: Ty,
  where: string,
  sink: Sink,
  budget: { left: number },
): void {
  if (--budget.left < 0) return;
  const n = resolve(node);
  if (!n) return;
  if (isScalar(n) && n.value === null) return; // an empty value is like an absent one
  const bad = (expected: string, extra = '') =>
    sink.add(
      file.head(n.range),
      DiagnosticSeverity.Error,
      KubeCode.wrongType,
      `${where || 'The document'} must be ${expected}, not ${typeName(n)}: Podman refuses the document.${extra}`,
    );
  if (ty === 'string') {
    if (!isScalar(n)) bad('a single value');
    else if (n.plain && typeof n.source === 'string' && YAML11_BOOL.test(n.source)) {
      sink.add(
        file.range(n.range),
        DiagnosticSeverity.Warning,
        KubeCode.yaml11Bool,
        `Podman reads an unquoted ${n.source} as a boolean, so ${where} becomes "true" or "false": quote it.`,
      );
    }
    return;
  }
  if (ty === 'int') {
    if (!isScalar(n) || typeof n.value !== 'number' || !Number.isInteger(n.value)) {
      bad(
        'a whole number',
        isScalar(n) && typeof n.value === 'string' && /^\d+$/.test(n.value) ? ' Remove the quotes.' : '',
      );
    }
    return;
  }
  if (ty === 'bool') {
    if (!isScalar(n) || typeof n.value !== 'boolean') {
      // YAML 1.1 booleans (yes/no/on/off) are fine for Podman's parser.
      if (!(isScalar(n) && n.plain && typeof n.source === 'string' && YAML11_BOOL.test(n.source))) bad('true or false');
    }
    return;
  }
  if (ty === 'map') {
    if (!isMap(n)) bad('a mapping');
    return;
  }
  if (ty === 'stringMap') {
    if (!isMap(n)) return bad('a mapping');
    for (const p of pairs(n)) {
      const v = resolve(p.value);
      if (v && !isScalar(v)) checkShape(file, v, 'string', `${where}.${keyOf(p)}`, sink, budget);
    }
    return;
  }
  if ('list' in ty) {
    if (!isSeq(n)) return bad('a list', isMap(n) ? ' Start each item with "- ".' : '');
    n.items.forEach((it, i) => checkShape(file, it ?? undefined, ty.list, `${where}[${i}]`, sink, budget));
    return;
  }
  if (!isMap(n)) return bad('a mapping');
  const have = new Set<string>();
  for (const p of pairs(n)) {
    const k = keyOf(p);
    have.add(k);
    const sub = ty.obj[k];
    if (sub) checkShape(file, p.value ?? undefined, sub, where ? `${where}.${k}` : k, sink, budget);
  }
  for (const r of ty.required ?? []) {
    if (have.has(r)) continue;
    const firstKey = n.items[0]?.key?.range;
    sink.add(
      file.head(firstKey ?? n.range),
      DiagnosticSeverity.Error,
      KubeCode.missingField,
      `${where || 'This document'} has no ${r}: Podman needs it.`,
    );
  }
}

/**
 * Walks the keys of an object under a support table, switching to the container table in
 * container lists and to the pod table in a workload's template. `cb` returns true to descend.
 */
export function visitFields(
  map: KMap,
  table: Table,
  prefix: string,
  budget: { left: number },
  cb: (p: KPair, table: Table, path: string, l: Lookup) => boolean,
): void {
  for (const p of map.items as KPair[]) {
    if (--budget.left < 0) return;
    const k = keyOf(p);
    if (!k || k === '<<') continue;
    const path = prefix ? `${prefix}.${k}` : k;
    const value = resolve(p.value);
    if (table === 'podSpec' && !prefix && (k === 'containers' || k === 'initContainers')) {
      cb(p, table, path, lookupField(table, path));
      if (isSeq(value)) {
        for (const it of value.items) {
          const c = resolve(it);
          if (isMap(c)) visitFields(c, 'container', '', budget, cb);
        }
      }
      continue;
    }
    if (
      (table === 'deploymentSpec' || table === 'daemonSetSpec' || table === 'jobSpec') &&
      !prefix &&
      k === 'template'
    ) {
      cb(p, table, path, lookupField(table, path));
      const spec = isMap(value) ? resolve(pair(value, 'spec')?.value) : undefined;
      if (isMap(spec)) visitFields(spec, 'podSpec', '', budget, cb);
      continue;
    }
    const l = lookupField(table, path);
    if (!cb(p, table, path, l)) continue;
    if (isMap(value)) visitFields(value, table, path, budget, cb);
    else if (isSeq(value)) {
      for (const it of value.items) {
        const m = resolve(it);
        if (isMap(m)) visitFields(m, table, path, budget, cb);
      }
    }
  }
}

type ImageIndex = { has(ref: string): boolean };

/** Normalises an image reference the way Podman names local images (docker.io/library/x:latest). */
export function normalizeImage(ref: string): string {
  let r = ref.trim();
  const slash = r.indexOf('/');
  const first = slash < 0 ? '' : r.slice(0, slash);
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasDomain) r = `docker.io/${slash < 0 ? 'library/' : ''}${r}`;
  const last = r.slice(r.lastIndexOf('/') + 1);
  if (!last.includes(':') && !r.includes('@')) r += ':latest';
  return r;
}

function imageIndex(images: string[]): ImageIndex | undefined {
  if (!images.length) return undefined; // no connection, or no live data: say nothing
  const full = new Set(images.map(normalizeImage));
  const short = new Set(images.map((i) => normalizeImage(i).replace(/^[^/]+\//, '')));
  return {
    has(ref: string) {
      const n = normalizeImage(ref);
      if (full.has(n)) return true;
      // A short name (no registry) may resolve to any registry's image, localhost included.
      const slash = ref.indexOf('/');
      const domainGiven = slash >= 0 && /[.:]|^localhost$/.test(ref.slice(0, slash));
      if (domainGiven) return false;
      const path = n.replace(/^docker\.io\//, '');
      return short.has(path) || short.has(path.replace(/^library\//, ''));
    },
  };
}
