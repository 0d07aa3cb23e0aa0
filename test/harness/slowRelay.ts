// A slow link for the SSH tests: a TCP relay on 127.0.0.1 in front of a host's sshd that holds
// every chunk `delayMs` before passing it on, each direction on its own (so a round trip costs
// twice that), in order. Why a relay and not `tc qdisc … netem delay`: this kernel has no
// sch_netem ("Specified qdisc kind is unknown"); a relay delays the same bytes the same way and
// needs no kernel module. close() ends every connection it carries.
import * as net from 'node:net';

export interface SlowRelay {
  port: number;
  /** Chunks delayed so far, both directions (the test checks the link really went through it). */
  readonly chunks: number;
  close(): Promise<void>;
}

/** Pipes `from` into `to`, each chunk `delayMs` late, order kept (one delay per chunk, same for all). */
function delayedPipe(from: net.Socket, to: net.Socket, delayMs: number, count: () => void): void {
  from.on('data', (chunk: Buffer) => {
    count();
    setTimeout(() => to.writable && to.write(chunk), delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
}

export async function startSlowRelay(host: string, port: number, delayMs: number): Promise<SlowRelay> {
  const open = new Set<net.Socket>();
  let chunks = 0;
  const count = () => void chunks++;
  const server = net.createServer((client) => {
    const upstream = net.connect({ host, port });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => (client.destroy(), upstream.destroy()));
    }
    client.on('close', () => setTimeout(() => upstream.destroy(), delayMs));
    upstream.on('close', () => setTimeout(() => client.destroy(), delayMs));
    delayedPipe(client, upstream, delayMs, count);
    delayedPipe(upstream, client, delayMs, count);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    get chunks() {
      return chunks;
    },
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
