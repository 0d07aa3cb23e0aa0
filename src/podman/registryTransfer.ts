// Image transfers through the Podman socket: pull with per-layer progress (compat
// /images/create), push with progress (libpod /images/{name}/push), tag, and the /auth login
// check, each cancellable with an AbortSignal and sending credentials as X-Registry-Auth. Podman
// does the transfer; this only reads its progress stream. No `vscode` import.
import type { Readable } from 'node:stream';
import type { PodmanClient } from './client';
import { PodmanError } from './errors';
import type { LayerProgress, ProgressOptions } from './progress';
import { type ImageRef, effectiveTag, formatImageRef, parseImageRef } from './imageRef';
import { type RegistryCredentials, registryAuthHeader } from './registryConfig';
import { RegistryError, classifyRegistryError, classifyRegistryMessage } from './registryErrors';

export type PullPolicy = 'always' | 'missing' | 'never' | 'newer';

export interface RegistryTransferOptions extends ProgressOptions<LayerProgress> {
  credentials?: RegistryCredentials;
}

export interface PullOptions extends RegistryTransferOptions {
  /** "os/arch[/variant]" for a multi-platform image. */
  platform?: string;
  /** "missing": nothing is sent when the image is already local; "never": only checks it is local. */
  policy?: PullPolicy;
}

export interface PullResult {
  /** The fully qualified reference pulled. */
  reference: string;
  /** False when the policy found the image local and nothing was pulled. */
  pulled: boolean;
  progress: LayerProgress;
}

interface LayerState {
  current: number;
  total: number;
  done: boolean;
}

const DONE_STATUSES = /^(Download complete|Pull complete|Already exists|Layer already exists|Pushed|Mounted from)/;

/** Turns Podman's progress lines into totals (one tracker per transfer). */
export class ProgressTracker {
  private readonly layers = new Map<string, LayerState>();
  private status = '';

  /** Takes one JSON line; returns the error text of an error line. */
  take(line: Record<string, unknown>): string | undefined {
    if (typeof line.error === 'string') return line.error;
    const detail = (line.errorDetail as { message?: unknown } | undefined)?.message;
    if (typeof detail === 'string') return detail;
    const status =
      typeof line.status === 'string' ? line.status : typeof line.stream === 'string' ? line.stream.trim() : '';
    if (status) this.status = status;
    const blob = /^Copying blob (?:sha256:)?([0-9a-f]{12})/.exec(status)?.[1];
    if (blob) return this.startBlob(blob);
    if (/^Copying config|^Writing manifest/.test(status)) for (const l of this.layers.values()) l.done = true;
    const id = typeof line.id === 'string' ? line.id : undefined;
    if (!id || !status || /^The push refers|^Pulling from|^Digest:|^Status:/.test(status)) return undefined;
    const layer = this.layers.get(id) ?? { current: 0, total: 0, done: false };
    this.layers.set(id, layer);
    const pd = line.progressDetail as { current?: unknown; total?: unknown } | undefined;
    if (typeof pd?.total === 'number' && pd.total > 0) layer.total = pd.total;
    if (typeof pd?.current === 'number') layer.current = pd.current;
    if (DONE_STATUSES.test(status)) {
      layer.done = true;
      if (layer.total) layer.current = layer.total;
    }
    return undefined;
  }

  /** libpod's push names each blob as it starts copying it: the one before is then done. */
  private startBlob(id: string): undefined {
    for (const l of this.layers.values()) l.done = true;
    this.layers.set(id, { current: 0, total: 0, done: false });
    return undefined;
  }

  finish(): void {
    for (const l of this.layers.values()) {
      l.done = true;
      if (l.total) l.current = l.total;
    }
  }

  get progress(): LayerProgress {
    let layersDone = 0;
    let bytesDone = 0;
    let bytesTotal = 0;
    for (const l of this.layers.values()) {
      if (l.done) layersDone++;
      bytesDone += l.current;
      bytesTotal += l.total;
    }
    return { layersTotal: this.layers.size, layersDone, bytesDone, bytesTotal, status: this.status };
  }
}

