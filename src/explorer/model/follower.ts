// Keeps an ExplorerModel current from one client's event stream, without vscode:
// subscribe first, load once (events arriving meanwhile are held and applied after), then apply
// events coalesced per batch of the stream (no timers). When the stream drops, the socket is
// pinged: if Podman does not answer, that is a Problem and a failure report; if it answers but
// its events do not (a broken events backend, a proxy that cuts long requests), the lists stay
// and are reloaded every `pollMs` until the stream is back. When the stream reconnects (it
// replays what it missed with `since`), the model is loaded once more, the problem cleared and
// the polling stopped. LiveExplorer (../live.ts) decides when to follow.
import type { PodmanClient } from '../../podman/client';
import { classifyError, type PodmanError } from '../../podman/errors';
import { EventSubscription, type StreamStatus } from '../../podman/events';
import type { PodmanEvent } from '../../podman/models';
import type { ExplorerModel, Problem } from './tree';

export interface FollowerHooks {
  /** The stream or a load failed (undefined: it works again). */
  onProblem(p: Problem | undefined): void;
  /** A failure that may mean the socket went away (ConnectionManager.reportFailure). */
  onFailure?(e: PodmanError): void;
  /** Podman answers but its event stream does not: the lists are polled (undefined: live again). */
  onDegraded?(reason: string | undefined): void;
  log?(msg: string): void;
  backoffMs?: number[];
  /** How often the lists are reloaded while only the event stream is down (default 5,000 ms). */
  pollMs?: number;
}

export const POLL_MS = 5000;

export class ExplorerFollower {
  private sub: EventSubscription | undefined;
  private buffered: PodmanEvent[] | undefined;
  private inBatch = false;
  private streamDown = false;
  private degraded = false;
  /** Stream failures in a row while Podman answered (one is a blip: the stream reconnects at once). */
  private failuresWhileAlive = 0;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private loading: Promise<void> | undefined;
  status: StreamStatus['state'] | 'stopped' = 'stopped';

  constructor(
    readonly client: PodmanClient,
    private readonly model: ExplorerModel,
    private readonly hooks: FollowerHooks,
  ) {}

  get running(): boolean {
    return !!this.sub;
  }

  start(): Promise<void> {
    if (this.sub) return this.loading ?? Promise.resolve();
    this.buffered = [];
    this.streamDown = false;
    const sub = new EventSubscription(this.client, {
      onEvent: (ev) => this.onEvent(sub, ev),
      onBatchEnd: () => {
        if (this.sub === sub && this.inBatch) {
          this.inBatch = false;
          this.model.store.endBatch();
        }
      },
      onStatus: (s) => this.onStatus(sub, s),
      backoffMs: this.hooks.backoffMs,
    });
    this.sub = sub;
    sub.start();
    return this.reload();
  }

  private onEvent(sub: EventSubscription, ev: PodmanEvent): void {
    if (this.sub !== sub) return;
    if (this.buffered) {
      this.buffered.push(ev);
      return;
    }
    if (!this.inBatch) {
      this.inBatch = true;
      this.model.store.beginBatch();
    }
    this.model.applyEvent(ev);
  }

  private onStatus(sub: EventSubscription, s: StreamStatus): void {
    if (this.sub !== sub) return;
    this.status = s.state;
    if (s.state === 'disconnected') {
      this.streamDown = true;
      this.hooks.log?.(`event stream lost (${s.error.message}); retrying in ${s.retryInMs} ms`);
      void this.checkService(sub, s.error);
    } else if (s.state === 'connected' && this.streamDown) {
      // Back: the stream replays what it missed; load once anyway (the service may have restarted).
      this.streamDown = false;
      this.failuresWhileAlive = 0;
      this.setDegraded(undefined);
      void this.reload();
    }
  }

  /** The stream is down: is Podman? Either a problem to show, or lists to poll meanwhile. */
  private async checkService(sub: EventSubscription, error: PodmanError): Promise<void> {
    const alive = await this.client.ping(undefined, 2000).then(
      () => true,
      () => false,
    );
    if (this.sub !== sub || !this.streamDown) return;
    if (!alive) {
      this.setDegraded(undefined);
      this.hooks.onProblem({ message: error.message, fix: error.fix ?? 'Check the Connections view.' });
      this.hooks.onFailure?.(error);
      return;
    }
    if (++this.failuresWhileAlive >= 2) this.setDegraded(error.message);
  }

  private setDegraded(reason: string | undefined): void {
    if (reason === undefined) {
      if (this.pollTimer) clearInterval(this.pollTimer);
      this.pollTimer = undefined;
      if (this.degraded) {
        this.degraded = false;
        this.hooks.log?.('event stream back: live updates again');
        this.hooks.onDegraded?.(undefined);
      }
      return;
    }
    if (this.degraded) return;
    this.degraded = true;
    const every = this.hooks.pollMs ?? POLL_MS;
    this.hooks.log?.(
      `Podman answers but its event stream does not (${reason}): reloading the lists every ${every} ms until it is back`,
    );
    this.hooks.onDegraded?.(reason);
    void this.reload();
    this.pollTimer = setInterval(() => {
      if (!this.loading) void this.reload();
    }, every);
  }

  /** Loads everything once; events that arrive meanwhile are applied after. */
  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        if (this.sub) this.buffered ??= [];
        await this.model.load(this.client);
        if (!this.streamDown || this.degraded) this.hooks.onProblem(undefined);
        const queued = this.buffered ?? [];
        this.buffered = undefined;
        if (queued.length) {
          this.model.store.beginBatch();
          for (const ev of queued) this.model.applyEvent(ev);
          this.model.store.endBatch();
        }
      } catch (e) {
        const err = classifyError(e, this.client.socketPath);
        this.buffered = undefined;
        this.hooks.log?.(`loading failed: ${err.message}`);
        this.hooks.onProblem({ message: err.message, fix: err.fix });
        this.hooks.onFailure?.(err);
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  stop(): void {
    this.sub?.stop();
    this.sub = undefined;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    this.degraded = false;
    this.failuresWhileAlive = 0;
    this.buffered = undefined;
    if (this.inBatch) {
      this.inBatch = false;
      this.model.store.endBatch();
    }
    this.status = 'stopped';
  }
}
