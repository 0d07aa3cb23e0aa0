// The progress of long transfers through the socket, shared by image archives (transfer.ts: bytes
// to or from disk) and registry transfers (registryTransfer.ts: layers and bytes Podman reports):
// what a report holds, how a caller asks for reports and cancels, and how far along a report is.
// No `vscode` import.

/** Bytes moved by an archive transfer (save, load, import, export). */
export interface ByteProgress {
  /** Bytes moved so far (written to disk for a save, read from disk for a load). */
  bytes: number;
  /** The size when known (the file's for a load; an estimate for a save), else undefined. */
  total?: number;
}

/** Layers and bytes of a pull or a push, from Podman's progress stream. */
export interface LayerProgress {
  /** Layers seen so far (blobs Podman announced). */
  layersTotal: number;
  /** Layers downloaded, found locally, or pushed. */
  layersDone: number;
  /** Bytes transferred of the layers whose size is known. */
  bytesDone: number;
  bytesTotal: number;
  /** Podman's last status line. */
  status: string;
}

/** How a caller follows a transfer: reports as it goes, and a signal that cancels it. */
export interface ProgressOptions<P> {
  signal?: AbortSignal;
  onProgress?(p: P): void;
}

/** How far along a report is, 0 to 1 (0 when the size is not known). */
export function progressFraction(p: ByteProgress | LayerProgress): number {
  if ('bytes' in p) return p.total ? Math.min(1, p.bytes / p.total) : 0;
  // Follow the bytes when known, else the layers.
  if (p.bytesTotal) return p.bytesDone / p.bytesTotal;
  return p.layersTotal ? p.layersDone / p.layersTotal : 0;
}
