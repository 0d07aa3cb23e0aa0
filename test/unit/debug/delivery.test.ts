// Unit tests of the debugger image plan: the ELF dynamic section reader and dependency walk on
// this machine's real dlv and lldb-vscode, the image layout, and the debuggerDelivery option.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfig } from '../../../src/debug/core/config';
import {
  archMismatch,
  dependencyClosure,
  goArch,
  layout,
  libraryDirs,
  localIdentity,
  planDebuggerImage,
  readDynamic,
  sameMachine,
  DEBUGGER_IMAGE_REPO,
} from '../../../src/debug/core/delivery';

const LLDB = [
  '/usr/bin/lldb-vscode',
  '/usr/bin/lldb-dap',
  ...[19, 18, 17, 16, 15, 14].flatMap((v) => [`/usr/bin/lldb-dap-${v}`, `/usr/bin/lldb-vscode-${v}`]),
].find((p) => existsSync(p));
const base = (p: string): string => p.replace(/^.*\//, '');

describe('debugger image: ELF dependency walk', () => {
  it(
    "reads PT_INTERP and DT_NEEDED of this machine's dlv",
    { skip: !existsSync('/usr/bin/dlv') && 'no /usr/bin/dlv' },
    () => {
      const d = readDynamic(readFileSync('/usr/bin/dlv'));
      if (d.interpreter) {
        assert.match(d.interpreter, /ld-linux|ld-musl/);
        assert.ok(
          d.needed.some((n) => /^libc\.so|^libc\.musl/.test(n)),
          `DT_NEEDED: ${d.needed.join(', ')}`,
        );
      } else assert.deepEqual(d.needed, [], 'a static dlv needs nothing');
      const { files, missing } = dependencyClosure(['/usr/bin/dlv']);
      assert.deepEqual(missing, []);
      assert.equal(files[0], '/usr/bin/dlv');
      if (d.interpreter) {
        assert.ok(files.includes(d.interpreter), 'the loader is included');
        assert.ok(
          files.some((f) => /\/libc\.so\.6$/.test(f)),
          `libc is found in the library directories: ${files.join(', ')}`,
        );
      }
    },
  );

  it(
    'walks lldb-vscode transitively: liblldb, LLVM, Python, libc, each once, nothing missing',
    { skip: !LLDB && 'no lldb-vscode' },
    () => {
      const direct = readDynamic(readFileSync(LLDB!)).needed;
      assert.ok(
        direct.some((n) => /^liblldb/.test(n)),
        `lldb-vscode needs liblldb: ${direct.join(', ')}`,
      );
      const { files, missing } = dependencyClosure([LLDB!]);
      assert.deepEqual(missing, []);
      const names = files.map(base);
      for (const want of [/^liblldb/, /^libLLVM/, /^libpython3/, /^libc\.so\.6$/, /^libstdc\+\+\.so/]) {
        assert.ok(
          names.some((n) => want.test(n)),
          `${want} in ${names.join(', ')}`,
        );
      }
      // Every DT_NEEDED of every file found is in the closure (by name).
      for (const f of files) {
        for (const n of readDynamic(readFileSync(realpathSync(f))).needed) {
          assert.ok(names.includes(n), `${n} (needed by ${f}) is in the closure`);
        }
      }
      assert.equal(new Set(files).size, files.length);
    },
  );

  it('reads the library directories from /etc/ld.so.conf and its includes', () => {
    const dirs = libraryDirs();
    assert.ok(dirs.includes('/usr/lib') && dirs.includes('/lib64'));
    if (existsSync('/usr/lib/x86_64-linux-gnu/libc.so.6')) {
      assert.ok(dirs.includes('/usr/lib/x86_64-linux-gnu') || dirs.includes('/lib/x86_64-linux-gnu'));
    }
  });

  it('lays files out at their own paths, symlinks and symlinked directories kept as links', () => {
    const entries = layout(['/lib64/ld-linux-x86-64.so.2'].filter(existsSync));
    if (!entries.length) return;
    const byPath = new Map(entries.map((e) => [e.path, e]));
    const real = realpathSync('/lib64/ld-linux-x86-64.so.2');
    assert.equal(byPath.get(real)?.type, 'file', 'the real file is copied');
    for (const e of entries) {
      // No entry sits below a directory that is a symlink in the image.
      for (let d = e.path.replace(/\/[^/]+$/, ''); d && d !== '/'; d = d.replace(/\/[^/]+$/, '')) {
        assert.notEqual(byPath.get(d)?.type, 'symlink', `${e.path} under the link ${d}`);
      }
    }
  });

  it(
    'plans a Delve image with Node, the bridge and the tools, tagged by engine and fingerprint',
    { skip: !existsSync('/usr/bin/dlv') && 'no /usr/bin/dlv' },
    () => {
      const plan = planDebuggerImage('delve', ['/usr/bin/dlv'], {
        nodePath: process.execPath,
        bridgeScript: __filename,
      });
      assert.match(plan.image, new RegExp(`^${DEBUGGER_IMAGE_REPO}:delve-[0-9a-f]{16}$`));
      const paths = new Set(plan.entries.map((e) => e.path));
      for (const p of [
        '/usr/bin/dlv',
        realpathSync(process.execPath),
        plan.bridgeAt,
        '/usr/bin/cat',
        '/usr/bin/readlink',
        '/proc',
        '/tmp',
        '/etc/passwd',
      ]) {
        assert.ok(paths.has(p), `${p} in the image`);
      }
      assert.equal(
        planDebuggerImage('delve', ['/usr/bin/dlv'], { nodePath: process.execPath, bridgeScript: __filename }).image,
        plan.image,
        'the tag is stable',
      );
    },
  );
});

describe('debugger image: CPU architecture', () => {
  it("names Node's architectures as Podman does", () => {
    assert.equal(goArch('x64'), 'amd64');
    assert.equal(goArch('arm64'), 'arm64');
    assert.equal(goArch('ppc64'), 'ppc64le');
  });
  it("refuses to bring this machine's debuggers to a host of another architecture, saying what to do", () => {
    assert.equal(archMismatch('amd64', 'x64'), undefined);
    assert.equal(archMismatch(undefined, 'x64'), undefined, 'an unknown host architecture is not held against it');
    assert.match(
      archMismatch('arm64', 'x64') ?? '',
      /Podman host runs on arm64.*built for amd64.*"debuggerDelivery": "host"/,
    );
  });
});

describe('debuggerDelivery option', () => {
  it('defaults to auto, accepts host and image, rejects anything else', () => {
    const c = checkConfig({ request: 'attach', container: 'x' });
    assert.ok(c.ok && c.config.debuggerDelivery === 'auto');
    for (const v of ['host', 'image', 'auto']) {
      const r = checkConfig({ request: 'launch', image: 'i', debuggerDelivery: v });
      assert.ok(r.ok && r.config.debuggerDelivery === v);
    }
    const bad = checkConfig({ request: 'attach', container: 'x', debuggerDelivery: 'ssh' });
    assert.deepEqual(bad, {
      ok: false,
      error: 'Podman debug configuration: "debuggerDelivery" must be "auto", "host" or "image".',
    });
  });

  it('is in package.json for attach and launch', () => {
    const pkg = JSON.parse(readFileSync(`${__dirname}/../../../package.json`, 'utf8')) as {
      contributes: {
        debuggers: { configurationAttributes: Record<string, { properties: Record<string, { enum?: string[] }> }> }[];
      };
    };
    const attrs = pkg.contributes.debuggers[0].configurationAttributes;
    for (const req of ['attach', 'launch']) {
      assert.deepEqual(attrs[req].properties.debuggerDelivery?.enum, ['auto', 'host', 'image']);
    }
  });
});

describe('debuggerDelivery auto: is the Podman host this machine?', () => {
  const here = { hostname: 'box', kernel: '6.1.0-1-amd64', distribution: 'debian', version: '12' };
  it('is when hostname, kernel and distribution agree, and not when any of them differs', () => {
    assert.equal(sameMachine({ ...here }, here), true);
    assert.equal(sameMachine({ ...here, hostname: 'localhost.localdomain' }, here), false, 'a podman machine VM');
    assert.equal(sameMachine({ ...here, kernel: '6.8.0' }, here), false, 'another kernel');
    assert.equal(
      sameMachine({ ...here, version: '13' }, here),
      false,
      'a Podman in a chroot or container of another release',
    );
    assert.equal(sameMachine({ ...here, distribution: 'fedora', version: '40' }, here), false);
  });
  it('does not hold missing fields against the host', () => {
    assert.equal(sameMachine({ hostname: 'box' }, here), true);
    assert.equal(sameMachine({ ...here }, { hostname: 'box' }), true);
  });
  it('reads os-release with and without quotes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-osrel-'));
    try {
      writeFileSync(join(dir, 'os-release'), 'NAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n');
      const id = localIdentity(join(dir, 'os-release'));
      assert.equal(id.distribution, 'debian');
      assert.equal(id.version, '12');
      assert.ok(id.hostname && id.kernel);
      assert.equal(localIdentity(join(dir, 'missing')).distribution, undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
