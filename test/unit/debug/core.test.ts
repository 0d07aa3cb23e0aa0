// Unit tests of the pure debug core: DAP framing, path mapping and DAP rewriting, configuration
// checks, preflight, process choice, and the ELF / Go build info / DWARF reader on programs
// compiled in before() with the host's go and gcc.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DapReader, encodeDap, type DapMessage } from '../../../src/debug/core/framing';
import { PathMapper, computePathRules, rewriteToClient, rewriteToDebugger } from '../../../src/debug/core/pathmap';
import { analyzeBinary } from '../../../src/debug/core/analysis';
import { readDwarf, DW_LANG } from '../../../src/debug/core/dwarf';
import { readElf, readGoBuildInfo, isElf } from '../../../src/debug/core/elf';
import { checkConfig } from '../../../src/debug/core/config';
import { preflight } from '../../../src/debug/core/preflight';
import { mainProcess } from '../../../src/podman/processes';
import { ENGINES } from '../../../src/debug/core/engines';
import { knownAdvice, unboundReason } from '../../../src/debug/core/advice';

const execFileP = promisify(execFile);
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'debug');

describe('DAP framing', () => {
  const msgs: DapMessage[] = [
    { seq: 1, type: 'request', command: 'initialize', arguments: { adapterID: 'podman' } },
    { seq: 2, type: 'event', event: 'output', body: { output: 'héllo ✓\r\n\r\nContent-Length: 3\r\n' } },
  ];
  it('round-trips messages, also split at every byte and concatenated', () => {
    const wire = Buffer.concat(msgs.map(encodeDap));
    for (const step of [1, 2, 7, wire.length]) {
      const got: DapMessage[] = [];
      const r = new DapReader((m) => got.push(m));
      for (let i = 0; i < wire.length; i += step) r.push(wire.subarray(i, i + step));
      assert.deepEqual(got, msgs, `chunk size ${step}`);
      assert.equal(r.pending, 0);
    }
  });
  it('counts Content-Length in bytes, not characters', () => {
    const b = encodeDap({ seq: 1, type: 'event', body: 'ü' });
    const header = b.toString('latin1').split('\r\n')[0];
    assert.equal(header, `Content-Length: ${Buffer.byteLength(JSON.stringify({ seq: 1, type: 'event', body: 'ü' }))}`);
  });
  it('skips a header without Content-Length and a body that is not JSON, reporting both', () => {
    const errs: string[] = [];
    const got: DapMessage[] = [];
    const r = new DapReader(
      (m) => got.push(m),
      (e) => errs.push(e.message),
    );
    r.push(Buffer.from('Noise: 1\r\n\r\nContent-Length: 3\r\n\r\n{x}'));
    r.push(encodeDap(msgs[0]));
    assert.deepEqual(got, [msgs[0]]);
    assert.equal(errs.length, 2);
  });
});

