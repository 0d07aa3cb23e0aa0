// Image references (`[registry/]repository[:tag][@digest]`) parsed and checked the way the
// Distribution reference grammar does, so that a malformed one gets a clear message before
// anything is sent to Podman or a registry. No `vscode` import.

export class ImageRefError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`"${input}" is not a valid image reference: ${reason}`);
    this.name = 'ImageRefError';
  }
}

export interface ImageRef {
  /** The registry host[:port]; "docker.io" when the reference names none. */
  registry: string;
  /** The repository path in that registry ("library/alpine" for Docker Hub's short names). */
  repository: string;
  tag?: string;
  /** "sha256:<64 hex>" */
  digest?: string;
  /** Whether the reference itself named the registry (else Podman searches its unqualified-search registries). */
  qualified: boolean;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;
const DIGEST_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

function checkDigest(input: string, digest: string): void {
  const m = /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):(.*)$/.exec(digest);
  if (!m) throw new ImageRefError(input, `the digest "${digest}" must read ALGORITHM:HEX, e.g. sha256:<64 hex digits>`);
  const [, algorithm, hex] = m;
  const want = DIGEST_LENGTHS[algorithm];
  if (want === undefined) {
    throw new ImageRefError(input, `unknown digest algorithm "${algorithm}" (sha256, sha384, sha512)`);
  }
  if (!/^[0-9a-f]*$/.test(hex)) {
    throw new ImageRefError(input, `the ${algorithm} digest has characters other than 0-9 a-f`);
  }
  if (hex.length !== want) {
    throw new ImageRefError(input, `a ${algorithm} digest has ${want} hex digits, this one has ${hex.length}`);
  }
}

/** Splits "name[:tag]" at the tag's colon (a colon before the last slash belongs to a host port). */
function splitTag(input: string, nameAndTag: string): { name: string; tag?: string } {
  const slash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', slash + 1);
  if (colon < 0) return { name: nameAndTag };
  const tag = nameAndTag.slice(colon + 1);
  if (!tag) throw new ImageRefError(input, 'the tag after ":" is empty');
  if (tag.includes(':')) throw new ImageRefError(input, `the tag "${tag}" contains ":" (one tag per reference)`);
  if (!TAG.test(tag)) {
    throw new ImageRefError(input, `the tag "${tag}" may hold only letters, digits, _ . - (not first), at most 128`);
  }
  return { name: nameAndTag.slice(0, colon), tag };
}

/** The registry part: the first component when it has a dot, a port or is localhost. */
function splitRegistry(name: string): { registry?: string; path: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { path: name };
  const first = name.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[')) {
    return { registry: first, path: name.slice(slash + 1) };
  }
  return { path: name };
}

/** Parses and checks a reference; throws ImageRefError with the reason. */
export function parseImageRef(input: string): ImageRef {
  const text = input.trim();
  if (!text) throw new ImageRefError(input, 'it is empty');
  if (/\s/.test(text)) throw new ImageRefError(input, 'it contains white space');
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  if (digest !== undefined) checkDigest(input, digest);
  const { name, tag } = splitTag(input, at >= 0 ? text.slice(0, at) : text);
  const { registry, path } = splitRegistry(name);
  if (registry !== undefined && !HOST.test(registry)) {
    throw new ImageRefError(input, `"${registry}" is not a host[:port]`);
  }
  if (!path) throw new ImageRefError(input, 'the repository name is empty');
  if (name.length > 255) throw new ImageRefError(input, 'the name is longer than 255 characters');
  for (const component of path.split('/')) {
    if (component !== component.toLowerCase()) {
      throw new ImageRefError(input, `repository names must be lowercase ("${component}")`);
    }
    if (!COMPONENT.test(component)) {
      throw new ImageRefError(
        input,
        component
          ? `"${component}" may hold only a-z 0-9 and single . _ - between them`
          : 'it has an empty path component',
      );
    }
  }
  const hub = registry === undefined || registry === 'docker.io' || registry === 'index.docker.io';
  return {
    registry: hub ? 'docker.io' : registry,
    repository: hub && !path.includes('/') ? `library/${path}` : path,
    tag,
    digest,
    qualified: registry !== undefined,
  };
}

/** The reason `input` is not a valid reference, or undefined when it is (for input boxes). */
export function imageRefProblem(input: string): string | undefined {
  try {
    parseImageRef(input);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The tag a reference names, "latest" when it names neither a tag nor a digest. */
export function effectiveTag(ref: ImageRef): string | undefined {
  return ref.tag ?? (ref.digest ? undefined : 'latest');
}

/** The fully qualified form: registry/repository[:tag][@digest]. */
export function formatImageRef(ref: ImageRef, o: { defaultTag?: boolean } = {}): string {
  const tag = o.defaultTag === false ? ref.tag : effectiveTag(ref);
  return `${ref.registry}/${ref.repository}${tag ? `:${tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** The reference as Podman names it locally (docker.io/library/x:tag for Docker Hub). */
export function localName(input: string): string {
  return formatImageRef(parseImageRef(input));
}
