// The launch request's steps: the session creates the program's container, with the debugger's
// files under /.pw-debug (./tools.ts), and removes it when the session ends. The pipeline that
// runs these steps is ./backend.ts. No vscode import.
import type { PodmanClient } from '../../podman/client';
import { execCollect } from '../../podman/exec';
import type { ImageInspect } from '../../podman/inspect';
import { SIDECAR_LABEL } from '../../podman/labels';
import { parsePortSpec, PortSpecError, type PortMappingSpec } from '../../podman/ports';
import type { ContainerCreateSpec } from '../../podman/spec';
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
import { preflight } from './preflight';
import { hostLaunchTools, imageLaunchTools, type LaunchTools } from './tools';

interface Target {
  image: ImageInspect;
  /** The program and its arguments (the configuration's, else the image's entrypoint and command). */
  command: string[];
  name: string;
}

async function inspectImage({ client, cfg }: Omit<StepContext, 'delivery'>): Promise<Target> {
  let image: ImageInspect;
  try {
    image = await client.inspectImage(cfg.image!);
  } catch (e) {
    if (notFound(e)) {
      throw new DebugSetupError(
        `Image "${cfg.image}" is not in the Podman store.`,
        'Build or pull it first (a preLaunchTask can do that).',
      );
    }
    throw e;
  }
  const command = cfg.command?.length
    ? cfg.command
    : [...(image.Config?.Entrypoint ?? []), ...(image.Config?.Cmd ?? [])];
  if (!command.length) {
    throw new DebugSetupError(
      `Image "${cfg.image}" has no entrypoint or command.`,
      'Set "command" to the program and its arguments.',
    );
  }
  const name =
    cfg.container ??
    `debug-${(cfg.image ?? 'app').replace(/^.*\//, '').replace(/[^a-zA-Z0-9_.-]/g, '-')}-${Math.random().toString(36).slice(2, 8)}`;
  return { image, command, name };
}

function portOrThrow(text: string): PortMappingSpec {
  try {
    return parsePortSpec(text);
  } catch (e) {
    throw e instanceof PortSpecError ? new DebugSetupError(`"ports": ${e.message}.`) : e;
  }
}

/** The program's container: it sleeps under the brought loader until the debugger starts the program. */
function launchSpec(cfg: PodmanDebugConfig, name: string, tools: LaunchTools): ContainerCreateSpec {
  return {
    name,
    image: cfg.image!,
    entrypoint: tools.wrap([tools.at('/usr/bin/sleep'), 'infinity']),
    command: [],
    env: cfg.env ?? {},
    init: true,
    mounts: [
      ...tools.mounts,
      ...(cfg.mounts ?? []).map((x) => ({
        type: 'bind',
        source: x.source,
        destination: x.destination,
        options: x.readOnly ? ['ro', 'rbind'] : ['rbind'],
      })),
    ],
    ...(tools.imageVolumes.length ? { image_volumes: tools.imageVolumes } : {}),
    labels: { [SIDECAR_LABEL]: 'launch' },
    ...(cfg.cwd ? { work_dir: cfg.cwd } : {}),
    ...(cfg.pod ? { pod: cfg.pod } : {}),
    ...(cfg.ports?.length ? { portmappings: cfg.ports.map(portOrThrow) } : {}),
  };
}

async function createLaunched(
  { client, cfg, options, timings }: StepContext,
  target: Target,
  engine: Engine | undefined,
): Promise<DebugContainer<LaunchTools>> {
  options.progress?.(`Creating a container from ${cfg.image}`);
  let tools: LaunchTools;
  let debuggerImage: string | undefined;
  if (engine) {
    const { plan, ms } = await debuggerImageFor(client, engine, cfg, options);
    timings.debuggerImage = (timings.debuggerImage ?? 0) + ms;
    debuggerImage = plan.image;
    tools = imageLaunchTools(plan, options);
  } else {
    tools = hostLaunchTools(
      [cfg.dlvPath, cfg.lldbPath].filter((p): p is string => !!p),
      options,
    );
  }
  const id = await client.createContainer(launchSpec(cfg, target.name, tools));
  const remove = (): Promise<void> => client.removeContainer(id, { force: true }).catch(() => undefined);
  try {
    await client.containerAction(id, 'start');
  } catch (e) {
    await remove();
    throw e;
  }
  return { id, name: target.name, tools, debuggerImage, remove };
}

const PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** The program from the container's file system, resolved like the runtime would. */
async function readProgram(
  { client, options }: StepContext,
  target: Target,
  container: DebugContainer<LaunchTools>,
): Promise<Program> {
  options.progress?.('Reading the program');
  const program = target.command[0];
  const candidates = program.includes('/') ? [program] : PATH.map((dir) => `${dir}/${program}`);
  const { tools } = container;
  for (const candidate of candidates) {
    const read = await execCollect(
      client,
      container.id,
      tools.wrap([tools.at('/usr/bin/cat'), candidate]),
      60_000,
    ).catch(() => undefined);
    if (read?.exitCode === 0 && isElf(read.stdout)) return { path: candidate, bytes: read.stdout };
  }
  return { path: program, bytes: undefined };
}

/** The launched container's own checks (seccomp and LLDB's ASLR switch); its mounts map paths. */
async function check({ client, options }: StepContext, found: Found<Target, LaunchTools>): Promise<Checked> {
  const inspect = await client.inspectContainer(found.container.id);
  const pre = preflight(inspect, { request: 'launch', debugger: found.engine.kind, ptraceScope: options.ptraceScope });
  if (pre.errors.length) throw new DebugSetupError(pre.errors[0]);
  return { preflight: pre, notes: pre.notes, mounts: inspect.Mounts ?? [], env: inspect.Config?.Env ?? [] };
}

/**
 * LLDB: lldb-vscode starts lldb-server by path: it finds the brought libraries through
 * LD_LIBRARY_PATH, which the program must not inherit, so LLDB gets the container's own
 * environment explicitly. lldb-server needs the image's /lib64 loader (a glibc image).
 */
function lldbEnvironment(
  ctx: StepContext,
  ready: Ready<Target, LaunchTools>,
  checked: Checked,
): { debuggerEnv: string[]; programEnv: Record<string, string> } {
  const { options, delivery } = ctx;
  const { tools } = ready.container;
  const server = lldbServerFor(ready.debuggerPath, delivery === 'image' ? options.localExists : options.hostExists);
  const debuggerEnv = [
    `LD_LIBRARY_PATH=${tools.libPath}`,
    `PYTHONHOME=${tools.pythonHome}`,
    ...(server ? [`LLDB_DEBUGSERVER_PATH=${tools.at(server)}`] : []),
  ];
  const containerEnv = (checked.env ?? []).filter(
    (e) => !/^(ELECTRON_RUN_AS_NODE|LD_LIBRARY_PATH|PYTHONHOME)=/.test(e),
  );
  const programEnv = Object.fromEntries(
    containerEnv.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]),
  );
  return { debuggerEnv, programEnv };
}

async function debuggerStart(
  ctx: StepContext,
  ready: Ready<Target, LaunchTools>,
  checked: Checked,
): Promise<DebuggerStart> {
  const { cfg } = ctx;
  const { target, engine, program } = ready;
  const initCommands = [...checked.preflight.lldbInitCommands, ...(cfg.initCommands ?? [])];
  const lldb = engine.kind === 'lldb' ? lldbEnvironment(ctx, ready, checked) : undefined;
  if (lldb) initCommands.unshift('settings set target.inherit-env false');
  return {
    env: ['ELECTRON_RUN_AS_NODE=1', ...(lldb?.debuggerEnv ?? [])],
    requestArgs: engine.launchArgs({
      program: program.path,
      args: target.command.slice(1),
      cwd: cfg.cwd ?? (target.image.Config?.WorkingDir || '/'),
      stopOnEntry: cfg.stopOnEntry,
      initCommands,
      env: lldb?.programEnv,
      disableAslr: checked.preflight.seccompUnconfined,
    }),
    describe: `launching ${program.path} under ${engine.label} in ${target.name}`,
  };
}

export const LAUNCH: RequestSteps<Target, Target, LaunchTools> = {
  inspect: inspectImage,
  prepare: async (_ctx, target) => target,
  createContainer: createLaunched,
  readProgram,
  preflight: check,
  debuggerStart,
  identity: ({ container, program }) => ({ containerId: container.id, pid: undefined, exePath: program.path }),
};

/** Creates a container from cfg.image and runs its program under the debugger. */
export function startLaunch(
  client: PodmanClient,
  cfg: PodmanDebugConfig,
  options: BackendOptions,
): Promise<DebugBackend> {
  return startBackend(LAUNCH, client, cfg, options);
}
