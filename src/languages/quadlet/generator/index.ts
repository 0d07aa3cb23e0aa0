// Preview of the systemd service Podman's Quadlet generator writes for a unit. Written from the
// manual and from the observed output of the real generator (Podman 5.4.2), not from its code.
// Version-aware: keys and unit types newer than `podmanVersion` are rejected like the real
// generator rejects them, and version-dependent extras (network-online dependencies, the
// translation of [Unit] dependencies between Quadlet units) follow the version.
import { posix } from 'node:path';
import type { FileAccess } from '../../types';
import { compareVersions, keyInfo, TYPE_SECTION, TYPE_SINCE, type UnitType } from '../catalogue';
import {
  classifyPath,
  loadUnit,
  lookupAll,
  lookupLast,
  mergedEntries,
  quadletsUnits,
  resolveUnitRef,
  unitTypeOfName,
  listUnitFiles,
  type UnitModel,
} from '../files';
import type { UnitEntry } from '../parser';
import { parseBool } from '../values';
import { joinArgs, keyValueWords, splitWords } from './words';

/** The newest release this preview models; used when no version is given. */
export const LATEST_MODELLED_VERSION = '6.0';

export interface PreviewInput {
  path: string;
  text: string;
  files: FileAccess;
  podmanVersion?: string;
  /** Folders searched for referenced units besides the unit's own (like QUADLET_UNIT_DIRS). */
  searchDirs?: string[];
  /** Generate as for `--user` (rootless) instead of root. */
  user?: boolean;
  /** Path of the podman binary written into commands. */
  podmanPath?: string;
  /** Unsaved texts by path (drop-ins or siblings open in the editor). */
  overrides?: Map<string, string>;
  /** For a `.quadlets` file: which unit to preview (FileName, with or without extension). */
  unitName?: string;
}

export interface PreviewError {
  message: string;
  /** 1-based line in `path` (or in the input file when `path` is absent). */
  line: number;
  path?: string;
}

export type PreviewResult = { ok: true; unitText: string; serviceName: string } | { ok: false; errors: PreviewError[] };

class GeneratorError extends Error {
  constructor(
    message: string,
    readonly entry?: UnitEntry,
    readonly lineHint?: number,
  ) {
    super(message);
  }
}

type Lines = [string, string][];
interface OutSection {
  name: string;
  lines: Lines;
}

/** Output unit: sections in order, each a list of key=value lines. */
class ServiceFile {
  sections: OutSection[] = [];
  get(name: string): OutSection {
    let s = this.sections.find((x) => x.name === name);
    if (!s) {
      s = { name, lines: [] };
      this.sections.push(s);
    }
    return s;
  }
  add(section: string, key: string, value: string) {
    this.get(section).lines.push([key, value]);
  }
  prepend(section: string, key: string, value: string) {
    this.get(section).lines.unshift([key, value]);
  }
  has(section: string, key: string): boolean {
    return !!this.sections.find((x) => x.name === section)?.lines.some(([k]) => k === key);
  }
  render(): string {
    return this.sections.map((s) => `[${s.name}]\n${s.lines.map(([k, v]) => `${k}=${v}\n`).join('')}`).join('\n');
  }
}

interface Ctx {
  model: UnitModel;
  version: string;
  files: FileAccess;
  searchDirs: string[];
  user: boolean;
  podman: string;
  siblings: Map<string, { path: string; text: string }>;
  overrides: Map<string, string>;
  /** Units being resolved, to stop reference cycles. */
  visiting: Set<string>;
}

const atLeast = (ctx: Ctx, v: string) => compareVersions(ctx.version, v) >= 0;

function stemOf(name: string): string {
  const t = unitTypeOfName(name);
  return t ? name.slice(0, -(t.length + 1)) : name;
}

/**
 * Service name of a unit without `.service`. For templates (`name@.volume`) and their instances
 * generators from 5.7 on (estimated) put the type suffix before the `@` (`name-volume@`), older
 * ones after the whole stem (`name@-volume`).
 */
export function defaultServiceName(type: UnitType, stem: string, version: string = LATEST_MODELLED_VERSION): string {
  if (type === 'container' || type === 'kube') return stem;
  const at = stem.indexOf('@');
  if (at >= 0 && compareVersions(version, '5.7') >= 0) return `${stem.slice(0, at)}-${type}${stem.slice(at)}`;
  return `${stem}-${type}`;
}

function serviceNameOf(model: UnitModel, version: string): string {
  const sec = TYPE_SECTION[model.type];
  return lookupLast(model, sec, 'ServiceName')?.value || defaultServiceName(model.type, stemOf(model.name), version);
}

/** Name of the Podman resource a unit creates (volume, network, pod, image, container). */
function resourceNameOf(model: UnitModel, version: string): string {
  const sec = TYPE_SECTION[model.type];
  const stem = stemOf(model.name);
  const at = stem.indexOf('@');
  // Templates and instances: `systemd-NAME-%i` from 5.7 on (estimated), the raw stem before.
  const base = at >= 0 && compareVersions(version, '5.7') >= 0 ? `${stem.slice(0, at)}-%i` : stem;
  const systemdName = (key: string) => lookupLast(model, sec, key)?.value || `systemd-${base}`;
  switch (model.type) {
    case 'volume':
      return systemdName('VolumeName');
    case 'network':
      return systemdName('NetworkName');
    case 'pod':
      return systemdName('PodName');
    case 'container':
      // The generator writes systemd specifiers here: %N is the service name, %p_%i for templates.
      return lookupLast(model, sec, 'ContainerName')?.value || (at >= 0 ? 'systemd-%p_%i' : 'systemd-%N');
    case 'image':
      return lookupLast(model, sec, 'ImageTag')?.value || lookupLast(model, sec, 'Image')?.value || '';
    case 'build':
      return lookupAll(model, sec, 'ImageTag')[0]?.value ?? '';
    default:
      return stem;
  }
}

function lineOf(e: UnitEntry | undefined): number {
  return e ? e.keyRange.start.line + 1 : 1;
}

