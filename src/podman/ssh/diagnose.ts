// Diagnose Connection for an SSH endpoint: each step in turn (config, name resolution, TCP, SSH
// banner, host key, authentication with each key tried, remote socket, /_ping, API version),
// with the exact error and its fix; it stops at the first failure. No `vscode` import.
import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';
import { PodmanClient } from '../client';
import { PodmanError } from '../errors';
import { atLeast, MIN_PODMAN } from '../version';
import type { AuthAttempt, SshInteraction } from './auth';
import type { SshEnvironment, SshTarget } from './config';
import { classifySshError, destination } from './errors';
import { SshLink } from './link';
import { findRemoteSocket } from './remoteSocket';
import { sshTransport } from './transport';

export interface DiagnoseStep {
  name: string;
  status: 'ok' | 'warning' | 'failed' | 'skipped';
  detail: string;
  fix?: string;
}

export interface DiagnoseInput {
  target: SshTarget;
  /** The socket the connection names; found by asking the remote Podman when absent. */
  socketPath?: string;
  interaction: SshInteraction;
  env?: SshEnvironment;
  timeoutMs?: number;
}

const failed = (name: string, e: unknown): DiagnoseStep => {
  const err = e instanceof PodmanError ? e : new PodmanError('server', String((e as Error)?.message ?? e));
  return { name, status: 'failed', detail: err.message, fix: err.fix };
};

/** The first line the server sends (an SSH server says SSH-2.0-…). */
function banner(host: string, port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    let got = '';
    const done = (e?: Error): void => {
      sock.destroy();
      if (e) reject(e);
      else resolve(got.split(/\r?\n/)[0]);
    };
    sock.setTimeout(timeoutMs, () => done(Object.assign(new Error('no banner'), { level: 'client-timeout' })));
    sock.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (got.includes('\n')) done();
    });
    sock.on('error', done);
    sock.on('end', () => done());
  });
}

function describeAttempt(a: AuthAttempt): string {
  return `${a.method === 'agent' ? `agent (${a.source})` : a.source}: ${a.outcome}${a.detail ? ` — ${a.detail}` : ''}`;
}

/** The network steps (skipped when the host is reached through ProxyJump). */
async function* networkSteps(
  hostName: string,
  port: number,
  dest: string,
  timeoutMs: number,
): AsyncGenerator<DiagnoseStep, boolean> {
  try {
    const addr = await lookup(hostName);
    yield { name: 'Name resolution', status: 'ok', detail: `${hostName} → ${addr.address}` };
  } catch (e) {
    yield failed('Name resolution', classifySshError(e, dest));
    return false;
  }
  try {
    const line = await banner(hostName, port, timeoutMs);
    yield { name: 'TCP connection', status: 'ok', detail: `${hostName}:${port} accepts connections` };
    if (!line.startsWith('SSH-')) {
      yield {
        name: 'SSH server',
        status: 'failed',
        detail: `${dest}: the server's first line is "${line.slice(0, 80)}", not an SSH banner.`,
        fix: 'Check that the port is the SSH port of the host.',
      };
      return false;
    }
    yield { name: 'SSH server', status: 'ok', detail: line.slice(0, 120) };
  } catch (e) {
    yield failed('TCP connection', classifySshError(e, dest));
    return false;
  }
  return true;
}

export async function* diagnoseSsh(input: DiagnoseInput): AsyncGenerator<DiagnoseStep> {
  const timeoutMs = input.timeoutMs ?? 8000;
  let link: SshLink;
  try {
    link = new SshLink({
      target: input.target,
      interaction: input.interaction,
      env: input.env,
      handshakeTimeoutMs: timeoutMs,
    });
  } catch (e) {
    yield failed('SSH configuration', e);
    return;
  }
  const host = link.host;
  const dest = destination(host.user, host.alias, host.port);
  const via = host.jumps.map((j) => `${j.user}@${j.hostName}:${j.port}`).join(' → ');
  const resolved = `${host.user}@${host.hostName}:${host.port}${via ? ` through ${via}` : ''}; keys: ${host.identityFiles.join(', ') || 'none'}${host.identitiesOnly ? ' (IdentitiesOnly)' : ''}`;
  yield host.warnings.length
    ? { name: 'SSH configuration', status: 'warning', detail: `${resolved}. ${host.warnings.join(' ')}` }
    : { name: 'SSH configuration', status: 'ok', detail: resolved };
  try {
    if (host.jumps.length) {
      yield { name: 'Name resolution', status: 'skipped', detail: `done by the jump host (${via})` };
    } else if (!(yield* networkSteps(host.hostName, host.port, dest, timeoutMs))) {
      return;
    }
    yield* sessionSteps(link, input.socketPath);
  } finally {
    link.dispose();
  }
}

async function* sessionSteps(link: SshLink, givenSocket: string | undefined): AsyncGenerator<DiagnoseStep> {
  try {
    await link.connect();
    yield { name: 'Host key', status: 'ok', detail: 'known (or accepted now)' };
    yield { name: 'Authentication', status: 'ok', detail: link.attempts.map(describeAttempt).join('; ') };
  } catch (e) {
    if ((e as PodmanError).kind === 'host-key') {
      yield failed('Host key', e);
      return;
    }
    yield { name: 'Host key', status: 'ok', detail: 'known (or accepted now)' };
    const step = failed('Authentication', e);
    yield {
      ...step,
      detail: `${step.detail} Tried: ${link.attempts.map(describeAttempt).join('; ') || 'nothing (no agent, no key file)'}`,
    };
    return;
  }
  let socketPath = givenSocket;
  try {
    if (!socketPath) socketPath = (await findRemoteSocket(link)).path;
    const client = new PodmanClient(sshTransport(link, socketPath));
    yield { name: 'Remote socket', status: 'ok', detail: socketPath };
    const ping = await client.ping(undefined, 8000);
    yield { name: '/_ping', status: 'ok', detail: `OK (${ping.server})` };
    const info = await client.info();
    yield atLeast(info.version, MIN_PODMAN)
      ? {
          name: 'API version',
          status: 'ok',
          detail: `Podman ${info.version}, API ${ping.apiVersion}, ${info.rootless ? 'rootless' : 'rootful'}`,
        }
      : {
          name: 'API version',
          status: 'failed',
          detail: `Podman ${info.version} is older than ${MIN_PODMAN}.`,
          fix: 'Upgrade Podman on the host.',
        };
  } catch (e) {
    const name = socketPath ? '/_ping' : 'Remote socket';
    const err = e as PodmanError;
    yield failed(err.kind === 'socket-missing' ? 'Remote socket' : name, e);
  }
}
