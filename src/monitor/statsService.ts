// One StatsStream per connection, shared by the Stats panels and the tree's figures: created for
// the active connection on first use, disposed when the connection changes. The stream itself
// runs only while a listener is subscribed (see src/podman/stats.ts).
import type * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import type { PodmanClient } from '../podman/client';
import { StatsStream, type StatsListener } from '../podman/stats';

export class StatsService implements vscode.Disposable {
  private stream: StatsStream | undefined;
  private readonly subs: vscode.Disposable[] = [];
  /**
   * Seconds between frames. Each frame costs the Podman service a pass over every container (its
   * database record, cgroup files and network namespace: ~1.3 ms a container on Podman 4.3), so
   * the stream asks every 2 s, the pace of a CLI-driven tool, not every second.
   */
  intervalSeconds = 2;

  constructor(private readonly wb: WorkbenchContext) {
    this.subs.push(
      wb.connections.onDidChangeActive((a) => {
        if (this.stream && this.stream.client !== a?.client) {
          this.stream.dispose();
          this.stream = undefined;
        }
      }),
    );
  }

  /** The stream of the active connection (created on first use), or undefined without one. */
  current(): StatsStream | undefined {
    const client: PodmanClient | undefined = this.wb.connections.active?.client;
    if (!client) return undefined;
    if (this.stream?.client !== client) {
      this.stream?.dispose();
      this.stream = new StatsStream(client, { intervalSeconds: this.intervalSeconds });
    }
    return this.stream;
  }

  subscribe(listener: StatsListener): vscode.Disposable | undefined {
    return this.current()?.subscribe(listener);
  }

  dispose(): void {
    this.stream?.dispose();
    for (const s of this.subs) s.dispose();
  }
}