async function loadRef(ctx: Ctx, ref: string): Promise<UnitModel | undefined> {
  const path = await resolveUnitRef(ref, ctx.model.path, ctx.files, ctx.searchDirs, ctx.siblings);
  if (!path) return undefined;
  if (ctx.visiting.has(path)) return undefined;
  const sib = [...ctx.siblings.values()].find((s) => s.path === path);
  let text = sib?.text ?? ctx.overrides.get(path);
  if (text === undefined) {
    try {
      text = await ctx.files.readFile(path);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) return undefined;
  const m = await loadUnit(path, text, ctx.files, { searchDirs: ctx.searchDirs, overrides: ctx.overrides });
  if (m && ref.includes('@') && !posix.basename(path).includes(ref)) m.name = ref; // instance of a template
  return m;
}

/** Resolves a relative path against the unit's folder; `%`-prefixed paths are left to systemd. */
function absPath(ctx: Ctx, p: string): string {
  if (p.startsWith('/') || p.startsWith('%')) return p;
  return posix.normalize(posix.join(posix.dirname(ctx.model.path), p));
}

const get = (ctx: Ctx, key: string) => lookupLast(ctx.model, TYPE_SECTION[ctx.model.type], key);
const all = (ctx: Ctx, key: string) => lookupAll(ctx.model, TYPE_SECTION[ctx.model.type], key);
const bool = (e: UnitEntry | undefined): boolean | undefined => (e ? parseBool(e.value) : undefined);

/** Rejects keys and sections the chosen Podman version does not know, like the generator does. */
function checkSupported(ctx: Ctx) {
  const sec = TYPE_SECTION[ctx.model.type];
  for (const e of mergedEntries(ctx.model, sec)) {
    const info = keyInfo(sec, e.key);
    if (
      !info ||
      (info.since && compareVersions(ctx.version, info.since) < 0) ||
      (info.removedIn && compareVersions(ctx.version, info.removedIn) >= 0)
    ) {
      throw new GeneratorError(`unsupported key '${e.key}' in group '${sec}' in ${e.source ?? ctx.model.path}`, e);
    }
  }
  for (const e of mergedEntries(ctx.model, 'Quadlet')) {
    const info = keyInfo('Quadlet', e.key);
    if (!info || (info.since && compareVersions(ctx.version, info.since) < 0)) {
      throw new GeneratorError(`unsupported key '${e.key}' in group 'Quadlet' in ${e.source ?? ctx.model.path}`, e);
    }
  }
}

/** Copies the unit's sections, renaming Quadlet's own to X-Name, keeping drop-in additions. */
function copySections(ctx: Ctx, out: ServiceFile) {
  const own = TYPE_SECTION[ctx.model.type];
  for (const f of [ctx.model.main, ...ctx.model.dropIns]) {
    for (const s of f.ast.sections) {
      const name = s.name === own || s.name === 'Quadlet' ? `X-${s.name}` : s.name;
      const target = out.get(name);
      for (const e of s.entries) target.lines.push([e.key, e.value]);
    }
  }
}

async function addDefaultDeps(ctx: Ctx, out: ServiceFile) {
  // Wait-for-network dependencies arrived with Podman 5.3 (estimated) and can be turned off.
  if (!atLeast(ctx, '5.3')) return;
  if (bool(lookupLast(ctx.model, 'Quadlet', 'DefaultDependencies')) === false) return;
  const target = ctx.user ? 'podman-user-wait-network-online.service' : 'network-online.target';
  out.prepend('Unit', 'After', target);
  out.prepend('Unit', 'Wants', target);
}

/** Rewrites [Unit] dependencies naming Quadlet files into service names (newer generators). */
async function translateUnitDeps(ctx: Ctx, out: ServiceFile) {
  if (!atLeast(ctx, '5.5')) return;
  const keys = ['Wants', 'Requires', 'Requisite', 'BindsTo', 'PartOf', 'Upholds', 'Conflicts', 'Before', 'After'];
  const unit = out.get('Unit');
  for (const line of unit.lines) {
    if (!keys.includes(line[0])) continue;
    const words = splitWords(line[1]);
    const mapped: string[] = [];
    for (const w of words) {
      if (unitTypeOfName(w)) {
        const m = await loadRef(ctx, w);
        mapped.push(m ? `${serviceNameOf(m, ctx.version)}.service` : w);
      } else mapped.push(w);
    }
    line[1] = mapped.join(' ');
  }
}

function requireDep(out: ServiceFile, service: string) {
  out.add('Unit', 'Requires', service);
  out.add('Unit', 'After', service);
}

function podmanPrefix(ctx: Ctx): string[] {
  const args = [ctx.podman];
  for (const e of all(ctx, 'ContainersConfModule')) args.push(`--module=${absPath(ctx, e.value)}`);
  for (const e of all(ctx, 'GlobalArgs')) args.push(...splitWords(e.value));
  return args;
}

function podmanArgs(ctx: Ctx): string[] {
  return all(ctx, 'PodmanArgs').flatMap((e) => splitWords(e.value));
}

/** KEY=VALUE words of every occurrence of a key, sorted by key, later values replacing earlier ones. */
function keyValues(ctx: Ctx, key: string): string[] {
  const map = new Map<string, string | undefined>();
  for (const e of all(ctx, key)) for (const [k, v] of keyValueWords(e.value)) map.set(k, v);
  return [...map.keys()].sort().map((k) => (map.get(k) === undefined ? k : `${k}=${map.get(k)}`));
}

async function resolveNetwork(ctx: Ctx, out: ServiceFile, e: UnitEntry, allowContainer: boolean): Promise<string> {
  const v = e.value;
  const [name, ...opts] = v.split(':');
  const suffix = opts.length ? ':' + opts.join(':') : '';
  if (name.endsWith('.network')) {
    const m = await loadRef(ctx, name);
    if (!m) throw new GeneratorError(`requested Quadlet unit ${name} was not found`, e);
    requireDep(out, `${serviceNameOf(m, ctx.version)}.service`);
    return resourceNameOf(m, ctx.version) + suffix;
  }
  if (allowContainer && name.endsWith('.container')) {
    const m = await loadRef(ctx, name);
    if (!m) throw new GeneratorError(`requested Quadlet unit ${name} was not found`, e);
    requireDep(out, `${serviceNameOf(m, ctx.version)}.service`);
    const cname = lookupLast(m, 'Container', 'ContainerName')?.value || `systemd-${serviceNameOf(m, ctx.version)}`;
    return `container:${cname}`;
  }
  return v;
}

/** Resolves `x.volume:/dest` sources (and host paths) of a Volume= value. */
async function resolveVolume(ctx: Ctx, out: ServiceFile, e: UnitEntry, mountsFor: string[]): Promise<string> {
  const parts = e.value.split(':');
  if (parts.length < 2) return e.value;
  let src = parts[0];
  if (src.endsWith('.volume')) {
    const m = await loadRef(ctx, src);
    if (!m) throw new GeneratorError(`requested Quadlet source ${src} was not found`, e);
    requireDep(out, `${serviceNameOf(m, ctx.version)}.service`);
    src = resourceNameOf(m, ctx.version);
  } else if (src.startsWith('/') || src.startsWith('.')) {
    src = absPath(ctx, src);
    mountsFor.push(src);
  }
  return [src, ...parts.slice(1)].join(':');
}

async function resolveImageRef(ctx: Ctx, out: ServiceFile, e: UnitEntry): Promise<string> {
  const v = e.value;
  if (v.endsWith('.image') || v.endsWith('.build')) {
    const m = await loadRef(ctx, v);
    if (!m) throw new GeneratorError(`requested Quadlet image ${v} was not found`, e);
    requireDep(out, `${serviceNameOf(m, ctx.version)}.service`);
    return resourceNameOf(m, ctx.version);
  }
  return v;
}

async function resolveMount(ctx: Ctx, out: ServiceFile, e: UnitEntry, mountsFor: string[]): Promise<string> {
  const fields = e.value.split(',');
  const type = fields.find((f) => f.startsWith('type='))?.slice(5);
  const mapped: string[] = [];
  for (const f of fields) {
    const eq = f.indexOf('=');
    const k = eq < 0 ? f : f.slice(0, eq);
    let val = eq < 0 ? undefined : f.slice(eq + 1);
    if ((k === 'source' || k === 'src') && val !== undefined) {
      if (type === 'volume' && val.endsWith('.volume')) {
        const m = await loadRef(ctx, val);
        if (!m) throw new GeneratorError(`requested Quadlet source ${val} was not found`, e);
        requireDep(out, `${serviceNameOf(m, ctx.version)}.service`);
        val = resourceNameOf(m, ctx.version);
      } else if (type === 'image' && (val.endsWith('.image') || val.endsWith('.build'))) {
        const m = await loadRef(ctx, val);
        if (!m) throw new GeneratorError(`requested Quadlet image ${val} was not found`, e);
        requireDep(out, `${serviceNameOf(m, ctx.version)}.service`);
        val = resourceNameOf(m, ctx.version);
      } else if ((type === 'bind' || type === undefined) && (val.startsWith('/') || val.startsWith('.'))) {
        val = absPath(ctx, val);
        mountsFor.push(val);
      }
      mapped.push(`source=${val}`);
    } else mapped.push(f);
  }
  return mapped.join(',');
}

function cmdWithStop(ctx: Ctx, out: ServiceFile, prefix: string[]) {
  // Up to 5.5 the container is found through a cid file; from 5.6 on (estimated) by its name.
  const target = byName(ctx) ? [resourceNameOf(ctx.model, ctx.version)] : ['--cidfile=%t/%N.cid'];
  const rm = atLeast(ctx, '4.6') ? ['rm', '-v', '-f', '-i', ...target] : ['rm', '-f', '-i', ...target];
  out.add('Service', 'Environment', 'PODMAN_SYSTEMD_UNIT=%n');
  out.add('Service', 'KillMode', 'mixed');
  out.add('Service', 'ExecStop', joinArgs([...prefix, ...rm]));
  out.add('Service', 'ExecStopPost', '-' + joinArgs([...prefix, ...rm]));
  out.add('Service', 'Delegate', 'yes');
  if (!out.has('Service', 'Type')) out.add('Service', 'Type', 'notify');
  if (!isOneshot(out)) out.add('Service', 'NotifyAccess', 'all');
  out.add('Service', 'SyslogIdentifier', '%N');
}

/** Whether this generator addresses containers and pods by name instead of id files. */
const byName = (ctx: Ctx) => atLeast(ctx, '5.6');

function isOneshot(out: ServiceFile): boolean {
  const t = out.sections
    .find((s) => s.name === 'Service')
    ?.lines.filter(([k]) => k === 'Type')
    .pop();
  return t?.[1] === 'oneshot';
}

async function genContainer(ctx: Ctx, out: ServiceFile) {
  const image = get(ctx, 'Image');
  const rootfs = get(ctx, 'Rootfs');
  if (!image?.value && !rootfs?.value) {
    throw new GeneratorError(
      'no Image or Rootfs key specified',
      undefined,
      ctx.model.main.ast.sections.find((s) => s.name === 'Container')?.nameRange.start.line,
    );
  }
  if (image?.value && rootfs?.value) {
    throw new GeneratorError('the Image And Rootfs keys conflict can not be specified together', rootfs);
  }
  const user = get(ctx, 'User');
  const group = get(ctx, 'Group');
  if (group?.value && !user?.value) throw new GeneratorError('invalid Group set without User', group);
  const reloadCmd = get(ctx, 'ReloadCmd');
  const reloadSignal = get(ctx, 'ReloadSignal');
  if (reloadCmd?.value && reloadSignal?.value) {
    throw new GeneratorError('ReloadCmd and ReloadSignal are mutually exclusive but both are set', reloadSignal);
  }

  const mountsFor: string[] = [];
  let imageName = '';
  if (image?.value) imageName = await resolveImageRef(ctx, out, image);
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const prefix = podmanPrefix(ctx);
  cmdWithStop(ctx, out, prefix);

  const a: string[] = [
    ...prefix,
    'run',
    '--name',
    resourceNameOf(ctx.model, ctx.version),
    ...(byName(ctx) ? [] : ['--cidfile=%t/%N.cid']),
    '--replace',
    '--rm',
  ];
  const one = (key: string, flag: string) => {
    const e = get(ctx, key);
    if (e?.value) a.push(flag, e.value);
  };
  const each = (key: string, flag: string) => {
    for (const e of all(ctx, key)) a.push(flag, e.value);
  };
  const boolFlag = (key: string, flag: string) => {
    const b = bool(get(ctx, key));
    if (b === true) a.push(flag);
    else if (b === false) a.push(`${flag}=false`);
  };
  const entrypoint = get(ctx, 'Entrypoint');
  // 5.8 (estimated) writes --entrypoint=VALUE so that an empty value clears the image's entrypoint.
  const entrypointArgs = entrypoint?.value
    ? atLeast(ctx, '5.8')
      ? [`--entrypoint=${entrypoint.value}`]
      : ['--entrypoint', entrypoint.value]
    : [];
  one('LogDriver', '--log-driver');
  each('LogOpt', '--log-opt');
  const cg = get(ctx, 'CgroupsMode');
  if (cg?.value) a.push('--cgroups', cg.value);
  else a.push('--cgroups=split');
  for (const [k, f] of [
    ['IP6', '--ip6'],
    ['HostName', '--hostname'],
    ['StopSignal', '--stop-signal'],
    ['Timezone', '--tz'],
    ['ShmSize', '--shm-size'],
    ['WorkingDir', '--workdir'],
    ['StopTimeout', '--stop-timeout'],
    ['Pull', '--pull'],
    ['PidsLimit', '--pids-limit'],
    ['IP', '--ip'],
    ['Memory', '--memory'],
    ['Retry', '--retry'],
    ['RetryDelay', '--retry-delay'],
  ]) {
    one(k, f);
  }
  a.push(...entrypointArgs);
  for (const [k, f] of [
    ['NetworkAlias', '--network-alias'],
    ['Ulimit', '--ulimit'],
    ['DNS', '--dns'],
    ['DNSOption', '--dns-option'],
    ['DNSSearch', '--dns-search'],
    ['GroupAdd', '--group-add'],
    ['AddHost', '--add-host'],
    ['Tmpfs', '--tmpfs'],
  ]) {
    each(k, f);
  }
  boolFlag('RunInit', '--init');
  boolFlag('EnvironmentHost', '--env-host');
  boolFlag('ReadOnlyTmpfs', '--read-only-tmpfs');
  const hp = bool(get(ctx, 'HttpProxy'));
  if (hp !== undefined) a.push(`--http-proxy=${hp}`);
  for (const e of all(ctx, 'Network')) a.push('--network', await resolveNetwork(ctx, out, e, true));
  // A oneshot service runs the container in the foreground: no readiness protocol, no detach.
  if (!isOneshot(out)) {
    const notify = get(ctx, 'Notify')?.value;
    if (notify === 'healthy') a.push('--sdnotify=healthy');
    else if (notify !== undefined && parseBool(notify) === true) a.push('--sdnotify=container');
    else a.push('--sdnotify=conmon');
    a.push('-d');
  }
  if (bool(get(ctx, 'NoNewPrivileges'))) a.push('--security-opt=no-new-privileges');
  if (bool(get(ctx, 'SecurityLabelDisable'))) a.push('--security-opt', 'label=disable');
  if (bool(get(ctx, 'SecurityLabelNested'))) a.push('--security-opt', 'label=nested');
  const secOpt = (key: string, pre: string) => {
    const e = get(ctx, key);
    if (e?.value) a.push('--security-opt', pre + e.value);
  };
  secOpt('SecurityLabelType', 'label=type:');
  secOpt('SecurityLabelFileType', 'label=filetype:');
  secOpt('SecurityLabelLevel', 'label=level:');
  secOpt('AppArmor', 'apparmor=');
  for (const e of all(ctx, 'AddDevice')) {
    let dev = e.value;
    if (dev.startsWith('-')) {
      dev = dev.slice(1);
      const hostPath = dev.split(':')[0];
      let present = false;
      try {
        present = await ctx.files.exists(hostPath);
      } catch {
        present = false;
      }
      if (!present) continue;
    }
    a.push('--device', dev);
  }
  secOpt('SeccompProfile', 'seccomp=');
  for (const e of all(ctx, 'DropCapability')) {
    for (const c of splitWords(e.value)) a.push('--cap-drop', c.toLowerCase());
  }
  for (const e of all(ctx, 'AddCapability')) for (const c of splitWords(e.value)) a.push('--cap-add', c.toLowerCase());
  for (const e of all(ctx, 'Sysctl')) for (const w of splitWords(e.value)) a.push('--sysctl', w);
  const ro = bool(get(ctx, 'ReadOnly'));
  if (ro === true) a.push('--read-only');
  else if (ro === false) a.push('--read-only=false');
  if (user?.value) a.push('--user', group?.value ? `${user.value}:${group.value}` : user.value);
  remapUsers(ctx, a);
  one('UserNS', '--userns');
  each('UIDMap', '--uidmap');
  each('GIDMap', '--gidmap');
  one('SubUIDMap', '--subuidname');
  one('SubGIDMap', '--subgidname');
  if (bool(get(ctx, 'VolatileTmp'))) a.push('--tmpfs', '/tmp:rw,size=512M,mode=1777');
  for (const e of all(ctx, 'Volume')) a.push('-v', await resolveVolume(ctx, out, e, mountsFor));
  const au = get(ctx, 'AutoUpdate');
  if (au?.value) a.push('--label', `io.containers.autoupdate=${au.value}`);
  each('ExposeHostPort', '--expose');
  each('PublishPort', '--publish');
  for (const kv of keyValues(ctx, 'Environment')) a.push('--env', kv);
  for (const kv of keyValues(ctx, 'Label')) a.push('--label', kv);
  for (const kv of keyValues(ctx, 'Annotation')) a.push('--annotation', kv);
  secOpt('Mask', 'mask=');
  secOpt('Unmask', 'unmask=');
  for (const e of all(ctx, 'EnvironmentFile')) a.push('--env-file', absPath(ctx, e.value));
  each('Secret', '--secret');
  for (const e of all(ctx, 'Mount')) a.push('--mount', await resolveMount(ctx, out, e, mountsFor));
  const pod = get(ctx, 'Pod');
  if (pod?.value) {
    if (!pod.value.endsWith('.pod')) throw new GeneratorError(`pod ${pod.value} is not Quadlet based`, pod);
    const m = await loadRef(ctx, pod.value);
    if (!m) throw new GeneratorError(`quadlet pod unit ${pod.value} does not exist`, pod);
    const svc = serviceNameOf(m, ctx.version);
    out.add('Unit', 'BindsTo', `${svc}.service`);
    out.add('Unit', 'After', `${svc}.service`);
    if (byName(ctx)) a.push('--pod', resourceNameOf(m, ctx.version));
    else a.push('--pod-id-file', `%t/${svc}.pod-id`);
  }
  for (const [k, f] of [
    ['HealthCmd', '--health-cmd'],
    ['HealthInterval', '--health-interval'],
    ['HealthOnFailure', '--health-on-failure'],
    ['HealthLogDestination', '--health-log-destination'],
    ['HealthMaxLogCount', '--health-max-log-count'],
    ['HealthMaxLogSize', '--health-max-log-size'],
    ['HealthRetries', '--health-retries'],
    ['HealthStartPeriod', '--health-start-period'],
    ['HealthTimeout', '--health-timeout'],
    ['HealthStartupCmd', '--health-startup-cmd'],
    ['HealthStartupInterval', '--health-startup-interval'],
    ['HealthStartupRetries', '--health-startup-retries'],
    ['HealthStartupSuccess', '--health-startup-success'],
    ['HealthStartupTimeout', '--health-startup-timeout'],
  ]) {
    one(k, f);
  }
  a.push(...podmanArgs(ctx));
  if (imageName) a.push(imageName);
  else if (rootfs) a.push('--rootfs', rootfs.value);
  const exec = get(ctx, 'Exec');
  if (exec?.value) a.push(...splitWords(exec.value));
  for (const p of mountsFor) out.add('Unit', 'RequiresMountsFor', p);
  out.add('Service', 'ExecStart', joinArgs(a));
  const self = resourceNameOf(ctx.model, ctx.version);
  if (reloadCmd?.value) {
    out.add(
      'Service',
      'ExecReload',
      joinArgs([
        ...prefix,
        'exec',
        ...(byName(ctx) ? [self] : ['--cidfile=%t/%N.cid']),
        ...splitWords(reloadCmd.value),
      ]),
    );
  }
  if (reloadSignal?.value) {
    out.add(
      'Service',
      'ExecReload',
      joinArgs([
        ...prefix,
        'kill',
        ...(byName(ctx)
          ? ['--signal', reloadSignal.value, self]
          : ['--cidfile=%t/%N.cid', '--signal', reloadSignal.value]),
      ]),
    );
  }
}

/** The deprecated RemapUsers= family, as generators before 6.0 translate it. */
function remapUsers(ctx: Ctx, a: string[]) {
  const mode = get(ctx, 'RemapUsers');
  const uids = all(ctx, 'RemapUid');
  const gids = all(ctx, 'RemapGid');
  const size = get(ctx, 'RemapUidSize');
  const anyRemap = mode?.value || uids.length || gids.length || size?.value;
  if (!anyRemap) return;
  const explicit = ['UserNS', 'UIDMap', 'GIDMap', 'SubUIDMap', 'SubGIDMap']
    .map((k) => get(ctx, k))
    .find((e) => e?.value);
  if (explicit) throw new GeneratorError('deprecated Remap keys are set along with explicit mapping keys', explicit);
  if (!mode?.value) {
    if (uids.length) throw new GeneratorError('UidMap set without RemapUsers', uids[0]);
    if (gids.length) throw new GeneratorError('GidMap set without RemapUsers', gids[0]);
    return;
  }
  switch (mode.value) {
    case 'manual':
      for (const u of uids) a.push('--uidmap', u.value);
      for (const g of gids) a.push('--gidmap', g.value);
      break;
    case 'auto': {
      const opts = [
        ...uids.map((u) => `uidmapping=${u.value}`),
        ...gids.map((g) => `gidmapping=${g.value}`),
        ...(size?.value ? [`size=${size.value}`] : []),
      ];
      a.push('--userns', opts.length ? `auto:${opts.join(',')}` : 'auto');
      break;
    }
    case 'keep-id': {
      const opts = [...(uids[0] ? [`uid=${uids[0].value}`] : []), ...(gids[0] ? [`gid=${gids[0].value}`] : [])];
      a.push('--userns', opts.length ? `keep-id:${opts.join(',')}` : 'keep-id');
      break;
    }
    default:
      throw new GeneratorError(`unsupported RemapUsers option '${mode.value}'`, mode);
  }
}

async function genVolume(ctx: Ctx, out: ServiceFile) {
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const a = [...podmanPrefix(ctx), 'volume', 'create', '--ignore'];
  const driver = get(ctx, 'Driver');
  if (driver?.value) a.push('--driver', driver.value);
  const uid = get(ctx, 'UID');
  if (uid?.value) a.push('--uid', uid.value);
  const gid = get(ctx, 'GID');
  if (gid?.value) a.push('--gid', gid.value);
  const copy = bool(get(ctx, 'Copy'));
  // Copying is Podman's default: only turning it off shows up on the command line.
  if (copy === false) a.push('--opt', 'nocopy');
  const device = get(ctx, 'Device');
  if (device?.value) a.push('--opt', `device=${device.value}`);
  const type = get(ctx, 'Type');
  if (type?.value) a.push('--opt', `type=${type.value}`);
  const o: string[] = [];
  const u = get(ctx, 'User');
  if (u?.value) o.push(`uid=${u.value}`);
  const g = get(ctx, 'Group');
  if (g?.value) o.push(`gid=${g.value}`);
  const opts = get(ctx, 'Options');
  if (opts?.value) o.push(opts.value);
  if (o.length) a.push('--opt', `o=${o.join(',')}`);
  const img = get(ctx, 'Image');
  // Image= only means something with Driver=image; the generator ignores it otherwise.
  if (img?.value && driver?.value === 'image') a.push('--opt', `image=${await resolveImageRef(ctx, out, img)}`);
  for (const kv of keyValues(ctx, 'Label')) a.push('--label', kv);
  a.push(...podmanArgs(ctx), resourceNameOf(ctx.model, ctx.version));
  out.add('Service', 'ExecStart', joinArgs(a));
  oneshot(out, true);
}

function oneshot(out: ServiceFile, remain: boolean) {
  out.add('Service', 'SyslogIdentifier', '%N');
  if (!out.has('Service', 'Type')) out.add('Service', 'Type', 'oneshot');
  if (remain && !out.has('Service', 'RemainAfterExit')) out.add('Service', 'RemainAfterExit', 'yes');
}

async function genNetwork(ctx: Ctx, out: ServiceFile) {
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const prefix = podmanPrefix(ctx);
  const a = [...prefix, 'network', 'create', '--ignore'];
  if (bool(get(ctx, 'DisableDNS'))) a.push('--disable-dns');
  if (bool(get(ctx, 'Internal'))) a.push('--internal');
  if (bool(get(ctx, 'IPv6'))) a.push('--ipv6');
  for (const [k, f] of [
    ['Driver', '--driver'],
    ['IPAMDriver', '--ipam-driver'],
    ['InterfaceName', '--interface-name'],
  ]) {
    const e = get(ctx, k);
    if (e?.value) a.push(f, e.value);
  }
  for (const e of all(ctx, 'DNS')) a.push('--dns', e.value);
  const subnets = all(ctx, 'Subnet');
  const gateways = all(ctx, 'Gateway');
  const ranges = all(ctx, 'IPRange');
  if (!subnets.length && (gateways.length || ranges.length)) {
    throw new GeneratorError('cannot set gateway or range without subnet', gateways[0] ?? ranges[0]);
  }
  if (gateways.length > subnets.length) {
    throw new GeneratorError('cannot set more gateways than subnets', gateways[subnets.length]);
  }
  if (ranges.length > subnets.length) {
    throw new GeneratorError('cannot set more ranges than subnets', ranges[subnets.length]);
  }
  subnets.forEach((s, i) => {
    a.push('--subnet', s.value);
    if (gateways[i]) a.push('--gateway', gateways[i].value);
    if (ranges[i]) a.push('--ip-range', ranges[i].value);
  });
  for (const e of all(ctx, 'Options')) a.push('--opt', e.value);
  for (const kv of keyValues(ctx, 'Label')) a.push('--label', kv);
  const name = resourceNameOf(ctx.model, ctx.version);
  a.push(...podmanArgs(ctx), name);
  out.add('Service', 'ExecStart', joinArgs(a));
  if (bool(get(ctx, 'NetworkDeleteOnStop'))) {
    out.add('Service', 'ExecStopPost', joinArgs([...prefix, 'network', 'rm', name]));
  }
  oneshot(out, true);
}

async function genImage(ctx: Ctx, out: ServiceFile) {
  const image = get(ctx, 'Image');
  if (!image?.value) {
    throw new GeneratorError(
      'no Image key specified',
      undefined,
      ctx.model.main.ast.sections.find((s) => s.name === 'Image')?.nameRange.start.line,
    );
  }
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const a = [...podmanPrefix(ctx), 'image', 'pull'];
  for (const [k, f] of [
    ['DecryptionKey', '--decryption-key'],
    ['OS', '--os'],
    ['Variant', '--variant'],
    ['Arch', '--arch'],
    ['AuthFile', '--authfile'],
    ['CertDir', '--cert-dir'],
    ['Creds', '--creds'],
    ['Policy', '--policy'],
    ['Retry', '--retry'],
    ['RetryDelay', '--retry-delay'],
  ]) {
    const e = get(ctx, k);
    if (e?.value) a.push(f, k === 'AuthFile' || k === 'CertDir' ? absPath(ctx, e.value) : e.value);
  }
  for (const [k, f] of [
    ['AllTags', '--all-tags'],
    ['TLSVerify', '--tls-verify'],
  ]) {
    const b = bool(get(ctx, k));
    if (b !== undefined) a.push(`${f}=${b}`);
  }
  a.push(...podmanArgs(ctx), image.value);
  out.add('Service', 'ExecStart', joinArgs(a));
  oneshot(out, true);
}

async function genArtifact(ctx: Ctx, out: ServiceFile) {
  const art = get(ctx, 'Artifact');
  if (!art?.value) {
    throw new GeneratorError(
      'no Artifact key specified',
      undefined,
      ctx.model.main.ast.sections.find((s) => s.name === 'Artifact')?.nameRange.start.line,
    );
  }
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const a = [...podmanPrefix(ctx), 'artifact', 'pull'];
  for (const [k, f] of [
    ['AuthFile', '--authfile'],
    ['CertDir', '--cert-dir'],
    ['Creds', '--creds'],
    ['DecryptionKey', '--decryption-key'],
    ['Retry', '--retry'],
    ['RetryDelay', '--retry-delay'],
  ]) {
    const e = get(ctx, k);
    if (e?.value) a.push(f, e.value);
  }
  if (bool(get(ctx, 'Quiet'))) a.push('--quiet');
  const tls = bool(get(ctx, 'TLSVerify'));
  if (tls !== undefined) a.push(`--tls-verify=${tls}`);
  a.push(...podmanArgs(ctx), art.value);
  out.add('Service', 'ExecStart', joinArgs(a));
  oneshot(out, true);
}

async function genBuild(ctx: Ctx, out: ServiceFile) {
  const tags = all(ctx, 'ImageTag');
  const sectionLine = ctx.model.main.ast.sections.find((s) => s.name === 'Build')?.nameRange.start.line;
  if (!tags.length) throw new GeneratorError('no ImageTag key specified', undefined, sectionLine);
  const file = get(ctx, 'File');
  const swd = get(ctx, 'SetWorkingDirectory');
  const serviceWd = lookupLast(ctx.model, 'Service', 'WorkingDirectory');
  if (!file?.value && !swd?.value && !serviceWd?.value) {
    throw new GeneratorError('neither SetWorkingDirectory, nor File key specified', undefined, sectionLine);
  }
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const a = [...podmanPrefix(ctx), 'build'];
  const pull = get(ctx, 'Pull');
  if (pull?.value) a.push(`--pull=${pull.value}`);
  for (const [k, f] of [
    ['Arch', '--arch'],
    ['AuthFile', '--authfile'],
    ['Target', '--target'],
    ['Variant', '--variant'],
    ['Retry', '--retry'],
    ['RetryDelay', '--retry-delay'],
    ['IgnoreFile', '--ignorefile'],
  ]) {
    const e = get(ctx, k);
    if (e?.value) a.push(f, e.value);
  }
  for (const [k, f] of [
    ['TLSVerify', '--tls-verify'],
    ['ForceRM', '--force-rm'],
  ]) {
    const b = bool(get(ctx, k));
    if (b !== undefined) a.push(`${f}=${b}`);
  }
  for (const [k, f] of [
    ['DNS', '--dns'],
    ['DNSOption', '--dns-option'],
    ['DNSSearch', '--dns-search'],
    ['GroupAdd', '--group-add'],
  ]) {
    for (const e of all(ctx, k)) a.push(f, e.value);
  }
  for (const t of tags) a.push('--tag', t.value);
  for (const kv of keyValues(ctx, 'Annotation')) a.push('--annotation', kv);
  for (const kv of keyValues(ctx, 'Environment')) a.push('--env', kv);
  for (const kv of keyValues(ctx, 'Label')) a.push('--label', kv);
  for (const kv of keyValues(ctx, 'BuildArg')) a.push('--build-arg', kv);
  for (const e of all(ctx, 'Network')) a.push('--network', await resolveNetwork(ctx, out, e, false));
  for (const e of all(ctx, 'Secret')) a.push('--secret', e.value);
  for (const e of all(ctx, 'Volume')) a.push('-v', await resolveVolume(ctx, out, e, []));
  if (file?.value) a.push('--file', file.value);
  a.push(...podmanArgs(ctx));
  if (swd?.value && !serviceWd?.value) {
    if (swd.value === 'unit') out.add('Service', 'WorkingDirectory', posix.dirname(ctx.model.path));
    else if (swd.value === 'file') {
      if (!file?.value) throw new GeneratorError('no File key specified', swd);
      const dir = posix.dirname(absPath(ctx, file.value));
      out.add('Service', 'WorkingDirectory', dir);
      a.push(dir); // the file's folder is also passed as the build context
    } else a.push(swd.value);
  }
  out.add('Service', 'ExecStart', joinArgs(a));
  oneshot(out, false);
}

async function genKube(ctx: Ctx, out: ServiceFile) {
  // Several Yaml= files arrived with 5.7 (estimated); before, the last one wins.
  const yamls = atLeast(ctx, '5.7') ? all(ctx, 'Yaml') : all(ctx, 'Yaml').slice(-1);
  if (!yamls.length) {
    throw new GeneratorError(
      'no Yaml key specified',
      undefined,
      ctx.model.main.ast.sections.find((s) => s.name === 'Kube')?.nameRange.start.line,
    );
  }
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const prefix = podmanPrefix(ctx);
  out.add('Service', 'KillMode', 'mixed');
  out.add('Service', 'Environment', 'PODMAN_SYSTEMD_UNIT=%n');
  if (!out.has('Service', 'Type')) out.add('Service', 'Type', 'notify');
  out.add('Service', 'NotifyAccess', 'all');
  out.add('Service', 'SyslogIdentifier', '%N');
  const a = [...prefix, 'kube', 'play', '--replace', '--service-container=true'];
  const ecp = get(ctx, 'ExitCodePropagation');
  if (ecp?.value) a.push(`--service-exit-code-propagation=${ecp.value}`);
  const ld = get(ctx, 'LogDriver');
  if (ld?.value) a.push('--log-driver', ld.value);
  const ns = get(ctx, 'UserNS');
  if (ns?.value) a.push('--userns', ns.value);
  for (const e of all(ctx, 'Network')) a.push('--network', await resolveNetwork(ctx, out, e, false));
  const au = get(ctx, 'AutoUpdate');
  if (au?.value) a.push(`--annotation=io.containers.autoupdate=${au.value}`);
  for (const e of all(ctx, 'ConfigMap')) a.push('--configmap', absPath(ctx, e.value));
  for (const e of all(ctx, 'PublishPort')) a.push('--publish', e.value);
  a.push(...podmanArgs(ctx));
  const paths = yamls.map((y) => absPath(ctx, y.value));
  a.push(...paths);
  out.add('Service', 'ExecStart', joinArgs(a));
  const down = [...prefix, 'kube', 'down'];
  if (bool(get(ctx, 'KubeDownForce'))) down.push('--force');
  out.add('Service', 'ExecStopPost', joinArgs([...down, ...paths]));
  const swd = get(ctx, 'SetWorkingDirectory');
  if (swd?.value && !lookupLast(ctx.model, 'Service', 'WorkingDirectory')?.value) {
    if (swd.value === 'yaml') {
      if (paths.length > 1) {
        throw new GeneratorError('SetWorkingDirectory=yaml is only supported when a single Yaml key is provided', swd);
      }
      out.add('Service', 'WorkingDirectory', posix.dirname(paths[0]));
    } else if (swd.value === 'unit') out.add('Service', 'WorkingDirectory', posix.dirname(ctx.model.path));
    else throw new GeneratorError(`unsupported value for WorkingDirectory: ${swd.value} `, swd); // (sic: the generator's wording)
  }
}

async function genPod(ctx: Ctx, out: ServiceFile) {
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const prefix = podmanPrefix(ctx);
  // Containers that join this pod and start with it.
  const me = ctx.model.name;
  for (const u of await listUnitFiles([posix.dirname(ctx.model.path), ...ctx.searchDirs], ctx.files)) {
    if (u.type !== 'container') continue;
    let text: string | undefined;
    try {
      text = ctx.overrides.get(u.path) ?? (await ctx.files.readFile(u.path));
    } catch {
      text = undefined;
    }
    if (!text || !text.includes(me)) continue;
    const m = await loadUnit(u.path, text, ctx.files, { searchDirs: ctx.searchDirs, overrides: ctx.overrides });
    if (!m || lookupLast(m, 'Container', 'Pod')?.value !== me) continue;
    if (bool(lookupLast(m, 'Container', 'StartWithPod')) === false) continue;
    out.add('Unit', 'Wants', `${serviceNameOf(m, ctx.version)}.service`);
    out.add('Unit', 'Before', `${serviceNameOf(m, ctx.version)}.service`);
  }
  out.add('Service', 'SyslogIdentifier', '%N');
  const name = resourceNameOf(ctx.model, ctx.version);
  const stopTime = get(ctx, 'StopTimeout')?.value || '10';
  const exitPolicy = get(ctx, 'ExitPolicy')?.value || 'stop';
  let a: string[];
  if (byName(ctx)) {
    out.add('Service', 'ExecStart', joinArgs([...prefix, 'pod', 'start', name]));
    out.add('Service', 'ExecStop', joinArgs([...prefix, 'pod', 'stop', '--ignore', `--time=${stopTime}`, name]));
    out.add('Service', 'ExecStopPost', joinArgs([...prefix, 'pod', 'rm', '--ignore', '--force', name]));
    a = [...prefix, 'pod', 'create', '--infra-conmon-pidfile=%t/%N.pid', '--replace', '--exit-policy', exitPolicy];
  } else {
    out.add('Service', 'ExecStart', joinArgs([...prefix, 'pod', 'start', '--pod-id-file=%t/%N.pod-id']));
    out.add(
      'Service',
      'ExecStop',
      joinArgs([...prefix, 'pod', 'stop', '--pod-id-file=%t/%N.pod-id', '--ignore', `--time=${stopTime}`]),
    );
    out.add(
      'Service',
      'ExecStopPost',
      joinArgs([...prefix, 'pod', 'rm', '--pod-id-file=%t/%N.pod-id', '--ignore', '--force']),
    );
    a = [
      ...prefix,
      'pod',
      'create',
      '--infra-conmon-pidfile=%t/%N.pid',
      '--pod-id-file=%t/%N.pod-id',
      `--exit-policy=${exitPolicy}`,
      '--replace',
    ];
  }
  for (const [k, f] of [['UserNS', '--userns']]) {
    const e = get(ctx, k);
    if (e?.value) a.push(f, e.value);
  }
  for (const e of all(ctx, 'UIDMap')) a.push('--uidmap', e.value);
  for (const e of all(ctx, 'GIDMap')) a.push('--gidmap', e.value);
  for (const [k, f] of [
    ['SubUIDMap', '--subuidname'],
    ['SubGIDMap', '--subgidname'],
  ]) {
    const e = get(ctx, k);
    if (e?.value) a.push(f, e.value);
  }
  for (const e of all(ctx, 'PublishPort')) a.push('--publish', e.value);
  for (const e of all(ctx, 'Network')) a.push('--network', await resolveNetwork(ctx, out, e, false));
  for (const [k, f] of [
    ['IP', '--ip'],
    ['IP6', '--ip6'],
    ['ShmSize', '--shm-size'],
    ['HostName', '--hostname'],
  ]) {
    const e = get(ctx, k);
    if (e?.value) a.push(f, e.value);
  }
  for (const [k, f] of [
    ['DNS', '--dns'],
    ['DNSOption', '--dns-option'],
    ['DNSSearch', '--dns-search'],
    ['AddHost', '--add-host'],
    ['NetworkAlias', '--network-alias'],
  ]) {
    for (const e of all(ctx, k)) a.push(f, e.value);
  }
  for (const kv of keyValues(ctx, 'Label')) a.push('--label', kv);
  for (const e of all(ctx, 'Volume')) a.push('-v', await resolveVolume(ctx, out, e, []));
  a.push('--infra-name', `${name}-infra`, '--name', name, ...podmanArgs(ctx));
  out.add('Service', 'ExecStartPre', joinArgs(a));
  out.add('Service', 'Environment', 'PODMAN_SYSTEMD_UNIT=%n');
  if (!out.has('Service', 'Type')) out.add('Service', 'Type', 'forking');
  if (!out.has('Service', 'Restart')) out.add('Service', 'Restart', 'on-failure');
  out.add('Service', 'PIDFile', '%t/%N.pid');
}

/** Generates the service text of a loaded unit model. */
export async function generateService(
  model: UnitModel,
  opts: {
    files: FileAccess;
    podmanVersion?: string;
    searchDirs?: string[];
    user?: boolean;
    podmanPath?: string;
    siblings?: Map<string, { path: string; text: string }>;
    overrides?: Map<string, string>;
  },
): Promise<PreviewResult> {
  const ctx: Ctx = {
    model,
    version: opts.podmanVersion || LATEST_MODELLED_VERSION,
    files: opts.files,
    searchDirs: opts.searchDirs ?? [],
    user: !!opts.user,
    podman: opts.podmanPath ?? '/usr/bin/podman',
    siblings: opts.siblings ?? new Map(),
    overrides: opts.overrides ?? new Map(),
    visiting: new Set([model.path]),
  };
  const serviceName = `${serviceNameOf(model, ctx.version)}.service`;
  try {
    if (compareVersions(ctx.version, TYPE_SINCE[model.type]) < 0) {
      throw new GeneratorError(
        `.${model.type} units are not supported by Podman ${ctx.version} (they arrived in ${TYPE_SINCE[model.type]}); the generator ignores this file`,
      );
    }
    checkSupported(ctx);
    const out = new ServiceFile();
    copySections(ctx, out);
    await addDefaultDeps(ctx, out);
    await translateUnitDeps(ctx, out);
    out.add('Unit', 'SourcePath', model.path);
    switch (model.type) {
      case 'container':
        await genContainer(ctx, out);
        break;
      case 'volume':
        await genVolume(ctx, out);
        break;
      case 'network':
        await genNetwork(ctx, out);
        break;
      case 'image':
        await genImage(ctx, out);
        break;
      case 'build':
        await genBuild(ctx, out);
        break;
      case 'kube':
        await genKube(ctx, out);
        break;
      case 'pod':
        await genPod(ctx, out);
        break;
      case 'artifact':
        await genArtifact(ctx, out);
        break;
    }
    return { ok: true, unitText: out.render(), serviceName };
  } catch (err) {
    if (err instanceof GeneratorError) {
      const line = err.entry ? lineOf(err.entry) : (err.lineHint ?? 0) + 1;
      const path = err.entry?.source && err.entry.source !== model.path ? err.entry.source : undefined;
      return { ok: false, errors: [{ message: err.message, line, ...(path ? { path } : {}) }] };
    }
    throw err;
  }
}

/**
 * Computes the service Quadlet would generate for the unit at `path` with content `text`,
 * merging its drop-ins and reading referenced units through `files`. A `.quadlets` file
 * previews `unitName`, or its first unit.
 */
export async function previewUnit(input: PreviewInput): Promise<PreviewResult> {
  try {
    const { path, text, files } = input;
    const searchDirs = input.searchDirs ?? [];
    const common = {
      files,
      podmanVersion: input.podmanVersion,
      searchDirs,
      user: input.user,
      podmanPath: input.podmanPath,
      overrides: input.overrides,
    };
    if (path.endsWith('.quadlets')) {
      const units = quadletsUnits(path, text);
      const siblings = new Map<string, { path: string; text: string }>();
      for (const u of units) {
        if (u.model) siblings.set(u.model.name, { path: u.model.path, text: u.part.lines.join('\n') });
      }
      const wanted = input.unitName;
      const first = units.find((u) => u.model && (!wanted || u.model.name === wanted || u.part.fileName === wanted));
      if (!first?.model) {
        const names = units.flatMap((u) => (u.model ? [u.model.name] : []));
        const message = wanted
          ? `no unit named ${wanted} in this file (it has ${names.join(', ') || 'none'})`
          : 'no unit with a `# FileName=` comment and a Quadlet section found';
        return { ok: false, errors: [{ message, line: 1 }] };
      }
      return await generateService(first.model, { ...common, siblings });
    }
    const kind = classifyPath(path);
    if (kind?.kind === 'dropin' && kind.target.includes('.')) {
      // A drop-in previews the unit it belongs to, with the drop-in's current text.
      const unitPath = posix.join(kind.dir, kind.target);
      const unitText = input.overrides?.get(unitPath) ?? (await files.readFile(unitPath));
      if (unitText === undefined) {
        return { ok: false, errors: [{ message: `the unit ${kind.target} of this drop-in was not found`, line: 1 }] };
      }
      const overrides = new Map(input.overrides ?? []);
      overrides.set(path, text);
      const unit = await loadUnit(unitPath, unitText, files, { searchDirs, overrides });
      if (unit && !unit.dropIns.some((d) => d.path === path)) {
        return { ok: false, errors: [{ message: 'this drop-in is not applied to its unit', line: 1 }] };
      }
      return await generateService(unit!, { ...common, overrides });
    }
    const model = await loadUnit(path, text, files, { searchDirs, overrides: input.overrides });
    if (!model) {
      return {
        ok: false,
        errors: [
          {
            message: `${posix.basename(path)} is not a Quadlet unit file (expected one of .container, .pod, .volume, .network, .kube, .image, .build, .artifact)`,
            line: 1,
          },
        ],
      };
    }
    return await generateService(model, common);
  } catch (err) {
    return {
      ok: false,
      errors: [{ message: `internal error: ${err instanceof Error ? err.message : String(err)}`, line: 1 }],
    };
  }
}
