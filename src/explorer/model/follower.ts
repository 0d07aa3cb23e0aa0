// Keeps an ExplorerModel current from one client's event stream, without vscode:
// subscribe first, load once (events arriving meanwhile are held and applied after), then apply
// events coalesced per batch of the stream (no timers). A dropped stream becomes a Problem and a
// failure report; when the stream reconnects (it replays what it missed with `since`), the model
// is loaded once more and the problem cleared. LiveExplorer (../live.ts) decides when to follow.
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
  log?(msg: string): void;
  backoffMs?: number[];
}

export class ExplorerFollower {
  private sub: EventSubscription | undefined;
  private buffered: PodmanEvent[] | undefined;
  private inBatch = false;
  private streamDown = false;
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
      this.hooks.onProblem({ message: s.error.message, fix: s.error.fix ?? 'Check the Connections view.' });
      this.hooks.onFailure?.(s.error);
    } else if (s.state === 'connected' && this.streamDown) {
      // Back: the stream replays what it missed; load once anyway (the service may have restarted).
      this.streamDown = false;
      void this.reload();
    }
  }

  /** Loads everything once; events that arrive meanwhile are applied after. */
  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        if (this.sub) this.buffered ??= [];
        await this.model.load(this.client);
        if (!this.streamDown) this.hooks.onProblem(undefined);
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
    this.buffered = undefined;
    if (this.inBatch) {
      this.inBatch = false;
      this.model.store.endBatch();
    }
    this.status = 'stopped';
  }
}
