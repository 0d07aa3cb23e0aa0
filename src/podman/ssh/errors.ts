// Errors of the SSH transport, classified like the socket's (a kind, a message naming the
// connection, a fix). Secrets never go into a message. No `vscode` import.
import { PodmanError } from '../errors';
import type { AuthAttempt } from './auth';

/** The OpenSSH-style destination shown in messages: user@host:port. */
export function destination(user: string, host: string, port: number): string {
  return `${user}@${host}${port === 22 ? '' : `:${port}`}`;
}

/** Turns a connect-time error of ssh2 or the network into a PodmanError with a fix. */
export function classifySshError(err: unknown, dest: string): PodmanError {
  if (err instanceof PodmanError) return err;
  const e = (err ?? {}) as { code?: string; level?: string; message?: string };
  const msg = e.message ?? String(err);
  const made = (kind: ConstructorParameters<typeof PodmanError>[0], text: string, fix: string): PodmanError =>
    new PodmanError(kind, text, fix, undefined, { cause: err });
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
    return made(
      'unreachable',
      `${dest}: the host name does not resolve (${e.code}).`,
      'Check HostName in the connection or in ~/.ssh/config.',
    );
  }
  if (e.code === 'ECONNREFUSED') {
    return made(
      'unreachable',
      `${dest}: nothing accepts SSH connections on that port (connection refused).`,
      'Check the port, and that sshd runs on the host (`systemctl status sshd`).',
    );
  }
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' || e.code === 'ETIMEDOUT') {
    return made(
      'unreachable',
      `${dest}: the host cannot be reached (${e.code}).`,
      'Check the address, the network and any firewall between here and the host.',
    );
  }
  if (e.level === 'client-timeout' || /Timed out while waiting for handshake/.test(msg)) {
    return made(
      'unreachable',
      `${dest}: no SSH handshake within the time allowed (is it an SSH server?).`,
      'Check that the port is the SSH port of the host.',
    );
  }
  if (e.level === 'client-authentication') {
    return made(
      'auth',
      `${dest}: authentication failed with every key tried.`,
      'Check the user, add the key to the agent (`ssh-add`), or name the right IdentityFile; run Podman: Diagnose Connection to see each key tried.',
    );
  }
  if (e.level === 'protocol' || /Protocol mismatch|Bad identification/.test(msg)) {
    return made(
      'unreachable',
      `${dest}: the server does not speak SSH (${msg}).`,
      'Check that the port is the SSH port of the host.',
    );
  }
  return made('unreachable', `${dest}: ${msg}`, 'Run Podman: Diagnose Connection to see which step fails.');
}

/**
 * An authentication failure that says which keys could not even be offered and why (a key ssh2
 * cannot read, an empty agent, a missing file), with the fix for that, instead of the bare
 * "every key failed" (users report remote connections failing silently).
 */
export function explainAuthFailure(err: PodmanError, attempts: readonly AuthAttempt[]): PodmanError {
  if (err.kind !== 'auth' || attempts.some((a) => a.outcome === 'cancelled')) return err;
  const unusable = attempts.filter(
    (a) => a.outcome === 'unreadable' || a.outcome === 'empty' || a.outcome === 'missing',
  );
  if (!unusable.length) return err;
  const why = unusable.map(
    (a) => `${a.method === 'agent' ? `the agent (${a.source})` : a.source}: ${a.detail ?? a.outcome}`,
  );
  const unreadable = unusable.find((a) => a.outcome === 'unreadable');
  const fix = unreadable
    ? `Convert ${unreadable.source} to the OpenSSH format: \`ssh-keygen -p -f ${unreadable.source}\` (it keeps the key; give its passphrase, or none), or name another IdentityFile.`
    : unusable.some((a) => a.outcome === 'empty')
      ? 'Add your key to the agent (`ssh-add ~/.ssh/id_ed25519`) or name an IdentityFile for the connection.'
      : (err.fix ?? '');
  return new PodmanError('auth', `${err.message} Not usable: ${why.join('; ')}.`, fix, undefined, { cause: err });
}
