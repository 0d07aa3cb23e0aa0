// Starts a debugger next to a container, through the Podman socket only, and hands back the
// exec stream that carries DAP. No vscode import.
//
// Attach: a short-lived "debug sidecar" container joins the target's PID namespace
// (pidns container:<target>), with its own empty network namespace (loopback only), the Podman
// host's /usr bind-mounted read-only (the host's dlv / lldb-vscode and their libraries) and
// CAP_SYS_PTRACE. The target is not modified: nothing is copied into it and it keeps running when
// the session ends. Works for scratch and distroless images (the debugger never runs from them).
// Delivery (./delivery.ts, option "debuggerDelivery"): "host" as above, when the Podman host is this
// machine (same hostname and kernel in GET /info); otherwise "image": the sidecar runs from
// localhost/podman-workbench-debugger:<engine>-<fingerprint>, imported once from THIS machine's
// debugger, its libraries, Node and the bridge, and nothing is bind-mounted from the Podman host
// (podman machine VMs, other hosts). The engine's image is guessed before the program is read
// and the sidecar is recreated from the other image when the guess was wrong.
// Launch: the container is created by the session; the debugger's files are under /.pw-debug (the
// host's /usr bind-mounted at /.pw-debug/usr, or the debugger image mounted at /.pw-debug/root as
// an image volume) and every helper is started through the brought dynamic loader with
// --library-path, so the image's own /usr and libraries stay what the program sees. The container
// is removed when the session ends.
import { realpathSync } from 'node:fs';
import { posix } from 'node:path';
import type { Duplex } from 'node:stream';
import * as tar from 'tar-stream';
import { FrameDemuxer, type PodmanClient } from '../../podman/client';
import { parsePort, type PodmanDebugConfig, type PortMapping } from './config';
import {
  chooseDelivery,
  ensureDebuggerImage,
  planDebuggerImage,
  type Delivery,
  type DebuggerImagePlan,
} from './delivery';
import { analyzeBinary, isElf, type BinaryAnalysis, type DebuggerKind } from './elf';
import { ENGINES, type Engine } from './engines';
import { computePathRules, type PathRule } from './pathmap';
import { preflight, type InspectLike } from './preflight';

export const BASE_IMAGE = 'localhost/podman-workbench-debug-base:1';
export const SIDECAR_LABEL = 'io.podman-workbench.debug';
const PW = '/.pw-debug';

export class DebugSetupError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
  }
}

export interface BackendOptions {
  /** The DAP bridge script on this machine (dist/dap-bridge.js). */
  bridgeScript: string;
  /** The Node runtime that runs the bridge (the extension host's own, process.execPath). */
  nodePath: string;
  /** Whether a file exists on the Podman host (the debugger candidates). */
  hostExists: (p: string) => boolean;
  /** Whether a workspace file exists (path mapping). */
  localExists: (p: string) => boolean;
  ptraceScope?: number;
  log?: (msg: string) => void;
  /** What the set-up is doing now, for a progress indicator; `slow` for a step of seconds. */
  progress?: (message: string, slow?: boolean) => void;
}

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
  /** image delivery: the debugger image the sidecar runs from. */
  debuggerImage?: string;
  /** Ends the debugger and removes what the session created; the attach target is left running. */
  dispose(): Promise<void>;
}

// ---- small Podman helpers ----

async function tarBuffer(
  entries: {
    name: string;
    type?: 'directory' | 'symlink' | 'file';
    linkname?: string;
    mode?: number;
    content?: string;
  }[],
): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.type === 'file' || e.content !== undefined) {
      pack.entry({ name: e.name, mode: e.mode ?? 0o644 }, e.content ?? '');
    } else pack.entry({ name: e.name, type: e.type, linkname: e.linkname, mode: e.mode ?? 0o755 });
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

