// Where Quadlet units go and systemd is driven: this machine (files, execFile), or a remote host
// over its connection's SSH link (SFTP for the files; systemctl over an SSH exec whose arguments
// quote.ts quotes for the remote shell). Installing writes only what differs, asking first before
// replacing a different file. No `vscode` import.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PodmanError } from '../podman/errors';
import type { SshLink } from '../podman/ssh/link';
import { RemoteFiles } from '../podman/ssh/sftp';
import { quadletDir, systemctl, systemctlArgs, systemdRunning, type RunResult, type Scope } from './systemd';

export interface QuadletHost {
  /** "this machine", or the SSH destination (user@host). */
  readonly label: string;
  readonly remote: boolean;
  /** The Quadlet folder of a scope on this host. */
  dir(scope: Scope): Promise<string>;
  read(file: string): Promise<Buffer | undefined>;
  /** Writes a file, making its folders. */
  write(file: string, content: Buffer): Promise<void>;
  /** Whether systemd is the init system of the host. */
  systemdRunning(): Promise<boolean>;
  /** `systemctl [--user] ARGS` on the host. */
  systemctl(scope: Scope, ...args: string[]): Promise<RunResult>;
  dispose(): void;
}

export function localQuadletHost(): QuadletHost {
  return {
    label: 'this machine',
    remote: false,
    dir: async (scope) => quadletDir(scope),
    read: (file) => fs.promises.readFile(file).catch(() => undefined),
    write: async (file, content) => {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await fs.promises.writeFile(file, content);
    },
    systemdRunning: async () => systemdRunning(),
    systemctl: (scope, ...args) => systemctl(scope, ...args),
    dispose: () => undefined,
  };
}

/**
 * Refuses what cannot be a unit name (a line break: systemd names are one line) or, for a file, a
 * path that leaves the Quadlet folder, saying why. Quotes, spaces and shell metacharacters pass:
 * the SFTP path is no command line, and quote.ts quotes systemctl's arguments.
 */
export function checkUnitName(name: string, dest: string, o: { file?: boolean } = {}): void {
  const bad = /[\n\r\0]/.test(name)
    ? 'holds a line break or a NUL byte'
    : o.file && (path.posix.isAbsolute(name) || name.split('/').includes('..'))
      ? 'leaves the Quadlet folder'
      : undefined;
  if (bad) {
    throw new PodmanError(
      'server',
      `${dest}: the unit name ${JSON.stringify(name)} ${bad}; nothing was sent.`,
      'Rename the unit file (systemd unit names are one line: letters, digits, ":-_.\\" and @).',
    );
  }
}

/** The host of an SSH connection: its user's Quadlet folders, files over SFTP, systemctl over exec. */
export function sshQuadletHost(link: SshLink): QuadletHost {
  let files: Promise<RemoteFiles> | undefined;
  const sftp = (): Promise<RemoteFiles> =>
    (files ??= RemoteFiles.open(link).catch((e) => ((files = undefined), Promise.reject(e))));
  const dest = link.destination;
  return {
    label: dest,
    remote: true,
    dir: async (scope) => {
      if (scope === 'system') return quadletDir('system');
      // $XDG_CONFIG_HOME or ~/.config of the remote user, as Quadlet reads it there (a fixed script).
      const r = await link.exec(['sh', '-c', 'printf %s "${XDG_CONFIG_HOME:-$HOME/.config}"']);
      const base = r.code === 0 && r.stdout.startsWith('/') ? r.stdout : `${await (await sftp()).home()}/.config`;
      return `${base}/containers/systemd`;
    },
    read: async (file) => (await sftp()).read(file),
    write: async (file, content) => (await sftp()).write(file, content),
    systemdRunning: async () => (await link.exec(['test', '-d', '/run/systemd/system'])).code === 0,
    systemctl: async (scope, ...args) => {
      for (const a of args) checkUnitName(a, dest);
      const r = await link.exec(['systemctl', ...systemctlArgs(scope, ...args)], { timeoutMs: 120_000 });
      return { code: r.code ?? 1, stdout: r.stdout, stderr: r.stderr };
    },
    dispose: () =>
      void files?.then(
        (f) => f.close(),
        () => undefined,
      ),
  };
}

export interface UnitFile {
  /** The path inside the Quadlet folder ("web.container", "web.container.d/10-env.conf"). */
  name: string;
  content: Buffer;
}

/**
 * Installs `units` into the scope's Quadlet folder of `host`: an identical file is left alone, a
 * different one is replaced only when `replace(dest)` says so. Returns the files written.
 */
export async function installUnits(
  host: QuadletHost,
  scope: Scope,
  units: readonly UnitFile[],
  replace: (dest: string) => Promise<boolean>,
): Promise<string[]> {
  for (const unit of units) checkUnitName(unit.name, host.label, { file: true });
  const dir = await host.dir(scope);
  const written: string[] = [];
  for (const unit of units) {
    const dest = path.posix.join(dir, unit.name);
    const existing = await host.read(dest);
    if (existing?.equals(unit.content)) continue;
    if (existing && !(await replace(dest))) continue;
    await host.write(dest, unit.content);
    written.push(dest);
  }
  return written;
}
