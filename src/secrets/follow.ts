// Keeps the Secrets view current while it is visible. Podman sends no event for a secret created
// or removed (measured on 4.3.1 and 5.4.2: `secret` events never come on the stream, while image
// events do), so the view cannot follow the event stream: it lists the secrets every `pollMs`
// while it is visible and refreshes only when the list changed; our own actions, showing the view
// and a connection change refresh it at once (index.ts). No `vscode` import.

/** One list request (a local socket call) this often, only while the view is visible. */
export const SECRETS_POLL_MS = 5_000;

export class SecretsPoller {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running = false;

  /** `check` lists the secrets and refreshes the view when they changed. */
  constructor(
    private readonly check: () => Promise<void>,
    private readonly pollMs = SECRETS_POLL_MS,
  ) {}

  get polling(): boolean {
    return !!this.timer;
  }

  /** Polls while `on` (the view visible with a connection), else stops. */
  set(on: boolean): void {
    if (on && !this.timer) this.timer = setInterval(() => void this.tick(), this.pollMs);
    if (!on && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.check();
    } catch {
      // The view shows the failure on its next listing; a poll stays quiet.
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    this.set(false);
  }
}
