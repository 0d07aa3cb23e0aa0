// How the debugger reaches the Podman host. "host": the host's /usr is bind-mounted (Podman runs
// on this machine, the default when it does). "image": the debugger of THIS machine, every shared
// library it needs (read from the ELF DT_NEEDED / RUNPATH entries and the ld.so.conf directories,
// no ldd), the Node runtime and the DAP bridge are streamed as a root-filesystem tar into
// POST /libpod/images/import, cached as localhost/podman-workbench-debugger:<engine>-<fingerprint>,
// and the sidecar runs from that image: works with a podman machine VM or any other Podman host.
// Files keep their absolute paths in the image (symlinks kept as symlinks), so the debugger finds
// its helpers (lldb-server, the Python standard library) exactly where it does on this machine.
// No vscode import.
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { hostname, release } from 'node:os';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { imageExists } from '../../podman/archive';
import type { PodmanClient } from '../../podman/client';
import { SIDECAR_LABEL } from '../../podman/labels';
import { readElf } from './elf';

export type Delivery = 'host' | 'image';
export const DEBUGGER_IMAGE_REPO = 'localhost/podman-workbench-debugger';
/** Bumped when the image layout changes (part of the fingerprint). */
const LAYOUT_VERSION = '1';
const PW = '.pw-debug';

// ---- ELF dynamic section ----

export interface DynamicInfo {
  interpreter: string | undefined;
  needed: string[];
  /** DT_RUNPATH, else DT_RPATH, split on ':' ($ORIGIN not expanded). */
  runpath: string[];
}

const DT_NEEDED = 1;
const DT_RPATH = 15;
const DT_RUNPATH = 29;

/** Reads PT_INTERP and the .dynamic section's DT_NEEDED and DT_RUNPATH / DT_RPATH entries. */
export function readDynamic(buf: Buffer): DynamicInfo {
  const elf = readElf(buf);
  const dyn = elf.sections.find((s) => s.name === '.dynamic');
  const strtab = elf.sections.find((s) => s.name === '.dynstr');
  const out: DynamicInfo = { interpreter: elf.interpreter, needed: [], runpath: [] };
  if (!dyn || !strtab) return out;
  const is64 = elf.class === 64;
  const ent = is64 ? 16 : 8;
  const str = (off: number): string => {
    const start = strtab.offset + off;
    const end = buf.indexOf(0, start);
    return buf.subarray(start, end < 0 ? start : end).toString('latin1');
  };
  let rpath: string[] = [];
  for (let p = dyn.offset; p + ent <= dyn.offset + dyn.size; p += ent) {
    const tag = is64 ? Number(buf.readBigInt64LE(p)) : buf.readInt32LE(p);
    const val = is64 ? Number(buf.readBigUInt64LE(p + 8)) : buf.readUInt32LE(p + 4);
    if (tag === 0) break;
    if (tag === DT_NEEDED) out.needed.push(str(val));
    else if (tag === DT_RUNPATH) out.runpath = str(val).split(':').filter(Boolean);
    else if (tag === DT_RPATH) rpath = str(val).split(':').filter(Boolean);
  }
  if (!out.runpath.length) out.runpath = rpath;
  return out;
}

