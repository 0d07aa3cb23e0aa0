// The attach request's steps: a short-lived "debug sidecar" container joins the target's PID
// namespace and runs the debugger; the target is not modified and keeps running after the
// session. The pipeline that runs these steps is ./backend.ts. No vscode import.
import { ensureBaseImage, tarBuffer } from '../../podman/archive';
import type { PodmanClient } from '../../podman/client';
import { execCollect } from '../../podman/exec';
import type { ContainerInspect } from '../../podman/inspect';
import { SIDECAR_LABEL, SIDECAR_TARGET_LABEL } from '../../podman/labels';
import { listProcesses, mainProcess, type ProcessRow } from '../../podman/processes';
import {
  startBackend,
  type Checked,
  type DebugBackend,
  type DebugContainer,
  type DebuggerStart,
  type Found,
  type Program,
  type Ready,
  type RequestSteps,
  type StepContext,
} from './backend';
import type { PodmanDebugConfig } from './config';
import { debuggerImageFor, lldbServerFor } from './debuggers';
import { isElf } from './elf';
import type { Engine } from './engines';
import { DebugSetupError, notFound, type BackendOptions } from './errors';
import { preflight, type Preflight } from './preflight';
import { imageTools, PW, toolMounts, type Tools } from './tools';

/** The sidecar's image when the host's /usr is mounted: directories and links into /usr. */
export const BASE_IMAGE = 'localhost/podman-workbench-debug-base:1';

interface Inspected {
  inspect: ContainerInspect;
  id: string;
  name: string;
  pre: Preflight;
}

interface Target extends Inspected {
  process: ProcessRow;
  sidecarName: string;
}

