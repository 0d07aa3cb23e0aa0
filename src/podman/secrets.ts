// Podman secrets through the socket (libpod /secrets): list, create, inspect and remove, and the
// containers that use one. A secret's value goes to Podman as the request body and nowhere else:
// it is never asked back (no `showsecret`), never put in a message, never logged. No `vscode` import.
import type { PodmanClient } from './client';
import { PodmanError } from './errors';

export interface SecretInfo {
  id: string;
  name: string;
  driver: string;
  createdAt: string;
  updatedAt: string;
  labels: Record<string, string>;
}

/** Podman's rule for secret names (a valid name is 1-253 of these characters). */
export const SECRET_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,252}$/;
/** Podman refuses a secret of 512,000 bytes or more, and an empty one. */
export const SECRET_MAX_BYTES = 512_000 - 1;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Validates one secret record (list or inspect); the value is never part of it. */
export function parseSecret(raw: unknown): SecretInfo {
  const r = (raw ?? {}) as { ID?: unknown; CreatedAt?: unknown; UpdatedAt?: unknown; Spec?: unknown };
  const spec = (r.Spec ?? {}) as { Name?: unknown; Driver?: { Name?: unknown }; Labels?: unknown };
  const labels =
    spec.Labels && typeof spec.Labels === 'object'
      ? Object.fromEntries(Object.entries(spec.Labels as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
      : {};
  const id = str(r.ID);
  const name = str(spec.Name);
  if (!id || !name) throw new PodmanError('server', 'Podman answered a secret without an id or a name.');
  return {
    id,
    name,
    driver: str(spec.Driver?.Name) || 'file',
    createdAt: str(r.CreatedAt),
    updatedAt: str(r.UpdatedAt),
    labels,
  };
}

export async function listSecretInfos(client: PodmanClient): Promise<SecretInfo[]> {
  const raw = await client.libpod('GET', '/secrets/json');
  return (Array.isArray(raw) ? raw.map(parseSecret) : []).sort((a, b) => a.name.localeCompare(b.name));
}

export async function inspectSecret(client: PodmanClient, nameOrId: string): Promise<SecretInfo> {
  return parseSecret(await client.libpod('GET', `/secrets/${encodeURIComponent(nameOrId)}/json`));
}

/** Why a name or a value cannot make a secret, or undefined when they can (checked before sending). */
export function secretProblem(name: string, value?: Buffer): string | undefined {
  if (!SECRET_NAME.test(name)) {
    return 'A secret name is 1 to 253 letters, digits, _ . - (starting with a letter or digit).';
  }
  if (value !== undefined && value.length === 0) return 'The secret is empty: Podman refuses an empty secret.';
  if (value !== undefined && value.length > SECRET_MAX_BYTES) {
    return `The secret is ${value.length} bytes: Podman takes secrets under 512,000 bytes.`;
  }
  return undefined;
}

/**
 * Creates a secret from `value`; resolves with its id. Podman's error is passed on without the
 * value (Podman's messages never quote it; ours never do).
 */
export async function createSecret(
  client: PodmanClient,
  name: string,
  value: Buffer,
  o: { labels?: Record<string, string> } = {},
): Promise<string> {
  const problem = secretProblem(name, value);
  if (problem) throw new PodmanError('server', problem);
  const query: Record<string, unknown> = { name, driver: 'file' };
  if (o.labels && Object.keys(o.labels).length) query.labels = o.labels;
  try {
    const r = (await client.libpod('POST', '/secrets/create', {
      query,
      file: value,
      headers: { 'Content-Type': 'application/octet-stream' },
    })) as { ID?: unknown };
    if (typeof r?.ID !== 'string') throw new PodmanError('server', 'Podman did not return the new secret id.');
    return r.ID;
  } catch (e) {
    if (e instanceof PodmanError && /name in use|already in use|exists/i.test(e.message)) {
      throw new PodmanError(
        'conflict',
        `A secret named “${name}” exists already.`,
        'Choose another name, or remove it first.',
      );
    }
    throw e;
  }
}

export async function removeSecret(client: PodmanClient, nameOrId: string): Promise<void> {
  await client.libpod('DELETE', `/secrets/${encodeURIComponent(nameOrId)}`);
}

/**
 * The containers that use a secret (by name or id), read from each container's inspect
 * (`Config.Secrets`): Podman 4 removes a secret in use without a word, so the caller warns first.
 */
export async function containersUsingSecret(
  client: PodmanClient,
  secret: SecretInfo,
): Promise<{ id: string; name: string }[]> {
  const containers = await client.listContainers();
  const users = await Promise.all(
    containers.map(async (c) => {
      const inspect = await client.inspectContainer(c.id).catch(() => undefined);
      const secrets = ((inspect?.Config as { Secrets?: unknown } | undefined)?.Secrets ?? []) as {
        Name?: unknown;
        ID?: unknown;
      }[];
      const uses = Array.isArray(secrets) && secrets.some((s) => s?.ID === secret.id || s?.Name === secret.name);
      return uses ? { id: c.id, name: c.name } : undefined;
    }),
  );
  return users.filter((u): u is { id: string; name: string } => !!u);
}