/** The sidecar's image: directories and /bin, /lib, /lib64, /sbin links into the mounted /usr. */
export async function ensureBaseImage(client: PodmanClient): Promise<void> {
  const have = await client.inspectImage(BASE_IMAGE).then(
    () => true,
    () => false,
  );
  if (have) return;
  const body = await tarBuffer([
    ...['usr', 'proc', 'sys', 'dev', 'etc', 'run', 'var', PW.slice(1)].map((name) => ({
      name,
      type: 'directory' as const,
    })),
    { name: 'tmp', type: 'directory', mode: 0o1777 },
    ...['bin', 'lib', 'lib64', 'sbin'].map((n) => ({ name: n, type: 'symlink' as const, linkname: `usr/${n}` })),
    { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\n' },
    { name: 'etc/group', content: 'root:x:0:\n' },
  ]);
  await client.libpod('POST', '/images/import', {
    query: { reference: BASE_IMAGE, changes: [`LABEL ${SIDECAR_LABEL}=base`] },
    file: body,
    headers: { 'Content-Type': 'application/x-tar' },
  });
}

/** Runs a command in a container and collects its output (for short helper commands). */
export async function execCollect(
  client: PodmanClient,
  id: string,
  cmd: string[],
  timeoutMs = 20_000,
): Promise<{ stdout: Buffer; stderr: string; exitCode: number | undefined }> {
  const s = await client.exec(id, { cmd, stdin: false, tty: false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const demux = new FrameDemuxer((t, d) => (t === 'stderr' ? err : out).push(d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      s.stream.destroy();
      reject(new Error(`${cmd[0]} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    s.stream.on('data', (d: Buffer) => demux.push(d));
    s.stream.on('end', () => (clearTimeout(timer), resolve()));
    s.stream.on('close', () => (clearTimeout(timer), resolve()));
    s.stream.on('error', (e) => (clearTimeout(timer), reject(e)));
  });
  const r = await s.inspect().catch(() => ({ exitCode: undefined }));
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), exitCode: r.exitCode };
}

export interface ProcessRow {
  pid: number;
  ppid: number;
  command: string;
}

export async function listProcesses(client: PodmanClient, id: string): Promise<ProcessRow[]> {
  const rows = await client.top(id, 'pid,ppid,args');
  return rows
    .map((r) => ({ pid: Number(r.PID), ppid: Number(r.PPID), command: r.COMMAND ?? r.ARGS ?? '' }))
    .filter((r) => Number.isInteger(r.pid));
}

const INIT = /(^|\/)(catatonit|tini|dumb-init|podman-init|docker-init)(\s|$)/;

/** The container's main process: PID 1, or its first child when PID 1 is an init (Init: true). */
export function mainProcess(rows: ProcessRow[]): ProcessRow | undefined {
  const one = rows.find((r) => r.pid === 1);
  if (one && INIT.test(one.command)) return rows.filter((r) => r.ppid === 1).sort((a, b) => a.pid - b.pid)[0] ?? one;
  return one ?? [...rows].sort((a, b) => a.pid - b.pid)[0];
}

function findDebugger(engine: Engine, cfg: PodmanDebugConfig, o: BackendOptions, delivery: Delivery = 'host'): string {
  const configured = engine.kind === 'delve' ? cfg.dlvPath : cfg.lldbPath;
  // image delivery: the debugger comes from this machine, not from the Podman host.
  const exists = delivery === 'image' ? o.localExists : o.hostExists;
  if (configured) {
    if (!exists(configured)) {
      throw new DebugSetupError(`${engine.label} was not found at ${configured}.`, engine.install);
    }
    return configured;
  }
  const found = engine.candidates.find((p) => exists(p));
  if (!found) {
    if (delivery === 'image') {
      throw new DebugSetupError(
        `${engine.label} is not installed on this machine (the debugger image is built from it).`,
        engine.install.replace('on the Podman host', 'on this machine'),
      );
    }
    throw new DebugSetupError(`${engine.label} is not installed on the Podman host.`, engine.install);
  }
  return found;
}

/** lldb-server next to an lldb-vscode / lldb-dap (the versioned LLVM directory first). */
function lldbServerFor(dbgPath: string, exists: (p: string) => boolean): string | undefined {
  const version = /-(\d+)$/.exec(dbgPath)?.[1];
  return [version ? `/usr/lib/llvm-${version}/bin/lldb-server` : '', '/usr/bin/lldb-server'].find(
    (p) => p && exists(p),
  );
}

const plans = new Map<string, DebuggerImagePlan>();

/** The debugger image for an engine, planned from this machine's files (memoized per process). */
export function debuggerImagePlan(engine: Engine, cfg: PodmanDebugConfig, o: BackendOptions): DebuggerImagePlan {
  const dbg = findDebugger(engine, cfg, o, 'image');
  const server = engine.kind === 'lldb' ? lldbServerFor(dbg, o.localExists) : undefined;
  const programs = [dbg, ...(server ? [server] : [])];
  const key = [engine.kind, ...programs, o.nodePath, o.bridgeScript].join('\0');
  let plan = plans.get(key);
  if (!plan) {
    plan = planDebuggerImage(engine.kind, programs, { nodePath: o.nodePath, bridgeScript: o.bridgeScript });
    if (plan.missing.length) o.log?.(`debug: libraries not found for the debugger image: ${plan.missing.join(', ')}`);
    plans.set(key, plan);
  }
  return plan;
}

/**
 * image delivery, before the program is read: the configured engine, else one whose image is
 * already in the store, else Delve (a wrong guess costs one more container).
 */
async function guessImageEngine(client: PodmanClient, cfg: PodmanDebugConfig, o: BackendOptions): Promise<Engine> {
  if (cfg.debugger && cfg.debugger !== 'auto') return ENGINES[cfg.debugger];
  let guess: Engine | undefined;
  for (const e of [ENGINES.delve, ENGINES.lldb]) {
    let p: DebuggerImagePlan;
    try {
      p = debuggerImagePlan(e, cfg, o);
    } catch {
      continue;
    }
    const have = await client.inspectImage(p.image).then(
      () => true,
      () => false,
    );
    if (have || !guess) guess = e;
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
async function debuggerImageFor(
  client: PodmanClient,
  engine: Engine,
  cfg: PodmanDebugConfig,
  o: BackendOptions,
): Promise<{ plan: DebuggerImagePlan; ms: number }> {
  const plan = debuggerImagePlan(engine, cfg, o);
  const r = await ensureDebuggerImage(client, plan, () =>
    o.progress?.(`Importing the ${engine.label} debugger image (first time only: a few seconds)`, true),
  );
  o.log?.(`debug: debugger image ${r.image} ${r.built ? 'built and imported' : 'reused'} in ${r.ms} ms`);
  return { plan, ms: r.ms };
}

/** image delivery: files keep their paths, the bridge is at the plan's place. No mounts. */
function imageTools(plan: DebuggerImagePlan, o: BackendOptions): Mounted {
  return { mounts: [], at: (p) => (p === o.bridgeScript ? plan.bridgeAt : p) };
}

interface Mounted {
  mounts: Record<string, unknown>[];
  /** Path of a host file as seen inside the debug container. */
  at: (hostPath: string) => string;
}

/** Mounts that bring the host's /usr, the Node runtime and the bridge into a container. */
function toolMounts(usrAt: string, extraFiles: string[], o: BackendOptions): Mounted {
  const mounts: Record<string, unknown>[] = [
    { type: 'bind', source: '/usr', destination: usrAt, options: ['ro', 'rbind'] },
  ];
  const placed = new Map<string, string>();
  const runtimeDir = posix.dirname(o.nodePath);
  if (!o.nodePath.startsWith('/usr/')) {
    mounts.push({ type: 'bind', source: runtimeDir, destination: `${PW}/runtime`, options: ['ro', 'rbind'] });
    placed.set(o.nodePath, `${PW}/runtime/${posix.basename(o.nodePath)}`);
  }
  mounts.push({ type: 'bind', source: o.bridgeScript, destination: `${PW}/dap-bridge.js`, options: ['ro', 'bind'] });
  placed.set(o.bridgeScript, `${PW}/dap-bridge.js`);
  extraFiles.forEach((f, i) => {
    if (f.startsWith('/usr/') || placed.has(f)) return;
    const dest = `${PW}/bin${i}/${posix.basename(f)}`;
    mounts.push({ type: 'bind', source: f, destination: dest, options: ['ro', 'bind'] });
    placed.set(f, dest);
  });
  return { mounts, at: (p) => placed.get(p) ?? (p.startsWith('/usr/') ? `${usrAt}${p.slice(4)}` : p) };
}

/** The debugger's command line, wrapped in the bridge. */
function debuggerCommand(
  engine: Engine,
  debuggerPath: string,
  m: Mounted,
  o: BackendOptions,
  wrap: (argv: string[]) => string[],
): string[] {
  const dbg = wrap([m.at(debuggerPath), ...engine.argv]);
  // Both transports go through the bridge: it detaches the debugger when the stream drops.
  return [...wrap([m.at(o.nodePath), m.at(o.bridgeScript), engine.transport, '--']), ...dbg];
}

async function readBinary(
  client: PodmanClient,
  id: string,
  pid: number,
): Promise<{ exePath: string | undefined; buf: Buffer | undefined }> {
  const [link, bin] = await Promise.all([
    execCollect(client, id, ['/usr/bin/readlink', `/proc/${pid}/exe`]),
    execCollect(client, id, ['/usr/bin/cat', `/proc/${pid}/exe`], 60_000),
  ]);
  const exePath =
    link.exitCode === 0
      ? link.stdout
          .toString('utf8')
          .trim()
          .replace(/ \(deleted\)$/, '') || undefined
      : undefined;
  return { exePath, buf: bin.exitCode === 0 && isElf(bin.stdout) ? bin.stdout : undefined };
}

function chooseEngine(cfg: PodmanDebugConfig, analysis: BinaryAnalysis | undefined): Engine {
  const kind: DebuggerKind = cfg.debugger && cfg.debugger !== 'auto' ? cfg.debugger : (analysis?.debugger ?? 'lldb');
  return ENGINES[kind];
}

function mappingRules(
  cfg: PodmanDebugConfig,
  analysis: BinaryAnalysis | undefined,
  mounts: { Source?: string; Destination?: string }[],
  o: BackendOptions,
): PathRule[] {
  return computePathRules({
    sourceFiles: analysis?.sourceFiles ?? [],
    localRoot: cfg.localRoot ?? '/',
    mounts: mounts
      .filter((m) => m.Source && m.Destination && !m.Destination.startsWith(`${PW}/`))
      .map((m) => ({ source: m.Source!, destination: m.Destination! })),
    explicit: (cfg.pathMappings ?? []).map((m) => ({ local: m.localRoot, remote: m.remoteRoot })),
    exists: o.localExists,
  });
}

function notFound(e: unknown): boolean {
  return (
    (e as { kind?: string })?.kind === 'not-found' || /no such container|404/i.test(String((e as Error)?.message ?? e))
  );
}

// ---- attach ----

export async function startAttach(
  client: PodmanClient,
  cfg: PodmanDebugConfig,
  o: BackendOptions,
): Promise<DebugBackend> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const step = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
  };
  const target = cfg.container!;
  o.progress?.(`Inspecting ${target}`);
  let inspect: InspectLike & { Id?: string; Name?: string; Mounts?: { Source?: string; Destination?: string }[] };
  try {
    inspect = (await client.inspectContainer(target)) as typeof inspect;
  } catch (e) {
    if (notFound(e)) {
      throw new DebugSetupError(
        `Container "${target}" does not exist (any more).`,
        'Pick a running container: run "Podman: Debug..." on it in the Containers view.',
      );
    }
    throw e;
  }
  const id = inspect.Id!;
  const name = (inspect.Name ?? target).replace(/^\//, '');
  const pre0 = preflight(inspect, { request: 'attach', debugger: 'delve', ptraceScope: o.ptraceScope });
  if (pre0.errors.length) throw new DebugSetupError(pre0.errors[0]);
  const delivery = await chooseDelivery(client, cfg.debuggerDelivery);
  const [rows] = await Promise.all([
    listProcesses(client, id),
    delivery === 'host' ? ensureBaseImage(client) : undefined,
  ]);
  step('inspect');
  const proc = cfg.processId !== undefined ? rows.find((r) => r.pid === cfg.processId) : mainProcess(rows);
  if (!proc) {
    const list = rows.map((r) => `${r.pid} ${r.command}`).join('; ');
    throw new DebugSetupError(
      cfg.processId !== undefined
        ? `Process ${cfg.processId} is not running in container ${name}.`
        : `Container ${name} has no process to attach to.`,
      list ? `Running there: ${list}.` : undefined,
    );
  }
  // Stale sidecars of this target (a previous window that died) go first.
  const stale = await client.listContainers({ label: [`${SIDECAR_LABEL}.target=${id}`] }).catch(() => []);
  await Promise.all(stale.map((s) => client.removeContainer(s.id, { force: true }).catch(() => undefined)));

  // Both engines' binaries may be needed before we know which one: mount any candidate outside /usr.
  const configured = [cfg.dlvPath, cfg.lldbPath].filter((p): p is string => !!p);
  const sidecarName = `${name}-debug-${Math.random().toString(36).slice(2, 8)}`;
  // image delivery: the sidecar runs from the debugger image of one engine. Before the program is
  // read the engine is a guess (the configured one, else one whose image is already there, else
  // Delve); a wrong guess costs one more sidecar.
  let plan: DebuggerImagePlan | undefined;
  const guess = delivery === 'image' ? await guessImageEngine(client, cfg, o) : undefined;
  let debuggerImageMs = 0;
  const createSidecar = async (engine: Engine | undefined): Promise<{ id: string; m: Mounted }> => {
    let m: Mounted;
    let image = BASE_IMAGE;
    if (engine) {
      const r = await debuggerImageFor(client, engine, cfg, o);
      plan = r.plan;
      debuggerImageMs += r.ms;
      image = plan.image;
      m = imageTools(plan, o);
    } else m = toolMounts('/usr', configured, o);
    const sid = await client.createContainer({
      name: sidecarName,
      image,
      // The bridge's watchdog: the sidecar ends by itself once no debugger has run in it for 3 s.
      command: [m.at(o.nodePath), m.at(o.bridgeScript), 'hold'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
      pidns: { nsmode: 'container', value: id },
      netns: { nsmode: 'none' },
      mounts: m.mounts,
      cap_add: ['SYS_PTRACE'],
      labels: { [SIDECAR_LABEL]: 'sidecar', [`${SIDECAR_LABEL}.target`]: id },
      remove: true,
    });
    return { id: sid, m };
  };
  o.progress?.('Starting the debug sidecar');
  let { id: sidecarId, m } = await createSidecar(guess);
  const removeSidecar = (): Promise<void> => client.removeContainer(sidecarId, { force: true }).catch(() => undefined);
  try {
    await client.containerAction(sidecarId, 'start');
    step('sidecar');
    if (delivery === 'image') timings.debuggerImage = debuggerImageMs;
    o.progress?.(`Reading the program of process ${proc.pid}`);
    const { exePath, buf } = await readBinary(client, sidecarId, proc.pid);
    if (!buf) {
      throw new DebugSetupError(
        `Process ${proc.pid} (${proc.command}) in ${name} is gone or its program cannot be read.`,
      );
    }
    let analysis: BinaryAnalysis | undefined;
    try {
      analysis = analyzeBinary(buf);
    } catch {
      analysis = undefined;
    }
    step('readBinary');
    const engine = chooseEngine(cfg, analysis);
    if (delivery === 'image' && guess && engine.kind !== guess.kind) {
      // The other engine's image: a new sidecar from it.
      await removeSidecar();
      ({ id: sidecarId, m } = await createSidecar(engine));
      await client.containerAction(sidecarId, 'start');
      timings.debuggerImage = debuggerImageMs;
      step('sidecar2');
    }
    const dbgPath = findDebugger(engine, cfg, o, delivery);
    const notes = [...pre0.notes];
    if (analysis && !analysis.hasDebugInfo) {
      notes.push(
        `${exePath ?? 'The program'} has no debug information: breakpoints will not bind. Build it with ${engine.kind === 'delve' ? "-gcflags='all=-N -l'" : '-g'} and without stripping.`,
      );
    }
    if (engine.kind === 'lldb' && exePath && !exePath.startsWith('/usr/')) {
      // lldb-server resolves /proc/PID/exe by path: make that path exist in the sidecar.
      const body = await tarBuffer([
        { name: exePath.replace(/^\/+/, ''), type: 'symlink', linkname: `/proc/${proc.pid}/root${exePath}` },
      ]);
      await client.putArchive(sidecarId, '/', body);
    }
    const rules = mappingRules(cfg, analysis, inspect.Mounts ?? [], o);
    const argv = debuggerCommand(engine, dbgPath, m, o, (a) => a);
    const env = ['ELECTRON_RUN_AS_NODE=1'];
    if (delivery === 'image' && engine.kind === 'lldb') {
      const server = lldbServerFor(dbgPath, o.localExists);
      if (server) env.push(`LLDB_DEBUGSERVER_PATH=${server}`);
    }
    o.progress?.(`Starting ${engine.label}`);
    o.log?.(
      `debug: ${engine.label} for pid ${proc.pid} (${exePath ?? '?'}) in ${name} via sidecar ${sidecarName} (${delivery === 'image' ? plan!.image : 'host /usr'}): ${argv.join(' ')}`,
    );
    const exec = await client.exec(sidecarId, { cmd: argv, stdin: true, tty: false, env });
    step('exec');
    return {
      engine,
      containerId: id,
      containerName: name,
      debugContainerId: sidecarId,
      pid: proc.pid,
      exePath,
      analysis,
      rules,
      notes,
      requestArgs: engine.attachArgs({
        pid: proc.pid,
        program: engine.kind === 'lldb' ? exePath : undefined,
        stopOnEntry: cfg.stopOnEntry,
        initCommands: cfg.initCommands,
      }),
      stream: exec.stream,
      timings,
      delivery,
      debuggerImage: plan?.image,
      dispose: async () => {
        exec.stream.end();
        await removeSidecar();
      },
    };
  } catch (e) {
    await removeSidecar();
    throw e;
  }
}

// ---- launch ----

const LOADERS = [
  '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
  '/usr/lib64/ld-linux-x86-64.so.2',
  '/usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1',
  '/usr/lib/ld-linux-aarch64.so.1',
];

/**
 * The debugger's files inside a launched container, kept out of the program's way under /.pw-debug:
 * every helper runs through the loader brought along, with --library-path, so the image's own /usr
 * and libraries stay what the program sees.
 */
interface LaunchTools extends Mounted {
  /** libpod image volumes (image delivery: the debugger image mounted read-only). */
  imageVolumes: Record<string, unknown>[];
  /** The loader's library path for the brought files. */
  libPath: string;
  /** What PYTHONHOME must be for LLDB's embedded Python. */
  pythonHome: string;
  /** argv run through the brought loader. */
  viaLoader(argv: string[]): string[];
}

function withLoader(
  m: Mounted,
  imageVolumes: Record<string, unknown>[],
  ld: string,
  libDirs: string[],
  pythonHome: string,
): LaunchTools {
  const libPath = [...new Set(libDirs)].join(':');
  return { ...m, imageVolumes, libPath, pythonHome, viaLoader: (argv) => [ld, '--library-path', libPath, ...argv] };
}

/** host delivery: the Podman host's /usr at /.pw-debug/usr. */
function hostLaunchTools(cfg: PodmanDebugConfig, o: BackendOptions): LaunchTools {
  const usrAt = `${PW}/usr`;
  const m = toolMounts(
    usrAt,
    [cfg.dlvPath, cfg.lldbPath].filter((p): p is string => !!p),
    o,
  );
  // The loader by its real path: /usr/lib64/ld-linux-x86-64.so.2 is often an absolute link to /lib/...,
  // which does not exist in the image.
  const loader = LOADERS.find((l) => o.hostExists(l));
  if (!loader) {
    throw new DebugSetupError('No dynamic loader was found under /usr on the Podman host to start the debugger with.');
  }
  const ld = `${usrAt}${loader.slice(4)}`;
  return withLoader(m, [], ld, [posix.dirname(ld), `${usrAt}/lib64`, `${usrAt}/lib`], usrAt);
}

/**
 * image delivery: the debugger image (this machine's debugger, Node, bridge and their libraries)
 * mounted read-only at /.pw-debug/root as a libpod image volume. Nothing comes from the Podman
 * host's file system, so this works over a podman machine or a remote Podman. Paths are taken by
 * their real path on this machine: the image keeps symlinks, and an absolute one would point
 * outside the mount.
 */
function imageLaunchTools(plan: DebuggerImagePlan, o: BackendOptions): LaunchTools {
  const root = `${PW}/root`;
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const at = (p: string): string => (p === o.bridgeScript ? `${root}${plan.bridgeAt}` : `${root}${real(p)}`);
  const loader = LOADERS.find((l) => o.localExists(l));
  if (!loader) throw new DebugSetupError('No dynamic loader was found on this machine to start the debugger with.');
  const ld = at(loader);
  const libDirs = plan.entries
    .filter((e) => e.type === 'file' && /\.so(\.[\d.]+)?$/.test(e.path))
    .map((e) => `${root}${posix.dirname(e.path)}`);
  return withLoader(
    { mounts: [], at },
    [{ source: plan.image, destination: root, rw: false }],
    ld,
    [posix.dirname(ld), ...libDirs],
    `${root}/usr`,
  );
}

export async function startLaunch(
  client: PodmanClient,
  cfg: PodmanDebugConfig,
  o: BackendOptions,
): Promise<DebugBackend> {
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  let image: { Config?: { Entrypoint?: string[] | null; Cmd?: string[] | null; WorkingDir?: string } };
  try {
    image = (await client.inspectImage(cfg.image!)) as typeof image;
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
  const delivery = await chooseDelivery(client, cfg.debuggerDelivery);
  // image delivery: the container mounts one engine's debugger image, guessed before the program is
  // read; a wrong guess costs one more container.
  const guess = delivery === 'image' ? await guessImageEngine(client, cfg, o) : undefined;
  let plan: DebuggerImagePlan | undefined;
  let debuggerImageMs = 0;
  const name =
    cfg.container ??
    `debug-${(cfg.image ?? 'app').replace(/^.*\//, '').replace(/[^a-zA-Z0-9_.-]/g, '-')}-${Math.random().toString(36).slice(2, 8)}`;
  const createLaunched = async (engine: Engine | undefined): Promise<{ id: string; tools: LaunchTools }> => {
    let tools: LaunchTools;
    if (engine) {
      const r = await debuggerImageFor(client, engine, cfg, o);
      plan = r.plan;
      debuggerImageMs += r.ms;
      tools = imageLaunchTools(plan, o);
    } else tools = hostLaunchTools(cfg, o);
    const spec: Record<string, unknown> = {
      name,
      image: cfg.image,
      entrypoint: tools.viaLoader([tools.at('/usr/bin/sleep'), 'infinity']),
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
      ...(cfg.ports?.length ? { portmappings: cfg.ports.map((p) => parsePortOrThrow(p)) } : {}),
    };
    const id = await client.createContainer(spec);
    try {
      await client.containerAction(id, 'start');
    } catch (e) {
      await client.removeContainer(id, { force: true }).catch(() => undefined);
      throw e;
    }
    return { id, tools };
  };
  o.progress?.(`Creating a container from ${cfg.image}`);
  let { id, tools } = await createLaunched(guess);
  const remove = (): Promise<void> => client.removeContainer(id, { force: true }).catch(() => undefined);
  try {
    timings.container = Math.round(performance.now() - t0);
    if (delivery === 'image') timings.debuggerImage = debuggerImageMs;
    // Read the program from the container's file system, resolving it like the runtime would.
    o.progress?.('Reading the program');
    const program = command[0];
    const candidates = program.includes('/')
      ? [program]
      : ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].map((d) => `${d}/${program}`);
    let buf: Buffer | undefined;
    let programPath = program;
    for (const c of candidates) {
      const r = await execCollect(client, id, tools.viaLoader([tools.at('/usr/bin/cat'), c]), 60_000).catch(
        () => undefined,
      );
      if (r?.exitCode === 0 && isElf(r.stdout)) {
        buf = r.stdout;
        programPath = c;
        break;
      }
    }
    let analysis: BinaryAnalysis | undefined;
    try {
      analysis = buf ? analyzeBinary(buf) : undefined;
    } catch {
      analysis = undefined;
    }
    const engine = chooseEngine(cfg, analysis);
    if (guess && engine.kind !== guess.kind) {
      // The other engine's debugger image: a new container with it.
      await remove();
      ({ id, tools } = await createLaunched(engine));
      timings.debuggerImage = debuggerImageMs;
      timings.container2 = Math.round(performance.now() - t0);
    }
    const inspect = (await client.inspectContainer(id)) as InspectLike & {
      Mounts?: { Source?: string; Destination?: string }[];
    };
    const pre = preflight(inspect, { request: 'launch', debugger: engine.kind, ptraceScope: o.ptraceScope });
    if (pre.errors.length) throw new DebugSetupError(pre.errors[0]);
    const dbgPath = findDebugger(engine, cfg, o, delivery);
    const rules = mappingRules(cfg, analysis, inspect.Mounts ?? [], o);
    const argv = debuggerCommand(engine, dbgPath, tools, o, tools.viaLoader);
    const env = ['ELECTRON_RUN_AS_NODE=1'];
    const initCommands = [...pre.lldbInitCommands, ...(cfg.initCommands ?? [])];
    let programEnv: Record<string, string> | undefined;
    if (engine.kind === 'lldb') {
      // lldb-vscode starts lldb-server by path: it finds the brought libraries through
      // LD_LIBRARY_PATH, which the program must not inherit, so LLDB gets the container's own
      // environment explicitly. lldb-server needs the image's /lib64 loader (a glibc image).
      const server = lldbServerFor(dbgPath, delivery === 'image' ? o.localExists : o.hostExists);
      env.push(
        `LD_LIBRARY_PATH=${tools.libPath}`,
        `PYTHONHOME=${tools.pythonHome}`,
        ...(server ? [`LLDB_DEBUGSERVER_PATH=${tools.at(server)}`] : []),
      );
      initCommands.unshift('settings set target.inherit-env false');
      const cenv = ((inspect as { Config?: { Env?: string[] } }).Config?.Env ?? []).filter(
        (e) => !/^(ELECTRON_RUN_AS_NODE|LD_LIBRARY_PATH|PYTHONHOME)=/.test(e),
      );
      programEnv = Object.fromEntries(cenv.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
    }
    o.progress?.(`Starting ${engine.label}`);
    o.log?.(
      `debug: launching ${programPath} under ${engine.label} in ${name} (${delivery === 'image' ? plan!.image : 'host /usr'}): ${argv.join(' ')}`,
    );
    const exec = await client.exec(id, { cmd: argv, stdin: true, tty: false, env });
    timings.exec = Math.round(performance.now() - t0);
    return {
      engine,
      containerId: id,
      containerName: name,
      debugContainerId: id,
      pid: undefined,
      exePath: programPath,
      analysis,
      rules,
      notes: pre.notes,
      requestArgs: engine.launchArgs({
        program: programPath,
        args: command.slice(1),
        cwd: cfg.cwd ?? (image.Config?.WorkingDir || '/'),
        stopOnEntry: cfg.stopOnEntry,
        initCommands,
        env: programEnv,
        disableAslr: pre.seccompUnconfined,
      }),
      stream: exec.stream,
      timings,
      delivery,
      debuggerImage: plan?.image,
      dispose: async () => {
        exec.stream.end();
        await remove();
      },
    };
  } catch (e) {
    await remove();
    throw e;
  }
}

function parsePortOrThrow(p: string): PortMapping {
  const m = parsePort(p);
  if (!m) throw new DebugSetupError(`Port "${p}" is not [hostIp:]hostPort:containerPort[/proto].`);
  return m;
}