describe('path mapping', () => {
  const m = new PathMapper([
    { local: '/home/me/app', remote: '/src' },
    { local: '/home/me/app/vendor/lib', remote: '/opt/lib' },
  ]);
  const cases: [string, string][] = [
    ['/home/me/app/main.go', '/src/main.go'],
    ['/home/me/app', '/src'],
    ['/home/me/app/vendor/lib/x.c', '/opt/lib/x.c'],
    ['/home/me/application/main.go', '/home/me/application/main.go'],
    ['/elsewhere/y.go', '/elsewhere/y.go'],
  ];
  for (const [local, remote] of cases) {
    it(`maps ${local} ⇄ ${remote}`, () => {
      assert.equal(m.toRemote(local), remote);
      assert.equal(m.toLocal(remote), local);
    });
  }
  it('normalises backslashes and trailing slashes, drops identity rules', () => {
    const n = new PathMapper([
      { local: 'C:\\ws\\', remote: '/src/' },
      { local: '/same', remote: '/same/' },
    ]);
    assert.equal(n.rules.length, 1);
    assert.equal(n.toRemote('C:\\ws\\a\\b.c'), '/src/a/b.c');
  });

  it('finds the compile directory by the longest suffix that exists in the workspace', () => {
    const ws = new Set(['/ws/main.go', '/ws/pkg/util/u.go', '/ws/README.md']);
    const rules = computePathRules({
      sourceFiles: [
        '/build/src/main.go',
        '/build/src/pkg/util/u.go',
        '/usr/lib/go-1.19/src/fmt/print.go',
        '/root/go/pkg/mod/x.y/z@v1/z.go',
      ],
      localRoot: '/ws',
      exists: (p) => ws.has(p),
    });
    assert.deepEqual(rules, [{ local: '/ws', remote: '/build/src' }]);
  });
  it('adds a bind mount when the debug info holds paths under its destination; explicit rules come first', () => {
    const rules = computePathRules({
      sourceFiles: ['/src/app/main.c'],
      localRoot: '/home/me/app',
      mounts: [
        { source: '/home/me/app', destination: '/src/app' },
        { source: '/var/data', destination: '/data' },
      ],
      explicit: [{ local: '/x', remote: '/y' }],
      exists: () => false,
    });
    assert.deepEqual(rules, [
      { local: '/x', remote: '/y' },
      { local: '/home/me/app', remote: '/src/app' },
    ]);
  });
  it('needs no rule when the program was built in the workspace itself', () => {
    assert.deepEqual(
      computePathRules({ sourceFiles: ['/ws/main.go'], localRoot: '/ws', exists: (p) => p === '/ws/main.go' }),
      [],
    );
  });

  it('rewrites setBreakpoints to the debugger and stack frames, events, loaded sources back', () => {
    const mapper = new PathMapper([{ local: '/ws', remote: '/build' }]);
    const req = rewriteToDebugger(
      {
        seq: 3,
        type: 'request',
        command: 'setBreakpoints',
        arguments: { source: { path: '/ws/main.go', name: 'main.go' }, breakpoints: [{ line: 4 }] },
      },
      mapper,
    );
    assert.equal((req.arguments as { source: { path: string } }).source.path, '/build/main.go');
    const attach = rewriteToDebugger(
      { seq: 2, type: 'request', command: 'attach', arguments: { source: { path: '/ws/x' } } },
      mapper,
    );
    assert.equal(
      (attach.arguments as { source: { path: string } }).source.path,
      '/ws/x',
      'launch/attach arguments are left alone',
    );
    const st = rewriteToClient(
      {
        seq: 9,
        type: 'response',
        command: 'stackTrace',
        body: {
          stackFrames: [
            { id: 1, name: 'main', line: 4, source: { path: '/build/main.go' } },
            { id: 2, line: 1, source: { path: '/usr/lib/go/src/runtime/proc.go' } },
          ],
        },
      },
      mapper,
    );
    const frames = (st.body as { stackFrames: { source: { path: string } }[] }).stackFrames;
    assert.deepEqual(
      frames.map((f) => f.source.path),
      ['/ws/main.go', '/usr/lib/go/src/runtime/proc.go'],
    );
    const ls = rewriteToClient(
      {
        seq: 10,
        type: 'response',
        command: 'loadedSources',
        body: { sources: [{ path: '/build/a.c' }, { name: 'no path' }] },
      },
      mapper,
    );
    assert.equal((ls.body as { sources: { path?: string }[] }).sources[0].path, '/ws/a.c');
    const bp = rewriteToClient(
      {
        seq: 11,
        type: 'event',
        event: 'breakpoint',
        body: { reason: 'changed', breakpoint: { id: 1, verified: true, source: { path: '/build/b.c' } } },
      },
      mapper,
    );
    assert.equal((bp.body as { breakpoint: { source: { path: string } } }).breakpoint.source.path, '/ws/b.c');
  });
});

