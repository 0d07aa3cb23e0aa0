// Tar archives built in memory (uploads into containers, image imports), and the tiny base image
// whose /bin, /lib, /lib64 and /sbin are links into a /usr mounted at run time.
import * as tar from 'tar-stream';
import type { PodmanClient } from './client';

export interface TarEntry {
  name: string;
  type?: 'directory' | 'symlink' | 'file';
  linkname?: string;
  mode?: number;
  content?: string;
}

/** A tar archive of `entries` (files with their content, directories, symlinks). */
export async function tarBuffer(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const entry of entries) {
    if (entry.type === 'file' || entry.content !== undefined) {
      pack.entry({ name: entry.name, mode: entry.mode ?? 0o644 }, entry.content ?? '');
    } else {
      pack.entry({ name: entry.name, type: entry.type, linkname: entry.linkname, mode: entry.mode ?? 0o755 });
    }
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Whether the image is in the Podman store. */
export function imageExists(client: PodmanClient, reference: string): Promise<boolean> {
  return client.inspectImage(reference).then(
    () => true,
    () => false,
  );
}

/**
 * An image with the usual top-level directories, `/tmp`, a root user, and /bin, /lib, /lib64,
 * /sbin linked into /usr: a container of it runs the programs of whatever /usr is mounted.
 * Imported once under `reference`; `dirs` are more directories (mount points), `label` its label.
 */
export async function ensureBaseImage(
  client: PodmanClient,
  reference: string,
  o: { dirs: string[]; label: string },
): Promise<void> {
  if (await imageExists(client, reference)) return;
  const dirs = ['usr', 'proc', 'sys', 'dev', 'etc', 'run', 'var', ...o.dirs.map((d) => d.replace(/^\/+/, ''))];
  const body = await tarBuffer([
    ...dirs.map((name) => ({ name, type: 'directory' as const })),
    { name: 'tmp', type: 'directory', mode: 0o1777 },
    ...['bin', 'lib', 'lib64', 'sbin'].map((n) => ({ name: n, type: 'symlink' as const, linkname: `usr/${n}` })),
    { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\n' },
    { name: 'etc/group', content: 'root:x:0:\n' },
  ]);
  await client.libpod('POST', '/images/import', {
    query: { reference, changes: [`LABEL ${o.label}`] },
    file: body,
    headers: { 'Content-Type': 'application/x-tar' },
  });
}
