// The DAP bridge that runs INSIDE the debug container (started with the extension host's own Node
// runtime, bind-mounted read-only): it starts a debugger, carries DAP between its own stdio (the
// exec stream) and the debugger, and makes the debugger detach when the stream drops.
//
//   node dap-bridge.js tcp -- dlv dap --listen=127.0.0.1:0      debugger speaks DAP over TCP
//   node dap-bridge.js stdio -- lldb-vscode-14                  debugger speaks DAP over stdio
//   node dap-bridge.js hold                                     the sidecar's main process
//
// DAP goes on stdout only. Everything else the debugger prints (for Delve launch: the program's
// own output) goes to stderr, which the adapter turns into Debug Console output.
// Self-contained: Node built-ins only, no vscode.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as net from 'node:net';

const argv = process.argv.slice(2);
const mode = argv[0];
const sep = argv.indexOf('--');
const cmd = sep >= 0 ? argv.slice(sep + 1) : [];

/** Whether a tcp/stdio bridge runs in this PID namespace (other than this process). */
function bridgesRunning(): boolean {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d) && d !== String(process.pid))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => a.endsWith('dap-bridge.js')) && (args.includes('tcp') || args.includes('stdio'))) {
        return true;
      }
    } catch {
      /* gone meanwhile */
    }
  }
  return false;
}

/**
 * The sidecar's main process: keeps the sidecar up while a bridge runs in it, and exits (the
 * sidecar is created with remove=true, so it goes away) once none has run for 3 s, or none came
 * within a minute. A sidecar left by a window or a Podman service that died does not stay.
 */
function hold(): void {
  const started = Date.now();
  let seen = false;
  let idle = 0;
  setInterval(() => {
    if (bridgesRunning()) {
      seen = true;
      idle = 0;
    } else if ((seen && ++idle >= 15) || (!seen && Date.now() - started > 60_000)) process.exit(0);
  }, 200);
  process.on('SIGTERM', () => process.exit(0));
}

function bridge(transport: 'tcp' | 'stdio'): void {
  let child: ChildProcess;
  let ending = false;
  // Where DAP to the debugger goes: the TCP connection, or the debugger's stdin.
  let toDebugger: NodeJS.WritableStream | undefined;
  const alive = (): boolean => !!child && child.exitCode === null && child.signalCode === null;

  const end = (code: number): void => {
    if (ending) return;
    ending = true;
    if (alive()) {
      child.kill('SIGTERM');
      setTimeout(() => alive() && child.kill('SIGKILL'), 2000).unref();
    }
    process.stdout.write('', () => setTimeout(() => process.exit(code), 50));
  };

  /**
   * The exec stream closed (the editor went away, the Podman socket died): ask the debugger to
   * detach as a client would, so an attached program runs on without breakpoints; then end it.
   */
  const streamClosed = (): void => {
    if (ending) return;
    if (!toDebugger || !alive()) return end(0);
    const body = JSON.stringify({
      seq: 999_999,
      type: 'request',
      command: 'disconnect',
      arguments: { terminateDebuggee: false },
    });
    try {
      toDebugger.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    } catch {
      /* already closed */
    }
    child.once('exit', () => end(0));
    setTimeout(() => end(0), 1500).unref();
  };

  // The Electron runtime of desktop VS Code runs this bridge as Node; the debugger must not inherit that.
  delete process.env.ELECTRON_RUN_AS_NODE;
  try {
    child = spawn(cmd[0], cmd.slice(1), { stdio: [transport === 'stdio' ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  } catch (e) {
    process.stderr.write(`dap-bridge: cannot start ${cmd[0]}: ${String(e)}\n`);
    process.exit(127);
  }
  child.on('error', (e) => {
    process.stderr.write(`dap-bridge: cannot start ${cmd[0]}: ${e.message}\n`);
    end(127);
  });
  child.on('exit', (code, signal) => {
    process.stderr.write(`dap-bridge: debugger exited (${signal ?? code})\n`);
    setTimeout(() => end(code ?? 1), 100);
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
  process.stdin.on('end', streamClosed);
  process.stdin.on('error', streamClosed);

  if (transport === 'stdio') {
    toDebugger = child.stdin!;
    process.stdin.pipe(child.stdin!, { end: false });
    child.stdout!.pipe(process.stdout);
    return;
  }
  connectWhenListening(child, end, (sock) => (toDebugger = sock));
}

/**
 * TCP transport: waits for the debugger to say where it listens (Delve: "DAP server listening at:
 * 127.0.0.1:PORT"), then connects once (dlv dap accepts a single connection, so it must not be
 * probed) and joins the connection to this process's stdin and stdout.
 */
function connectWhenListening(
  child: ChildProcess,
  end: (code: number) => void,
  onConnected: (sock: net.Socket) => void,
): void {
  let pending = '';
  let connected = false;
  child.stdout!.on('data', (d: Buffer) => {
    if (connected) {
      process.stderr.write(d);
      return;
    }
    pending += d.toString('utf8');
    const m = /listening at:?\s*(\[[^\]]+\]|[\d.]+):(\d+)/i.exec(pending);
    if (!m) {
      if (pending.length > 64 * 1024) pending = pending.slice(-4096);
      return;
    }
    connected = true;
    const rest = pending.slice(pending.indexOf(m[0]) + m[0].length).replace(/^\r?\n/, '');
    if (rest) process.stderr.write(rest);
    const sock = net.connect({ host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) });
    sock.setNoDelay(true);
    onConnected(sock);
    process.stdin.pipe(sock, { end: false });
    sock.pipe(process.stdout, { end: false });
    sock.on('error', (e) => {
      process.stderr.write(`dap-bridge: connection to the debugger failed: ${e.message}\n`);
      end(1);
    });
    sock.on('close', () => setTimeout(() => end(0), 500));
  });
}

if (mode === 'hold') hold();
else if ((mode === 'tcp' || mode === 'stdio') && cmd.length > 0) bridge(mode);
else {
  process.stderr.write('usage: dap-bridge (tcp|stdio) -- command [args...] | dap-bridge hold\n');
  process.exit(2);
}
