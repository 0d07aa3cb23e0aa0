// One persistent SSH connection per host (ssh2), through its ProxyJump hops: host keys checked
// against known_hosts (an unknown one asked about, a changed one refused), the keys of auth.ts,
// agent forwarding never requested. Channels to the remote socket (direct-streamlocal) and execs
// are opened on it; when it drops, the next use reconnects with backoff. No `vscode` import.
import { EventEmitter } from 'node:events';
import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import type { Duplex } from 'node:stream';
import { PodmanError } from '../errors';
import { authHandler, type AuthAttempt, type SshInteraction } from './auth';
import { defaultSshEnvironment, resolveHost, type ResolvedHost, type SshEnvironment, type SshTarget } from './config';
import { classifySshError, destination, explainAuthFailure } from './errors';
import { addHostKey, checkHostKey, fingerprint, hostEntryName, keyType } from './knownHosts';
import { shellCommand } from './quote';
import { ssh2 } from './ssh2';

export interface SshLinkOptions {
  target: SshTarget;
  interaction: SshInteraction;
  env?: SshEnvironment;
  /** Handshake (TCP + SSH + auth) limit, user prompts excluded. Default 15 s. */
  handshakeTimeoutMs?: number;
  /** A dead link is noticed after interval × countMax without an answer. Default 10 s × 3. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Trace lines (never secrets). */
  log?: (line: string) => void;
  /**
   * ssh2's own protocol trace (each packet, key exchange, auth method), the most verbose level;
   * asked for at each connection, so that it is on only while the log is at trace level.
   */
  protocolLog?: () => ((line: string) => void) | undefined;
}

export type LinkState = 'idle' | 'connecting' | 'up' | 'down' | 'disposed';

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BACKOFF_MS = [0, 250, 500, 1000, 2000, 5000];

export class SshLink extends EventEmitter {
  readonly env: SshEnvironment;
  readonly host: ResolvedHost;
  state: LinkState = 'idle';
  /** The auth attempts of the latest connection (for Diagnose). */
  attempts: AuthAttempt[] = [];
  /** Handshakes completed (1 while the first connection lasts; +1 per reconnection). */
  connections = 0;
  private client?: Client;
  private hops: Client[] = [];
  private connecting?: Promise<Client>;
  private failures = 0;
  private readonly passphrases = new Map<string, string>();

  constructor(private readonly opts: SshLinkOptions) {
    super();
    this.env = opts.env ?? defaultSshEnvironment();
    this.host = resolveHost(opts.target, this.env);
    for (const warning of this.host.warnings) opts.log?.(`ssh ${this.destination}: ${warning}`);
  }

  get destination(): string {
    return destination(this.host.user, this.host.alias, this.host.port);
  }

  /** The open connection, or a new one (one attempt at a time, with backoff after failures). */
  connect(): Promise<Client> {
    if (this.state === 'disposed') {
      return Promise.reject(new PodmanError('cancelled', `${this.destination}: connection closed.`));
    }
    if (this.client && this.state === 'up') return Promise.resolve(this.client);
    this.connecting ??= this.connectWithBackoff().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connectWithBackoff(): Promise<Client> {
    const wait = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
    if (wait) await new Promise((r) => setTimeout(r, wait));
    this.setState('connecting');
    try {
      const client = await this.connectChain();
      this.failures = 0;
      this.connections++;
      this.client = client;
      client.on('close', () => this.onClose(client));
      this.setState('up');
      return client;
    } catch (e) {
      this.failures++;
      this.closeHops();
      this.setState('down');
      throw e;
    }
  }

  private onClose(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.closeHops();
    this.opts.log?.(`ssh ${this.destination}: connection closed`);
    if (this.state !== 'disposed') this.setState('down');
  }

  private setState(state: LinkState): void {
    if (this.state === state || this.state === 'disposed') return;
    this.state = state;
    this.emit('state', state);
  }

  /** Connects each ProxyJump hop in turn, the target through the last one. */
  private async connectChain(): Promise<Client> {
    this.attempts = [];
    let sock: Duplex | undefined;
    const chain = [...this.host.jumps, this.host];
    for (let i = 0; i < chain.length; i++) {
      const client = await this.connectHop(chain[i], sock);
      if (i === chain.length - 1) return client;
      this.hops.push(client);
      const next = chain[i + 1];
      sock = await new Promise<Duplex>((resolve, reject) =>
        client.forwardOut('127.0.0.1', 0, next.hostName, next.port, (err, stream) =>
          err ? reject(classifySshError(err, destination(next.user, next.alias, next.port))) : resolve(stream),
        ),
      );
    }
    throw new Error('unreachable');
  }

  /** One SSH connection (host key check, auth), over `sock` when it goes through a jump. */
  private connectHop(hop: ResolvedHost, sock?: Duplex): Promise<Client> {
    const dest = destination(hop.user, hop.alias, hop.port);
    const { Client: SshClient } = ssh2();
    const client = new SshClient();
    let refusal: PodmanError | undefined;
    let timer: NodeJS.Timeout | undefined;
    return new Promise<Client>((resolve, reject) => {
      const fail = (e: unknown): void => {
        clearTimeout(timer);
        client.end();
        reject(refusal ?? explainAuthFailure(classifySshError(e, dest), this.attempts));
      };
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(
          () => fail(Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' })),
          this.opts.handshakeTimeoutMs ?? 15_000,
        );
      };
      const paused = <T>(p: Promise<T>): Promise<T> => {
        clearTimeout(timer);
        return p.finally(arm);
      };
      const interaction: SshInteraction = {
        verifyHost: (q) => paused(this.opts.interaction.verifyHost(q)),
        passphrase: (k, r) => paused(this.opts.interaction.passphrase(k, r)),
      };
      client.once('ready', () => {
        clearTimeout(timer);
        const last = this.attempts.at(-1);
        if (last?.outcome === 'tried') last.outcome = 'accepted';
        this.opts.log?.(`ssh ${dest}: connected`);
        resolve(client);
      });
      client.on('error', fail);
      arm();
      const protocolLog = this.opts.protocolLog?.();
      const config: ConnectConfig = {
        debug: protocolLog && ((line: string) => protocolLog(`ssh2 ${dest}: ${line}`)),
        host: hop.hostName,
        port: hop.port,
        username: hop.user,
        sock: sock as ConnectConfig['sock'],
        readyTimeout: 0,
        agentForward: false,
        keepaliveInterval: this.opts.keepaliveIntervalMs ?? 10_000,
        keepaliveCountMax: this.opts.keepaliveCountMax ?? 3,
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) =>
          void this.verifyHostKey(hop, key, interaction).then(
            () => verify(true),
            (e: PodmanError) => {
              refusal = e;
              verify(false);
            },
          ),
        authHandler: authHandler(hop, this.env.agentSocket, interaction, this.passphrases, this.attempts),
      };
      client.connect(config);
    });
  }