/** The library directories of this machine: /etc/ld.so.conf (with its includes) and the defaults. */
export function libraryDirs(confPath = '/etc/ld.so.conf'): string[] {
  const dirs: string[] = [];
  const seen = new Set<string>();
  const readConf = (p: string): void => {
    if (seen.has(p)) return;
    seen.add(p);
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch {
      return;
    }
    for (const raw of text.split('\n')) {
      const line = raw.replace(/#.*/, '').trim();
      if (!line) continue;
      const inc = /^include\s+(.+)$/.exec(line);
      if (inc) {
        const pattern = inc[1].trim();
        const dir = posix.dirname(pattern);
        const base = posix.basename(pattern);
        const re = new RegExp(
          `^${base
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        );
        let names: string[] = [];
        try {
          names = readdirSync(dir)
            .filter((n) => re.test(n))
            .sort();
        } catch {
          /* no such directory */
        }
        for (const n of names) readConf(posix.join(dir, n));
      } else if (line.startsWith('/')) dirs.push(line);
    }
  };
  readConf(confPath);
  return [...new Set([...dirs, '/lib64', '/usr/lib64', '/lib', '/usr/lib'])];
}

/**
 * Every file a set of programs needs to run: the programs, their ELF interpreters and the
 * transitive DT_NEEDED libraries, resolved like ld.so does (RUNPATH with $ORIGIN, then the
 * library directories). Paths as found (possibly through symlinks); missing libraries are reported.
 */
export function dependencyClosure(
  roots: string[],
  o: { libDirs?: string[] } = {},
): { files: string[]; missing: string[] } {
  const libDirs = o.libDirs ?? libraryDirs();
  const files: string[] = [];
  const missing = new Set<string>();
  const done = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const f = queue.shift()!;
    let real: string;
    try {
      real = realpathSync(f);
    } catch {
      missing.add(f);
      continue;
    }
    if (done.has(f)) continue;
    done.add(f);
    files.push(f);
    if (done.has(`real:${real}`)) continue;
    done.add(`real:${real}`);
    let dyn: DynamicInfo;
    try {
      dyn = readDynamic(readHead(real));
    } catch {
      continue; // not ELF (a script, the bridge): no dependencies
    }
    if (dyn.interpreter) queue.push(dyn.interpreter);
    const origin = posix.dirname(real);
    const search = [...dyn.runpath.map((d) => d.replace(/\$(ORIGIN|\{ORIGIN\})/g, origin)), ...libDirs];
    for (const lib of dyn.needed) {
      if (lib.includes('/')) {
        queue.push(lib);
        continue;
      }
      const hit = search.map((d) => posix.join(d, lib)).find((p) => existsSync(p));
      if (hit) queue.push(hit);
      else missing.add(lib);
    }
  }
  return { files, missing: [...missing] };
}

/** An ELF file's bytes (whole file: section headers sit at the end). */
function readHead(p: string): Buffer {
  const b = readFileSync(p);
  if (b.length < 4 || b.readUInt32BE(0) !== 0x7f454c46) throw new Error('not ELF');
  return b;
}

// ---- the image's file list ----

export interface ImageEntry {
  /** Absolute path in the image. */
  path: string;
  type: 'file' | 'symlink' | 'directory';
  /** file: the file on this machine to copy. */
  source?: string;
  content?: Buffer;
  linkname?: string;
  mode: number;
  size: number;
  mtimeMs: number;
}

/**
 * Turns paths of this machine into image entries at the same paths: symlinks (of the file and of
 * its directories) become symlinks, real files are copied once, parent directories are created.
 */
export function layout(paths: string[]): ImageEntry[] {
  const out = new Map<string, ImageEntry>();
  const dir = (d: string): void => {
    if (d === '/' || out.has(d)) return;
    const parent = posix.dirname(d);
    dir(parent);
    const canonParent = realpathSync(parent);
    if (canonParent !== parent) {
      dir(posix.join(canonParent, posix.basename(d)));
      return;
    }
    const st = lstatSync(d);
    if (st.isSymbolicLink()) {
      const target = readlinkSync(d);
      out.set(d, { path: d, type: 'symlink', linkname: target, mode: 0o777, size: 0, mtimeMs: 0 });
      dir(posix.resolve(parent, target));
      return;
    }
    out.set(d, { path: d, type: 'directory', mode: 0o755, size: 0, mtimeMs: 0 });
  };
  const add = (p: string): void => {
    if (out.has(p)) return;
    // The directory part may itself be (or run through) a symlink, e.g. /lib64 -> usr/lib64.
    const parent = posix.dirname(p);
    dir(parent);
    const canonParent = realpathSync(parent);
    if (canonParent !== parent) {
      // p lives under a symlinked directory: that link is in the image, add the canonical file.
      add(posix.join(canonParent, posix.basename(p)));
      return;
    }
    const st = lstatSync(p);
    if (st.isSymbolicLink()) {
      const target = readlinkSync(p);
      out.set(p, { path: p, type: 'symlink', linkname: target, mode: 0o777, size: 0, mtimeMs: 0 });
      add(posix.resolve(parent, target));
    } else if (st.isDirectory()) {
      dir(p);
    } else {
      out.set(p, { path: p, type: 'file', source: p, mode: st.mode & 0o7777, size: st.size, mtimeMs: st.mtimeMs });
    }
  };
  for (const p of paths) add(p);
  return [...out.values()];
}

/** Regular files under a directory tree (for the Python standard library LLDB embeds). */
export function treeFiles(root: string, skip: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = posix.join(d, e.name);
      if (skip.test(e.name)) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile() || e.isSymbolicLink()) out.push(p);
    }
  };
  walk(root);
  return out;
}

const PY_SKIP =
  /^(test|tests|site-packages|dist-packages|__pycache__|idlelib|tkinter|turtledemo|lib2to3|ensurepip|config-.*|.*\.pyc)$/;

export interface DebuggerImagePlan {
  engine: string;
  entries: ImageEntry[];
  /** Where the bridge script is in the image. */
  bridgeAt: string;
  fingerprint: string;
  image: string;
  missing: string[];
}

/**
 * What goes into the debugger image: the debugger programs and their libraries, the Node runtime
 * running the bridge, cat / readlink / sleep (used by the backend), the bridge script, and for LLDB
 * the Python standard library its liblldb embeds. The tag is a fingerprint of the file list
 * (path, size, mtime, mode) and the bridge's content, so an upgrade of any of them makes a new image.
 */
export function planDebuggerImage(
  engine: string,
  programs: string[],
  o: { nodePath: string; bridgeScript: string; libDirs?: string[] },
): DebuggerImagePlan {
  const tools = ['/usr/bin/cat', '/usr/bin/readlink', '/usr/bin/sleep'].filter((p) => existsSync(p));
  let { files, missing } = dependencyClosure([...programs, o.nodePath, ...tools], { libDirs: o.libDirs });
  const extra: string[] = [];
  for (const f of files) {
    const py = /\/libpython(\d+\.\d+)/.exec(f);
    if (!py) continue;
    const stdlib = `/usr/lib/python${py[1]}`;
    if (!existsSync(stdlib)) continue;
    const t = treeFiles(stdlib, PY_SKIP);
    extra.push(...t);
    // Extension modules are dlopen'ed: their libraries too.
    const dyn = dependencyClosure(
      t.filter((p) => p.endsWith('.so')),
      { libDirs: o.libDirs },
    );
    extra.push(...dyn.files);
    missing = [...missing, ...dyn.missing];
  }
  files = [...new Set([...files, ...extra])];
  const entries = layout(files);
  const bridgeAt = `/${PW}/dap-bridge.js`;
  const bridge = readFileSync(o.bridgeScript);
  const base: ImageEntry[] = [
    ...['proc', 'sys', 'dev', 'etc', 'run', 'var', 'root', PW].map((n) => ({
      path: `/${n}`,
      type: 'directory' as const,
      mode: 0o755,
      size: 0,
      mtimeMs: 0,
    })),
    { path: '/tmp', type: 'directory', mode: 0o1777, size: 0, mtimeMs: 0 },
    {
      path: '/etc/passwd',
      type: 'file',
      content: Buffer.from('root:x:0:0:root:/root:/bin/sh\n'),
      mode: 0o644,
      size: 0,
      mtimeMs: 0,
    },
    { path: '/etc/group', type: 'file', content: Buffer.from('root:x:0:\n'), mode: 0o644, size: 0, mtimeMs: 0 },
    { path: bridgeAt, type: 'file', content: bridge, mode: 0o644, size: bridge.length, mtimeMs: 0 },
  ];
  const have = new Set(entries.map((e) => e.path));
  const all = [...base.filter((e) => !have.has(e.path)), ...entries].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
  const h = createHash('sha256').update(`layout ${LAYOUT_VERSION}\n`);
  for (const e of all) {
    h.update(`${e.path}\0${e.type}\0${e.linkname ?? ''}\0${e.size}\0${Math.floor(e.mtimeMs)}\0${e.mode}\n`);
  }
  h.update(bridge);
  const fingerprint = h.digest('hex').slice(0, 16);
  return {
    engine,
    entries: all,
    bridgeAt,
    fingerprint,
    image: `${DEBUGGER_IMAGE_REPO}:${engine}-${fingerprint}`,
    missing: [...new Set(missing)],
  };
}

/** Streams the plan as a root-filesystem tar (files read one at a time, with back-pressure). */
export function imageTar(entries: ImageEntry[]): tar.Pack {
  const pack = tar.pack();
  const mtime = new Date(0);
  void (async () => {
    try {
      for (const e of entries) {
        const name = e.path.replace(/^\/+/, '');
        if (e.type === 'directory') pack.entry({ name, type: 'directory', mode: e.mode, mtime });
        else if (e.type === 'symlink') pack.entry({ name, type: 'symlink', linkname: e.linkname, mode: 0o777, mtime });
        else if (e.content) pack.entry({ name, mode: e.mode, mtime }, e.content);
        else {
          const size = statSync(e.source!).size;
          await new Promise<void>((resolve, reject) => {
            const sink = pack.entry({ name, mode: e.mode, size, mtime }, (err) => (err ? reject(err) : resolve()));
            const src = createReadStream(e.source!);
            src.on('error', reject);
            src.pipe(sink);
          });
        }
      }
      pack.finalize();
    } catch (err) {
      pack.destroy(err as Error);
    }
  })();
  return pack;
}

/** Podman's (Go's) name for a Node.js architecture. */
export function goArch(nodeArch: string): string {
  return (
    (
      {
        x64: 'amd64',
        ia32: '386',
        arm64: 'arm64',
        arm: 'arm',
        ppc64: 'ppc64le',
        s390x: 's390x',
        riscv64: 'riscv64',
      } as Record<string, string>
    )[nodeArch] ?? nodeArch
  );
}

/**
 * The debugger image carries this machine's binaries: they only run on a Podman host of the same
 * CPU architecture. Returns the problem to tell the user, or undefined when they match.
 */
export function archMismatch(podmanArch: string | undefined, nodeArch: string): string | undefined {
  if (!podmanArch || podmanArch === goArch(nodeArch)) return undefined;
  return `The Podman host runs on ${podmanArch}, but the debuggers of this machine are built for ${goArch(nodeArch)}: they cannot run there. Install the debugger (delve, or lldb) on the Podman host and set "debuggerDelivery": "host", or debug from a machine of the same architecture.`;
}

const building = new Map<string, Promise<{ image: string; built: boolean; ms: number }>>();

/** Imports the plan's image unless the Podman store already has it (checked by name first); `onImport` is told before an import. */
export function ensureDebuggerImage(
  client: PodmanClient,
  plan: DebuggerImagePlan,
  onImport?: () => void,
): Promise<{ image: string; built: boolean; ms: number }> {
  const key = `${client.socketPath}\0${plan.image}`;
  let p = building.get(key);
  if (!p) {
    p = (async () => {
      const t0 = performance.now();
      const info = (await client.libpod('GET', '/info').catch(() => undefined)) as
        { host?: { arch?: string } } | undefined;
      const mismatch = archMismatch(info?.host?.arch, process.arch);
      if (mismatch) throw new Error(mismatch);
      const have = await imageExists(client, plan.image);
      if (!have) {
        onImport?.();
        await client.libpod('POST', '/images/import', {
          query: {
            reference: plan.image,
            changes: [`LABEL ${SIDECAR_LABEL}=debugger`, `LABEL ${SIDECAR_LABEL}.engine=${plan.engine}`],
          },
          file: Readable.from(imageTar(plan.entries) as AsyncIterable<Buffer>),
          headers: { 'Content-Type': 'application/x-tar' },
          timeoutMs: 600_000,
        });
      }
      return { image: plan.image, built: !have, ms: Math.round(performance.now() - t0) };
    })();
    building.set(key, p);
    // Only the in-flight promise is shared; later sessions check the store again (it may be pruned).
    void p.finally(() => building.delete(key)).catch(() => undefined);
  }
  return p;
}

/** What GET /info says of the Podman host, and what this machine says of itself. */
export interface HostIdentity {
  hostname?: string;
  kernel?: string;
  /** os-release ID and VERSION_ID (Podman's host.distribution.distribution and .version). */
  distribution?: string;
  version?: string;
}

/** This machine's identity: hostname, kernel release and /etc/os-release. */
export function localIdentity(osRelease = '/etc/os-release'): HostIdentity {
  let text = '';
  try {
    text = readFileSync(osRelease, 'utf8');
  } catch {
    /* no os-release: compared by hostname and kernel only */
  }
  const field = (k: string): string | undefined => new RegExp(`^${k}=("?)(.*)\\1$`, 'm').exec(text)?.[2];
  return { hostname: hostname(), kernel: release(), distribution: field('ID'), version: field('VERSION_ID') };
}

/**
 * Whether the Podman host is this machine, so that its /usr holds this machine's debuggers: the
 * same hostname and kernel, and the same distribution and version where both sides say (a Podman
 * running in a chroot or a container of another distribution shares the first two).
 */
export function sameMachine(remote: HostIdentity, local: HostIdentity): boolean {
  if (remote.hostname !== local.hostname) return false;
  if (remote.kernel && local.kernel && remote.kernel !== local.kernel) return false;
  if (remote.distribution && local.distribution && remote.distribution !== local.distribution) return false;
  if (remote.version && local.version && remote.version !== local.version) return false;
  return true;
}

/**
 * "host" when the Podman host is this machine (see sameMachine), else "image". A connection over
 * SSH is to another machine: a host answering with this one's name and kernel (a namespace or a
 * container of it) proves nothing about the files the remote Podman mounts.
 */
export async function chooseDelivery(
  client: PodmanClient,
  forced: 'auto' | Delivery | undefined,
  local: HostIdentity = localIdentity(),
): Promise<Delivery> {
  if (forced === 'host' || forced === 'image') return forced;
  if (client.remote) return 'image';
  const raw = (await client.libpod('GET', '/info').catch(() => undefined)) as
    | { host?: { hostname?: string; kernel?: string; distribution?: { distribution?: string; version?: string } } }
    | undefined;
  const h = raw?.host;
  if (!h) return 'host';
  return sameMachine(
    {
      hostname: h.hostname,
      kernel: h.kernel,
      distribution: h.distribution?.distribution,
      version: h.distribution?.version,
    },
    local,
  )
    ? 'host'
    : 'image';
}
