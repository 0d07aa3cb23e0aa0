// Kubernetes YAML against Podman: play (with replay), down, generate, and which documents run
// now. Everything goes through the libpod REST API. No `vscode` import.
import type { PodmanClient } from './client';
import { PodmanError } from './errors';
import { type PlayDocument, readKubeDocuments } from './kubeDocuments';
import { expectedPodNames, kindPlays, type KubeObjectRef, podBelongsTo } from './kubePolicy';
import { type DownReport, emptyReport, type PlayReport } from './kubeReport';
import { atLeast } from './version';

export { type DownReport, formatPlayReport, type PlayedContainer, type PlayedPod, type PlayReport } from './kubeReport';

export interface PlayOptions {
  /** Replay: take down what a previous play of this file made, then play (volumes are kept). */
  replace?: boolean;
  /** Start the pods (default true); false only creates them. */
  start?: boolean;
  /** Build images from a folder next to the file (Podman 5 and later; not for remote clients). */
  build?: boolean;
  networks?: string[];
  /** Texts of extra ConfigMap YAML files, sent along as more documents. */
  configmaps?: string[];
  logDriver?: string;
  logOptions?: string[];
  userns?: string;
  /** Port definitions that add to or override the file's: [[ip:][hostPort]:]containerPort[/protocol]. */
  publish?: string[];
  publishAll?: boolean;
  annotations?: Record<string, string>;
  noHosts?: boolean;
  signal?: AbortSignal;
  /** The connected Podman version; asked from the service when absent. */
  podmanVersion?: string;
}

/** Which query parameters of POST /libpod/play/kube each Podman version understands. */
const PLAY_PARAMS: { key: keyof PlayOptions; param: string; since: string }[] = [
  { key: 'start', param: 'start', since: '4.0.0' },
  { key: 'networks', param: 'network', since: '4.0.0' },
  { key: 'logDriver', param: 'logDriver', since: '4.0.0' },
  { key: 'logOptions', param: 'logOptions', since: '4.0.0' },
  { key: 'annotations', param: 'annotations', since: '4.0.0' },
  { key: 'noHosts', param: 'noHosts', since: '4.0.0' },
  { key: 'publish', param: 'publishPorts', since: '4.2.0' },
  { key: 'userns', param: 'userns', since: '4.4.0' },
  { key: 'publishAll', param: 'publishAllPorts', since: '4.4.0' },
  { key: 'build', param: 'build', since: '5.0.0' },
];

async function versionOf(client: PodmanClient, given?: string, signal?: AbortSignal): Promise<string> {
  if (given) return given;
  return (await client.info(signal)).version;
}

const YAML_HEADERS = { 'Content-Type': 'application/yaml' };

/** The documents of a file that Podman plays (by the connected version). */
function playedDocs(docs: PlayDocument[], version: string): PlayDocument[] {
  return docs.filter((doc) => !doc.empty && doc.kind && kindPlays(doc.kind, version));
}

/** Plays a Kubernetes YAML file. Never leaves half-created pods behind without saying so. */
export async function playKube(client: PodmanClient, yaml: string, options: PlayOptions = {}): Promise<PlayReport> {
  const version = await versionOf(client, options.podmanVersion, options.signal);
  const report = emptyReport(version);
  const docs = readKubeDocuments(yaml);
  report.documents = docs
    .filter((doc) => !doc.empty)
    .map((doc) => ({ index: doc.index, kind: doc.kind, name: doc.name }));
  const syntax = docs.find((doc) => doc.errors.length);
  if (syntax) {
    report.error = `YAML error in document ${syntax.index + 1}: ${syntax.errors[0]}`;
    report.errorDoc = syntax.index;
    return report;
  }
  const played = playedDocs(docs, version);
  report.skippedDocs = docs.filter((doc) => !doc.empty && !played.includes(doc)).map((doc) => doc.index);
  const podNames = played.flatMap((doc) => expectedPodNames(doc, version));
  // Replay: take down first (Podman 4.3's API has no replace; doing it here works everywhere).
  if (options.replace) await takeDownPrevious(client, yaml, podNames, version, options.signal, report);
  const podsBefore = await client.listPods();
  if (refuseClash(podsBefore, podNames, played, report)) return report;
  const volumesBefore = new Set((await client.listVolumes()).map((volume) => volume.name));
  const body = playBody(yaml, docs, played, volumesBefore, options.configmaps ?? [], report);
  let raw: unknown;
  try {
    raw = await client.libpod('POST', '/play/kube', {
      query: playQuery(options, version, report),
      file: Buffer.from(body, 'utf8'),
      headers: YAML_HEADERS,
      signal: options.signal,
      timeoutMs: 0,
    });
  } catch (e) {
    const err = e instanceof PodmanError ? e : new PodmanError('server', String(e));
    if (err.kind === 'cancelled') throw err;
    report.error = err.message.replace(/^playing YAML file: /, '');
    report.errorDoc = traceError(report.error, played, version, yaml);
    const podsKept = new Set(podsBefore.map((pod) => pod.name));
    await cleanUpAfterFailure(client, played, podsKept, volumesBefore, report);
    return report;
  }
  await readPlayResponse(client, raw, played, report);
  report.ok = report.pods.every((pod) => pod.errors.length === 0);
  if (!report.ok) report.error = 'Some containers failed: see the errors per pod.';
  return report;
}

