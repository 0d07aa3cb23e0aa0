// Errors of image registries, whether Podman met them (pull, push, /auth) or the extension's own
// Distribution client did: one classification with a reason and a fix per kind (unknown host,
// TLS trust, 401, 403, 404, 429 with Retry-After, an HTML answer). No `vscode` import.
import { PodmanError } from './errors';

export type RegistryErrorKind =
  | 'unknown-host'
  | 'unreachable' // nothing answers on the port, or the connection broke
  | 'tls' // certificate not trusted or wrong
  | 'insecure' // a plain-HTTP registry spoken to over HTTPS
  | 'unauthorized' // 401: not logged in or a wrong password
  | 'forbidden' // 403
  | 'not-found' // 404: repository, tag or manifest unknown
  | 'rate-limited' // 429
  | 'not-a-registry' // an HTML page or anything but the registry API
  | 'unsupported' // e.g. deleting where the registry does not allow it (405)
  | 'server';

export class RegistryError extends PodmanError {
  constructor(
    readonly registryKind: RegistryErrorKind,
    message: string,
    fix?: string,
    statusCode?: number,
    /** Seconds to wait, from a 429's Retry-After. */
    readonly retryAfter?: number,
    options?: { cause?: unknown },
  ) {
    super('registry', message, fix, statusCode, options);
    this.name = 'RegistryError';
  }
}

/** Where Podman looks for a registry's CA (the fix of a TLS failure). */
export function caLocations(registry: string): string {
  return (
    `Podman trusts a registry's CA from /etc/containers/certs.d/${registry}/ca.crt ` +
    `(rootless also ~/.config/containers/certs.d/${registry}/ca.crt) on the Podman host, or add it to the system's trust store.`
  );
}

interface Rule {
  test: RegExp;
  kind: RegistryErrorKind;
  message: (registry: string, detail: string) => string;
  fix?: (registry: string) => string;
}

const RULES: Rule[] = [
  {
    test: /certificate signed by unknown authority|x509: certificate|tls: failed to verify|self[- ]signed certificate|unable to verify the first certificate|UNABLE_TO_GET_ISSUER_CERT|DEPTH_ZERO_SELF_SIGNED|CERT_/i,
    kind: 'tls',
    message: (r) => `The TLS certificate of ${r} is not trusted: the CA that signed it is missing.`,
    fix: caLocations,
  },
  {
    test: /server gave HTTP response to HTTPS client|wrong version number|EPROTO/i,
    kind: 'insecure',
    message: (r) => `${r} answers plain HTTP, not HTTPS.`,
    fix: (r) => `Mark it insecure in registries.conf: [[registry]] location = "${r}" insecure = true.`,
  },
  {
    // The Podman host's resolver does not answer (a remote host with no DNS, a DNS server down).
    test: /lookup \S+ on \S+: .*(?:network is unreachable|connection refused|i\/o timeout)/i,
    kind: 'unknown-host',
    message: (r, d) =>
      `The registry host ${r.replace(/:\d+$/, '')} cannot be resolved: the Podman host's DNS server does not answer (${/lookup \S+ on (\S+?):? /.exec(d)?.[1] ?? 'its resolver'}).`,
    fix: () => 'Check the DNS settings of the Podman host (/etc/resolv.conf there) and its network.',
  },
  {
    test: /no such host|ENOTFOUND|EAI_AGAIN|server misbehaving|Temporary failure in name resolution/i,
    kind: 'unknown-host',
    message: (r) => `The registry host ${r.replace(/:\d+$/, '')} is unknown (no such host).`,
    fix: () => 'Check the spelling of the registry in the image reference, and the network of the Podman host.',
  },
  {
    test: /connection refused|ECONNREFUSED|ECONNRESET|\bEOF\b|broken pipe|connection reset|i\/o timeout|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/i,
    kind: 'unreachable',
    message: (r, d) => `The registry ${r} cannot be reached (${d.slice(0, 160)}).`,
    fix: () => 'Check that the registry is running and reachable from the Podman host.',
  },
  {
    test: /\b401\b|unauthorized|authentication required|incorrect username or password/i,
    kind: 'unauthorized',
    message: (r) => `${r} refused the credentials (401 Unauthorized): not logged in, or a wrong user name or password.`,
    fix: () => 'Log in to the registry (Podman: Log In to Registry).',
  },
  {
    test: /\b403\b|forbidden|denied: requested access|insufficient_scope|access denied/i,
    kind: 'forbidden',
    message: (r) => `${r} refused access (403 Forbidden): this account may not do that on this repository.`,
    fix: () => 'Check the repository name and the rights of the account you logged in with.',
  },
  {
    test: /\b429\b|toomanyrequests|too many requests|rate limit/i,
    kind: 'rate-limited',
    message: (r) => `${r} limits the rate of requests (429 Too Many Requests).`,
    fix: () => 'Wait a while, or log in: registries allow more requests to logged-in users.',
  },
  {
    test: /manifest unknown|name unknown|not found|\b404\b|repository .* does not exist|MANIFEST_UNKNOWN|NAME_UNKNOWN/i,
    kind: 'not-found',
    message: (r, d) => `${r} has no such image: ${d.slice(0, 200)}`,
    fix: () => 'Check the repository name and the tag.',
  },
  {
    test: /invalid character '<'|text\/html|<html/i,
    kind: 'not-a-registry',
    message: (r) => `${r} answered with an HTML page, not the registry API.`,
    fix: () => 'Check the registry address: a web page or a proxy answers there.',
  },
];

/** Classifies a message from Podman or the network about `registry` into a RegistryError. */
export function classifyRegistryMessage(registry: string, detail: string, cause?: unknown): RegistryError {
  for (const rule of RULES) {
    if (rule.test.test(detail)) {
      return new RegistryError(rule.kind, rule.message(registry, detail), rule.fix?.(registry), undefined, undefined, {
        cause,
      });
    }
  }
  return new RegistryError('server', `${registry}: ${detail.slice(0, 300)}`, undefined, undefined, undefined, {
    cause,
  });
}

/** Classifies an error of a Podman call about `registry` (cancellation stays a cancellation). */
export function classifyRegistryError(registry: string, err: unknown): PodmanError {
  if (err instanceof RegistryError) return err;
  if (err instanceof PodmanError && err.kind === 'cancelled') return err;
  if ((err as { name?: string })?.name === 'AbortError') return new PodmanError('cancelled', 'Cancelled.');
  if (
    err instanceof PodmanError &&
    ['socket-missing', 'refused', 'permission-denied', 'not-a-socket', 'not-podman'].includes(err.kind)
  ) {
    return err; // the Podman socket itself failed, not the registry
  }
  const detail = err instanceof Error ? err.message : String(err);
  return classifyRegistryMessage(registry, detail, err);
}
