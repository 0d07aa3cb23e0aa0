// The newer-image check: for a local image whose tag comes from a registry, is the registry's
// current digest for that tag one the image does not have? One request per tag: a manifest HEAD
// when the image has a digest to compare, else a manifest GET that also names its config (the
// image ID of an image pushed from here); in parallel (bounded), cached for a while, and quiet
// when the registry cannot be reached (the answer is then "unknown", never an error). No `vscode` import.
import { type ImageRef, effectiveTag, parseImageRef } from './imageRef';
import type { DistributionClient } from './distribution';
import type { RegistryError } from './registryErrors';

export type Freshness = 'current' | 'outdated' | 'unknown';

export interface FreshnessResult {
  /** registry/repository:tag */
  reference: string;
  state: Freshness;
  /** The registry's digest when known. */
  remoteDigest?: string;
  /** Why the state is unknown (offline, not logged in, …). */
  reason?: string;
}

/** Asks a registry for the digest of repository:tag (a DistributionClient's headDigest). */
export type DigestLookup = (registry: string, repository: string, tag: string) => Promise<string>;

/**
 * The config digest of a manifest (for a single-platform manifest; undefined for an index). It
 * equals the image ID of the image pushed as that manifest: Podman records no new digest on a push
 * (only on a pull), so an image pushed from here is recognised by its ID.
 */
export type ConfigLookup = (registry: string, repository: string, digest: string) => Promise<string | undefined>;

/**
 * The digest of a tag and its manifest's config digest in one request (a manifest GET): for a
 * local image without a recorded digest, this replaces a HEAD followed by a config lookup.
 */
export type ManifestLookup = (
  registry: string,
  repository: string,
  tag: string,
) => Promise<{ digest: string; config?: string }>;

export interface FreshnessOptions {
  ttlMs?: number;
  parallel?: number;
  now?: () => number;
  config?: ConfigLookup;
  manifest?: ManifestLookup;
}

/** What the check needs of a local image: its ID, tags and the digests it was pulled as. */
export interface LocalImage {
  id?: string;
  repoTags: string[];
  repoDigests?: string[];
}

/** The digests of `local` recorded for the repository of `ref`. */
export function localDigests(local: LocalImage, ref: ImageRef): string[] {
  const prefix = `${ref.registry}/${ref.repository}@`;
  return (local.repoDigests ?? []).filter((d) => d.startsWith(prefix)).map((d) => d.slice(prefix.length));
}

/** Whether a reference is worth asking a registry about: qualified, not localhost, a tag. */
export function checkable(reference: string): ImageRef | undefined {
  try {
    const ref = parseImageRef(reference);
    if (!ref.qualified || ref.digest || ref.registry === 'localhost') return undefined;
    return ref;
  } catch {
    return undefined;
  }
}

/** Runs `tasks` with at most `limit` at once. */
async function bounded<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

export class FreshnessChecker {
  private readonly cache = new Map<string, { at: number; digest?: Promise<string> }>();
  /** Config digests by manifest digest: a manifest never changes, so they are kept. */
  private readonly configs = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly lookup: DigestLookup,
    private readonly o: FreshnessOptions = {},
  ) {}

  /** Whether the manifest `digest` is the local image itself (its config is the image's ID). */
  private async sameImage(ref: ImageRef, digest: string, local: LocalImage): Promise<boolean> {
    if (!local.id) return false;
    let config = this.configs.get(digest);
    if (!config) {
      if (!this.o.config) return false;
      config = this.o.config(ref.registry, ref.repository, digest);
      this.configs.set(digest, config);
      config.catch(() => this.configs.delete(digest));
    }
    const id = local.id.startsWith('sha256:') ? local.id : `sha256:${local.id}`;
    return (await config.catch(() => undefined)) === id;
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** Forgets cached answers (all, or one reference's after a pull or push). */
  invalidate(reference?: string): void {
    if (reference === undefined) this.cache.clear();
    else this.cache.delete(reference);
  }

  /**
   * The registry's digest for `ref`, from the cache while fresh. `withConfig`: the local image has
   * no digest to compare, so its config is needed too: one manifest GET answers both.
   */
  private remote(ref: ImageRef, key: string, withConfig: boolean): Promise<string> {
    const hit = this.cache.get(key);
    if (hit?.digest && this.now() - hit.at < (this.o.ttlMs ?? 5 * 60_000)) return hit.digest;
    const tag = effectiveTag(ref) ?? 'latest';
    const manifest = withConfig ? this.o.manifest : undefined;
    const digest = manifest
      ? manifest(ref.registry, ref.repository, tag).then(({ digest, config }) => {
          this.configs.set(digest, Promise.resolve(config));
          return digest;
        })
      : this.lookup(ref.registry, ref.repository, tag);
    this.cache.set(key, { at: this.now(), digest });
    // A failed lookup is not kept: the next check asks again (offline now, online later).
    digest.catch(() => this.cache.delete(key));
    return digest;
  }

  /** The freshness of one reference against the digests a local image has. */
  async check(reference: string, local: LocalImage | undefined): Promise<FreshnessResult> {
    const ref = checkable(reference);
    if (!ref) return { reference, state: 'unknown', reason: 'not from a registry' };
    const key = `${ref.registry}/${ref.repository}:${effectiveTag(ref)}`;
    const have = local ? localDigests(local, ref) : [];
    let remoteDigest: string;
    try {
      remoteDigest = await this.remote(ref, key, !!local?.id && !have.length);
    } catch (e) {
      return { reference: key, state: 'unknown', reason: (e as RegistryError).message };
    }
    if (!local) return { reference: key, state: 'unknown', remoteDigest, reason: 'not pulled' };
    if (have.includes(remoteDigest) || (await this.sameImage(ref, remoteDigest, local))) {
      return { reference: key, state: 'current', remoteDigest };
    }
    if (!have.length && !((this.o.config || this.o.manifest) && local.id)) {
      return { reference: key, state: 'unknown', remoteDigest, reason: 'no digest recorded locally' };
    }
    return { reference: key, state: 'outdated', remoteDigest };
  }

  /** Checks every tag of every image, in parallel (bounded). */
  async checkAll(images: LocalImage[]): Promise<Map<string, FreshnessResult>> {
    const pairs = images.flatMap((image) => image.repoTags.filter((t) => checkable(t)).map((tag) => ({ tag, image })));
    const results = await bounded(
      pairs.map((p) => () => this.check(p.tag, p.image)),
      this.o.parallel ?? 16,
    );
    return new Map(pairs.map((p, i) => [p.tag, results[i]]));
  }
}

/** The local image a reference names, among `images` (by fully qualified tag). */
export function findLocal(images: LocalImage[], reference: string): LocalImage | undefined {
  const ref = checkable(reference);
  if (!ref) return undefined;
  const name = `${ref.registry}/${ref.repository}:${effectiveTag(ref)}`;
  return images.find((i) => i.repoTags.includes(name));
}

/** A checker over Distribution clients (one per registry, from `clientOf`), as the extension and the benchmark use it. */
export function registryFreshness(
  clientOf: (registry: string) => DistributionClient | Promise<DistributionClient>,
  o: FreshnessOptions = {},
): FreshnessChecker {
  return new FreshnessChecker(
    async (registry, repository, tag) => (await clientOf(registry)).headDigest(repository, tag),
    {
      ...o,
      config: async (registry, repository, digest) => (await clientOf(registry)).configDigest(repository, digest),
      manifest: async (registry, repository, tag) => (await clientOf(registry)).manifestDigests(repository, tag),
    },
  );
}
