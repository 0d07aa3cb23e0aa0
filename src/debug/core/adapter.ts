// The inline debug adapter: a DAP proxy between VS Code and a debugger started next to a
// container, reached over an exec stream of the Podman socket. Implements the shape of
// vscode.DebugAdapter without importing vscode, so the adapter-level tests drive it directly.
import type { Readable } from 'node:stream';
import { FrameDemuxer, type PodmanClient } from '../../podman/client';
import { startAttach } from './attach';
import { DebugSetupError, type BackendOptions, type DebugBackend } from './backend';
import { startLaunch } from './launch';
import { checkConfig, type PodmanDebugConfig } from './config';
import { unboundReason } from './advice';
import { NOISE } from './engines';
import { DapReader, encodeDap, type DapMessage } from './framing';
import { PathMapper, rewriteToClient, rewriteToDebugger } from './pathmap';

export interface Disposable {
  dispose(): void;
}

export interface AdapterOptions extends BackendOptions {
  /** Called once the session's resources are gone (tests and benchmarks wait on it). */
  onEnded?: () => void;
  /** Called once the debugger runs and DAP flows (the set-up is over). */
  onReady?: () => void;
}

export class PodmanDebugAdapter {
  private readonly listeners = new Set<(m: DapMessage) => void>();
  private backend: DebugBackend | undefined;
  private starting: Promise<void> | undefined;
  private queue: DapMessage[] = [];
  private mapper = new PathMapper([]);
  private disconnecting = false;
  /** Requests forwarded to the debugger and not answered yet (answered by us if it ends first). */
  private readonly unanswered = new Map<number, DapMessage>();
  private ended = false;
  private endedPromise: Promise<void> | undefined;
  private logs: Readable | undefined;
  private stderrTail: string[] = [];
  private readonly config: PodmanDebugConfig | undefined;
  private readonly configError: string | undefined;

  constructor(
    private readonly client: PodmanClient,
    config: Record<string, unknown>,
    private readonly opts: AdapterOptions,
  ) {
    const c = checkConfig(config);
    if (c.ok) this.config = c.config;
    else this.configError = c.error;
  }

