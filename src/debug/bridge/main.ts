// The DAP bridge that runs INSIDE the debug sidecar (started with the extension host's own Node
// runtime, bind-mounted read-only): it starts a debugger, carries DAP between its own stdio (the
// exec stream) and the debugger, and ends the debugger when the stream closes.
//
//   node dap-bridge.js tcp -- dlv dap --listen=127.0.0.1:0      debugger speaks DAP over TCP
//   node dap-bridge.js stdio -- lldb-vscode-14                  debugger speaks DAP over stdio
//
// DAP goes on stdout only. Everything else the debugger prints (for Delve launch: the program's
// own output) goes to stderr, which the adapter turns into Debug Console output.
// Self-contained: Node built-ins only, no vscode.
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';

const argv = process.argv.slice(2);
const mode = argv[0];
const sep = argv.indexOf('--');
const cmd = sep >= 0 ? argv.slice(sep + 1) : [];
if ((mode !== 'tcp' && mode !== 'stdio') || cmd.length === 0) {
  process.stderr.write('usage: dap-bridge (tcp|stdio) -- command [args...]\n');
  process.exit(2);
}

let child: ChildProcess;
let ending = false;

function killChild(): void {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 2000).unref();
}

function end(code: number): void {
  if (ending) return;
  ending = true;
  killChild();
  // Let stdout drain, then go.
  process.stdout.write('', () => setTimeout(() => process.exit(code), 50));
}

// The Electron runtime of desktop VS Code runs this bridge as Node; the debugger must not inherit that.
delete process.env.ELECTRON_RUN_AS_NODE;
try {
  child = spawn(cmd[0], cmd.slice(1), { stdio: [mode === 'stdio' ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
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
process.stdin.on('end', () => end(0));
process.stdin.on('error', () => end(0));

if (mode === 'stdio') {
  process.stdin.pipe(child.stdin!);
  child.stdout!.pipe(process.stdout);
} else {
  // Wait for the debugger to say where it listens (Delve: "DAP server listening at: 127.0.0.1:PORT"),
  // then connect once: dlv dap accepts a single connection, so it must not be probed.
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
    process.stdin.pipe(sock);
    sock.pipe(process.stdout, { end: false });
    sock.on('error', (e) => {
      process.stderr.write(`dap-bridge: connection to the debugger failed: ${e.message}\n`);
      end(1);
    });
    sock.on('close', () => setTimeout(() => end(0), 500));
  });
}
