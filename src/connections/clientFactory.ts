// The one place a PodmanClient is made for an endpoint: a local socket directly, an ssh://
// endpoint over the SSH link of its host (one persistent link per endpoint, kept until the
// endpoint goes away or the extension stops), with the user's answers to SSH's questions.
import { PodmanClient } from '../podman/client';
import type { Endpoint } from '../podman/discovery';
import { PodmanError } from '../podman/errors';
import type { SshInteraction } from '../podman/ssh/auth';
import { SshLink } from '../podman/ssh/link';
import { sshTransport } from '../podman/ssh/transport';

/** Answers no SSH question (used where no UI is wired): unknown hosts are refused. */
const NO_UI: SshInteraction = {
  verifyHost: async () => false,
  passphrase: async () => undefined,
};

export class ClientFactory {
  private readonly links = new Map<string, SshLink>();

  constructor(
    private readonly interaction: SshInteraction = NO_UI,
    private readonly log?: (line: string) => void,
    /** ssh2's protocol trace, when the log is at its most verbose (see SshLinkOptions). */
    private readonly protocolLog?: () => ((line: string) => void) | undefined,
  ) {}

  /** A client for the endpoint; throws a PodmanError when it cannot be reached by any transport. */
  client(endpoint: Endpoint): PodmanClient {
    if (endpoint.socketPath) return new PodmanClient(endpoint.socketPath);
    if (endpoint.ssh) return new PodmanClient(sshTransport(this.link(endpoint), endpoint.ssh.socketPath));
    throw new PodmanError('unsupported', endpoint.unsupported ?? 'Not supported.');
  }

  /** The endpoint's SSH link (made on first use; ~/.ssh/config is read then). */
  link(endpoint: Endpoint): SshLink {
    const ssh = endpoint.ssh;
    if (!ssh) throw new PodmanError('unsupported', `${endpoint.label} is not an SSH connection.`);
    let link = this.links.get(endpoint.id);
    if (!link || link.state === 'disposed') {
      link = new SshLink({
        target: { host: ssh.host, user: ssh.user, port: ssh.port, identityFiles: ssh.identity ? [ssh.identity] : [] },
        interaction: this.interaction,
        log: this.log,
        protocolLog: this.protocolLog,
      });
      this.links.set(endpoint.id, link);
    }
    return link;
  }

  /** Closes the links of endpoints no longer listed. */
  keepOnly(ids: readonly string[]): void {
    for (const [id, link] of this.links) {
      if (!ids.includes(id)) {
        link.dispose();
        this.links.delete(id);
      }
    }
  }

  dispose(): void {
    for (const link of this.links.values()) link.dispose();
    this.links.clear();
  }
}
