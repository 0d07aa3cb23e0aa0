// The `podman` debug configuration: its shape, defaults and validation. Pure (no vscode import):
// the configuration provider and the adapter both validate with it.
import { parsePortSpec, PORT_SPEC_FORM } from '../../podman/ports';
import type { DebuggerKind } from './analysis';

export interface MountSpec {
  source: string;
  destination: string;
  readOnly?: boolean;
}

export interface PodmanDebugConfig {
  type: 'podman';
  request: 'attach' | 'launch';
  name: string;
  /** attach: the container (name or id). launch: the name to give the new container (optional). */
  container?: string;
  /** attach: the process inside the container (its PID there); default the main process. */
  processId?: number;
  debugger?: 'auto' | DebuggerKind;
  /** Workspace directory the program's sources live in (default: the workspace folder). */
  localRoot?: string;
  /** Extra mappings [{localRoot, remoteRoot}]; automatic ones come from mounts and debug info. */
  pathMappings?: { localRoot: string; remoteRoot: string }[];
  /** Delve's own form of an override: [{from: local path, to: path in the program}]. */
  substitutePath?: { from: string; to: string }[];
  /** LLDB's own form of an override: [[path in the program, local path]]. */
  sourceMap?: [string, string][];
  stopOnEntry?: boolean;
  /** attach: follow the container's output into the Debug Console (default true). */
  followLogs?: boolean;
  // launch
  image?: string;
  /** launch: program and arguments inside the container (default: the image's entrypoint + command). */
  command?: string[];
  env?: Record<string, string>;
  mounts?: MountSpec[];
  /** launch: published ports, as `podman run -p` takes them: `[ip:][hostPort:]containerPort[/protocol]`. */
  ports?: string[];
  pod?: string;
  cwd?: string;
  /** LLDB: commands run before the target is created (e.g. settings). */
  initCommands?: string[];
  /** Debugger executable paths on the Podman host (defaults found under /usr). */
  dlvPath?: string;
  lldbPath?: string;
  /** How the debugger gets to the Podman host: its /usr ("host"), or an image built from this machine's debugger ("image"); "auto" picks "host" when the Podman host is this machine. */
  debuggerDelivery?: 'auto' | 'host' | 'image';
  preLaunchTask?: string;
  [key: string]: unknown;
}

export type ConfigCheck = { ok: true; config: PodmanDebugConfig } | { ok: false; error: string };

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);

type Bad = (attr: string, what: string) => ConfigCheck;

const bad: Bad = (attr, what) => ({ ok: false, error: `Podman debug configuration: "${attr}" must be ${what}.` });

/** Validates types and fills defaults; the message names the attribute and what it must be. */
export function checkConfig(raw: Record<string, unknown>, defaults: { localRoot?: string } = {}): ConfigCheck {
  if (raw.request !== 'attach' && raw.request !== 'launch') return bad('request', '"attach" or "launch"');
  const c = {
    ...raw,
    type: 'podman',
    name: isStr(raw.name) ? raw.name : `Podman: ${String(raw.request)}`,
  } as PodmanDebugConfig;
  const failed =
    checkChoices(c, defaults) ??
    checkPathMappings(c) ??
    checkValues(c) ??
    (c.request === 'attach' ? checkAttach(c) : checkLaunch(c));
  return failed ?? { ok: true, config: c };
}

/** The target and the debugger's choices of both requests (fills their defaults). */
function checkChoices(c: PodmanDebugConfig, defaults: { localRoot?: string }): ConfigCheck | undefined {
  if (c.container !== undefined && !isStr(c.container)) return bad('container', 'a container name or id (string)');
  if (c.processId !== undefined && c.processId !== null) {
    const n = typeof c.processId === 'string' && /^\d+$/.test(c.processId) ? Number(c.processId) : c.processId;
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) {
      return bad('processId', 'a positive integer (a PID inside the container)');
    }
    c.processId = n;
  } else delete c.processId;
  c.debugger ??= 'auto';
  if (!['auto', 'delve', 'lldb'].includes(c.debugger)) return bad('debugger', '"auto", "delve" or "lldb"');
  c.debuggerDelivery ??= 'auto';
  if (!['auto', 'host', 'image'].includes(c.debuggerDelivery)) {
    return bad('debuggerDelivery', '"auto", "host" or "image"');
  }
  if (c.localRoot !== undefined && !isStr(c.localRoot)) return bad('localRoot', 'a path (string)');
  c.localRoot ??= defaults.localRoot;
  return undefined;
}

