// The registries the user works with and how to reach them: credentials in VS Code's
// SecretStorage (never in settings or logs), the logins Podman's auth files hold, the registries
// of registries.conf, the ones the user added; a Distribution client per registry (its CA from
// certs.d, insecure from registries.conf) and the newer-image checker over them.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { DistributionClient } from '../podman/distribution';
import { type FreshnessChecker, type FreshnessResult, type LocalImage, registryFreshness } from '../podman/outdated';
import {
  type RegistriesConf,
  type RegistryCredentials,
  type StoredLogin,
  isInsecure,
  readCertsDirCAs,
  readLogins,
  readRegistriesConf,
  readStoredCredentials,
  writeLogin,
} from '../podman/registryConfig';

const SECRET_PREFIX = 'podman.registry.credentials:';
const LOGGED_IN_KEY = 'podman.registries.loggedIn';
const ADDED_KEY = 'podman.registries.added';

export type RegistrySource = 'login' | 'auth-file' | 'search' | 'insecure' | 'added';

export interface KnownRegistry {
  registry: string;
  sources: RegistrySource[];
  username?: string;
}

export class RegistryService implements vscode.Disposable {
  private readonly clients = new Map<string, Promise<DistributionClient>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when logins, the registry list or newer-image results change. */
  readonly onDidChange = this.changed.event;
  readonly freshness: FreshnessChecker;
  /** The last newer-image results, by local tag. */
  results = new Map<string, FreshnessResult>();
  private conf: RegistriesConf | undefined;

  constructor(private readonly wb: WorkbenchContext) {
    this.freshness = registryFreshness((registry) => this.client(registry));
  }

  dispose(): void {
    this.changed.dispose();
    for (const c of this.clients.values()) void c.then((x) => x.dispose());
  }

  private get secrets(): vscode.SecretStorage {
    return this.wb.ext.secrets;
  }

  private loggedIn(): { registry: string; username: string }[] {
    return this.wb.ext.globalState.get<{ registry: string; username: string }[]>(LOGGED_IN_KEY, []);
  }

  /** Whether the active Podman runs on this machine (its auth file is then ours to share). */
  get connectionIsLocal(): boolean {
    const uri = this.wb.connections.active?.endpoint.uri ?? '';
    return uri.startsWith('unix://') || uri.startsWith('/');
  }

  async registriesConf(): Promise<RegistriesConf> {
    this.conf ??= await readRegistriesConf();
    return this.conf;
  }

  /** Every registry the user works with, with where it comes from. */
  async known(): Promise<KnownRegistry[]> {
    const out = new Map<string, KnownRegistry>();
    const add = (registry: string, source: RegistrySource, username?: string): void => {
      const k = out.get(registry) ?? { registry, sources: [] };
      if (!k.sources.includes(source)) k.sources.push(source);
      k.username ??= username;
      out.set(registry, k);
    };
    for (const l of this.loggedIn()) add(l.registry, 'login', l.username);
    const fileLogins: StoredLogin[] = await readLogins().catch(() => []);
    for (const l of fileLogins) add(l.registry, 'auth-file', l.username);
    const conf = await this.registriesConf().catch(() => undefined);
    for (const r of conf?.unqualifiedSearch ?? []) add(r, 'search');
    for (const r of conf?.insecure ?? []) add(r, 'insecure');
    for (const r of this.wb.ext.globalState.get<string[]>(ADDED_KEY, [])) add(r, 'added');
    return [...out.values()].sort((a, b) => a.registry.localeCompare(b.registry));
  }

  async addRegistry(registry: string): Promise<void> {
    const added = this.wb.ext.globalState.get<string[]>(ADDED_KEY, []);
    if (!added.includes(registry)) await this.wb.ext.globalState.update(ADDED_KEY, [...added, registry]);
    this.changed.fire();
  }

  async removeRegistry(registry: string): Promise<void> {
    const added = this.wb.ext.globalState.get<string[]>(ADDED_KEY, []);
    await this.wb.ext.globalState.update(
      ADDED_KEY,
      added.filter((r) => r !== registry),
    );
    this.changed.fire();
  }

  /** The credentials for `registry`: the extension's login, else Podman's auth file (local Podman only). */
  async credentials(registry: string): Promise<RegistryCredentials | undefined> {
    const stored = await this.secrets.get(SECRET_PREFIX + registry);
    if (stored) {
      const { username, password } = JSON.parse(stored) as { username: string; password: string };
      return { username, password, serveraddress: registry };
    }
    return this.connectionIsLocal ? readStoredCredentials(registry).catch(() => undefined) : undefined;
  }

  /** Keeps checked credentials in SecretStorage, and in Podman's auth file when asked. */
  async saveLogin(c: RegistryCredentials, toAuthFile: boolean): Promise<string | undefined> {
    await this.secrets.store(
      SECRET_PREFIX + c.serveraddress,
      JSON.stringify({ username: c.username, password: c.password }),
    );
    const others = this.loggedIn().filter((l) => l.registry !== c.serveraddress);
    await this.wb.ext.globalState.update(LOGGED_IN_KEY, [
      ...others,
      { registry: c.serveraddress, username: c.username },
    ]);
    const file = toAuthFile ? await writeLogin(c.serveraddress, c) : undefined;
    this.forgetClient(c.serveraddress);
    this.changed.fire();
    return file;
  }

  /** Forgets the extension's login; `fromAuthFile` also removes it from Podman's auth file. */
  async logout(registry: string, fromAuthFile: boolean): Promise<string | undefined> {
    await this.secrets.delete(SECRET_PREFIX + registry);
    await this.wb.ext.globalState.update(
      LOGGED_IN_KEY,
      this.loggedIn().filter((l) => l.registry !== registry),
    );
    const file = fromAuthFile ? await writeLogin(registry, undefined) : undefined;
    this.forgetClient(registry);
    this.changed.fire();
    return file;
  }

  private forgetClient(registry: string): void {
    const c = this.clients.get(registry);
    this.clients.delete(registry);
    void c?.then((x) => x.dispose());
    this.freshness.invalidate();
  }

  /** A Distribution client for `registry`, with its credentials, CA and insecure flag. */
  client(registry: string): Promise<DistributionClient> {
    let c = this.clients.get(registry);
    if (!c) {
      c = (async () => {
        const [credentials, ca, conf] = await Promise.all([
          this.credentials(registry),
          readCertsDirCAs(registry),
          this.registriesConf().catch(() => undefined),
        ]);
        return new DistributionClient({
          registry,
          credentials,
          ca,
          insecure: conf ? isInsecure(conf, registry) : false,
        });
      })();
      this.clients.set(registry, c);
    }
    return c;
  }

  /** Re-checks every local image's tags against its registry; quiet when offline. */
  async checkImages(images: LocalImage[], o: { fresh?: boolean } = {}): Promise<Map<string, FreshnessResult>> {
    if (o.fresh) this.freshness.invalidate();
    this.results = await this.freshness.checkAll(images);
    this.changed.fire();
    return this.results;
  }

  /** Tells listeners (the tree, the lenses) that something changed. */
  fire(): void {
    this.changed.fire();
  }
}