describe('debug configuration checks', () => {
  it('fills defaults for attach', () => {
    const r = checkConfig({ type: 'podman', request: 'attach', name: 'x', container: 'web' }, { localRoot: '/ws' });
    assert.ok(r.ok);
    assert.equal(r.config.debugger, 'auto');
    assert.equal(r.config.followLogs, true);
    assert.equal(r.config.localRoot, '/ws');
  });
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ request: 'run' }, /"request"/],
    [{ request: 'attach' }, /"container" is required/],
    [{ request: 'attach', container: 3 }, /"container"/],
    [{ request: 'attach', container: 'c', processId: -1 }, /"processId"/],
    [{ request: 'attach', container: 'c', debugger: 'gdb' }, /"debugger"/],
    [{ request: 'attach', container: 'c', stopOnEntry: 'yes' }, /"stopOnEntry"/],
    [{ request: 'attach', container: 'c', pathMappings: [{ localRoot: '/a' }] }, /"pathMappings"/],
    [{ request: 'attach', container: 'c', substitutePath: [{ from: '/a' }] }, /"substitutePath"/],
    [{ request: 'attach', container: 'c', sourceMap: [['/only-one']] }, /"sourceMap"/],
    [{ request: 'launch' }, /"image" is required/],
    [{ request: 'launch', image: 'i', command: 'sh -c x' }, /"command" must be an array/],
    [{ request: 'launch', image: 'i', env: { A: 1 } }, /"env"/],
    [{ request: 'launch', image: 'i', ports: ['80:http'] }, /"ports"/],
    [{ request: 'launch', image: 'i', mounts: [{ source: '/a' }] }, /"mounts"/],
  ];
  for (const [cfg, re] of bad) {
    it(`rejects ${JSON.stringify(cfg)}`, () => {
      const r = checkConfig({ type: 'podman', ...cfg });
      assert.equal(r.ok, false);
      assert.match((r as { error: string }).error, re);
    });
  }
  it("folds Delve's substitutePath and LLDB's sourceMap into the path mappings", () => {
    const r = checkConfig({
      type: 'podman',
      request: 'attach',
      container: 'c',
      pathMappings: [{ localRoot: '/l0', remoteRoot: '/r0' }],
      substitutePath: [{ from: '/ws/go', to: '/build/go' }],
      sourceMap: [['/build/c', '/ws/c']],
    });
    assert.ok(r.ok);
    assert.deepEqual(r.config.pathMappings, [
      { localRoot: '/l0', remoteRoot: '/r0' },
      { localRoot: '/ws/go', remoteRoot: '/build/go' },
      { localRoot: '/ws/c', remoteRoot: '/build/c' },
    ]);
  });
  it('accepts a processId given as a string of digits', () => {
    const r = checkConfig({ type: 'podman', request: 'attach', container: 'c', processId: '12' });
    assert.ok(r.ok && r.config.processId === 12);
  });
  it('takes ports as podman run -p does, and names the bad one', () => {
    const launch = { type: 'podman', request: 'launch', image: 'i' };
    for (const ports of [['8080:80'], ['127.0.0.1:9000:9000/udp', '[::1]::80', '5000', '8000-8001:80-81']]) {
      assert.ok(checkConfig({ ...launch, ports }).ok, JSON.stringify(ports));
    }
    const bad: [unknown, RegExp][] = [
      [['x:80'], /"ports" must be an array of \[ip:\]\[hostPort:\]containerPort.*: Not a port mapping: x:80/],
      [['8080:80', '70000:80'], /"ports" must be .*: Port out of range: 70000:80/],
      ['8080:80', /"ports" must be an array of \[ip:\]\[hostPort:\]containerPort/],
    ];
    for (const [ports, message] of bad) {
      const r = checkConfig({ ...launch, ports });
      assert.ok(!r.ok);
      assert.match(r.error, message);
    }
  });
});

