// Authentication the way OpenSSH orders it: the agent's keys (unless IdentitiesOnly), then each
// identity file (ed25519, ECDSA, RSA: ssh2 signs RSA with rsa-sha2-512/256 when the server offers
// them); an encrypted key asks for its passphrase through the interaction, once per key and
// link. Each attempt is recorded (for Diagnose), never a secret. No `vscode` import.
import { readFileSync } from 'node:fs';
import type { AuthenticationType, NextAuthHandler, ParsedKey } from 'ssh2';
import type { ResolvedHost } from './config';
import { ssh2 } from './ssh2';

export interface SshInteraction {
  /**
   * An unknown host (the answer decides) or a changed key (always refused after telling the
   * user). The fingerprint reads SHA256:…
   */
  verifyHost(question: HostQuestion): Promise<boolean>;
  /** The passphrase of an encrypted key, or undefined when the user cancels. */
  passphrase(keyPath: string, retry: boolean): Promise<string | undefined>;
}

export interface HostQuestion {
  destination: string;
  state: 'unknown' | 'changed';
  fingerprint: string;
  keyType: string;
  /** For a changed key: where the old one is recorded (file:line). */
  knownAt?: string;
}

export interface AuthAttempt {
  method: 'agent' | 'publickey';
  /** The identity file, or the agent's socket. */
  source: string;
  outcome: 'tried' | 'accepted' | 'refused' | 'unreadable' | 'missing' | 'cancelled' | 'empty';
  detail?: string;
}

const ENCRYPTED = /encrypted|passphrase/i;

/** How many keys the agent holds (undefined when it cannot be asked). */
export function agentKeyCount(socket: string): Promise<number | undefined> {
  const { OpenSSHAgent } = ssh2();
  return new Promise((resolve) => {
    new OpenSSHAgent(socket).getIdentities((err, keys) => resolve(err ? undefined : (keys?.length ?? 0)));
  });
}

/** Reads and decrypts one identity file; records why it cannot be used. */
async function loadKey(
  path: string,
  passphrases: Map<string, string>,
  interaction: SshInteraction,
  attempt: AuthAttempt,
): Promise<ParsedKey | undefined> {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    attempt.outcome = 'missing';
    attempt.detail = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message);
    return undefined;
  }
  const { parseKey } = ssh2().utils;
  let parsed = parseKey(data, passphrases.get(path));
  for (let retry = passphrases.has(path); parsed instanceof Error && ENCRYPTED.test(parsed.message); retry = true) {
    const pass = await interaction.passphrase(path, retry);
    if (pass === undefined) {
      attempt.outcome = 'cancelled';
      attempt.detail = 'the passphrase was not given';
      return undefined;
    }
    parsed = parseKey(data, pass);
    if (!(parsed instanceof Error)) passphrases.set(path, pass);
    else if (retry) break;
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key instanceof Error || !key?.isPrivateKey()) {
    attempt.outcome = 'unreadable';
    attempt.detail =
      key instanceof Error
        ? `${key.message} (a format ssh2 cannot read: convert it with \`ssh-keygen -p -f ${path}\`)`
        : 'not a private key';
    return undefined;
  }
  return key;
}

/**
 * The ssh2 authHandler for a host: agent first, then each identity file. `attempts` receives one
 * record per method (the last one "tried" becomes "accepted" once the link is up).
 */
export function authHandler(
  host: ResolvedHost,
  agentSocket: string | undefined,
  interaction: SshInteraction,
  passphrases: Map<string, string>,
  attempts: AuthAttempt[],
): (methodsLeft: AuthenticationType[], partial: boolean, next: NextAuthHandler) => void {
  const queue: (() => Promise<Parameters<NextAuthHandler>[0] | undefined>)[] = [];
  if (agentSocket && !host.identitiesOnly) {
    queue.push(async () => {
      const count = await agentKeyCount(agentSocket);
      const attempt: AuthAttempt = { method: 'agent', source: agentSocket, outcome: 'tried' };
      attempts.push(attempt);
      if (count === 0) {
        attempt.outcome = 'empty';
        attempt.detail = 'the agent holds no key (`ssh-add -l`)';
        return undefined;
      }
      return { type: 'agent', username: host.user, agent: agentSocket };
    });
  }
  for (const path of host.identityFiles) {
    queue.push(async () => {
      const attempt: AuthAttempt = { method: 'publickey', source: path, outcome: 'tried' };
      attempts.push(attempt);
      const key = await loadKey(path, passphrases, interaction, attempt);
      return key ? { type: 'publickey', username: host.user, key } : undefined;
    });
  }
  return (_methodsLeft, _partial, next) => {
    const last = attempts.at(-1);
    if (last?.outcome === 'tried') last.outcome = 'refused';
    void (async () => {
      while (queue.length) {
        const method = await queue.shift()!().catch(() => undefined);
        if (method) return next(method);
      }
      next(false as unknown as Parameters<NextAuthHandler>[0]);
    })();
  };
}