async function inspectTarget({ client, cfg, options }: Omit<StepContext, 'delivery'>): Promise<Inspected> {
  const target = cfg.container!;
  options.progress?.(`Inspecting ${target}`);
  let inspect: ContainerInspect;
  try {
    inspect = await client.inspectContainer(target);
  } catch (e) {
    if (notFound(e)) {
      throw new DebugSetupError(
        `Container "${target}" does not exist (any more).`,
        'Pick a running container: run "Podman: Debug..." on it in the Containers view.',
      );
    }
    throw e;
  }
  const name = (inspect.Name ?? target).replace(/^\//, '');
  const pre = preflight(inspect, { request: 'attach', debugger: 'delve', ptraceScope: options.ptraceScope });
  if (pre.errors.length) throw new DebugSetupError(pre.errors[0]);
  return { inspect, id: inspect.Id, name, pre };
}

function chooseProcess(cfg: PodmanDebugConfig, rows: ProcessRow[], name: string): ProcessRow {
  const chosen = cfg.processId !== undefined ? rows.find((r) => r.pid === cfg.processId) : mainProcess(rows);
  if (chosen) return chosen;
  const list = rows.map((r) => `${r.pid} ${r.command}`).join('; ');
  throw new DebugSetupError(
    cfg.processId !== undefined
      ? `Process ${cfg.processId} is not running in container ${name}.`
      : `Container ${name} has no process to attach to.`,
    list ? `Running there: ${list}.` : undefined,
  );
}

/** The target's processes (and the base image, host delivery); stale sidecars of the target go first. */
async function prepare({ client, cfg, delivery }: StepContext, inspected: Inspected): Promise<Target> {
  const [rows] = await Promise.all([
    listProcesses(client, inspected.id),
    delivery === 'host'
      ? ensureBaseImage(client, BASE_IMAGE, { dirs: [PW], label: `${SIDECAR_LABEL}=base` })
      : undefined,
  ]);
  const process = chooseProcess(cfg, rows, inspected.name);
  // Stale sidecars of this target (a previous window that died).
  const stale = await client.listContainers({ label: [`${SIDECAR_TARGET_LABEL}=${inspected.id}`] }).catch(() => []);
  await Promise.all(stale.map((s) => client.removeContainer(s.id, { force: true }).catch(() => undefined)));
  const sidecarName = `${inspected.name}-debug-${Math.random().toString(36).slice(2, 8)}`;
  return { ...inspected, process, sidecarName };
}

/** The sidecar: the target's PID namespace, no network, CAP_SYS_PTRACE, the debugger's files. */
async function createSidecar(
  { client, cfg, options, timings }: StepContext,
  target: Target,
  engine: Engine | undefined,
): Promise<DebugContainer> {
  options.progress?.('Starting the debug sidecar');
  let tools: Tools;
  let debuggerImage: string | undefined;
  if (engine) {
    const { plan, ms } = await debuggerImageFor(client, engine, cfg, options);
    timings.debuggerImage = (timings.debuggerImage ?? 0) + ms;
    debuggerImage = plan.image;
    tools = imageTools(plan, options);
  } else {
    // Both engines' binaries may be needed before we know which one: mount any candidate outside /usr.
    tools = toolMounts(
      '/usr',
      [cfg.dlvPath, cfg.lldbPath].filter((p): p is string => !!p),
      options,
    );
  }
  const id = await client.createContainer({
    name: target.sidecarName,
    image: debuggerImage ?? BASE_IMAGE,
    // The bridge's watchdog: the sidecar ends by itself once no debugger has run in it for 3 s.
    command: [tools.at(options.nodePath), tools.at(options.bridgeScript), 'hold'],
    env: { ELECTRON_RUN_AS_NODE: '1' },
    pidns: { nsmode: 'container', value: target.id },
    netns: { nsmode: 'none' },
    mounts: tools.mounts,
    cap_add: ['SYS_PTRACE'],
    labels: { [SIDECAR_LABEL]: 'sidecar', [SIDECAR_TARGET_LABEL]: target.id },
    remove: true,
  });
  const remove = (): Promise<void> => client.removeContainer(id, { force: true }).catch(() => undefined);
  try {
    await client.containerAction(id, 'start');
  } catch (e) {
    await remove();
    throw e;
  }
  return { id, name: target.sidecarName, tools, debuggerImage, remove };
}

/** The process's program, read through /proc from the sidecar (same PID namespace). */
async function readProgram(
  { client, options }: StepContext,
  target: Target,
  sidecar: DebugContainer,
): Promise<Program> {
  const { pid, command } = target.process;
  options.progress?.(`Reading the program of process ${pid}`);
  const [link, bin] = await Promise.all([
    execCollect(client, sidecar.id, ['/usr/bin/readlink', `/proc/${pid}/exe`]),
    execCollect(client, sidecar.id, ['/usr/bin/cat', `/proc/${pid}/exe`], 60_000),
  ]);
  const path =
    link.exitCode === 0
      ? link.stdout
          .toString('utf8')
          .trim()
          .replace(/ \(deleted\)$/, '') || undefined
      : undefined;
  if (bin.exitCode !== 0 || !isElf(bin.stdout)) {
    throw new DebugSetupError(`Process ${pid} (${command}) in ${target.name} is gone or its program cannot be read.`);
  }
  return { path, bytes: bin.stdout };
}

/** The target was checked when inspected; a program without debug information gets a note. */
async function check(_ctx: StepContext, found: Found<Target, Tools>): Promise<Checked> {
  const { target, analysis, engine, program } = found;
  const notes = [...target.pre.notes];
  if (analysis && !analysis.hasDebugInfo) {
    const flags = engine.kind === 'delve' ? "-gcflags='all=-N -l'" : '-g';
    notes.push(
      `${program.path ?? 'The program'} has no debug information: breakpoints will not bind. Build it with ${flags} and without stripping.`,
    );
  }
  return { preflight: target.pre, notes, mounts: target.inspect.Mounts ?? [] };
}

async function debuggerStart(ctx: StepContext, ready: Ready<Target, Tools>): Promise<DebuggerStart> {
  const { client, cfg, options, delivery } = ctx;
  const { target, container, engine, program, debuggerPath } = ready;
  const pid = target.process.pid;
  if (engine.kind === 'lldb' && program.path && !program.path.startsWith('/usr/')) {
    // lldb-server resolves /proc/PID/exe by path: make that path exist in the sidecar.
    const body = await tarBuffer([
      { name: program.path.replace(/^\/+/, ''), type: 'symlink', linkname: `/proc/${pid}/root${program.path}` },
    ]);
    await client.putArchive(container.id, '/', body);
  }
  const env = ['ELECTRON_RUN_AS_NODE=1'];
  if (delivery === 'image' && engine.kind === 'lldb') {
    const server = lldbServerFor(debuggerPath, options.localExists);
    if (server) env.push(`LLDB_DEBUGSERVER_PATH=${server}`);
  }
  return {
    env,
    requestArgs: engine.attachArgs({
      pid,
      program: engine.kind === 'lldb' ? program.path : undefined,
      stopOnEntry: cfg.stopOnEntry,
      initCommands: cfg.initCommands,
    }),
    describe: `${engine.label} for pid ${pid} (${program.path ?? '?'}) in ${target.name} via sidecar ${container.name}`,
  };
}

export const ATTACH: RequestSteps<Inspected, Target, Tools> = {
  inspect: inspectTarget,
  prepare,
  createContainer: createSidecar,
  readProgram,
  preflight: check,
  debuggerStart,
  identity: ({ target, program }) => ({ containerId: target.id, pid: target.process.pid, exePath: program.path }),
};

/** Attaches to a process of a running container (cfg.container, cfg.processId). */
export function startAttach(
  client: PodmanClient,
  cfg: PodmanDebugConfig,
  options: BackendOptions,
): Promise<DebugBackend> {
  return startBackend(ATTACH, client, cfg, options);
}