describe('preflight and process choice', () => {
  it('stops on a container that is not running, or paused, or ptrace scope 3', () => {
    assert.match(
      preflight({ State: { Running: false, Status: 'exited' }, Name: 'web' }, { request: 'attach', debugger: 'delve' })
        .errors[0],
      /not running \(exited\)/,
    );
    assert.match(
      preflight({ State: { Running: true, Paused: true } }, { request: 'attach', debugger: 'delve' }).errors[0],
      /paused/,
    );
    assert.match(
      preflight({ State: { Running: true } }, { request: 'attach', debugger: 'lldb', ptraceScope: 3 }).errors[0],
      /ptrace_scope = 3/,
    );
    assert.deepEqual(
      preflight({ State: { Running: true } }, { request: 'attach', debugger: 'lldb', ptraceScope: 1 }).errors,
      [],
    );
  });
  it('adds disable-aslr false for an LLDB launch under the default seccomp profile only', () => {
    assert.deepEqual(
      preflight({ HostConfig: { SecurityOpt: [] } }, { request: 'launch', debugger: 'lldb' }).lldbInitCommands,
      ['settings set target.disable-aslr false'],
    );
    assert.deepEqual(
      preflight({ HostConfig: { SecurityOpt: ['seccomp=unconfined'] } }, { request: 'launch', debugger: 'lldb' })
        .lldbInitCommands,
      [],
    );
    assert.deepEqual(
      preflight({ HostConfig: { Privileged: true } }, { request: 'launch', debugger: 'lldb' }).lldbInitCommands,
      [],
    );
    assert.deepEqual(preflight({}, { request: 'launch', debugger: 'delve' }).lldbInitCommands, []);
  });
  it('picks PID 1, or its first child when PID 1 is an init', () => {
    assert.equal(
      mainProcess([
        { pid: 1, ppid: 0, command: '/app/server' },
        { pid: 7, ppid: 0, command: 'sh' },
      ])?.pid,
      1,
    );
    assert.equal(
      mainProcess([
        { pid: 1, ppid: 0, command: '/run/podman-init -- /app/server' },
        { pid: 2, ppid: 1, command: '/app/server' },
      ])?.pid,
      2,
    );
    assert.equal(
      mainProcess([
        { pid: 1, ppid: 0, command: 'catatonit -P' },
        { pid: 9, ppid: 1, command: 'x' },
        { pid: 3, ppid: 1, command: 'y' },
      ])?.pid,
      3,
    );
    assert.equal(mainProcess([]), undefined);
  });
  it('writes engine-specific attach arguments', () => {
    assert.deepEqual(ENGINES.delve.attachArgs({ pid: 5 }), { mode: 'local', processId: 5, stopOnEntry: false });
    assert.deepEqual(ENGINES.lldb.attachArgs({ pid: 5, program: '/app/x' }), {
      pid: 5,
      program: '/app/x',
      stopOnEntry: false,
      initCommands: [],
    });
  });
});

