// Host ports for the integration tests: one free on 127.0.0.1 at the time of asking.
import * as net from 'node:net';

/** A TCP port nothing listens on at 127.0.0.1 (the kernel's pick, released at once). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}
