// Checks a Kubernetes YAML file the way Podman's kube play will read it, before anything is
// sent: syntax, shapes Podman refuses, kinds it skips, fields it ignores, images not here.
// No `vscode` import.
import { type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { expectedPodNames, kindPlays, PLAYED_KINDS, podPerReplica, WORKLOAD_KINDS } from '../../podman/kubePolicy';
import { binaryFileDiagnostic, looksBinary } from '../binary';
import type { LiveData } from '../types';
import { KubeCode, Sink } from './codes';
import { visitFields } from './fields';
import { type ImageIndex, imageIndex } from './images';
import {
  get,
  isKMap as isMap,
  isKScalar as isScalar,
  isKSeq as isSeq,
  type KNode,
  pair,
  pairAt,
  resolve,
} from './nodes';
import { type KubeDoc, type KubeFile, MAX_KUBE_TEXT, MAX_NODES_PER_DOC, parseKube } from './parse';
import { checkShape, KIND_SHAPES } from './shapes';
import { supportSentence, type Table, tableForKind } from './support';

export { KubeCode } from './codes';

/** What the checks of one file share: where they report, the Podman version, the local images. */
interface Check {
  file: KubeFile;
  sink: Sink;
  version: string | undefined;
  localImages: ImageIndex | undefined;
}

/** All diagnostics of a Kubernetes YAML text. An empty list for YAML that holds no Kubernetes object. */
export function validateKube(text: string, live: LiveData, parsed?: KubeFile): Diagnostic[] {
  if (looksBinary(text)) return [binaryFileDiagnostic('Kubernetes YAML', KubeCode.binaryFile)];
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
  const check: Check = {
    file: parsed ?? parseKube(text),
    sink,
    version: live.podmanVersion,
    localImages: imageIndex(live.images),
  };
  const podOwners = new Map<string, KubeDoc>();
  const seen = { content: false, plays: false, syntax: false };
  for (const doc of check.file.docs) {
    const verdict = classify(check, doc);
    if (verdict === 'syntax') seen.syntax = true;
    if (verdict !== 'syntax' && verdict !== 'empty') seen.content = true;
    if (verdict !== 'plays') continue;
    seen.plays = true;
    checkDoc(check, doc);
    checkPodNames(check, doc, podOwners);
  }
  if (seen.content && !seen.plays && !seen.syntax) reportNothingRuns(check);
  return sink.out;
}

/**
 * What a document is to Podman: a syntax error, empty, not an object, no kind, a kind Podman
 * skips (here or before the version that plays it), or a document it plays. Reports all but the last.
 */
function classify(check: Check, doc: KubeDoc): 'syntax' | 'empty' | 'refused' | 'plays' {
  const { file, sink, version } = check;
  for (const e of doc.errors) sink.add(e.range, DiagnosticSeverity.Error, KubeCode.syntax, `YAML error: ${e.message}`);
  if (doc.errors.length) return 'syntax';
  if (doc.empty) return 'empty';
  const head = doc.kindRange ?? lineRange(file, doc.start.line);
  const refuse = (severity: DiagnosticSeverity, code: string, message: string) => {
    sink.add(head, severity, code, message);
    return 'refused' as const;
  };
  if (!doc.root) {
    return refuse(
      DiagnosticSeverity.Error,
      KubeCode.notObject,
      'This document is not a mapping of keys: Podman cannot read it as a Kubernetes object.',
    );
  }
  if (!doc.kind) {
    return refuse(
      DiagnosticSeverity.Error,
      KubeCode.noKind,
      'This document has no `kind`: Podman cannot tell what to make of it.',
    );
  }
  if (!PLAYED_KINDS[doc.kind]) {
    return refuse(
      DiagnosticSeverity.Warning,
      KubeCode.kindSkipped,
      `Podman skips ${doc.kind} documents: nothing of this document will run. It plays ${playedList(version)}.`,
    );
  }
  if (!kindPlays(doc.kind, version)) {
    return refuse(
      DiagnosticSeverity.Warning,
      KubeCode.kindNeedsNewer,
      `Podman ${version} skips ${doc.kind} documents (Podman plays them from ${PLAYED_KINDS[doc.kind].since} on): nothing of this document will run.`,
    );
  }
  return 'plays';
}

/** Two documents making a pod of the same name: Podman stops at the second. */
function checkPodNames(check: Check, doc: KubeDoc, podOwners: Map<string, KubeDoc>): void {
  for (const podName of expectedPodNames(doc, check.version)) {
    const first = podOwners.get(podName);
    if (!first) {
      podOwners.set(podName, doc);
      continue;
    }
    check.sink.add(
      doc.nameRange ?? doc.kindRange ?? lineRange(check.file, doc.start.line),
      DiagnosticSeverity.Error,
      KubeCode.duplicatePod,
      `Pod ${podName} is already made by document ${first.index + 1} (${first.kind} ${first.name}): Podman stops at the second one.`,
    );
  }
}

function reportNothingRuns(check: Check): void {
  const { file, version } = check;
  const first = file.docs.find((doc) => !doc.empty);
  check.sink.add(
    first ? (first.kindRange ?? lineRange(file, first.start.line)) : lineRange(file, 0),
    DiagnosticSeverity.Error,
    KubeCode.nothingRuns,
    `Nothing in this file can run: Podman${version ? ` ${version}` : ''} plays none of its documents.`,
  );
}

function playedList(version: string | undefined): string {
  return Object.keys(PLAYED_KINDS)
    .filter((kind) => kindPlays(kind, version))
    .join(', ');
}

function lineRange(file: KubeFile, line: number): Range {
  const starts = file.lines.lineStarts;
  const start = starts[line] ?? 0;
  let end = starts[line + 1] ?? file.text.length;
  while (end > start && (file.text[end - 1] === '\n' || file.text[end - 1] === '\r')) end--;
  return { start: { line, character: 0 }, end: { line, character: end - start } };
}

/** The checks of a document Podman plays. */
function checkDoc(check: Check, doc: KubeDoc): void {
  const budget = { left: MAX_NODES_PER_DOC };
  // metadata.name: Podman refuses pods, workloads and claims without one.
  if (!doc.name) {
    const meta = pair(doc.root!, 'metadata');
    check.sink.add(
      meta ? check.file.range(meta.key?.range) : (doc.kindRange ?? lineRange(check.file, doc.start.line)),
      DiagnosticSeverity.Error,
      KubeCode.missingName,
      `This ${doc.kind} has no metadata.name: Podman refuses it.`,
    );
  }
  checkShape({ file: check.file, sink: check.sink, budget }, doc.root, KIND_SHAPES[doc.kind!], '');
  checkContainers(check, doc);
  checkIgnoredFields(check, doc, budget);
  checkReplicas(check, doc);
  checkLocalImages(check, doc);
}

/** Containers: at least one, each with an image. */
function checkContainers(check: Check, doc: KubeDoc): void {
  const { file, sink } = check;
  const specPath = WORKLOAD_KINDS[doc.kind!];
  const spec = specPath ? resolve(get(doc.root, specPath)) : undefined;
  if (!isMap(spec)) return;
  const containers = pair(spec, 'containers');
  const seq = resolve(containers?.value);
  if (!containers || (isSeq(seq) && seq.items.length === 0)) {
    sink.add(
      containers ? file.range(containers.key?.range) : (doc.kindRange ?? lineRange(file, doc.start.line)),
      DiagnosticSeverity.Error,
      KubeCode.noContainers,
      `This ${doc.kind} has no containers: Podman needs at least one.`,
    );
  }
  for (const list of ['containers', 'initContainers']) {
    const items = resolve(pair(spec, list)?.value);
    if (!isSeq(items)) continue;
    for (const item of items.items) {
      const container = resolve(item);
      if (!isMap(container) || pair(container, 'image')) continue;
      const name = pair(container, 'name');
      sink.add(
        name ? file.range((name.value as KNode | null)?.range ?? name.key?.range) : file.head(container.range),
        DiagnosticSeverity.Error,
        KubeCode.missingImage,
        `Container ${name && isScalar(name.value) ? String(name.value.value) : ''} has no image: Podman refuses it.`.replace(
          '  ',
          ' ',
        ),
      );
    }
  }
}

/** Fields Podman ignores (or that only mean something on a cluster). */
function checkIgnoredFields(check: Check, doc: KubeDoc, budget: { left: number }): void {
  const tableAt = tableForKind(doc.kind!);
  if (!tableAt) return;
  const top = tableAt.at.length ? resolve(get(doc.root, tableAt.at)) : doc.root;
  if (!isMap(top)) return;
  visitFields(top, tableAt.table, '', budget, (entry, table, path, lookup) => {
    const support = lookup.kind === 'row' ? lookup.row.s : lookup.kind === 'group' ? lookup.all : undefined;
    if (support !== 'no' && support !== 'na') return lookup.kind === 'group';
    const note = lookup.kind === 'row' && lookup.row.note ? ` ${lookup.row.note}` : '';
    check.sink.add(
      check.file.range(entry.key?.range),
      DiagnosticSeverity.Warning,
      support === 'na' ? KubeCode.fieldClusterOnly : KubeCode.fieldIgnored,
      `${label(table, path)}: ${supportSentence(support)}${note}`,
    );
    return false;
  });
}

/** Replicas: Podman runs one pod (Podman 5), or one pod per replica (Podman 4). */
function checkReplicas(check: Check, doc: KubeDoc): void {
  if (doc.kind !== 'Deployment' || doc.replicas === undefined || doc.replicas <= 1) return;
  const replicas = pairAt(doc.root, ['spec', 'replicas']);
  check.sink.add(
    check.file.range((replicas?.value as KNode | null)?.range ?? replicas?.key?.range),
    DiagnosticSeverity.Warning,
    KubeCode.replicas,
    podPerReplica(check.version)
      ? `Podman ${check.version} makes ${doc.replicas} separate pods (${doc.name}-pod-0 to ${doc.name}-pod-${doc.replicas - 1}), not replicas behind one service; Podman 5 makes one.`
      : `Podman runs one pod, not ${doc.replicas}: it sets replicas to 1.`,
  );
}

/** Images not in the local store (the connection's live data). */
function checkLocalImages(check: Check, doc: KubeDoc): void {
  if (!check.localImages) return;
  for (const image of doc.images) {
    if (check.localImages.has(image.ref)) continue;
    check.sink.add(
      image.range,
      DiagnosticSeverity.Information,
      KubeCode.imageNotLocal,
      `Image ${image.ref} is not in the local store: Podman will try to pull it when the file is played.`,
    );
  }
}

function label(table: Table, path: string): string {
  return table === 'container' ? `containers[].${path}` : path;
}