/** Reads a newline-delimited JSON progress stream to its end; throws the first error line. */
async function readProgress(
  stream: Readable,
  tracker: ProgressTracker,
  registry: string,
  o: RegistryTransferOptions,
): Promise<void> {
  const abort = (): void => void stream.destroy(new PodmanError('cancelled', 'Cancelled.'));
  o.signal?.addEventListener('abort', abort, { once: true });
  let rest = '';
  let failure: string | undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const text of lines) {
        if (!text.trim()) continue;
        let line: Record<string, unknown>;
        try {
          line = JSON.parse(text) as Record<string, unknown>;
        } catch {
          continue;
        }
        failure ??= tracker.take(line);
        o.onProgress?.(tracker.progress);
      }
    }
  } catch (e) {
    if (o.signal?.aborted) throw new PodmanError('cancelled', 'Cancelled.');
    throw classifyRegistryError(registry, e);
  } finally {
    o.signal?.removeEventListener('abort', abort);
  }
  if (o.signal?.aborted) throw new PodmanError('cancelled', 'Cancelled.');
  if (failure !== undefined) throw classifyRegistryMessage(registry, failure);
}

/** A pull or push request whose answer is Podman's progress stream, with the credentials and the signal. */
interface ProgressRequest {
  api: 'compat' | 'libpod';
  path: string;
  query: Record<string, string | boolean>;
  /** The registry the transfer talks to (named in the errors). */
  registry: string;
}

/** Sends `r` and reads its progress stream to the end; returns the tracker's totals. */
async function runTransfer(
  client: PodmanClient,
  r: ProgressRequest,
  o: RegistryTransferOptions,
): Promise<ProgressTracker> {
  const tracker = new ProgressTracker();
  let stream: Readable;
  try {
    stream = (await client[r.api]('POST', r.path, {
      query: r.query,
      headers: o.credentials ? { 'X-Registry-Auth': registryAuthHeader(o.credentials) } : {},
      stream: true,
      signal: o.signal,
    })) as Readable;
  } catch (e) {
    throw classifyRegistryError(r.registry, e);
  }
  await readProgress(stream, tracker, r.registry, o);
  tracker.finish();
  return tracker;
}

/** Whether the store has an image by that name. */
export async function hasImage(client: PodmanClient, name: string): Promise<boolean> {
  try {
    await client.libpod('GET', `/images/${encodeURIComponent(name)}/exists`);
    return true;
  } catch (e) {
    if (e instanceof PodmanError && e.kind === 'not-found') return false;
    throw e;
  }
}

/** libpod's platform parameters from "os/arch[/variant]". */
function platformQuery(platform: string | undefined): Record<string, string> {
  if (!platform) return {};
  const [os, arch, variant] = platform.split('/');
  return { OS: os, Arch: arch ?? '', ...(variant ? { Variant: variant } : {}) };
}

/**
 * The request of a pull: compat /images/create (per-layer progress) without a policy; with one,
 * libpod /images/pull and its `policy=` (always, missing, never, newer), which Podman applies.
 */
function pullRequest(ref: ImageRef, input: string, o: PullOptions): ProgressRequest {
  const registry = ref.registry;
  if (o.policy) {
    const reference = ref.qualified ? formatImageRef(ref) : input.trim();
    const query = { reference, policy: o.policy, quiet: false, ...platformQuery(o.platform) };
    return { api: 'libpod', path: '/images/pull', query, registry };
  }
  const fromImage = ref.qualified ? `${ref.registry}/${ref.repository}` : input.trim().replace(/[:@].*$/, '');
  const query: Record<string, string> = { fromImage };
  const tag = ref.digest ?? effectiveTag(ref);
  if (tag) query.tag = tag;
  if (o.platform) query.platform = o.platform;
  return { api: 'compat', path: '/images/create', query, registry };
}

/**
 * After a cancelled pull of an image that was not local: Podman 4.3 may finish a pull whose
 * client went away when the layers were all but done. Whatever lands within a few seconds is
 * removed, so that a cancel leaves the store as it was.
 */
