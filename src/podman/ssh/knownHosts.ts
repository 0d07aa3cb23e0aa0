// known_hosts the OpenSSH way: plain and hashed (|1|salt|hmac) host patterns, [host]:port for
// ports other than 22, negations, @revoked; SHA256 fingerprints as `ssh-keygen -l` prints them.
// A changed key is reported with the file and line of the old one. No `vscode` import.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** SHA256:base64 (no padding) of the key blob, as OpenSSH shows it. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type inside an SSH public key blob (its first string). */
export function keyType(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return '';
  const len = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

/** How known_hosts names a host: bare on port 22, [host]:port otherwise. */
export function hostEntryName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Whether one comma-separated host field of known_hosts names `name`. */
export function hostFieldMatches(field: string, name: string): boolean {
  let matched = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('|1|')) {
      const [, , salt, hash] = pattern.split('|');
      if (!salt || !hash) continue;
      const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
      if (mac === hash) matched = true;
    } else if (pattern.startsWith('!')) {
      if (globToRegex(pattern.slice(1)).test(name)) return false;
    } else if (globToRegex(pattern).test(name)) {
      matched = true;
    }
  }
  return matched;
}

export type HostKeyVerdict =
  | { state: 'known' }
  | { state: 'unknown' }
  | { state: 'changed'; file: string; line: number; knownType: string }
  | { state: 'revoked'; file: string; line: number };

/** Checks a host key against the known_hosts files, as OpenSSH does (same type and host → must match). */
export function checkHostKey(files: string[], host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
  const name = hostEntryName(host, port);
  const type = keyType(keyBlob);
  const b64 = keyBlob.toString('base64');
  let changed: HostKeyVerdict | undefined;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const parts = lines[i].trim().split(/\s+/);
      if (!parts[0] || parts[0].startsWith('#')) continue;
      const marker = parts[0].startsWith('@') ? parts.shift() : undefined;
      if (marker === '@cert-authority' || parts.length < 3 || !hostFieldMatches(parts[0], name)) continue;
      if (marker === '@revoked') {
        if (parts[2] === b64) return { state: 'revoked', file, line: i + 1 };
        continue;
      }
      if (parts[2] === b64) return { state: 'known' };
      if (parts[1] === type) changed ??= { state: 'changed', file, line: i + 1, knownType: parts[1] };
    }
  }
  return changed ?? { state: 'unknown' };
}

/** Records an accepted host key (hashed, as Debian's `HashKnownHosts yes` does). */
export function addHostKey(file: string, host: string, port: number, keyBlob: Buffer): void {
  const salt = randomBytes(20);
  const name = hostEntryName(host, port);
  const mac = createHmac('sha1', salt).update(name).digest('base64');
  if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const lead = text && !text.endsWith('\n') ? '\n' : '';
  appendFileSync(
    file,
    `${lead}|1|${salt.toString('base64')}|${mac} ${keyType(keyBlob)} ${keyBlob.toString('base64')}\n`,
    {
      mode: 0o600,
    },
  );
}
