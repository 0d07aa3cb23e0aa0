// Which files are Containerfiles, and which of them go through the C preprocessor.
import { basename } from 'node:path';

const NAME_RE = /^(?:(?:Containerfile|Dockerfile)(?:[.-].+)?|.+\.(?:[Cc]ontainerfile|[Dd]ockerfile)(?:\.in)?)$/;

/**
 * Containerfile, Dockerfile, Containerfile.*, Containerfile-* (`Containerfile-prod`,
 * `Dockerfile-dev`), *.containerfile and the `.in` variants.
 */
export function isContainerfilePath(path: string): boolean {
  return NAME_RE.test(basename(path));
}

/** Buildah runs files ending in `.in` through cpp (includes, C comments). */
export function isPreprocessedPath(path: string): boolean {
  return /\.in$/i.test(path) && isContainerfilePath(path);
}

/** File system path of a file:// URI, or undefined for other schemes. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return decodeURIComponent(new URL(uri).pathname).replace(/^\/([A-Za-z]:)/, '$1');
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  const p = path.replace(/\\/g, '/');
  return (
    'file://' + (p.startsWith('/') ? '' : '/') + p.split('/').map(encodeURIComponent).join('/').replace(/%3A/g, ':')
  );
}