async function removeLatePull(client: PodmanClient, reference: string, waitMs = 3000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < waitMs) {
    if (await hasImage(client, reference).catch(() => false)) {
      await client.removeImage(reference, { force: true }).catch(() => undefined);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Pulls `input` (checked first), reporting per-layer progress; cancel with `signal`. */
export async function pullImage(client: PodmanClient, input: string, o: PullOptions = {}): Promise<PullResult> {
  const ref = parseImageRef(input);
  const reference = ref.qualified ? formatImageRef(ref) : input.trim();
  const local = await hasImage(client, reference);
  let tracker: ProgressTracker;
  try {
    tracker = await runTransfer(client, pullRequest(ref, input, o), o);
  } catch (e) {
    if (e instanceof PodmanError && e.kind === 'cancelled' && !local) await removeLatePull(client, reference);
    if (o.policy === 'never' && !local && !(e instanceof PodmanError && e.kind === 'cancelled')) {
      throw new PodmanError('not-found', `${reference} is not in the local store and its pull policy is "never".`);
    }
    throw e;
  }
  o.onProgress?.(tracker.progress);
  // Podman leaves a local image alone under "missing" and "never".
  const pulled = !(local && (o.policy === 'missing' || o.policy === 'never'));
  return { reference, pulled, progress: tracker.progress };
}

export interface PushOptions extends RegistryTransferOptions {
  /** Push over plain HTTP / without verifying TLS (Podman's tlsVerify=false). */
  insecure?: boolean;
}

/** The number of layers of a local image (the push's total). */
async function layerCount(client: PodmanClient, image: string): Promise<number> {
  const raw = (await client.libpod('GET', `/images/${encodeURIComponent(image)}/json`)) as {
    RootFS?: { Layers?: unknown[] };
  };
  return Array.isArray(raw?.RootFS?.Layers) ? raw.RootFS.Layers.length : 0;
}

/** Pushes local `image` to `destination` (a fully qualified reference), with progress and cancel. */
export async function pushImage(
  client: PodmanClient,
  image: string,
  destination: string,
  o: PushOptions = {},
): Promise<LayerProgress> {
  const ref = parseImageRef(destination);
  if (!ref.qualified) {
    throw new RegistryError('server', `Say which registry to push ${destination} to: HOST[:PORT]/NAME[:TAG].`);
  }
  const total = await layerCount(client, image);
  const query: Record<string, string | boolean> = { destination: formatImageRef(ref), quiet: false };
  if (o.insecure) query.tlsVerify = false;
  const withTotal = (p: LayerProgress): LayerProgress => ({ ...p, layersTotal: Math.max(total, p.layersTotal) });
  const request = { api: 'libpod', path: `/images/${encodeURIComponent(image)}/push`, query, registry: ref.registry };
  const tracker = await runTransfer(client, request as ProgressRequest, {
    ...o,
    onProgress: (p) => o.onProgress?.(withTotal(p)),
  });
  const done = withTotal(tracker.progress);
  done.layersDone = done.layersTotal;
  o.onProgress?.(done);
  return done;
}

/** Tags local `image` as `target` (checked first). */
export async function tagImage(client: PodmanClient, image: string, target: string): Promise<ImageRef> {
  const ref = parseImageRef(target);
  const repo = ref.qualified ? `${ref.registry}/${ref.repository}` : target.trim().replace(/:[^/]*$/, '');
  if (ref.digest) throw new RegistryError('server', `A tag cannot carry a digest: ${target}.`);
  await client.tagImage(image, repo, ref.tag ?? 'latest');
  return ref;
}

/**
 * Checks credentials through the Podman host (compat POST /auth), so the host that will pull
 * vouches for them. Podman answers a wrong password with HTTP 500 and "401 Unauthorized" inside.
 */
export async function checkLogin(client: PodmanClient, c: RegistryCredentials, signal?: AbortSignal): Promise<void> {
  try {
    const r = (await client.compat('POST', '/auth', {
      body: { username: c.username, password: c.password, serveraddress: c.serveraddress },
      signal,
    })) as { Status?: string } | undefined;
    if (r && typeof r.Status === 'string' && !/succeeded/i.test(r.Status)) {
      throw classifyRegistryMessage(c.serveraddress, r.Status);
    }
  } catch (e) {
    throw classifyRegistryError(c.serveraddress, e);
  }
}
