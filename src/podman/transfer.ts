// Image and container archives through the socket, streamed to and from disk: save images
// (libpod images/export and images/{name}/get), load a tar (images/load), export a container's
// file system (containers/{id}/export) and import a tar as an image (images/import). Every byte
// goes through one pipeline with back-pressure, so memory stays bounded whatever the size; a
// save writes to a partial file renamed at the end and removed on any failure. No `vscode` import.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PodmanClient } from './client';
import { PodmanError } from './errors';
import { formatBytes } from './history';
import type { ByteProgress, ProgressOptions } from './progress';

export type ArchiveFormat = 'docker-archive' | 'oci-archive';
export const ARCHIVE_FORMATS: readonly ArchiveFormat[] = ['docker-archive', 'oci-archive'];

export interface TransferOptions extends ProgressOptions<ByteProgress> {
  /** Progress is reported at most every `progressEveryMs` (default 100 ms) and once at the end. */
  progressEveryMs?: number;
}

export interface SaveOptions extends TransferOptions {
  format?: ArchiveFormat;
  /** What the archive should weigh (the images' sizes), for a percentage. */
  estimatedBytes?: number;
}

/** A Transform that counts what passes and reports it, throttled. */
function counter(o: TransferOptions, total?: number): Transform & { bytes: number } {
  let last = 0;
  const every = o.progressEveryMs ?? 100;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      t.bytes += chunk.length;
      const now = Date.now();
      if (o.onProgress && now - last >= every) {
        last = now;
        o.onProgress({ bytes: t.bytes, total });
      }
      cb(null, chunk);
    },
    flush(cb) {
      o.onProgress?.({ bytes: t.bytes, total });
      cb();
    },
  }) as Transform & { bytes: number };
  t.bytes = 0;
  return t;
}

/** The clear error of a failed write to `dest`, saying that the partial file is gone. */
function writeError(e: unknown, dest: string, written: number): PodmanError {
  const code = (e as { code?: string })?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new PodmanError(
      'server',
      `The disk is full: ${dest} could not be written (stopped after ${formatBytes(written)}). The partial file was removed.`,
      `Free some space on ${path.dirname(dest)}, or save to another disk.`,
      undefined,
      { cause: e },
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new PodmanError(
      'server',
      `Cannot write ${dest}: ${(e as Error).message}.`,
      'Choose a folder you can write to.',
    );
  }
  if (e instanceof PodmanError) {
    return e.kind === 'cancelled'
      ? new PodmanError('cancelled', `Cancelled; the partial file ${dest} was removed.`, undefined, undefined, {
          cause: e,
        })
      : e;
  }
  if ((e as { name?: string })?.name === 'AbortError') {
    return new PodmanError('cancelled', `Cancelled; the partial file ${dest} was removed.`, undefined, undefined, {
      cause: e,
    });
  }
  return new PodmanError(
    'server',
    `Writing ${dest} failed: ${(e as Error)?.message ?? String(e)}. The partial file was removed.`,
    undefined,
    undefined,
    { cause: e },
  );
}

/**
 * Writes a response stream to `dest` through `dest.partial-…` (renamed at the end). On any failure
 * (full disk, cancel, Podman stopping mid-way) the partial file is removed and the error says so.
 */
