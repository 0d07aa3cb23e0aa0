// How the debugger's files (the debugger, Node, the DAP bridge) appear inside the container the
// debugger runs in: bind mounts of the Podman host's /usr (host delivery), or the files of the
// debugger image (image delivery), and how a command line reaches them. No vscode import.
import { realpathSync } from 'node:fs';
import { posix } from 'node:path';
import type { ImageVolumeSpec, MountSpec } from '../../podman/spec';
import type { DebuggerImagePlan } from './delivery';
import type { Engine } from './engines';
import { DebugSetupError, type BackendOptions } from './errors';

/** Where the debugger's files go in a launched container, out of the program's way. */
export const PW = '/.pw-debug';

export interface Tools {
  mounts: MountSpec[];
  /** Path of a file of this machine / the Podman host as seen inside the debug container. */
  at: (hostPath: string) => string;
  /** A command line as it must run there (launch: through the brought dynamic loader). */
  wrap: (argv: string[]) => string[];
}

const asIs = (argv: string[]): string[] => argv;

/** image delivery into a sidecar: files keep their paths, the bridge is at the plan's place. No mounts. */
export function imageTools(plan: DebuggerImagePlan, options: BackendOptions): Tools {
  return { mounts: [], at: (p) => (p === options.bridgeScript ? plan.bridgeAt : p), wrap: asIs };
}

/** Mounts that bring the host's /usr (at `usrAt`), the Node runtime and the bridge into a container. */
export function toolMounts(usrAt: string, extraFiles: string[], options: BackendOptions): Tools {
  const mounts: MountSpec[] = [{ type: 'bind', source: '/usr', destination: usrAt, options: ['ro', 'rbind'] }];
  const placed = new Map<string, string>();
  const bind = (source: string, destination: string, options: string[]): void => {
    mounts.push({ type: 'bind', source, destination, options });
    placed.set(source, destination);
  };
  if (!options.nodePath.startsWith('/usr/')) {
    mounts.push({
      type: 'bind',
      source: posix.dirname(options.nodePath),
      destination: `${PW}/runtime`,
      options: ['ro', 'rbind'],
    });
    placed.set(options.nodePath, `${PW}/runtime/${posix.basename(options.nodePath)}`);
  }
  bind(options.bridgeScript, `${PW}/dap-bridge.js`, ['ro', 'bind']);
  extraFiles.forEach((file, i) => {
    if (file.startsWith('/usr/') || placed.has(file)) return;
    bind(file, `${PW}/bin${i}/${posix.basename(file)}`, ['ro', 'bind']);
  });
  return {
    mounts,
    at: (p) => placed.get(p) ?? (p.startsWith('/usr/') ? `${usrAt}${p.slice(4)}` : p),
    wrap: asIs,
  };
}

/** The debugger's command line, wrapped in the bridge. */
export function debuggerCommand(engine: Engine, debuggerPath: string, tools: Tools, options: BackendOptions): string[] {
  const debuggerArgv = tools.wrap([tools.at(debuggerPath), ...engine.argv]);
  // Both transports go through the bridge: it detaches the debugger when the stream drops.
  return [
    ...tools.wrap([tools.at(options.nodePath), tools.at(options.bridgeScript), engine.transport, '--']),
    ...debuggerArgv,
  ];
}

// ---- launch: the tools inside the program's own container ----

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
export interface LaunchTools extends Tools {
  /** libpod image volumes (image delivery: the debugger image mounted read-only). */
  imageVolumes: ImageVolumeSpec[];
  /** The loader's library path for the brought files. */
  libPath: string;
  /** What PYTHONHOME must be for LLDB's embedded Python. */
  pythonHome: string;
}

function withLoader(
  tools: Pick<Tools, 'mounts' | 'at'>,
  imageVolumes: ImageVolumeSpec[],
  loader: string,
  libDirs: string[],
  pythonHome: string,
): LaunchTools {
  const libPath = [...new Set(libDirs)].join(':');
  return { ...tools, imageVolumes, libPath, pythonHome, wrap: (argv) => [loader, '--library-path', libPath, ...argv] };
}

/** host delivery: the Podman host's /usr at /.pw-debug/usr. */
export function hostLaunchTools(extraFiles: string[], options: BackendOptions): LaunchTools {
  const usrAt = `${PW}/usr`;
  const tools = toolMounts(usrAt, extraFiles, options);
  // The loader by its real path: /usr/lib64/ld-linux-x86-64.so.2 is often an absolute link to /lib/...,
  // which does not exist in the image.
  const loader = LOADERS.find((l) => options.hostExists(l));
  if (!loader) {
    throw new DebugSetupError('No dynamic loader was found under /usr on the Podman host to start the debugger with.');
  }
  const ld = `${usrAt}${loader.slice(4)}`;
  return withLoader(tools, [], ld, [posix.dirname(ld), `${usrAt}/lib64`, `${usrAt}/lib`], usrAt);
}

/**
 * image delivery: the debugger image (this machine's debugger, Node, bridge and their libraries)
 * mounted read-only at /.pw-debug/root as a libpod image volume. Nothing comes from the Podman
 * host's file system, so this works over a podman machine or a remote Podman. Paths are taken by
 * their real path on this machine: the image keeps symlinks, and an absolute one would point
 * outside the mount.
 */
export function imageLaunchTools(plan: DebuggerImagePlan, options: BackendOptions): LaunchTools {
  const root = `${PW}/root`;
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const at = (p: string): string => (p === options.bridgeScript ? `${root}${plan.bridgeAt}` : `${root}${real(p)}`);
  const loader = LOADERS.find((l) => options.localExists(l));
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