  readonly onDidSendMessage = (listener: (m: DapMessage) => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** The backend once started (tests read the chosen engine, mapping rules and timings). */
  get session(): DebugBackend | undefined {
    return this.backend;
  }

  handleMessage(msg: DapMessage): void {
    if (this.ended) {
      if (msg.type === 'request') this.afterEnd(msg);
      return;
    }
    if (!this.backend) {
      this.queue.push(msg);
      this.starting ??= this.start();
      return;
    }
    this.toDebugger(msg);
  }

  dispose(): void {
    void this.finish();
  }

  /** Resolves when everything the session started is gone. */
  whenEnded(): Promise<void> {
    return (
      this.endedPromise ??
      new Promise<void>((r) => {
        const t = setInterval(() => {
          if (this.endedPromise) {
            clearInterval(t);
            void this.endedPromise.then(r);
          }
        }, 20);
      })
    );
  }

  // ---- start ----

  private async start(): Promise<void> {
    const log = this.opts.log ?? (() => undefined);
    try {
      if (!this.config) throw new DebugSetupError(this.configError ?? 'Invalid debug configuration.');
      const start = this.config.request === 'attach' ? startAttach : startLaunch;
      this.backend = await start(this.client, this.config, this.opts);
    } catch (e) {
      const msg =
        e instanceof DebugSetupError
          ? e.fix
            ? `${e.message} ${e.fix}`
            : e.message
          : `Could not start the debugger: ${e instanceof Error ? e.message : String(e)}`;
      log(`debug: start failed: ${msg}`);
      const queued = this.queue;
      this.queue = [];
      for (const m of queued) if (m.type === 'request') this.respond(m, false, msg);
      this.emit({ seq: 0, type: 'event', event: 'terminated', body: {} });
      void this.finish(); // not awaited: finish() waits for this start() to settle
      return;
    }
    const b = this.backend;
    log(`debug: ${b.engine.label} ready in ${JSON.stringify(b.timings)}; path rules ${JSON.stringify(b.rules)}`);
    this.opts.onReady?.();
    this.mapper = new PathMapper(b.rules);
    const reader = new DapReader(
      (m) => this.fromDebugger(m),
      (err, raw) => log(`debug: undecodable DAP from the debugger (${err.message}): ${raw.slice(0, 200)}`),
    );
    const demux = new FrameDemuxer((t, d) => (t === 'stderr' ? this.debuggerStderr(d) : reader.push(d)));
    b.stream.on('data', (d: Buffer) => demux.push(d));
    const onEnd = (why: string): void => void this.backendEnded(why);
    b.stream.on('end', () => onEnd('end'));
    b.stream.on('close', () => onEnd('close'));
    b.stream.on('error', (e) => onEnd(e.message));
    for (const n of b.notes) this.output(`${n}\n`, 'console');
    for (const r of b.rules) this.output(`Source path mapping: ${r.remote} → ${r.local}\n`, 'console');
    const queued = this.queue;
    this.queue = [];
    for (const m of queued) this.toDebugger(m);
    if (this.config?.followLogs && this.config.request === 'attach') void this.followLogs(b.containerId);
  }

  private async followLogs(id: string): Promise<void> {
    try {
      const stream = await this.client.logs(id, { follow: true, since: Math.floor(Date.now() / 1000) });
      if (this.ended) return void stream.destroy();
      this.logs = stream;
      const demux = new FrameDemuxer((t, d) => this.output(d.toString('utf8'), t === 'stderr' ? 'stderr' : 'stdout'));
      stream.on('data', (d: Buffer) => demux.push(d));
      stream.on('error', () => undefined);
    } catch (e) {
      this.opts.log?.(`debug: cannot follow the container's output: ${String(e)}`);
    }
  }

  private debuggerStderr(d: Buffer): void {
    for (const line of d.toString('utf8').split(/(?<=\n)/)) {
      if (!line) continue;
      this.stderrTail.push(line);
      if (this.stderrTail.length > 20) this.stderrTail.shift();
      if (NOISE.some((re) => re.test(line.trimEnd()))) {
        this.opts.log?.(`debug: debugger: ${line.trimEnd()}`);
        continue;
      }
      // Through the bridge (Delve), this is the launched program's own output; over stdio (LLDB)
      // it is the debugger's.
      this.output(line, this.backend?.engine.transport === 'tcp' ? 'stdout' : 'stderr');
    }
  }

  // ---- the two directions ----

  private toDebugger(msg: DapMessage): void {
    const b = this.backend!;
    if (msg.type === 'request') {
      const command = msg.command as string;
      if (command === 'attach' || command === 'launch') {
        const mine = b.containerId === b.debugContainerId ? 'launch' : 'attach';
        const { __sessionId, __restart } = (msg.arguments ?? {}) as Record<string, unknown>;
        msg = {
          ...msg,
          command: mine,
          arguments: { ...b.requestArgs, ...(__sessionId ? { __sessionId } : {}), ...(__restart ? { __restart } : {}) },
        };
      } else if (command === 'disconnect' || command === 'terminate') {
        this.disconnecting = true;
        if (command === 'disconnect') {
          const attach = b.containerId !== b.debugContainerId;
          msg = { ...msg, arguments: { ...((msg.arguments as object) ?? {}), terminateDebuggee: !attach } };
        }
      }
      msg = rewriteToDebugger(msg, this.mapper);
      this.unanswered.set(msg.seq as number, msg);
    }
    b.stream.write(encodeDap(msg));
  }

  private fromDebugger(msg: DapMessage): void {
    let request: DapMessage | undefined;
    if (msg.type === 'response') {
      request = this.unanswered.get(msg.request_seq as number);
      this.unanswered.delete(msg.request_seq as number);
    }
    // Delve halts the target to detach from it: that is no stop to show (VS Code would ask the
    // ending session for its threads).
    if (this.disconnecting && msg.type === 'event' && msg.event === 'stopped') {
      this.opts.log?.(`debug: stop while disconnecting not forwarded: ${JSON.stringify(msg.body ?? {})}`);
      return;
    }
    msg = rewriteToClient(msg, this.mapper);
    if (msg.type === 'response' && msg.command === 'setBreakpoints' && request) msg = this.explainUnbound(msg, request);
    this.emit(msg);
    if (msg.type === 'response' && msg.command === 'disconnect') setTimeout(() => void this.finish(), 0);
  }

  /** Gives each breakpoint that did not bind, and that the debugger said nothing about, a reason. */
  private explainUnbound(msg: DapMessage, request: DapMessage): DapMessage {
    const body = msg.body as { breakpoints?: { verified?: boolean; message?: string }[] } | undefined;
    const remotePath = (request.arguments as { source?: { path?: string } } | undefined)?.source?.path ?? '';
    if (!body?.breakpoints?.some((bp) => !bp.verified && !bp.message) || !remotePath) return msg;
    const b = this.backend!;
    const reason = unboundReason({
      localPath: this.mapper?.toLocal(remotePath) ?? remotePath,
      remotePath,
      hasDebugInfo: b.analysis?.hasDebugInfo,
      sourceFiles: b.analysis?.sourceFiles,
      debugger: b.engine.kind,
    });
    return {
      ...msg,
      body: {
        ...body,
        breakpoints: body.breakpoints.map((bp) => (bp.verified || bp.message ? bp : { ...bp, message: reason })),
      },
    };
  }

  private async backendEnded(why: string): Promise<void> {
    if (this.ended) return;
    if (!this.disconnecting) {
      const tail = this.stderrTail
        .filter((l) => !NOISE.some((re) => re.test(l.trimEnd())))
        .join('')
        .trim();
      this.output(
        `The debugger ended unexpectedly (${why}). ${tail ? `Its last words: ${tail.slice(-600)}` : 'The container, the process or the Podman connection may be gone.'}\n`,
        'stderr',
      );
      this.emit({ seq: 0, type: 'event', event: 'terminated', body: {} });
    }
    await this.finish();
  }

  private finish(): Promise<void> {
    if (this.endedPromise) return this.endedPromise;
    this.ended = true;
    this.logs?.destroy();
    // What the debugger will never answer now: answered here, so no request of VS Code hangs.
    const left = [...this.unanswered.values()];
    this.unanswered.clear();
    for (const m of left) this.afterEnd(m);
    this.endedPromise = (async () => {
      await this.starting?.catch(() => undefined);
      await this.backend?.dispose().catch(() => undefined);
      this.opts.onEnded?.();
    })();
    return this.endedPromise;
  }

  // ---- helpers ----

  private emit(msg: DapMessage): void {
    for (const l of this.listeners) l(msg);
  }
  private output(text: string, category: 'console' | 'stdout' | 'stderr'): void {
    this.emit({ seq: 0, type: 'event', event: 'output', body: { category, output: text } });
  }
  private respond(
    req: DapMessage,
    success: boolean,
    message?: string,
    o: { showUser?: boolean; body?: Record<string, unknown> } = {},
  ): void {
    const body = message ? { error: { id: 1, format: message, showUser: o.showUser ?? true } } : o.body;
    this.emit({
      seq: 0,
      type: 'response',
      request_seq: req.seq,
      command: req.command,
      success,
      ...(message ? { message } : {}),
      ...(body ? { body } : {}),
    });
  }

  /**
   * A request once the session is over (the workbench still asks for threads after a stop it saw
   * before the end): no threads, disconnect succeeds, anything else fails without a message box.
   */
  private afterEnd(req: DapMessage): void {
    if (req.command === 'threads') this.respond(req, true, undefined, { body: { threads: [] } });
    else if (req.command === 'disconnect' || req.command === 'terminate') this.respond(req, true);
    else this.respond(req, false, 'The debug session has ended.', { showUser: false });
  }
}
