// HTTP to a remote Podman socket over an SSH link: an http.Agent whose connections are
// direct-streamlocal channels, given the few net.Socket methods node:http calls. Channels are kept
// alive between sequential requests (Podman's server keeps the connection, as curl shows): opening
// one costs a round trip to the host, which a slow link makes dear. An idle channel is closed after
// FREE_CHANNEL_MS, well before Podman's own idle timeout (twice its service timeout, 10 s at the
// default 5 s), so a request never goes out on a connection the server is closing. Every request
// also names a `socketPath` (the ssh:// label, a path nothing local answers to): VS Code's extension
// host patches node:http and, with its default `http.proxySupport: override`, swaps the agent of any
// request without a socketPath for its proxy agent, which then dials the placeholder host by DNS.
// No `vscode` import.
import * as http from 'node:http';
import { inspect } from 'node:util';
import type { Duplex } from 'node:stream';
import type { Transport } from '../transport';
import type { SshLink } from './link';

/**
 * The few net.Socket methods node:http calls on its sockets, given to an ssh2 channel. Its
 * `destroy()` only asks the server to close the channel: until the server's answer, `destroyed`
 * must already say so, or the agent hands the closing channel to the next request, which then
 * waits forever. A channel the server ended is not reused either.
 */
function socketLike(channel: Duplex): Duplex {
  const sock = channel as Duplex & Record<string, unknown>;
  let idle: NodeJS.Timeout | undefined;
  let idleMs = 0;
  let gone = false;
  const rearm = (): void => {
    clearTimeout(idle);
    if (idleMs > 0 && !gone) idle = setTimeout(() => channel.emit('timeout'), idleMs).unref();
  };
  const close = channel.destroy.bind(channel);
  const finish = (): void => {
    gone = true;
    clearTimeout(idle);
  };
  Object.defineProperty(sock, 'destroyed', { get: () => gone, configurable: true });
  sock.destroy = () => {
    finish();
    close();
    return sock;
  };
  sock.setKeepAlive = () => sock;
  sock.setNoDelay = () => sock;
  sock.ref = () => sock;
  sock.unref = () => sock;
  sock.setTimeout = (ms: number, cb?: () => void) => {
    idleMs = ms;
    // As net.Socket: a 0 with a callback removes it (node:http does so when a kept-alive socket is freed).
    if (cb && ms === 0) channel.removeListener('timeout', cb);
    else if (cb) channel.once('timeout', cb);
    rearm();
    return sock;
  };
  channel.on('data', rearm);
  channel.on('end', finish);
  channel.on('close', finish);
  return channel;
}

/** How long an idle channel is kept for the next request. */
export const FREE_CHANNEL_MS = 2000;

class StreamLocalAgent extends http.Agent {
  constructor(
    private readonly link: SshLink,
    private readonly socketPath: string,
  ) {
    super({ keepAlive: true, timeout: FREE_CHANNEL_MS, maxFreeSockets: 8, scheduling: 'lifo' });
  }
  /**
   * docker-modem formats every request's options with util.inspect (showHidden, no depth limit)
   * whether its debug log is on or not; the agent is among them, and through the link it reaches
   * the whole SSH connection: 40 ms of CPU a request, hundreds on the first ones. One line instead.
   */
  [inspect.custom](): string {
    return `StreamLocalAgent(ssh://${this.link.destination}${this.socketPath})`;
  }
  override createConnection(
    _options: http.ClientRequestArgs,
    callback?: (err: Error | null, socket: Duplex) => void,
  ): Duplex | undefined {
    this.link.openStreamLocal(this.socketPath).then(
      (channel) => callback?.(null, socketLike(channel)),
      (e: Error) => callback?.(e, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

/** A transport to `socketPath` on the host of `link`. */
export function sshTransport(link: SshLink, socketPath: string, o: { ownsLink?: boolean } = {}): Transport {
  const agent = new StreamLocalAgent(link, socketPath);
  const label = `ssh://${link.destination}${socketPath}`;
  // Node hands a request with an agent to that agent whatever its socketPath: ours opens the channel
  // (dockerode uses a socketPath only when given no host).
  const viaAgent = { socketPath: label, agent };
  return {
    label,
    socketPath,
    remote: true,
    dockerOptions: () => viaAgent,
    requestOptions: () => ({ host: 'podman', port: 80, ...viaAgent }),
    dispose: () => {
      agent.destroy();
      if (o.ownsLink) link.dispose();
    },
  };
}