/** Replay's first step: take down the pods a previous play of this file made, if any exist. */
async function takeDownPrevious(
  client: PodmanClient,
  yaml: string,
  podNames: string[],
  version: string,
  signal: AbortSignal | undefined,
  report: PlayReport,
): Promise<void> {
  const before = await client.listPods();
  if (!before.some((pod) => podNames.includes(pod.name))) return;
  const down = await downKube(client, yaml, { signal, podmanVersion: version });
  report.replaced = down.removedPods;
}

/** True (and the report says why) when a pod of this file's names exists already: nothing is played. */
function refuseClash(
  podsBefore: { name: string; status: string }[],
  podNames: string[],
  played: PlayDocument[],
  report: PlayReport,
): boolean {
  const existing = new Set(podsBefore.map((pod) => pod.name));
  report.clash = podNames.filter((name) => existing.has(name));
  if (!report.clash.length) return false;
  const states = report.clash.map(
    (name) => `${name} (${podsBefore.find((pod) => pod.name === name)?.status ?? 'exists'})`,
  );
  report.error = `A pod with the name of this file's pods exists already: ${states.join(', ')}. Nothing was played. Replay replaces them.`;
  report.errorDoc = played.find((doc) => report.clash.some((name) => podBelongsTo(doc, name)))?.index;
  return true;
}

/**
 * The YAML sent to Podman. Claims whose volume exists already: Podman 4.3 refuses to play them
 * ("volume already exists"); the volume is what the claim stands for, so leave the document out
 * and keep it. Extra ConfigMap files go along as more documents.
 */
function playBody(
  yaml: string,
  docs: PlayDocument[],
  played: PlayDocument[],
  volumesBefore: Set<string>,
  configmaps: string[],
  report: PlayReport,
): string {
  const claimDocs = played.filter(
    (doc) => doc.kind === 'PersistentVolumeClaim' && doc.name && volumesBefore.has(doc.name),
  );
  report.keptVolumes = claimDocs.map((doc) => doc.name!);
  let body = yaml;
  if (claimDocs.length) {
    body = docs
      .filter((doc) => !doc.empty && !claimDocs.includes(doc))
      .map((doc) => yaml.slice(doc.docRange[0], doc.docRange[2]).replace(/^---[^\n]*\n/, ''))
      .join('\n---\n');
  }
  for (const configmap of configmaps) body += `\n---\n${configmap}`;
  return body;
}

/** The query of POST /play/kube: the options given that this Podman knows (the others are reported). */
function playQuery(options: PlayOptions, version: string, report: PlayReport): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const param of PLAY_PARAMS) {
    const value = options[param.key];
    if (
      value === undefined ||
      (Array.isArray(value) && value.length === 0) ||
      (param.key === 'annotations' && Object.keys(value as object).length === 0)
    ) {
      continue;
    }
    if (!atLeast(version, param.since)) {
      report.skippedOptions.push(`${param.key} (needs Podman ${param.since})`);
      continue;
    }
    query[param.param] = value;
  }
  return query;
}

interface RawPlay {
  Pods?:
    | {
        ID?: string;
        Containers?: string[] | null;
        InitContainers?: string[] | null;
        Logs?: string[] | null;
        ContainerErrors?: string[] | null;
      }[]
    | null;
  Volumes?: { Name?: string }[] | null;
  Secrets?: { CreateReport?: { ID?: string } }[] | null;
}