  /** Known → go on; unknown → ask, and record when accepted; changed or revoked → refuse. */
  private async verifyHostKey(hop: ResolvedHost, key: Buffer, interaction: SshInteraction): Promise<void> {
    const dest = destination(hop.user, hop.alias, hop.port);
    const verdict = checkHostKey(this.env.knownHostsFiles, hop.hostName, hop.port, key);
    const fp = fingerprint(key);
    if (verdict.state === 'known') return;
    const entry = hostEntryName(hop.hostName, hop.port);
    if (verdict.state === 'revoked') {
      throw new PodmanError(
        'host-key',
        `${dest}: the host key ${fp} is marked @revoked in ${verdict.file}:${verdict.line}.`,
        'Ask the host administrator for the current host key.',
      );
    }
    if (verdict.state === 'changed') {
      const knownAt = `${verdict.file}:${verdict.line}`;
      await interaction
        .verifyHost({ destination: dest, state: 'changed', fingerprint: fp, keyType: keyType(key), knownAt })
        .catch(() => false);
      throw new PodmanError(
        'host-key',
        `${dest}: the host key has CHANGED (now ${keyType(key)} ${fp}; the one recorded is at ${knownAt}). Someone could be intercepting the connection, or the host was reinstalled. Refused.`,
        `Check the new fingerprint with the host's administrator; if the change is expected, remove the old entry: \`ssh-keygen -R '${entry}' -f ${verdict.file}\`.`,
      );
    }
    const ok = await interaction.verifyHost({
      destination: dest,
      state: 'unknown',
      fingerprint: fp,
      keyType: keyType(key),
    });
    if (!ok) {
      throw new PodmanError(
        'host-key',
        `${dest}: the host key ${fp} was not accepted.`,
        "Check the fingerprint with the host's administrator (`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the host), then connect again.",
      );
    }
    addHostKey(this.env.knownHostsFiles[0], hop.hostName, hop.port, key);
    this.opts.log?.(`ssh ${dest}: host key ${fp} recorded in ${this.env.knownHostsFiles[0]}`);
  }

  /** A direct-streamlocal channel to a unix socket on the remote host. */
  async openStreamLocal(socketPath: string): Promise<ClientChannel> {
    const client = await this.connect();
    return new Promise((resolve, reject) =>
      client.openssh_forwardOutStreamLocal(socketPath, (err, channel) => {
        if (!err) return resolve(channel);
        const refused = /open failed|Connection refused|No such file/i.test(err.message);
        reject(
          refused
            ? Object.assign(new Error(`${this.destination}: ${socketPath}: ${err.message}`), {
                code: 'ENOENT',
                cause: err,
              })
            : classifySshError(err, this.destination),
        );
      }),
    );
  }

  /** Runs a command on the host (arguments quoted for its shell), collecting its output. */
  async exec(args: readonly string[], o: { timeoutMs?: number; stdin?: string } = {}): Promise<ExecResult> {
    const client = await this.connect();
    const command = shellCommand(args);
    this.opts.log?.(`ssh ${this.destination}: exec ${command}`);
    return new Promise((resolve, reject) => {
      client.exec(command, (err, stream) => {
        if (err) return reject(classifySshError(err, this.destination));
        const out: Buffer[] = [];
        const errs: Buffer[] = [];
        const timer = setTimeout(() => stream.close(), o.timeoutMs ?? 30_000);
        stream.on('data', (d: Buffer) => out.push(d));
        stream.stderr.on('data', (d: Buffer) => errs.push(d));
        stream.on('close', (code: number | null) => {
          clearTimeout(timer);
          resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errs).toString('utf8') });
        });
        stream.end(o.stdin);
      });
    });
  }

  /** Drops the connection now (the next use reconnects). */
  drop(): void {
    this.client?.end();
  }

  private closeHops(): void {
    for (const hop of this.hops.splice(0)) hop.end();
  }

  dispose(): void {
    this.setState('disposed');
    this.client?.end();
    this.client = undefined;
    this.closeHops();
    this.removeAllListeners();
  }
}
