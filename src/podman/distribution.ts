// A client of the Distribution / OCI registry API, spoken by the extension itself (browsing is not
// in Podman's API): catalog and tags (paginated through Link headers), manifests (digest,
// platforms, size, created), manifest HEAD for the newer-image check, tag deletion. Basic and
// bearer-token auth (the token endpoint from WWW-Authenticate). Errors are RegistryErrors with a
// fix. No `vscode` import; credentials are never logged from here.
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { type SecureContext, createSecureContext, rootCertificates } from 'node:tls';
import { type Answer, RegistryAuth } from './registryAuth';
import { RegistryError, caLocations, classifyRegistryMessage } from './registryErrors';
import type { RegistryCredentials } from './registryConfig';

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface RegistryEndpoint {
  /** host[:port] */
  registry: string;
  credentials?: RegistryCredentials;
  /** Plain HTTP, or HTTPS without verifying the certificate (registries.conf insecure = true). */
  insecure?: boolean;
  /** Extra CA certificates (PEM), e.g. from certs.d. */
  ca?: string[];
  timeoutMs?: number;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  digest: string;
}

export interface ManifestInfo {
  digest: string;
  mediaType: string;
  /** Several for an index (multi-platform image). */
  platforms: Platform[];
  /** Compressed size: config and layers (of the first platform for an index). */
  size?: number;
  created?: string;
  layers?: number;
}

/** Docker Hub's API lives at registry-1.docker.io. */
function apiHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}

/**
 * One TLS context for every connection of a client: the system's CAs plus the registry's own
 * (certs.d), as Podman trusts them. Built once: parsing the ~140 public roots again for every
 * socket (what a `ca` list on the agent does) cost ~70 ms of CPU per connection.
 */
export function registrySecureContext(extra: string[] | undefined): SecureContext | undefined {
  if (!extra?.length) return undefined;
  const context = createSecureContext();
  const native = (context as { context?: { addCACert?: (pem: string) => void } }).context;
  if (typeof native?.addCACert !== 'function') return createSecureContext({ ca: [...rootCertificates, ...extra] });
  // Adding to the default context copies its parsed root store and parses only the extra PEMs.
  for (const pem of extra) native.addCACert(pem);
  return context;
}

/** The next page of a paginated list, from `Link: </v2/...?n=..&last=..>; rel="next"`. */
export function nextLink(link: string | string[] | undefined): string | undefined {
  const text = Array.isArray(link) ? link.join(', ') : link;
  return text ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(text)?.[1] : undefined;
}

export class DistributionClient {
  private readonly agent: https.Agent;
  private readonly plainAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  /** Basic or bearer auth, learnt once per client (the tests read its token count). */
  readonly auth: RegistryAuth;
  private scheme: 'https' | 'http' = 'https';
  /** HTTP requests made (the benchmarks read it). */
  requestCount = 0;