async function readPlayResponse(
  client: PodmanClient,
  raw: unknown,
  played: PlayDocument[],
  report: PlayReport,
): Promise<void> {
  const response = (raw && typeof raw === 'object' ? raw : {}) as RawPlay;
  const pods = await client.listPods();
  for (const rawPod of response.Pods ?? []) {
    const id = String(rawPod.ID ?? '');
    const listed = pods.find((pod) => pod.id === id);
    const name = listed?.name ?? id.slice(0, 12);
    const nameOf = (cid: string) => listed?.containers.find((c) => c.id === cid)?.name ?? cid.slice(0, 12);
    report.pods.push({
      id,
      name,
      docIndex: played.find((doc) => podBelongsTo(doc, name))?.index,
      containers: [
        ...(rawPod.InitContainers ?? []).map((cid) => ({ id: cid, name: nameOf(cid), init: true })),
        ...(rawPod.Containers ?? []).map((cid) => ({ id: cid, name: nameOf(cid), init: false })),
      ],
      errors: (rawPod.ContainerErrors ?? []).map(String),
      logs: (rawPod.Logs ?? []).map(String),
    });
  }
  report.volumes = (response.Volumes ?? []).map((volume) => String(volume.Name ?? '')).filter(Boolean);
  report.secrets = (response.Secrets ?? []).map((secret) => String(secret.CreateReport?.ID ?? '')).filter(Boolean);
}

/** The document a play error is about: by pod name, image, or a container without an image. */
function traceError(message: string, played: PlayDocument[], version: string, yaml: string): number | undefined {
  const names = (name: string) => message.includes(`"${name}"`) || message.includes(`pod ${name}`);
  const byPod = played.find((doc) => expectedPodNames(doc, version).some(names));
  if (byPod) return byPod.index;
  const byImage = played.find((doc) => doc.images.some((image) => message.includes(image)));
  if (byImage) return byImage.index;
  const byName = played.find((doc) => doc.kind && doc.name && message.includes(doc.name));
  if (byName) return byName.index;
  if (!/repository name must have at least one component/.test(message)) return undefined;
  const noImage = played.find((doc) => {
    const text = yaml.slice(doc.docRange[0], doc.docRange[2]);
    return (
      doc.kind &&
      doc.kind !== 'PersistentVolumeClaim' &&
      doc.kind !== 'ConfigMap' &&
      doc.kind !== 'Secret' &&
      /containers/.test(text) &&
      !/\bimage\s*:/.test(text)
    );
  });
  return noImage?.index;
}

