// Starts a debugger next to a container, through the Podman socket only, and hands back the
// exec stream that carries DAP: one pipeline of named steps for attach and launch, each request
// supplying the steps that differ (./attach.ts, ./launch.ts). See docs/architecture.md, "Debug
// session", for the containers involved and how the debugger's files reach them. No vscode import.
import type { Duplex } from 'node:stream';
import type { PodmanClient } from '../../podman/client';
import type { InspectMount } from '../../podman/inspect';
import type { PodmanDebugConfig } from './config';
import { chooseDelivery, type Delivery } from './delivery';
import { chooseEngine, findDebugger, guessImageEngine } from './debuggers';
import { analyzeBinary, type BinaryAnalysis } from './analysis';
import type { Engine } from './engines';
import type { BackendOptions } from './errors';
import { computePathRules, type PathRule } from './pathmap';
import type { Preflight } from './preflight';
import { debuggerCommand, PW, type Tools } from './tools';

export { DebugSetupError, type BackendOptions } from './errors';

export interface DebugBackend {
  engine: Engine;
  containerId: string;
  containerName: string;
  /** The container the debugger runs in (sidecar for attach, the launched container for launch). */
  debugContainerId: string;
  pid: number | undefined;
  exePath: string | undefined;
  analysis: BinaryAnalysis | undefined;
  rules: PathRule[];
  notes: string[];
  /** The DAP request arguments for the debugger (attach or launch). */
  requestArgs: Record<string, unknown>;
  stream: Duplex;
  /** Ms spent per step, for the log and the benchmarks. */
  timings: Record<string, number>;
  /** How the debugger got to the Podman host: the host's /usr, or the debugger image. */
  delivery: Delivery;
  /** image delivery: the debugger image the debug container runs from or mounts. */
  debuggerImage?: string;
  /** Ends the debugger and removes what the session created; the attach target is left running. */
  dispose(): Promise<void>;
}

/** What every step gets: the Podman client, the configuration, the options, and the step clock. */
export interface StepContext {
  client: PodmanClient;
  cfg: PodmanDebugConfig;
  options: BackendOptions;
  delivery: Delivery;
  timings: Record<string, number>;
}

/** The container the debugger runs in, and how the debugger's files appear in it. */
export interface DebugContainer<T extends Tools = Tools> {
  id: string;
  name: string;
  tools: T;
  /** image delivery: the debugger image it runs from or mounts. */
  debuggerImage?: string;
  remove(): Promise<void>;
}

/** The program to debug as read from the container: its path there and its bytes (an ELF file). */
export interface Program {
  path: string | undefined;
  bytes: Buffer | undefined;
}

/** What the checks before the start found. */
export interface Checked {
  preflight: Preflight;
  notes: string[];
  /** The program's container's mounts (path mapping). */
  mounts: InspectMount[];
  /** launch: the container's environment (LLDB passes it to the program). */
  env?: string[];
}

/** How the debugger is started: its environment, the DAP request arguments, a line for the log. */
export interface DebuggerStart {
  env: string[];
  requestArgs: Record<string, unknown>;
  describe: string;
}

/** What the chosen engine works on, once the program is known. */
export interface Found<Target, T extends Tools> {
  target: Target;
  container: DebugContainer<T>;
  program: Program;
  analysis: BinaryAnalysis | undefined;
  engine: Engine;
}

/** ... and the debugger's executable, once the checks passed. */
export interface Ready<Target, T extends Tools> extends Found<Target, T> {
  debuggerPath: string;
}

/** The steps that differ between attach and launch; the pipeline (startBackend) runs them in order. */
export interface RequestSteps<Inspected, Target extends { name: string }, T extends Tools> {
  /** Before the delivery is known: inspect what the session starts from, and check it. */
  inspect(ctx: Omit<StepContext, 'delivery'>): Promise<Inspected>;
  /** Once the delivery is known: what the debug container needs (processes, base image). */
  prepare(ctx: StepContext, inspected: Inspected): Promise<Target>;
  /** Creates and starts the debug container; `engine` chooses the debugger image (image delivery). */
  createContainer(ctx: StepContext, target: Target, engine: Engine | undefined): Promise<DebugContainer<T>>;
  /** Reads the program from the container. */
  readProgram(ctx: StepContext, target: Target, container: DebugContainer<T>): Promise<Program>;
  /** Checks made now that the program and its debugger are known. */
  preflight(ctx: StepContext, found: Found<Target, T>): Promise<Checked>;
  /** The debugger's environment and request arguments. */
  debuggerStart(ctx: StepContext, ready: Ready<Target, T>, checked: Checked): Promise<DebuggerStart>;
  /** The target's container and process, as the backend reports them. */
  identity(found: Found<Target, T>): { containerId: string; pid: number | undefined; exePath: string | undefined };
}

