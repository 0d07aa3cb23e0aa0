// Debugging benchmarks: time from starting a session to the stop at the first breakpoint, in
// attach mode, against a real Podman with the host's dlv and lldb-vscode. Median of several sessions.
// - debug_go_to_breakpoint_ms / debug_c_to_breakpoint_ms (the figures): in the real VS Code
//   host, from vscode.debug.startDebugging to the `stopped` event (a DebugAdapterTracker), measured by
//   the "startDebugging to the stop at the first breakpoint" test of test/vscode/debug.test.ts, which
//   only exists when PODMAN_WORKBENCH_BENCH_OUT is set.
// - debug_go_adapter_to_breakpoint_ms / debug_c_adapter_to_breakpoint_ms: the inline adapter driven
//   directly (sidecar start, reading the binary, debugger start, DAP), without the workbench.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PodmanClient } from '../src/podman/client';
import { PodmanDebugAdapter } from '../src/debug/core/adapter';
import type { DapMessage } from '../src/debug/core/framing';
import { buildC, buildGo, cImage, goImage, runContainer, tempRoot, type Program } from '../test/fixtures/debug/build';
import { adapterOptions } from '../test/fixtures/debug/serve';

const RUNS = 5;

/** A minimal DAP client over the adapter's in-process interface. */
class Driver {
  private seq = 1;
  private readonly pending = new Map<number, (m: DapMessage) => void>();
  private readonly waiters: { event: string; resolve: (m: DapMessage) => void }[] = [];
  constructor(readonly adapter: PodmanDebugAdapter) {
    adapter.onDidSendMessage((m) => {
      if (m.type === 'response') this.pending.get(m.request_seq as number)?.(m);
      if (m.type === 'event') {
        const i = this.waiters.findIndex((w) => w.event === m.event);
        if (i >= 0) this.waiters.splice(i, 1)[0].resolve(m);
      }
    });
  }
  request(command: string, args: unknown = {}): Promise<DapMessage> {
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, (m) => (m.success ? resolve(m) : reject(new Error(`${command}: ${String(m.message)}`))));
      this.adapter.handleMessage({ seq, type: 'request', command, arguments: args });
    });
  }
  event(event: string, timeoutMs = 30_000): Promise<DapMessage> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${event} event within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ event, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  }
}

async function toBreakpoint(client: PodmanClient, container: string, p: Program): Promise<number> {
  const t0 = performance.now();
  const adapter = new PodmanDebugAdapter(
    client,
    { type: 'podman', request: 'attach', name: 'bench', container, localRoot: p.workspace, followLogs: false },
    await adapterOptions(),
  );
  const d = new Driver(adapter);
  try {
    const initialized = d.event('initialized');
    await d.request('initialize', {
      adapterID: 'podman',
      pathFormat: 'path',
      linesStartAt1: true,
      columnsStartAt1: true,
    });
    await d.request('attach', {});
    await initialized;
    await d.request('setBreakpoints', { source: { path: p.source }, breakpoints: [{ line: p.line }] });
    const stopped = d.event('stopped');
    await d.request('configurationDone');
    await stopped;
    const ms = performance.now() - t0;
    await d.request('setBreakpoints', { source: { path: p.source }, breakpoints: [] });
    await d.request('disconnect', { terminateDebuggee: false });
    await adapter.whenEnded();
    return ms;
  } finally {
    adapter.dispose();
    await adapter.whenEnded();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** The grep of the extension-host benchmark test (test/vscode/debug.test.ts). */
const HOST_TEST = 'startDebugging to the stop at the first breakpoint';

/** In the real VS Code host (code-server) against the Podman at `socketPath`. */
function benchDebugHost(socketPath: string): { debug_go_to_breakpoint_ms: number; debug_c_to_breakpoint_ms: number } {
  const outFile = join(process.cwd(), '.test-work', 'bench-debug.json');
  mkdirSync(join(process.cwd(), '.test-work'), { recursive: true });
  rmSync(outFile, { force: true });
  // The runner's own output goes to stderr: stdout is the benchmark's JSON.
  execFileSync(process.execPath, ['scripts/run-vscode-tests.mjs', HOST_TEST], {
    stdio: ['ignore', 2, 2],
    env: { ...process.env, PODMAN_WORKBENCH_TEST_SOCKET: socketPath, PODMAN_WORKBENCH_BENCH_OUT: outFile },
  });
  return JSON.parse(readFileSync(outFile, 'utf8')) as {
    debug_go_to_breakpoint_ms: number;
    debug_c_to_breakpoint_ms: number;
  };
}

export async function benchDebug(socketPath: string): Promise<Record<string, number>> {
  const host = benchDebugHost(socketPath);
  return { ...host, ...(await benchDebugAdapter(socketPath)) };
}

async function benchDebugAdapter(socketPath: string): Promise<Record<string, number>> {
  const client = new PodmanClient(socketPath);
  await client.ping();
  const root = tempRoot('pw-bench-debug-');
  const made: string[] = [];
  try {
    const [go, c] = await Promise.all([buildGo(root), buildC(root)]);
    const goCtr = await runContainer(
      client,
      await goImage(client, go, 'localhost/pw-bench-debug-go:1'),
      `bench-debug-go-${process.pid}`,
    );
    made.push(goCtr);
    const cCtr = await runContainer(
      client,
      await cImage(client, c, 'localhost/pw-bench-debug-c:1'),
      `bench-debug-c-${process.pid}`,
      { hostUsr: true },
    );
    made.push(cCtr);
    const goTimes: number[] = [];
    const cTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      goTimes.push(await toBreakpoint(client, goCtr, go));
      cTimes.push(await toBreakpoint(client, cCtr, c));
    }
    return {
      debug_go_adapter_to_breakpoint_ms: Math.round(median(goTimes)),
      debug_c_adapter_to_breakpoint_ms: Math.round(median(cTimes)),
    };
  } finally {
    for (const id of made) {
      await client.containerAction(id, 'kill').catch(() => undefined);
      await client.removeContainer(id, { force: true }).catch(() => undefined);
    }
    rmSync(root, { recursive: true, force: true });
  }
}

// `npx tsx bench/debug.ts SOCKET` runs it alone.
if (require.main === module) {
  benchDebug(process.argv[2] ?? process.env.PODMAN_WORKBENCH_TEST_SOCKET ?? '').then(
    (r) => (console.log(JSON.stringify(r, null, 2)), process.exit(0)),
    (e) => (console.error(e), process.exit(1)),
  );
}
