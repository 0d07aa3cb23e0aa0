// Kubernetes YAML against Podman: play (with replay), down, generate, and which documents run
// now. Everything goes through the libpod REST API. No `vscode` import.
import { compareVersions, type PodmanClient } from './client';
import { PodmanError } from './errors';
import { expectedPodNames, type KubeDoc, kindPlays, parseKube, podBelongsTo } from '../languages/kube/parse';
import { PLAYED_KINDS } from '../languages/kube/support';

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

function emptyReport(version: string): PlayReport {
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

async function versionOf(client: PodmanClient, given?: string, signal?: AbortSignal): Promise<string> {
  if (given) return given;
  return (await client.info(signal)).version;
}

const YAML_HEADERS = { 'Content-Type': 'application/yaml' };

/** The documents of a file that Podman plays (by the connected version). */
function playedDocs(docs: KubeDoc[], version: string): KubeDoc[] {
  return docs.filter((d) => !d.empty && d.kind && kindPlays(d.kind, version, PLAYED_KINDS));
}

/** Plays a Kubernetes YAML file. Never leaves half-created pods behind without saying so. */
export async function playKube(client: PodmanClient, yaml: string, opts: PlayOptions = {}): Promise<PlayReport> {
  const version = await versionOf(client, opts.podmanVersion, opts.signal);
  const report = emptyReport(version);
  const file = parseKube(yaml);
  report.documents = file.docs.filter((d) => !d.empty).map((d) => ({ index: d.index, kind: d.kind, name: d.name }));
  const syntax = file.docs.find((d) => d.errors.length);
  if (syntax) {
    report.error = `YAML error in document ${syntax.index + 1}: ${syntax.errors[0].message}`;
    report.errorDoc = syntax.index;
    return report;
  }
  const played = playedDocs(file.docs, version);
  report.skippedDocs = file.docs.filter((d) => !d.empty && !played.includes(d)).map((d) => d.index);
  const podNames = played.flatMap((d) => expectedPodNames(d, version));

  // Replay: take down first (Podman 4.3's API has no replace; doing it here works everywhere).
  if (opts.replace) {
    const before = await client.listPods();
    if (before.some((p) => podNames.includes(p.name))) {
      const down = await downKube(client, yaml, { signal: opts.signal, podmanVersion: version });
      report.replaced = down.removedPods;
    }
  }

  const podsBefore = await client.listPods();
  const existingPodNames = new Set(podsBefore.map((p) => p.name));
  report.clash = podNames.filter((n) => existingPodNames.has(n));
  if (report.clash.length) {
    const states = report.clash.map((n) => `${n} (${podsBefore.find((p) => p.name === n)?.status ?? 'exists'})`);
    report.error = `A pod with the name of this file's pods exists already: ${states.join(', ')}. Nothing was played. Replay replaces them.`;
    report.errorDoc = played.find((d) => report.clash.some((n) => podBelongsTo(d, n)))?.index;
    return report;
  }

  // Claims whose volume exists already: Podman 4.3 refuses to play them ("volume already
  // exists"); the volume is what the claim stands for, so leave the document out and keep it.
  const volumesBefore = new Set((await client.listVolumes()).map((v) => v.name));
  const claimDocs = played.filter((d) => d.kind === 'PersistentVolumeClaim' && d.name && volumesBefore.has(d.name));
  report.keptVolumes = claimDocs.map((d) => d.name!);
  let body = yaml;
  if (claimDocs.length) {
    body = file.docs
      .filter((d) => !d.empty && !claimDocs.includes(d))
      .map((d) => yaml.slice(d.docRange[0], d.docRange[2]).replace(/^---[^\n]*\n/, ''))
      .join('\n---\n');
  }
  for (const cm of opts.configmaps ?? []) body += `\n---\n${cm}`;

  const query: Record<string, unknown> = {};
  for (const p of PLAY_PARAMS) {
    const v = opts[p.key];
    if (
      v === undefined ||
      (Array.isArray(v) && v.length === 0) ||
      (p.key === 'annotations' && Object.keys(v as object).length === 0)
    ) {
      continue;
    }
    if (compareVersions(version, p.since) < 0) {
      report.skippedOptions.push(`${p.key} (needs Podman ${p.since})`);
      continue;
    }
    query[p.param] = v;
  }

  let raw: unknown;
  try {
    raw = await client.libpod('POST', '/play/kube', {
      query,
      file: Buffer.from(body, 'utf8'),
      headers: YAML_HEADERS,
      signal: opts.signal,
      timeoutMs: 0,
    });
  } catch (e) {
    const err = e instanceof PodmanError ? e : new PodmanError('server', String(e));
    if (err.kind === 'cancelled') throw err;
    report.error = err.message.replace(/^playing YAML file: /, '');
    report.errorDoc = traceError(report.error, played, version, yaml);
    await cleanUpAfterFailure(client, played, version, existingPodNames, volumesBefore, report);
    return report;
  }
  await readPlayResponse(client, raw, played, version, report);
  report.ok = report.pods.every((p) => p.errors.length === 0);
  if (!report.ok) report.error = 'Some containers failed: see the errors per pod.';
  return report;
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
  played: KubeDoc[],
  version: string,
  report: PlayReport,
): Promise<void> {
  const r = (raw && typeof raw === 'object' ? raw : {}) as RawPlay;
  const pods = await client.listPods();
  for (const p of r.Pods ?? []) {
    const id = String(p.ID ?? '');
    const listed = pods.find((x) => x.id === id);
    const name = listed?.name ?? id.slice(0, 12);
    const nameOf = (cid: string) => listed?.containers.find((c) => c.id === cid)?.name ?? cid.slice(0, 12);
    report.pods.push({
      id,
      name,
      docIndex: played.find((d) => podBelongsTo(d, name))?.index,
      containers: [
        ...(p.InitContainers ?? []).map((c) => ({ id: c, name: nameOf(c), init: true })),
        ...(p.Containers ?? []).map((c) => ({ id: c, name: nameOf(c), init: false })),
      ],
      errors: (p.ContainerErrors ?? []).map(String),
      logs: (p.Logs ?? []).map(String),
    });
  }
  report.volumes = (r.Volumes ?? []).map((v) => String(v.Name ?? '')).filter(Boolean);
  report.secrets = (r.Secrets ?? []).map((s) => String(s.CreateReport?.ID ?? '')).filter(Boolean);
  void version;
}

/** The document a play error is about: by pod name, image, or a container without an image. */
function traceError(message: string, played: KubeDoc[], version: string, yaml: string): number | undefined {
  for (const d of played) {
    if (expectedPodNames(d, version).some((n) => message.includes(`"${n}"`) || message.includes(`pod ${n}`))) {
      return d.index;
    }
  }
  for (const d of played) if (d.images.some((i) => message.includes(i.ref))) return d.index;
  for (const d of played) if (d.kind && d.name && message.includes(d.name)) return d.index;
  if (/repository name must have at least one component/.test(message)) {
    const noImage = played.find(
      (d) =>
        d.kind &&
        d.kind !== 'PersistentVolumeClaim' &&
        d.kind !== 'ConfigMap' &&
        d.kind !== 'Secret' &&
        /containers/.test(yaml.slice(d.docRange[0], d.docRange[2])) &&
        !/\bimage\s*:/.test(yaml.slice(d.docRange[0], d.docRange[2])),
    );
    return noImage?.index;
  }
  return undefined;
}

/** After a failed play: remove the pods of this file that the play created, and new volumes. */
async function cleanUpAfterFailure(
  client: PodmanClient,
  played: KubeDoc[],
  version: string,
  podsBefore: Set<string>,
  volumesBefore: Set<string>,
  report: PlayReport,
): Promise<void> {
  const pods = await client.listPods().catch(() => []);
  for (const p of pods) {
    if (podsBefore.has(p.name) || !played.some((d) => podBelongsTo(d, p.name))) continue;
    try {
      await client.removePod(p.name, { force: true });
      report.cleanedUp.push(`pod ${p.name}`);
    } catch (e) {
      report.leftBehind.push(`pod ${p.name} (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const claims = played.flatMap((d) => d.claims);
  if (claims.length) {
    const vols = await client.listVolumes().catch(() => []);
    for (const v of vols) {
      if (volumesBefore.has(v.name) || !claims.includes(v.name)) continue;
      try {
        await client.removeVolume(v.name);
        report.cleanedUp.push(`volume ${v.name}`);
      } catch (e) {
        report.leftBehind.push(`volume ${v.name} (${e instanceof Error ? e.message : String(e)})`);
      }
    }
  }
  void version;
}

export interface DownReport {
  stoppedPods: string[];
  removedPods: string[];
  removedVolumes: string[];
  /** Volumes of the file's claims that were kept (removeVolumes off) or could not be removed. */
  keptVolumes: string[];
  errors: string[];
}

/** Takes down what playing this file made. Podman keeps the claims' volumes unless asked. */
export async function downKube(
  client: PodmanClient,
  yaml: string,
  o: { removeVolumes?: boolean; signal?: AbortSignal; podmanVersion?: string } = {},
): Promise<DownReport> {
  const report: DownReport = { stoppedPods: [], removedPods: [], removedVolumes: [], keptVolumes: [], errors: [] };
  const file = parseKube(yaml);
  const raw = (await client.libpod('DELETE', '/play/kube', {
    file: Buffer.from(yaml, 'utf8'),
    headers: YAML_HEADERS,
    signal: o.signal,
    timeoutMs: 0,
  })) as {
    StopReport?: { Id?: string; Errs?: unknown[] | null }[] | null;
    RmReport?: { Id?: string; Err?: unknown }[] | null;
  } | null;
  for (const s of raw?.StopReport ?? []) {
    report.stoppedPods.push(String(s.Id ?? ''));
    for (const e of s.Errs ?? []) report.errors.push(`stopping ${String(s.Id).slice(0, 12)}: ${errText(e)}`);
  }
  for (const s of raw?.RmReport ?? []) {
    if (s.Err) report.errors.push(`removing ${String(s.Id).slice(0, 12)}: ${errText(s.Err)}`);
    else report.removedPods.push(String(s.Id ?? ''));
  }
  const claims = file.docs.flatMap((d) => d.claims);
  if (claims.length) {
    const existing = new Set((await client.listVolumes()).map((v) => v.name));
    for (const c of claims.filter((x) => existing.has(x))) {
      if (!o.removeVolumes) {
        report.keptVolumes.push(c);
        continue;
      }
      try {
        await client.removeVolume(c);
        report.removedVolumes.push(c);
      } catch (e) {
        report.keptVolumes.push(c);
        report.errors.push(`removing volume ${c}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  return report;
}

function errText(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object') return JSON.stringify(e);
  return String(e);
}

/**
 * Whether two outputs of generate kube say the same thing: they differ at least in the
 * creationTimestamp Podman stamps on each object (and the version in the header comment).
 */
export function sameGeneratedKube(a: string, b: string): boolean {
  const strip = (t: string): string =>
    t
      .replace(/\r\n/g, '\n')
      .split('\n')
      .filter((l) => !/^\s*creationTimestamp:/.test(l) && !/^# Created with podman/.test(l))
      .join('\n')
      .trimEnd();
  return strip(a) === strip(b);
}

/** Kubernetes YAML for pods, containers or volumes (GET /libpod/generate/kube). */
export async function generateKube(
  client: PodmanClient,
  names: string[],
  o: { service?: boolean; signal?: AbortSignal } = {},
): Promise<string> {
  if (!names.length) throw new PodmanError('unsupported', 'Nothing to generate Kubernetes YAML from: no names given.');
  const raw = await client.libpod('GET', '/generate/kube', {
    query: { names, service: o.service ?? false },
    signal: o.signal,
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

/** Which documents' pods exist and run now (one pod listing). */
export async function runningDocuments(
  client: PodmanClient,
  docs: KubeDoc[] | string,
  signal?: AbortSignal,
): Promise<DocumentState[]> {
  const list = typeof docs === 'string' ? parseKube(docs).docs : docs;
  void signal;
  const pods = await client.listPods();
  return list.map((d) => {
    const mine = pods.filter((p) => podBelongsTo(d, p.name)).map((p) => ({ name: p.name, status: p.status }));
    return {
      docIndex: d.index,
      pods: mine,
      running: mine.some((p) => /^running$/i.test(p.status) || /^degraded$/i.test(p.status)),
      makesPods: expectedPodNames(d).length > 0,
    };
  });
}

/** The play report as plain lines, for an output channel or a task terminal. */
export function formatPlayReport(r: PlayReport): string[] {
  const docName = (i: number) => {
    const d = r.documents.find((x) => x.index === i);
    return d?.kind ? `document ${i + 1} (${d.kind}/${d.name ?? '?'})` : `document ${i + 1}`;
  };
  const docLabel = (i: number | undefined) => (i === undefined ? '' : ` [${docName(i)}]`);
  const out: string[] = [];
  out.push(r.ok ? `Played with Podman ${r.podmanVersion}.` : `Play failed (Podman ${r.podmanVersion}).`);
  if (r.replaced.length) out.push(`Replaced: took down ${r.replaced.length} pod(s) of a previous play.`);
  for (const p of r.pods) {
    out.push(`Pod ${p.name} (${p.id.slice(0, 12)})${docLabel(p.docIndex)}`);
    for (const c of p.containers) {
      out.push(`  ${c.init ? 'init container' : 'container'} ${c.name} (${c.id.slice(0, 12)})`);
    }
    for (const e of p.errors) out.push(`  error: ${e}`);
  }
  if (r.volumes.length) out.push(`Volumes created: ${r.volumes.join(', ')}`);
  if (r.keptVolumes.length) out.push(`Volumes kept as they were (they exist already): ${r.keptVolumes.join(', ')}`);
  if (r.secrets.length) out.push(`Secrets created: ${r.secrets.length}`);
  if (r.skippedDocs.length) out.push(`Skipped by Podman: ${r.skippedDocs.map(docName).join(', ')}`);
  if (r.skippedOptions.length) out.push(`Options not sent (unknown to this Podman): ${r.skippedOptions.join(', ')}`);
  if (r.error) out.push(`Error${docLabel(r.errorDoc)}: ${r.error}`);
  if (r.cleanedUp.length) out.push(`Removed what the failed play had half-created: ${r.cleanedUp.join(', ')}`);
  if (r.leftBehind.length) out.push(`Could not remove (left behind): ${r.leftBehind.join(', ')}`);
  return out;
}
