// The SSH fixture of the extension-host suites: the remote host of scripts/ssh-host-sandbox.mjs
// (a network namespace with sshd and a Podman only SSH reaches; started from the extension host,
// which runs as root like the integration harness), and a user's home of the suite's own (HOME,
// ~/.ssh, ~/.config/containers, no agent) swapped in for the extension's process. at the end:
// the suite's own clean-up, then the home put back, the connections rediscovered, every SSH link
// to the host checked closed, and the host stopped.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import type { SshHosts } from '../harness/ssh';
import { EXTENSION_ID, waitFor, workbenchApi } from './util';

export interface UserHome {
  dir: string;
  knownHosts: string;
  sshConfig: string;
  /** ~/.config/containers (Podman's connection files). */
  containers: string;
}

export interface SshFixture {
  hosts: SshHosts;
  home: UserHome;
  /** ssh://root@HOST[:port]/run/podman/podman.sock, as Podman writes a connection. */
  uri(o?: { port?: number; user?: string }): string;
}

const SWAPPED = ['HOME', 'XDG_CONFIG_HOME', 'SSH_AUTH_SOCK'] as const;

function swapHome(): { home: UserHome; restore(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-vscode-ssh-home-'));
  fs.mkdirSync(path.join(dir, '.ssh'), { mode: 0o700 });
  fs.mkdirSync(path.join(dir, '.config', 'containers'), { recursive: true });
  const saved = Object.fromEntries(SWAPPED.map((k) => [k, process.env[k]]));
  process.env.HOME = dir;
  process.env.XDG_CONFIG_HOME = path.join(dir, '.config');
  delete process.env.SSH_AUTH_SOCK;
  return {
    home: {
      dir,
      knownHosts: path.join(dir, '.ssh', 'known_hosts'),
      sshConfig: path.join(dir, '.ssh', 'config'),
      containers: path.join(dir, '.config', 'containers'),
    },
    restore: () => {
      for (const k of SWAPPED) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Established TCP connections from this network namespace to `address:port` (/proc/net/tcp). */
export function openLinks(address: string, port: number): number {
  const hex = address
    .split('.')
    .map((o) => Number(o).toString(16).padStart(2, '0'))
    .reverse()
    .join('')
    .toUpperCase();
  const remote = `${hex}:${port.toString(16).padStart(4, '0').toUpperCase()}`;
  return fs
    .readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[2] === remote && f[3] === '01').length;
}

/**
 * Registers the suite's before/after: the host and the home before the suite's own hooks run,
 * `cleanup` (the suite's connections, containers, settings, secrets) before the host stops.
 */
export function useSshHost(cleanup: (fx: SshFixture) => Promise<void>): SshFixture {
  const fx = {} as SshFixture;
  let restore: (() => void) | undefined;
  before(async function () {
    if (process.getuid?.() !== 0) {
      console.log('the SSH test host needs root (ip netns, sshd): skipped');
      this.skip();
    }
    this.timeout(180_000);
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const mod = (await import(pathToFileURL(path.join(root, 'scripts', 'ssh-host-sandbox.mjs')).href)) as {
      startSshHosts(): Promise<SshHosts>;
    };
    fx.hosts = await mod.startSshHosts();
    const swapped = swapHome();
    fx.home = swapped.home;
    restore = swapped.restore;
    fx.uri = (o = {}) =>
      `ssh://${o.user ?? 'root'}@${fx.hosts.target.address}${o.port ? `:${o.port}` : ''}${fx.hosts.socketPath}`;
  });
  after(async function () {
    this.timeout(120_000);
    if (!fx.hosts) return;
    try {
      await cleanup(fx);
    } finally {
      restore?.();
      await (await workbenchApi()).workbench.connections.refresh();
      const { address, port } = fx.hosts.target;
      await waitFor('every SSH link to the test host closed', () => openLinks(address, port) === 0, 10_000).finally(
        () => fx.hosts.stop(),
      );
    }
  });
  return fx;
}