export async function streamToFile(source: Readable, dest: string, o: TransferOptions & { total?: number }) {
  const partial = `${dest}.partial-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const count = counter(o, o.total);
  try {
    // A 256 KB write buffer: with the default 16 KB the disk's pace stalls the socket (a save took
    // 1.5 times curl's time); 1 MB gained nothing more and held more memory.
    const sink = fs.createWriteStream(partial, { flags: 'wx', highWaterMark: 256 * 1024 });
    await pipeline(source, count, sink, { signal: o.signal });
    await fs.promises.rename(partial, dest);
    return { bytes: count.bytes };
  } catch (e) {
    source.destroy();
    await fs.promises.rm(partial, { force: true });
    throw writeError(e, dest, count.bytes);
  }
}

/**
 * Saves images to one tar. One image goes through images/{name}/get; several through
 * images/export, which Podman allows only as a docker-archive (said before anything is sent).
 */
export async function saveImages(
  client: PodmanClient,
  refs: string[],
  dest: string,
  o: SaveOptions = {},
): Promise<{ bytes: number }> {
  const format = o.format ?? 'docker-archive';
  if (!refs.length) throw new PodmanError('server', 'No image to save.');
  if (!ARCHIVE_FORMATS.includes(format)) {
    throw new PodmanError('server', `Unknown archive format “${format}”: use docker-archive or oci-archive.`);
  }
  if (format === 'oci-archive' && refs.length > 1) {
    throw new PodmanError(
      'unsupported',
      `Podman saves several images in one archive only as a docker-archive (${refs.length} images chosen as oci-archive).`,
      'Choose docker-archive, or save the images one by one.',
    );
  }
  await checkWritableFolder(dest);
  const source = (await (refs.length === 1
    ? client.libpod('GET', `/images/${encodeURIComponent(refs[0])}/get`, {
        query: { format, compress: false },
        stream: true,
        signal: o.signal,
      })
    : client.libpod('GET', '/images/export', {
        query: { format, compress: false, references: refs },
        stream: true,
        signal: o.signal,
      }))) as Readable;
  return streamToFile(source, dest, { ...o, total: o.estimatedBytes });
}

/** Exports a container's file system as a tar (containers/{id}/export). */
export async function exportContainer(
  client: PodmanClient,
  idOrName: string,
  dest: string,
  o: TransferOptions = {},
): Promise<{ bytes: number }> {
  await checkWritableFolder(dest);
  const source = (await client.libpod('GET', `/containers/${encodeURIComponent(idOrName)}/export`, {
    stream: true,
    signal: o.signal,
  })) as Readable;
  return streamToFile(source, dest, o);
}

async function checkWritableFolder(dest: string): Promise<void> {
  const dir = path.dirname(path.resolve(dest));
  const st = await fs.promises.stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new PodmanError('server', `Cannot save to ${dest}: ${dir} is not a folder.`);
}

/** What the first bytes of a file say it is: a tar, a compressed file, or neither. */
export function archiveKind(head: Buffer): 'tar' | 'gzip' | 'zstd' | 'xz' | 'bzip2' | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.length >= 3 && head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  return undefined;
}

/** Opens a tar for upload after checking it is one: a clear message before anything is sent. */
async function openArchive(file: string, what: string): Promise<{ size: number }> {
  const st = await fs.promises.stat(file).catch(() => undefined);
  if (!st?.isFile()) throw new PodmanError('server', `Cannot read ${file}: no such file.`);
  const fd = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await fd.read(head, 0, 512, 0);
    if (!archiveKind(head.subarray(0, bytesRead))) {
      throw new PodmanError(
        'server',
        `${file} is not a tar archive (nor a compressed one): nothing was sent to Podman.`,
        `Choose ${what}.`,
      );
    }
  } finally {
    await fd.close();
  }
  return { size: st.size };
}

/** Uploads a file as a request body with progress; resolves with Podman's JSON answer. */
async function upload(
  client: PodmanClient,
  apiPath: string,
  file: string,
  size: number,
  query: Record<string, unknown>,
  o: TransferOptions,
): Promise<unknown> {
  const body = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
  const count = counter(o, size);
  body.on('error', (e) => count.destroy(e));
  body.pipe(count);
  try {
    return await client.libpod('POST', apiPath, {
      query,
      file: count,
      signal: o.signal,
      headers: { 'Content-Type': 'application/x-tar' },
    });
  } finally {
    body.destroy();
  }
}

/** The first line of a Podman message (its load errors list every format it tried). */
function firstLine(message: string): string {
  return message.split('\n')[0].replace(/:\s*$/, '');
}

/** Loads images from a tar (docker-archive, oci-archive; compressed or not); resolves with their names. */
export async function loadImages(client: PodmanClient, file: string, o: TransferOptions = {}): Promise<string[]> {
  const { size } = await openArchive(file, 'an archive made by Save Images or `podman save`');
  try {
    const r = (await upload(client, '/images/load', file, size, {}, o)) as { Names?: unknown };
    return Array.isArray(r?.Names) ? r.Names.map(String) : [];
  } catch (e) {
    if (e instanceof PodmanError && e.kind === 'server' && /supported image formats|unable to load/i.test(e.message)) {
      throw new PodmanError(
        'server',
        `Podman could not read ${path.basename(file)} as an image archive: ${firstLine(e.message)}.`,
        'A file made by Save Images or `podman save` (docker-archive or oci-archive) loads; a container export imports (Import Image).',
        e.statusCode,
        { cause: e },
      );
    }
    throw e;
  }
}

export interface ImportOptions extends TransferOptions {
  /** The name the new image gets, e.g. localhost/app:1.0. */
  reference?: string;
  /** Containerfile instructions applied to it, e.g. `CMD ["/bin/sh"]`. */
  changes?: string[];
  message?: string;
}

/** Imports a tar of a file system as a one-layer image (images/import); resolves with its id. */
export async function importImage(client: PodmanClient, file: string, o: ImportOptions = {}): Promise<string> {
  const { size } = await openArchive(file, 'a tar of a file system, e.g. one made by Export Container');
  const query: Record<string, unknown> = {};
  if (o.reference) query.reference = o.reference;
  if (o.changes?.length) query.changes = o.changes;
  if (o.message) query.message = o.message;
  const r = (await upload(client, '/images/import', file, size, query, o)) as { Id?: unknown };
  if (typeof r?.Id !== 'string') throw new PodmanError('server', 'Podman did not return the imported image id.');
  return r.Id.replace(/^sha256:/, '');
}