describe('ELF, Go build info and DWARF reader', () => {
  let dir: string;
  let goBin: Buffer;
  let cBin: Buffer;
  let cDwarf4: Buffer;
  let cStripped: Buffer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pw-elf-'));
    cpSync(join(FIXTURES, 'go'), join(dir, 'go'), { recursive: true });
    cpSync(join(FIXTURES, 'c'), join(dir, 'c'), { recursive: true });
    await execFileP('go', ['build', '-gcflags=all=-N -l', '-o', join(dir, 'g'), '.'], {
      cwd: join(dir, 'go'),
      env: { ...process.env, CGO_ENABLED: '0' },
    });
    await execFileP('gcc', ['-g', '-O0', '-o', join(dir, 'c5'), 'ticker.c'], { cwd: join(dir, 'c') });
    await execFileP('gcc', ['-g', '-gdwarf-4', '-gz', '-O0', '-o', join(dir, 'c4'), 'ticker.c'], {
      cwd: join(dir, 'c'),
    });
    await execFileP('gcc', ['-s', '-O0', '-o', join(dir, 'cs'), 'ticker.c'], { cwd: join(dir, 'c') });
    goBin = readFileSync(join(dir, 'g'));
    cBin = readFileSync(join(dir, 'c5'));
    cDwarf4 = readFileSync(join(dir, 'c4'));
    cStripped = readFileSync(join(dir, 'cs'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a static Go binary: build info → Delve, compressed DWARF file names', () => {
    const a = analyzeBinary(goBin);
    assert.equal(a.debugger, 'delve');
    assert.equal(a.static, true);
    assert.equal(a.go?.mainPath, 'example.com/ticker');
    assert.match(a.go?.goVersion ?? '', /^go1\./);
    assert.ok(a.hasDebugInfo);
    assert.ok(a.sourceFiles.includes(join(dir, 'go', 'main.go')), 'the main package file with its absolute path');
    const elf = readElf(goBin);
    assert.ok(elf.sections.some((s) => s.name === '.go.buildinfo'));
    assert.ok(readDwarf(goBin, elf)!.units.some((u) => u.language === DW_LANG.Go && u.name === 'main'));
  });
  it('reads a dynamic C binary with DWARF 5: LLDB, comp dir, interpreter', () => {
    const a = analyzeBinary(cBin);
    assert.equal(a.debugger, 'lldb');
    assert.equal(a.static, false);
    assert.match(a.interpreter ?? '', /ld-linux/);
    assert.deepEqual(a.compDirs, [join(dir, 'c')]);
    assert.ok(a.sourceFiles.includes(join(dir, 'c', 'ticker.c')));
    assert.equal(readGoBuildInfo(cBin, readElf(cBin)), undefined);
  });
  it('reads DWARF 4 in SHF_COMPRESSED sections the same way', () => {
    const a = analyzeBinary(cDwarf4);
    assert.deepEqual(a.compDirs, [join(dir, 'c')]);
    assert.ok(a.sourceFiles.includes(join(dir, 'c', 'ticker.c')));
  });
  it('says when a binary has no debug information', () => {
    const a = analyzeBinary(cStripped);
    assert.equal(a.hasDebugInfo, false);
    assert.deepEqual(a.sourceFiles, []);
  });
  it('refuses what is not ELF', () => {
    const f = join(dir, 'script');
    writeFileSync(f, '#!/bin/sh\necho hi\n');
    assert.equal(isElf(readFileSync(f)), false);
    assert.throws(() => analyzeBinary(readFileSync(f)), /not an ELF/);
    assert.throws(() => readElf(goBin.subarray(0, 200)), /truncated/);
    assert.ok(existsSync(f));
  });
});

describe('advice on known debugger failures', () => {
  const cases: [string, RegExp | undefined][] = [
    ['could not find file /home/me/app/main.go', /"localRoot"/],
    ["'A' packet returned an error: 8", /disable-aslr false/],
    ['error: attach failed: Operation not permitted', /ptrace/],
    ['Go version 1.23.0 is too new for this version of Delve', /matching Delve/],
    ['something else entirely', undefined],
  ];
  for (const [msg, re] of cases) {
    it(`advises on "${msg}"`, () => {
      const a = knownAdvice(msg);
      if (re) assert.match(a ?? '', re);
      else assert.equal(a, undefined);
    });
  }
});

describe('why a breakpoint did not bind', () => {
  const base = { localPath: '/ws/app/main.c', remotePath: '/build/app/main.c', debugger: 'lldb' as const };
  it('names missing debug information and the flag to build with', () => {
    assert.match(unboundReason({ ...base, hasDebugInfo: false }), /no debug information.*-g/);
    assert.match(unboundReason({ ...base, hasDebugInfo: false, debugger: 'delve' }), /-gcflags='all=-N -l'/);
  });
  it('names a file the program was not built from, and the files of the same name it was', () => {
    const r = unboundReason({ ...base, hasDebugInfo: true, sourceFiles: ['/src/other/main.c', '/src/other/util.c'] });
    assert.match(r, /\/ws\/app\/main\.c is not among the program's sources.*\/build\/app\/main\.c/);
    assert.match(r, /built from \/src\/other\/main\.c.*"localRoot"/);
    assert.match(
      unboundReason({ ...base, hasDebugInfo: true, sourceFiles: ['/src/x.c'] }),
      /Is it part of this program\?/,
    );
  });
  it('otherwise says the line has no code', () => {
    assert.match(
      unboundReason({ ...base, hasDebugInfo: true, sourceFiles: ['/build/app/main.c'] }),
      /no code on this line/,
    );
    assert.match(unboundReason({ ...base }), /no code on this line/, 'nothing known of the program');
  });
});
