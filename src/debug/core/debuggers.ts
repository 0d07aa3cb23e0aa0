// Which debugger runs, and where its files come from: the engine chosen from the program (or the
// configuration), the debugger's executable on the Podman host or on this machine, and the
// debugger image of an engine (image delivery). No vscode import.
import type { PodmanClient } from '../../podman/client';
import { imageExists } from '../../podman/archive';
import type { PodmanDebugConfig } from './config';
import { ensureDebuggerImage, planDebuggerImage, type Delivery, type DebuggerImagePlan } from './delivery';
import type { BinaryAnalysis, DebuggerKind } from './analysis';
import { ENGINES, type Engine } from './engines';
import { DebugSetupError, type BackendOptions } from './errors';

/** The configured engine, else the one the program asks for (Go → Delve), else LLDB. */
export function chooseEngine(cfg: PodmanDebugConfig, analysis: BinaryAnalysis | undefined): Engine {
  const kind: DebuggerKind = cfg.debugger && cfg.debugger !== 'auto' ? cfg.debugger : (analysis?.debugger ?? 'lldb');
  return ENGINES[kind];
}

/** The debugger's executable: the configured path, else the engine's first candidate that exists. */
export function findDebugger(
  engine: Engine,
  cfg: PodmanDebugConfig,
  options: BackendOptions,
  delivery: Delivery = 'host',
): string {
  const configured = engine.kind === 'delve' ? cfg.dlvPath : cfg.lldbPath;
  // image delivery: the debugger comes from this machine, not from the Podman host.
  const exists = delivery === 'image' ? options.localExists : options.hostExists;
  if (configured) {
    if (!exists(configured)) {
      throw new DebugSetupError(`${engine.label} was not found at ${configured}.`, engine.install);
    }
    return configured;
  }
  const found = engine.candidates.find((p) => exists(p));
  if (found) return found;
  if (delivery === 'image') {
    throw new DebugSetupError(
      `${engine.label} is not installed on this machine (the debugger image is built from it).`,
      engine.install.replace('on the Podman host', 'on this machine'),
    );
  }
  throw new DebugSetupError(`${engine.label} is not installed on the Podman host.`, engine.install);
}

/** lldb-server next to an lldb-vscode / lldb-dap (the versioned LLVM directory first). */
export function lldbServerFor(debuggerPath: string, exists: (p: string) => boolean): string | undefined {
  const version = /-(\d+)$/.exec(debuggerPath)?.[1];
  return [version ? `/usr/lib/llvm-${version}/bin/lldb-server` : '', '/usr/bin/lldb-server'].find(
    (p) => p && exists(p),
  );
}

const plans = new Map<string, DebuggerImagePlan>();

/** The debugger image for an engine, planned from this machine's files (memoized per process). */
export function debuggerImagePlan(engine: Engine, cfg: PodmanDebugConfig, options: BackendOptions): DebuggerImagePlan {
  const debuggerPath = findDebugger(engine, cfg, options, 'image');
  const server = engine.kind === 'lldb' ? lldbServerFor(debuggerPath, options.localExists) : undefined;
  const programs = [debuggerPath, ...(server ? [server] : [])];
  const key = [engine.kind, ...programs, options.nodePath, options.bridgeScript].join('\0');
  let plan = plans.get(key);
  if (!plan) {
    plan = planDebuggerImage(engine.kind, programs, { nodePath: options.nodePath, bridgeScript: options.bridgeScript });
    if (plan.missing.length) {
      options.log?.(`debug: libraries not found for the debugger image: ${plan.missing.join(', ')}`);
    }
    plans.set(key, plan);
  }
  return plan;
}

/**
 * image delivery, before the program is read: the configured engine, else one whose image is
 * already in the store, else Delve (a wrong guess costs one more container).
 */
export async function guessImageEngine(
  client: PodmanClient,
  cfg: PodmanDebugConfig,
  options: BackendOptions,
): Promise<Engine> {
  if (cfg.debugger && cfg.debugger !== 'auto') return ENGINES[cfg.debugger];
  let guess: Engine | undefined;
  for (const engine of [ENGINES.delve, ENGINES.lldb]) {
    let plan: DebuggerImagePlan;
    try {
      plan = debuggerImagePlan(engine, cfg, options);
    } catch {
      continue;
    }
    const have = await imageExists(client, plan.image);
    if (have || !guess) guess = engine;
    if (have) break;
  }
  if (!guess) {
    throw new DebugSetupError(
      'Neither Delve nor LLDB is installed on this machine (the debugger image is built from it).',
      ENGINES.delve.install,
    );
  }
  return guess;
}

/** The engine's debugger image in the Podman store: imported the first time (reported as slow). */
export async function debuggerImageFor(
  client: PodmanClient,
  engine: Engine,
  cfg: PodmanDebugConfig,
  options: BackendOptions,
): Promise<{ plan: DebuggerImagePlan; ms: number }> {
  const plan = debuggerImagePlan(engine, cfg, options);
  const result = await ensureDebuggerImage(client, plan, () =>
    options.progress?.(`Importing the ${engine.label} debugger image (first time only: a few seconds)`, true),
  );
  options.log?.(
    `debug: debugger image ${result.image} ${result.built ? 'built and imported' : 'reused'} in ${result.ms} ms`,
  );
  return { plan, ms: result.ms };
}
