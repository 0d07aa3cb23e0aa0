// The catalogue of Quadlet keys: every key of every Quadlet section of podman-systemd.unit(5)
// (Podman 6.0-dev) plus the systemd [Unit]/[Service]/[Install] keys Quadlet users set most.
// Key names, value kinds and versions are facts; every description is written for this project.
//
// Versions: `since` is the first Podman release whose generator accepts the key. The manual
// gives no versions, so they come from release history as far as known; keys marked
// `sinceEstimated` are best guesses. One fact was measured: the Podman 5.4.2 generator rejects
// every key given here with a `since` above 5.4, and the 5.8.6 generator accepts every key
// except those marked 6.0 (see the integration test corpus). Between those two points the
// releases are taken from secondary release summaries and remain estimates.
//
// The section tables are in keys/ (one key per line); this module types them and looks keys up.
import { CONTAINER, DEPRECATED_CONTAINER } from './keys/container';
import type { Row } from './keys/shared';
import { INSTALL, SERVICE, UNIT } from './keys/systemd';
import { ARTIFACT, BUILD, IMAGE, KUBE, NETWORK, POD, QUADLET, VOLUME } from './keys/units';

export type UnitType = 'container' | 'pod' | 'volume' | 'network' | 'kube' | 'image' | 'build' | 'artifact';
export const UNIT_TYPES: readonly UnitType[] = [
  'container',
  'pod',
  'volume',
  'network',
  'kube',
  'image',
  'build',
  'artifact',
];

/** Section name of each unit type's own section. */
export const TYPE_SECTION: Record<UnitType, string> = {
  container: 'Container',
  pod: 'Pod',
  volume: 'Volume',
  network: 'Network',
  kube: 'Kube',
  image: 'Image',
  build: 'Build',
  artifact: 'Artifact',
};

/** First Podman release that knows each unit type (estimated for artifact). */
export const TYPE_SINCE: Record<UnitType, string> = {
  container: '4.4',
  volume: '4.4',
  network: '4.4',
  kube: '4.4',
  image: '4.8',
  pod: '5.0',
  build: '5.0',
  artifact: '5.7',
};

export type ValueKind =
  | 'bool'
  | 'enum'
  | 'string'
  | 'int'
  | 'duration' // systemd/Go style time span: 30, 30s, 1m30s, 2h
  | 'size' // number with optional b/k/m/g suffix
  | 'path' // absolute or relative to the unit file
  | 'absPath'
  | 'port' // [ip:][hostPort:]containerPort[/proto]
  | 'portRange' // 80 or 50-59, optional /proto
  | 'unitRef' // a reference that may name another Quadlet unit (x.network, x.volume:/d ...)
  | 'keyValue' // one or more KEY=VALUE words
  | 'args' // space separated, shell-quoted arguments
  | 'command' // a command line
  | 'signal'
  | 'ip'
  | 'cidr'
  | 'idmap' // container:host:size
  | 'list'; // space separated words

export interface KeyInfo {
  readonly key: string;
  readonly section: string;
  readonly kind: ValueKind;
  /** Allowed values (enum), or well-known values offered by completion (other kinds). */
  readonly values?: readonly string[];
  /** True when `values` is an open list of suggestions rather than the only accepted values. */
  readonly openValues?: boolean;
  /** True when the generator compares the value without regard to case. */
  readonly ignoreCase?: boolean;
  readonly repeatable: boolean;
  readonly since?: string;
  readonly sinceEstimated?: boolean;
  readonly description: string;
  readonly example: string;
  /** Unit types this key may reference (`Network=db.network`). */
  readonly refs?: readonly UnitType[];
  /** Systemd keys Quadlet refuses in [Service]. */
  readonly refused?: boolean;
  /** Deprecated: what to use instead. */
  readonly deprecated?: string;
  /** First release whose generator no longer accepts the key (estimated). */
  readonly removedIn?: string;
  readonly defaultValue?: string;
}

function build(section: string, rows: Row[]): KeyInfo[] {
  return rows.map(([key, kind, repeatable, since, description, example, extra]) => ({
    key,
    section,
    kind,
    repeatable,
    ...(since ? { since } : {}),
    description,
    example,
    ...(extra ?? {}),
  }));
}

/** Quadlet sections in the manual's order, then the systemd ones. */
export const SECTIONS: Record<string, KeyInfo[]> = {
  Container: build('Container', [...CONTAINER, ...DEPRECATED_CONTAINER]),
  Pod: build('Pod', POD),
  Kube: build('Kube', KUBE),
  Network: build('Network', NETWORK),
  Volume: build('Volume', VOLUME),
  Build: build('Build', BUILD),
  Image: build('Image', IMAGE),
  Artifact: build('Artifact', ARTIFACT),
  Quadlet: build('Quadlet', QUADLET),
  Unit: build('Unit', UNIT),
  Service: build('Service', SERVICE),
  Install: build('Install', INSTALL),
};

export const SECTION_DESCRIPTIONS: Record<string, string> = {
  Container: 'Podman container run as a service (`podman run`).',
  Pod: 'Podman pod that `.container` units can join (`podman pod create`).',
  Kube: 'Kubernetes YAML played as a service (`podman kube play`).',
  Network: 'Podman network created on demand (`podman network create`).',
  Volume: 'Podman volume created on demand (`podman volume create`).',
  Build: 'Image built from a Containerfile (`podman build`).',
  Image: 'Image pulled on demand (`podman image pull`).',
  Artifact: 'OCI artifact pulled on demand (`podman artifact pull`); experimental.',
  Quadlet: 'Options of the Quadlet generator itself, shared by every unit type.',
  Unit: 'systemd [Unit] section, copied into the generated service (dependencies, description).',
  Service: 'systemd [Service] section, copied into the generated service (restart policy, timeouts).',
  Install: 'systemd [Install] section, applied by the generator (WantedBy=, RequiredBy=, Alias=, UpheldBy=).',
};

const index = new Map<string, Map<string, KeyInfo>>();
for (const [section, keys] of Object.entries(SECTIONS)) index.set(section, new Map(keys.map((k) => [k.key, k])));

export function keyInfo(section: string, key: string): KeyInfo | undefined {
  return index.get(section)?.get(key);
}

export function sectionKeys(section: string): KeyInfo[] {
  return SECTIONS[section] ?? [];
}

export function isKnownSection(section: string): boolean {
  return index.has(section);
}

/** Unit types whose own section knows this key (for "belongs to another unit type"). */
export function typesWithKey(key: string): UnitType[] {
  return UNIT_TYPES.filter((t) => index.get(TYPE_SECTION[t])?.has(key));
}

export function unitTypeOfSection(section: string): UnitType | undefined {
  return UNIT_TYPES.find((t) => TYPE_SECTION[t] === section);
}

// One version comparison for the whole extension (src/podman/version.ts); re-exported so the
// generator and the checks keep importing it from the catalogue.
