// HTTP to a remote Podman socket over an SSH link: an http.Agent whose connections are
// direct-streamlocal channels (one per request: cheap on the open link; no keep-alive, as the
// channel is not a net.Socket). Every request also names a `socketPath` (the ssh:// label, a path
// nothing local answers to): VS Code's extension host patches node:http and, with its default
// `http.proxySupport: override`, swaps the agent of any request without a socketPath for its
// proxy agent, which then dials the placeholder host by DNS. No `vscode` import.
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Transport } from '../transport';
import type { SshLink } from './link';

/** The few net.Socket methods node:http calls on its sockets, given to an ssh2 channel. */
function socketLike(channel: Duplex): Duplex {
  const sock = channel as Duplex & Record<string, unknown>;
  let idle: NodeJS.Timeout | undefined;
  let idleMs = 0;
  const rearm = (): void => {
    clearTimeout(idle);
    if (idleMs > 0) idle = setTimeout(() => channel.emit('timeout'), idleMs);
  };
  sock.setKeepAlive = () => sock;
  sock.setNoDelay = () => sock;
  sock.ref = () => sock;
  sock.unref = () => sock;
  sock.setTimeout = (ms: number, cb?: () => void) => {
    idleMs = ms;
    if (cb) channel.once('timeout', cb);
    rearm();
    return sock;
  };
  channel.on('data', rearm);
  channel.on('close', () => clearTimeout(idle));
  return channel;
}

class StreamLocalAgent extends http.Agent {
  constructor(
    private readonly link: SshLink,
    private readonly socketPath: string,
  ) {
    super({ keepAlive: false });
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