function stepClock(timings: Record<string, number>): (name: string) => void {
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    timings[name] = Math.round(now - last);
    last = now;
  };
}

function analyse(bytes: Buffer | undefined): BinaryAnalysis | undefined {
  try {
    return bytes ? analyzeBinary(bytes) : undefined;
  } catch {
    return undefined;
  }
}

function mappingRules(
  cfg: PodmanDebugConfig,
  analysis: BinaryAnalysis | undefined,
  mounts: InspectMount[],
  options: BackendOptions,
): PathRule[] {
  return computePathRules({
    sourceFiles: analysis?.sourceFiles ?? [],
    localRoot: cfg.localRoot ?? '/',
    mounts: mounts
      .filter((m) => m.Source && m.Destination && !m.Destination.startsWith(`${PW}/`))
      .map((m) => ({ source: m.Source!, destination: m.Destination! })),
    explicit: (cfg.pathMappings ?? []).map((m) => ({ local: m.localRoot, remote: m.remoteRoot })),
    exists: options.localExists,
  });
}

/**
 * The pipeline: inspect → choose the delivery (and, for image delivery, guess the engine) →
 * prepare and create the debug container → read the program → analyse it → choose the engine
 * (a new container when the guess was wrong) → preflight → start the debugger → hand back.
 */
export async function startBackend<Inspected, Target extends { name: string }, T extends Tools>(
  steps: RequestSteps<Inspected, Target, T>,
  client: PodmanClient,
  cfg: PodmanDebugConfig,
  options: BackendOptions,
): Promise<DebugBackend> {
  const timings: Record<string, number> = {};
  const step = stepClock(timings);
  const inspected = await steps.inspect({ client, cfg, options, timings });
  const ctx: StepContext = {
    client,
    cfg,
    options,
    timings,
    delivery: await chooseDelivery(client, cfg.debuggerDelivery),
  };
  const target = await steps.prepare(ctx, inspected);
  step('inspect');
  // image delivery: the debug container runs or mounts one engine's debugger image, guessed before
  // the program is read; a wrong guess costs one more container.
  const guess = ctx.delivery === 'image' ? await guessImageEngine(client, cfg, options) : undefined;
  let container = await steps.createContainer(ctx, target, guess);
  try {
    step('container');
    const program = await steps.readProgram(ctx, target, container);
    const analysis = analyse(program.bytes);
    step('readBinary');
    const engine = chooseEngine(cfg, analysis);
    if (guess && engine.kind !== guess.kind) {
      await container.remove();
      container = await steps.createContainer(ctx, target, engine);
      step('container2');
    }
    return await startDebugger(ctx, steps, { target, container, program, analysis, engine }, step);
  } catch (e) {
    await container.remove();
    throw e;
  }
}

/** Preflight, then the debugger's exec in the debug container, and the backend handed back. */
async function startDebugger<Target extends { name: string }, T extends Tools>(
  ctx: StepContext,
  steps: RequestSteps<unknown, Target, T>,
  found: Found<Target, T>,
  step: (name: string) => void,
): Promise<DebugBackend> {
  const { client, cfg, options } = ctx;
  const { container, engine, analysis } = found;
  const checked = await steps.preflight(ctx, found);
  const debuggerPath = findDebugger(engine, cfg, options, ctx.delivery);
  const start = await steps.debuggerStart(ctx, { ...found, debuggerPath }, checked);
  const argv = debuggerCommand(engine, debuggerPath, container.tools, options);
  const source = ctx.delivery === 'image' ? container.debuggerImage : 'host /usr';
  options.progress?.(`Starting ${engine.label}`);
  options.log?.(`debug: ${start.describe} (${source}): ${argv.join(' ')}`);
  const exec = await client.exec(container.id, { cmd: argv, stdin: true, tty: false, env: start.env });
  step('exec');
  return {
    ...steps.identity(found),
    engine,
    containerName: found.target.name,
    debugContainerId: container.id,
    analysis,
    rules: mappingRules(cfg, analysis, checked.mounts, options),
    notes: checked.notes,
    requestArgs: start.requestArgs,
    stream: exec.stream,
    timings: ctx.timings,
    delivery: ctx.delivery,
    debuggerImage: container.debuggerImage,
    dispose: async () => {
      exec.stream.end();
      await container.remove();
    },
  };
}