  constructor(readonly endpoint: RegistryEndpoint) {
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 8,
      rejectUnauthorized: !endpoint.insecure,
      secureContext: registrySecureContext(endpoint.ca),
    });
    this.auth = new RegistryAuth(endpoint.credentials, (method, path, headers) => this.send(method, path, headers));
  }

  dispose(): void {
    this.agent.destroy();
    this.plainAgent.destroy();
  }

  private raw(method: string, path: string, headers: Record<string, string>): Promise<Answer> {
    this.requestCount++;
    const lib = this.scheme === 'https' ? https : http;
    const url = path.startsWith('http') ? path : `${this.scheme}://${apiHost(this.endpoint.registry)}${path}`;
    return new Promise((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method,
          headers,
          agent: url.startsWith('https:') ? this.agent : this.plainAgent,
          timeout: this.endpoint.timeoutMs ?? 10_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end();
    });
  }

  /** One request, with the scheme fallback of insecure registries and the network errors classified. */
  private async send(method: string, path: string, headers: Record<string, string>): Promise<Answer> {
    try {
      return await this.raw(method, path, headers);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const detail = `${err.code ?? ''} ${err.message}`;
      if (this.endpoint.insecure && this.scheme === 'https' && /EPROTO|wrong version number|ECONNRESET/i.test(detail)) {
        this.scheme = 'http';
        return this.send(method, path, headers);
      }
      const classified = classifyRegistryMessage(this.endpoint.registry, detail, e);
      if (classified.registryKind === 'tls') {
        throw new RegistryError(
          'tls',
          `${classified.message} (${err.code ?? err.message})`,
          caLocations(this.endpoint.registry),
        );
      }
      throw classified;
    }
  }

  /** A request to the API, authenticating on a 401 once; non-2xx answers become RegistryErrors. */
  async request(method: string, path: string, accept?: string): Promise<Answer> {
    const headers = (authorization: string | undefined): Record<string, string> => ({
      ...(accept ? { Accept: accept } : {}),
      ...(authorization ? { Authorization: authorization } : {}),
    });
    const sent = await this.auth.header(path);
    let answer = await this.send(method, path, headers(sent));
    if (answer.status === 401) {
      const retry = await this.auth.refused(path, sent, answer.headers['www-authenticate']);
      if (retry) answer = await this.send(method, path, headers(retry));
    }
    if (answer.status >= 200 && answer.status < 300) {
      if (method !== 'HEAD' && /text\/html/i.test(String(answer.headers['content-type'] ?? ''))) {
        throw this.failure(answer, path);
      }
      return answer;
    }
    throw this.failure(answer, path);
  }

  private failure(a: Answer, path: string): RegistryError {
    const r = this.endpoint.registry;
    const type = String(a.headers['content-type'] ?? '');
    const text = a.body.toString('utf8');
    const apiError = /json/.test(type)
      ? ((JSON.parse(text || '{}') as { errors?: { code?: string; message?: string }[] }).errors?.[0] ?? undefined)
      : undefined;
    const what = apiError ? `${apiError.code ?? ''} ${apiError.message ?? ''}`.trim() : `HTTP ${a.status}`;
    if (/text\/html/i.test(type) || /^\s*<(!doctype|html)/i.test(text)) {
      return new RegistryError(
        'not-a-registry',
        `${r} answered ${path} with an HTML page (HTTP ${a.status}), not the registry API.`,
        'Check the registry address: a web page or a proxy answers there.',
        a.status,
      );
    }
    switch (a.status) {
      case 401:
        return new RegistryError(
          'unauthorized',
          `${r} refused the request (401 Unauthorized: ${what}).`,
          this.endpoint.credentials
            ? 'The user name or password is wrong: log in again.'
            : 'Log in to the registry (Podman: Log In to Registry).',
          401,
        );
      case 403:
        return new RegistryError(
          'forbidden',
          `${r} refused access to ${path} (403 Forbidden: ${what}).`,
          'Check the rights of the account you logged in with.',
          403,
        );
      case 404:
        return new RegistryError(
          'not-found',
          `${r} has no ${path.replace(/^\/v2\//, '')} (404: ${what}).`,
          'Check the repository name and the tag.',
          404,
        );
      case 405:
        return new RegistryError(
          'unsupported',
          `${r} does not allow ${path.includes('/manifests/') ? 'deleting images' : 'this'} (405: ${what}).`,
          'The registry must be configured to allow deletes (Distribution: storage.delete.enabled).',
          405,
        );
      case 429: {
        const retry = Number(a.headers['retry-after']);
        const after = Number.isFinite(retry) && retry > 0 ? retry : undefined;
        return new RegistryError(
          'rate-limited',
          `${r} limits the rate of requests (429 Too Many Requests)${after ? `: retry after ${after} s` : ''}.`,
          'Wait a while, or log in: registries allow more requests to logged-in users.',
          429,
          after,
        );
      }
      default:
        return new RegistryError(
          'server',
          `${r} answered ${path} with HTTP ${a.status}: ${what}.`,
          undefined,
          a.status,
        );
    }
  }

  private json<T>(a: Answer, path: string): T {
    try {
      return JSON.parse(a.body.toString('utf8')) as T;
    } catch {
      throw new RegistryError(
        'not-a-registry',
        `${this.endpoint.registry} answered ${path} with something other than JSON.`,
        'Check the registry address.',
      );
    }
  }

  /** Checks the API is there and the credentials are good (GET /v2/). */
  async ping(): Promise<void> {
    await this.request('GET', '/v2/');
  }

  private async paginate(first: string, key: 'repositories' | 'tags', limit: number): Promise<string[]> {
    const out: string[] = [];
    let path: string | undefined = first;
    while (path && out.length < limit) {
      const answer = await this.request('GET', path);
      const page = this.json<Record<string, unknown>>(answer, path)[key];
      if (Array.isArray(page)) out.push(...page.filter((x): x is string => typeof x === 'string'));
      path = nextLink(answer.headers.link);
    }
    return out.slice(0, limit);
  }

  /** Repository names (the catalog; not every registry offers one). */
  catalog(limit = 10_000): Promise<string[]> {
    return this.paginate('/v2/_catalog?n=1000', 'repositories', limit);
  }

  /** Tags of `repository`, following pagination. */
  tags(repository: string, limit = 100_000): Promise<string[]> {
    return this.paginate(`/v2/${repository}/tags/list?n=1000`, 'tags', limit);
  }

  /** The digest the registry has now for `repository:reference` (a manifest HEAD, no body). */
  async headDigest(repository: string, reference: string): Promise<string> {
    const a = await this.request('HEAD', `/v2/${repository}/manifests/${reference}`, MANIFEST_TYPES);
    const digest = a.headers['docker-content-digest'];
    if (typeof digest !== 'string') {
      throw new RegistryError(
        'server',
        `${this.endpoint.registry} sent no Docker-Content-Digest for ${repository}:${reference}.`,
      );
    }
    return digest;
  }

  /** The digest of `repository:reference` and its config digest (undefined for an index), in one GET. */
  async manifestDigests(repository: string, reference: string): Promise<{ digest: string; config?: string }> {
    const path = `/v2/${repository}/manifests/${reference}`;
    const answer = await this.request('GET', path, MANIFEST_TYPES);
    const body = this.json<ManifestBody>(answer, path);
    const header = answer.headers['docker-content-digest'];
    // The digest of a manifest is its body's, when the registry does not say it.
    const digest =
      typeof header === 'string' ? header : `sha256:${createHash('sha256').update(answer.body).digest('hex')}`;
    return { digest, config: typeof body.config?.digest === 'string' ? body.config.digest : undefined };
  }

  /** The config digest of the manifest `digest` (undefined for an index: one config per platform). */
  async configDigest(repository: string, digest: string): Promise<string | undefined> {
    return (await this.manifestDigests(repository, digest)).config;
  }

  /** A manifest with what the views show: digest, platforms, size, created. */
  async manifest(repository: string, reference: string): Promise<ManifestInfo> {
    const path = `/v2/${repository}/manifests/${reference}`;
    const a = await this.request('GET', path, MANIFEST_TYPES);
    const body = this.json<ManifestBody>(a, path);
    const digest = String(a.headers['docker-content-digest'] ?? reference);
    const mediaType = body.mediaType ?? String(a.headers['content-type'] ?? '');
    if (Array.isArray(body.manifests)) {
      const platforms = body.manifests
        .filter((m) => m.platform && m.platform.os !== 'unknown')
        .map((m) => ({
          os: m.platform?.os ?? '',
          architecture: m.platform?.architecture ?? '',
          variant: m.platform?.variant,
          digest: m.digest,
        }));
      const first = platforms[0] ? await this.manifest(repository, platforms[0].digest) : undefined;
      return { digest, mediaType, platforms, size: first?.size, created: first?.created, layers: first?.layers };
    }
    const layers = Array.isArray(body.layers) ? body.layers : [];
    const size = (body.config?.size ?? 0) + layers.reduce((sum, l) => sum + (l.size ?? 0), 0);
    const config = body.config?.digest ? await this.config(repository, body.config.digest) : undefined;
    const platform = config?.os
      ? [{ os: config.os, architecture: config.architecture ?? '', variant: config.variant, digest }]
      : [];
    return { digest, mediaType, platforms: platform, size, created: config?.created, layers: layers.length };
  }

  private async config(repository: string, digest: string): Promise<ImageConfigBody> {
    const path = `/v2/${repository}/blobs/${digest}`;
    return this.json<ImageConfigBody>(await this.request('GET', path), path);
  }

  /**
   * Deletes a tag: by tag where the registry allows it (OCI 1.1), else by the manifest's digest
   * (Distribution 2.x), which removes every tag of that manifest. Returns the digest removed.
   */
  async deleteTag(repository: string, tag: string): Promise<string> {
    const digest = await this.headDigest(repository, tag);
    try {
      await this.request('DELETE', `/v2/${repository}/manifests/${tag}`);
      return digest;
    } catch (e) {
      // Distribution 2.x refuses a tag here (400 DIGEST_INVALID or 405): delete by digest instead.
      if (!(e instanceof RegistryError) || ![400, 404, 405].includes(e.statusCode ?? 0)) throw e;
    }
    await this.request('DELETE', `/v2/${repository}/manifests/${digest}`);
    return digest;
  }
}

interface ManifestBody {
  mediaType?: string;
  manifests?: { digest: string; platform?: { os?: string; architecture?: string; variant?: string } }[];
  config?: { digest?: string; size?: number };
  layers?: { size?: number }[];
}

interface ImageConfigBody {
  created?: string;
  os?: string;
  architecture?: string;
  variant?: string;
}
