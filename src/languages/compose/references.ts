// What a compose file's services refer to by name (other services, networks, volumes, secrets,
// configs) and the files and folders it names (build contexts, Containerfiles, env files,
// extended files), each with its key path: the checks report undefined names and missing files,
// go to definition follows them. Works on the plain value of the document. No `vscode` import.
import { entries, isRecord, type Segment } from './document';

export type RefKind = 'service' | 'network' | 'volume' | 'secret' | 'config';
export const SECTIONS: Record<RefKind, string> = {
  service: 'services',
  network: 'networks',
  volume: 'volumes',
  secret: 'secrets',
  config: 'configs',
};

export interface NameRef {
  kind: RefKind;
  name: string;
  path: Segment[];
  /** True when the name is a mapping key (`depends_on: {db: ...}`), false when it is a value. */
  onKey: boolean;
}

export interface FileRef {
  kind: 'context' | 'dockerfile' | 'env_file' | 'extends';
  /** As written (relative to the compose file's folder unless absolute). */
  value: string;
  path: Segment[];
  /** For a Containerfile: the build context it is relative to. */
  base?: string;
  optional?: boolean;
}

/** Names listed as a list of strings, a list of {source|service}, or a mapping's keys. */
function listedNames(
  value: unknown,
  path: Segment[],
  field?: string,
): { name: string; path: Segment[]; onKey: boolean }[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => {
      if (typeof item === 'string') return [{ name: item, path: [...path, i], onKey: false }];
      if (field && isRecord(item) && typeof item[field] === 'string') {
        return [{ name: item[field] as string, path: [...path, i, field], onKey: false }];
      }
      return [];
    });
  }
  return entries(value).map(([name]) => ({ name, path: [...path, name], onKey: true }));
}

const named = (kind: RefKind, list: { name: string; path: Segment[]; onKey: boolean }[]): NameRef[] =>
  list.map((x) => ({ kind, ...x }));

/** The source of a short volume (`data:/var/lib`), when it names a volume rather than a path. */
export function namedVolumeSource(spec: string): string | undefined {
  const source = spec.split(':')[0];
  if (!spec.includes(':') || !source || /^[./~$\\]/.test(source) || source.includes('/') || /^[A-Za-z]$/.test(source)) {
    return undefined;
  }
  return source;
}

function serviceRefs(name: string, s: Record<string, unknown>): NameRef[] {
  const base: Segment[] = ['services', name];
  const refs: NameRef[] = [
    ...named('service', listedNames(s.depends_on, [...base, 'depends_on'])),
    ...named('secret', listedNames(s.secrets, [...base, 'secrets'], 'source')),
    ...named('config', listedNames(s.configs, [...base, 'configs'], 'source')),
  ];
  if (s.network_mode === undefined) refs.push(...named('network', listedNames(s.networks, [...base, 'networks'])));
  if (isRecord(s.extends) && typeof s.extends.service === 'string' && s.extends.file === undefined) {
    refs.push({ kind: 'service', name: s.extends.service, path: [...base, 'extends', 'service'], onKey: false });
  }
  if (Array.isArray(s.links)) {
    s.links.forEach((l, i) => {
      if (typeof l === 'string') {
        refs.push({ kind: 'service', name: l.split(':')[0], path: [...base, 'links', i], onKey: false });
      }
    });
  }
  for (const key of ['network_mode', 'pid', 'ipc'] as const) {
    const v = s[key];
    if (typeof v === 'string' && v.startsWith('service:')) {
      refs.push({ kind: 'service', name: v.slice('service:'.length), path: [...base, key], onKey: false });
    }
  }
  if (Array.isArray(s.volumes_from)) {
    s.volumes_from.forEach((v, i) => {
      if (typeof v === 'string' && !v.startsWith('container:')) {
        refs.push({ kind: 'service', name: v.split(':')[0], path: [...base, 'volumes_from', i], onKey: false });
      }
    });
  }
  if (Array.isArray(s.volumes)) refs.push(...volumeRefs(s.volumes, [...base, 'volumes']));
  if (isRecord(s.build) && Array.isArray(s.build.secrets)) {
    refs.push(...named('secret', listedNames(s.build.secrets, [...base, 'build', 'secrets'], 'source')));
  }
  return refs.filter((r) => !r.name.includes('$'));
}