/** The plain values of both requests. */
function checkValues(c: PodmanDebugConfig): ConfigCheck | undefined {
  for (const b of ['stopOnEntry', 'followLogs'] as const) {
    if (c[b] !== undefined && typeof c[b] !== 'boolean') return bad(b, 'true or false');
  }
  if (c.initCommands !== undefined && !isStrArray(c.initCommands)) return bad('initCommands', 'an array of strings');
  for (const p of ['dlvPath', 'lldbPath', 'cwd', 'pod', 'image'] as const) {
    if (c[p] !== undefined && !isStr(c[p])) return bad(p, 'a string');
  }
  return undefined;
}

/** pathMappings, and the debuggers' own override forms folded into it. */
function checkPathMappings(c: PodmanDebugConfig): ConfigCheck | undefined {
  if (
    c.pathMappings !== undefined &&
    !(Array.isArray(c.pathMappings) && c.pathMappings.every((m) => m && isStr(m.localRoot) && isStr(m.remoteRoot)))
  ) {
    return bad('pathMappings', 'an array of {"localRoot": string, "remoteRoot": string}');
  }
  if (c.substitutePath !== undefined) {
    if (!(Array.isArray(c.substitutePath) && c.substitutePath.every((m) => m && isStr(m.from) && isStr(m.to)))) {
      return bad('substitutePath', 'an array of {"from": local path, "to": path in the program}');
    }
    c.pathMappings = [
      ...(c.pathMappings ?? []),
      ...c.substitutePath.map((m) => ({ localRoot: m.from, remoteRoot: m.to })),
    ];
  }
  if (c.sourceMap !== undefined) {
    if (!(
      Array.isArray(c.sourceMap) &&
      c.sourceMap.every((m) => Array.isArray(m) && m.length === 2 && isStr(m[0]) && isStr(m[1]))
    )) {
      return bad('sourceMap', 'an array of ["path in the program", "local path"] pairs');
    }
    c.pathMappings = [
      ...(c.pathMappings ?? []),
      ...c.sourceMap.map(([remote, local]) => ({ localRoot: local, remoteRoot: remote })),
    ];
  }
  return undefined;
}

function checkAttach(c: PodmanDebugConfig): ConfigCheck | undefined {
  if (!c.container) {
    return {
      ok: false,
      error: 'Podman debug configuration: "container" is required for attach (a container name or id).',
    };
  }
  c.followLogs ??= true;
  return undefined;
}

function checkLaunch(c: PodmanDebugConfig): ConfigCheck | undefined {
  if (!c.image) return { ok: false, error: 'Podman debug configuration: "image" is required for launch.' };
  if (c.command !== undefined && !isStrArray(c.command)) {
    return bad('command', 'an array of strings (program and arguments, no shell)');
  }
  if (
    c.env !== undefined &&
    !(c.env && typeof c.env === 'object' && !Array.isArray(c.env) && Object.values(c.env).every(isStr))
  ) {
    return bad('env', 'an object of string values');
  }
  if (
    c.mounts !== undefined &&
    !(Array.isArray(c.mounts) && c.mounts.every((m) => m && isStr(m.source) && isStr(m.destination)))
  ) {
    return bad('mounts', 'an array of {"source": string, "destination": string}');
  }
  if (c.ports !== undefined) {
    const form = `an array of ${PORT_SPEC_FORM}, like ["8080:80", "127.0.0.1:9000:9000/tcp"]`;
    if (!isStrArray(c.ports)) return bad('ports', form);
    for (const p of c.ports) {
      try {
        parsePortSpec(p);
      } catch (e) {
        return bad('ports', `${form}: ${(e as Error).message}`);
      }
    }
  }
  c.followLogs ??= false;
  return undefined;
}
