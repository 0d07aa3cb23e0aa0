// Short helper commands run in a container, their output collected (the exec stream demultiplexed).
import { FrameDemuxer, type PodmanClient } from './client';

export interface ExecResult {
  stdout: Buffer;
  stderr: string;
  /** undefined when Podman could not say (the exec session is gone). */
  exitCode: number | undefined;
}

/** Runs `cmd` (no shell) in container `id` and collects its output; rejects after `timeoutMs`. */
export async function execCollect(
  client: PodmanClient,
  id: string,
  cmd: string[],
  timeoutMs = 20_000,
): Promise<ExecResult> {
  const session = await client.exec(id, { cmd, stdin: false, tty: false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const demux = new FrameDemuxer((type, data) => (type === 'stderr' ? err : out).push(data));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      session.stream.destroy();
      reject(new Error(`${cmd[0]} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    session.stream.on('data', (chunk: Buffer) => demux.push(chunk));
    session.stream.on('end', () => (clearTimeout(timer), resolve()));
    session.stream.on('close', () => (clearTimeout(timer), resolve()));
    session.stream.on('error', (e) => (clearTimeout(timer), reject(e)));
  });
  const state = await session.inspect().catch(() => ({ exitCode: undefined }));
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), exitCode: state.exitCode };
}