function volumeRefs(volumes: unknown[], path: Segment[]): NameRef[] {
  return volumes.flatMap((v, i): NameRef[] => {
    if (typeof v === 'string') {
      const source = namedVolumeSource(v);
      return source ? [{ kind: 'volume', name: source, path: [...path, i], onKey: false }] : [];
    }
    if (isRecord(v) && (v.type === 'volume' || v.type === undefined) && typeof v.source === 'string' && v.source) {
      return [{ kind: 'volume', name: v.source, path: [...path, i, 'source'], onKey: false }];
    }
    return [];
  });
}

/** A service's references, kept per service object (an unchanged service's block keeps its object). */
const refsOf = new WeakMap<object, { name: string; refs: NameRef[] }>();

/** Every name reference of the file (read, never changed: the lists are shared between calls). */
export function nameRefs(value: unknown): NameRef[] {
  if (!isRecord(value)) return [];
  return entries(value.services).flatMap(([name, s]) => {
    if (!isRecord(s)) return [];
    let known = refsOf.get(s);
    if (known?.name !== name) refsOf.set(s, (known = { name, refs: serviceRefs(name, s) }));
    return known.refs;
  });
}

/** The names each top-level section defines (plus the implicit `default` network). */
export function definitions(value: unknown): Record<RefKind, Set<string>> {
  const v = isRecord(value) ? value : {};
  const defs = {} as Record<RefKind, Set<string>>;
  for (const [kind, section] of Object.entries(SECTIONS) as [RefKind, string][]) {
    defs[kind] = new Set(entries(v[section]).map(([k]) => k));
  }
  defs.network.add('default');
  return defs;
}

function buildRefs(name: string, build: unknown): FileRef[] {
  const base: Segment[] = ['services', name, 'build'];
  if (typeof build === 'string') return [{ kind: 'context', value: build, path: base }];
  if (!isRecord(build)) return [];
  const refs: FileRef[] = [];
  const context = typeof build.context === 'string' ? build.context : '.';
  if (typeof build.context === 'string') {
    refs.push({ kind: 'context', value: build.context, path: [...base, 'context'] });
  }
  if (typeof build.dockerfile === 'string' && build.dockerfile_inline === undefined) {
    refs.push({ kind: 'dockerfile', value: build.dockerfile, path: [...base, 'dockerfile'], base: context });
  }
  return refs;
}

function envFileRefs(name: string, envFile: unknown): FileRef[] {
  const path: Segment[] = ['services', name, 'env_file'];
  if (typeof envFile === 'string') return [{ kind: 'env_file', value: envFile, path }];
  if (!Array.isArray(envFile)) return [];
  return envFile.flatMap((e, i): FileRef[] => {
    if (typeof e === 'string') return [{ kind: 'env_file', value: e, path: [...path, i] }];
    if (isRecord(e) && typeof e.path === 'string') {
      return [{ kind: 'env_file', value: e.path, path: [...path, i, 'path'], optional: e.required === false }];
    }
    return [];
  });
}

/** Every file or folder the file names. */
export function fileRefs(value: unknown): FileRef[] {
  if (!isRecord(value)) return [];
  return entries(value.services)
    .flatMap(([name, s]): FileRef[] => {
      if (!isRecord(s)) return [];
      const refs = [...buildRefs(name, s.build), ...envFileRefs(name, s.env_file)];
      if (isRecord(s.extends) && typeof s.extends.file === 'string') {
        refs.push({ kind: 'extends', value: s.extends.file, path: ['services', name, 'extends', 'file'] });
      }
      return refs;
    })
    .filter((r) => !r.value.includes('$'));
}

/** True for a build context that is a URL (git, http) rather than a folder. */
export function isRemoteContext(value: string): boolean {
  return /^(https?|git|ssh):\/\/|^git@|\.git(#.*)?$|^[a-z]+:\/\//i.test(value);
}