/** After a failed play: remove the pods of this file that the play created, and new volumes. */
async function cleanUpAfterFailure(
  client: PodmanClient,
  played: PlayDocument[],
  podsBefore: Set<string>,
  volumesBefore: Set<string>,
  report: PlayReport,
): Promise<void> {
  const pods = await client.listPods().catch(() => []);
  for (const pod of pods) {
    if (podsBefore.has(pod.name) || !played.some((doc) => podBelongsTo(doc, pod.name))) continue;
    try {
      await client.removePod(pod.name, { force: true });
      report.cleanedUp.push(`pod ${pod.name}`);
    } catch (e) {
      report.leftBehind.push(`pod ${pod.name} (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const claims = played.flatMap((doc) => doc.claims);
  if (!claims.length) return;
  const volumes = await client.listVolumes().catch(() => []);
  for (const volume of volumes) {
    if (volumesBefore.has(volume.name) || !claims.includes(volume.name)) continue;
    try {
      await client.removeVolume(volume.name);
      report.cleanedUp.push(`volume ${volume.name}`);
    } catch (e) {
      report.leftBehind.push(`volume ${volume.name} (${e instanceof Error ? e.message : String(e)})`);
    }
  }
}

/** Takes down what playing this file made. Podman keeps the claims' volumes unless asked. */
export async function downKube(
  client: PodmanClient,
  yaml: string,
  options: { removeVolumes?: boolean; signal?: AbortSignal; podmanVersion?: string } = {},
): Promise<DownReport> {
  const report: DownReport = { stoppedPods: [], removedPods: [], removedVolumes: [], keptVolumes: [], errors: [] };
  const raw = (await client.libpod('DELETE', '/play/kube', {
    file: Buffer.from(yaml, 'utf8'),
    headers: YAML_HEADERS,
    signal: options.signal,
    timeoutMs: 0,
  })) as {
    StopReport?: { Id?: string; Errs?: unknown[] | null }[] | null;
    RmReport?: { Id?: string; Err?: unknown }[] | null;
  } | null;
  for (const stop of raw?.StopReport ?? []) {
    report.stoppedPods.push(String(stop.Id ?? ''));
    for (const error of stop.Errs ?? []) {
      report.errors.push(`stopping ${String(stop.Id).slice(0, 12)}: ${errText(error)}`);
    }
  }
  for (const removal of raw?.RmReport ?? []) {
    if (removal.Err) report.errors.push(`removing ${String(removal.Id).slice(0, 12)}: ${errText(removal.Err)}`);
    else report.removedPods.push(String(removal.Id ?? ''));
  }
  const claims = readKubeDocuments(yaml).flatMap((doc) => doc.claims);
  if (claims.length) await removeClaimVolumes(client, claims, options.removeVolumes === true, report);
  return report;
}

/** The volumes of a file's claims that exist: removed when asked, otherwise kept (and said so). */
async function removeClaimVolumes(
  client: PodmanClient,
  claims: string[],
  remove: boolean,
  report: DownReport,
): Promise<void> {
  const existing = new Set((await client.listVolumes()).map((volume) => volume.name));
  for (const claim of claims.filter((name) => existing.has(name))) {
    if (!remove) {
      report.keptVolumes.push(claim);
      continue;
    }
    try {
      await client.removeVolume(claim);
      report.removedVolumes.push(claim);
    } catch (e) {
      report.keptVolumes.push(claim);
      report.errors.push(`removing volume ${claim}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

function errText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object') return JSON.stringify(error);
  return String(error);
}

/**
 * Whether two outputs of generate kube say the same thing: they differ at least in the
 * creationTimestamp Podman stamps on each object (and the version in the header comment).
 */
export function sameGeneratedKube(left: string, right: string): boolean {
  const strip = (text: string): string =>
    text
      .replace(/\r\n/g, '\n')
      .split('\n')
      .filter((line) => !/^\s*creationTimestamp:/.test(line) && !/^# Created with podman/.test(line))
      .join('\n')
      .trimEnd();
  return strip(left) === strip(right);
}

/** Kubernetes YAML for pods, containers or volumes (GET /libpod/generate/kube). */
export async function generateKube(
  client: PodmanClient,
  names: string[],
  options: { service?: boolean; signal?: AbortSignal } = {},
): Promise<string> {
  if (!names.length) throw new PodmanError('unsupported', 'Nothing to generate Kubernetes YAML from: no names given.');
  const raw = await client.libpod('GET', '/generate/kube', {
    query: { names, service: options.service ?? false },
    signal: options.signal,
  });
  if (typeof raw === 'string') return raw;
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  throw new PodmanError('server', 'Podman did not answer with YAML text.');
}

export interface DocumentState {
  docIndex: number;
  /** Pods of this document that exist now, with their status (Running, Exited, Degraded...). */
  pods: { name: string; status: string }[];
  /** True when at least one of its pods runs. */
  running: boolean;
  /** False for documents that make no pod (claims, config maps, skipped kinds). */
  makesPods: boolean;
}

/**
 * Which documents' pods exist and run now (one pod listing). The documents are the file's text
 * or its documents as parsed by the caller (the language service's parse gives them).
 */
export async function runningDocuments(
  client: PodmanClient,
  docs: readonly (KubeObjectRef & { index: number })[] | string,
  _signal?: AbortSignal,
): Promise<DocumentState[]> {
  const list = typeof docs === 'string' ? readKubeDocuments(docs) : docs;
  const pods = await client.listPods();
  return list.map((doc) => {
    const mine = pods
      .filter((pod) => podBelongsTo(doc, pod.name))
      .map((pod) => ({ name: pod.name, status: pod.status }));
    return {
      docIndex: doc.index,
      pods: mine,
      running: mine.some((pod) => /^running$/i.test(pod.status) || /^degraded$/i.test(pod.status)),
      makesPods: expectedPodNames(doc).length > 0,
    };
  });
}
