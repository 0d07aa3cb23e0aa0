// How the Distribution client authenticates: it learns the registry's scheme once per client (one
// GET /v2/, shared by every request that starts meanwhile, instead of a 401 for each of them), then
// sends Basic credentials with every request, or a bearer token per scope, asked from the token
// server the challenge names once per scope while it is valid (concurrent requests share the
// answer). No `vscode` import; credentials and tokens are never logged from here.
import type { IncomingHttpHeaders } from 'node:http';
import type { RegistryCredentials } from './registryConfig';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Sends one request (a path of the registry, or a full URL such as a token realm). */
export type Sender = (method: string, path: string, headers: Record<string, string>) => Promise<Answer>;

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** `Bearer realm="…",service="…",scope="…"` → { scheme: 'bearer', params }. */
export function parseChallenge(header: string | string[] | undefined): Challenge | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (!text) return undefined;
  const m = /^(\w+)\s*(.*)$/s.exec(text.trim());
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2].matchAll(/(\w+)="([^"]*)"/g)) params[p[1]] = p[2];
  return { scheme: m[1].toLowerCase(), params };
}

/** The token scope a request to `path` needs to read: a repository's, or the catalog's. */
export function scopeOf(path: string): string | undefined {
  const p = path.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
  if (/^\/v2\/_catalog$/.test(p)) return 'registry:catalog:*';
  const name = /^\/v2\/(.+?)\/(?:manifests|tags|blobs)\//.exec(p)?.[1];
  return name ? `repository:${name}:pull` : undefined;
}

/** Tokens are asked again this long before they expire (at most a tenth of their lifetime). */
const EXPIRY_MARGIN_MS = 5_000;

interface TokenEntry {
  header: Promise<string | undefined>;
  expires: number;
}

export class RegistryAuth {
  private probe: Promise<void> | undefined;
  /** What the registry asked for (undefined: nothing yet, or no auth). */
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, TokenEntry>();
  /** Requests made to a token server (the tests read it). */
  tokenRequests = 0;

  constructor(
    private readonly credentials: RegistryCredentials | undefined,
    private readonly send: Sender,
    private readonly now: () => number = Date.now,
  ) {}

  private get basic(): string | undefined {
    const c = this.credentials;
    return c ? `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` : undefined;
  }

  /** Learns the scheme from GET /v2/, once; a failure is left to the request itself to report. */
  private learn(): Promise<void> {
    this.probe ??= this.send('GET', '/v2/', {}).then(
      (a) => {
        if (a.status === 401) this.remember(parseChallenge(a.headers['www-authenticate']));
      },
      () => {
        this.probe = undefined;
      },
    );
    return this.probe;
  }

  private remember(c: Challenge | undefined): void {
    if (!c) return;
    const { realm, service } = c.params;
    this.challenge = { scheme: c.scheme, params: { realm, service } };
  }

  /** The Authorization header for a request to `path` (undefined: none is needed, or none is known). */
  async header(path: string): Promise<string | undefined> {
    if (path !== '/v2/') await this.learn();
    if (this.challenge?.scheme === 'basic') return this.basic;
    if (this.challenge?.scheme === 'bearer') return this.token(scopeOf(path), undefined);
    return undefined;
  }

  /**
   * After a 401 to a request sent with `sent`: the header to retry with, or undefined when a retry
   * cannot do better (no credentials, or the same ones were refused).
   */
  async refused(
    path: string,
    sent: string | undefined,
    header: string | string[] | undefined,
  ): Promise<string | undefined> {
    const c = parseChallenge(header);
    this.remember(c);
    if (c?.scheme === 'basic') return this.basic !== sent ? this.basic : undefined;
    if (c?.scheme !== 'bearer' || !c.params.realm) return undefined;
    const retry = await this.token(c.params.scope ?? scopeOf(path), sent);
    return retry !== sent ? retry : undefined;
  }

  /** A bearer header for `scope`, from the cache unless expired or the one just `refused`. */
  private token(scope: string | undefined, refused: string | undefined): Promise<string | undefined> {
    const key = scope ?? '';
    const cached = this.tokens.get(key);
    if (cached && cached.expires > this.now()) {
      const header = cached.header;
      if (refused === undefined) return header;
      // Refused: ask again, unless a parallel request already did.
      return header.then((h) => {
        if (h !== refused) return h;
        const now = this.tokens.get(key);
        return now && now !== cached ? now.header : this.fetchToken(key, scope);
      });
    }
    return this.fetchToken(key, scope);
  }

  private fetchToken(key: string, scope: string | undefined): Promise<string | undefined> {
    const entry: TokenEntry = { header: Promise.resolve(undefined), expires: this.now() + 60_000 };
    entry.header = this.ask(scope, entry).catch(() => undefined);
    void entry.header.then((h) => h === undefined && this.tokens.get(key) === entry && this.tokens.delete(key));
    this.tokens.set(key, entry);
    return entry.header;
  }

  /** Asks the token server of the challenge for a token of `scope` (with the credentials, if any). */
  private async ask(scope: string | undefined, entry: TokenEntry): Promise<string | undefined> {
    const { realm, service } = this.challenge?.params ?? {};
    if (!realm) return undefined;
    const query = new URLSearchParams();
    if (service) query.set('service', service);
    if (scope) query.set('scope', scope);
    if (this.credentials) query.set('account', this.credentials.username);
    const basic = this.basic;
    this.tokenRequests++;
    const answer = await this.send('GET', `${realm}?${query}`, basic ? { Authorization: basic } : {});
    if (answer.status !== 200) return undefined;
    const body = JSON.parse(answer.body.toString('utf8')) as {
      token?: string;
      access_token?: string;
      expires_in?: number;
    };
    const token = body.token ?? body.access_token;
    if (!token) return undefined;
    // The token specification's default lifetime is 60 s.
    const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    entry.expires = this.now() + seconds * 1000 - Math.min(EXPIRY_MARGIN_MS, seconds * 100);
    return `Bearer ${token}`;
  }
}
