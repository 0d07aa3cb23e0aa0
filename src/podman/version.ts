// Podman versions: one parser and one comparison for every module that asks "is this Podman new
// enough?", and the version facts they test against (the oldest Podman this extension drives,
// the first Podman with Quadlet). No `vscode` import.

/** The numeric release of a version; what follows it (`-dev`, `-rc1`, `+ds1`) is not part of it. */
export interface PodmanVersion {
  major: number;
  minor: number;
  patch: number;
}

/** The oldest Podman this extension drives (its libpod API and event stream). */
export const MIN_PODMAN = '4.3.0';

/** Quadlet, the systemd generator for .container, .volume, .network and .kube units, came with Podman 4.4. */
export const QUADLET_SINCE = '4.4.0';

/**
 * Reads "5.4.2", "5.4", "5", "v4.3.1", "5.0.0-dev" or "4.9.4+ds1": missing parts count as 0 and
 * anything after the numbers is ignored. Undefined when the text does not start with a number.
 */
export function parseVersion(text: string): PodmanVersion | undefined {
  const match = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2] ?? 0), patch: Number(match[3] ?? 0) };
}

const ZERO: PodmanVersion = { major: 0, minor: 0, patch: 0 };

/**
 * Negative when `left` is older than `right`, 0 when they are the same release, positive when
 * newer. A text that is no version counts as 0.0.0 (older than any release).
 */
export function compareVersions(left: string, right: string): number {
  const a = parseVersion(left) ?? ZERO;
  const b = parseVersion(right) ?? ZERO;
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** True when `version` is `floor` or newer. */
export function atLeast(version: string, floor: string): boolean {
  return compareVersions(version, floor) >= 0;
}

/** True when a Podman of this version has Quadlet (its generator and units). */
export function hasQuadlet(version: string): boolean {
  return atLeast(version, QUADLET_SINCE);
}
