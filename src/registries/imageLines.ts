// The image references written in the files the extension understands, with their place: a
// Containerfile's FROM, a Quadlet unit's Image= (and its AutoUpdate=registry), a Kubernetes
// manifest's image:. Pure (no `vscode` import): the CodeLens provider and its tests read it.
import { parseImageRef } from '../podman/imageRef';

export type ImageFileKind = 'containerfile' | 'quadlet' | 'kube';

export interface ImageLine {
  line: number;
  /** Column range of the reference on its line. */
  start: number;
  end: number;
  reference: string;
  /** A Quadlet unit with AutoUpdate=registry (podman auto-update pulls it). */
  autoUpdate?: boolean;
}

const PATTERNS: Record<ImageFileKind, RegExp> = {
  // FROM [--platform=…] IMAGE [AS name]
  containerfile: /^(\s*FROM\s+(?:--\S+\s+)*)([^\s]+)/i,
  quadlet: /^(\s*Image\s*=\s*)([^\s]+)/,
  kube: /^(\s*(?:-\s+)?image\s*:\s*["']?)([^\s"'#]+)/,
};

/** Whether a written reference is one a registry can answer for (no build-arg or stage name). */
function pullable(reference: string, stages: Set<string>): boolean {
  if (reference.includes('$') || reference === 'scratch' || stages.has(reference.toLowerCase())) return false;
  try {
    parseImageRef(reference);
    return true;
  } catch {
    return false;
  }
}

/** The image references of `text` (a file of `kind`), in line order. */
export function imageLines(text: string, kind: ImageFileKind): ImageLine[] {
  const lines = text.split(/\r?\n/);
  const pattern = PATTERNS[kind];
  const stages = new Set<string>();
  const out: ImageLine[] = [];
  let autoUpdate = false;
  for (let line = 0; line < lines.length; line++) {
    const m = pattern.exec(lines[line]);
    if (kind === 'quadlet' && /^\s*AutoUpdate\s*=\s*registry\s*$/.test(lines[line])) autoUpdate = true;
    if (!m) continue;
    const reference = m[2];
    if (kind === 'containerfile') {
      const stage = /\s+AS\s+(\S+)/i.exec(lines[line].slice(m[0].length))?.[1];
      const usable = pullable(reference, stages);
      if (stage) stages.add(stage.toLowerCase());
      if (!usable) continue;
    } else if (!pullable(reference, stages)) {
      continue;
    }
    out.push({ line, start: m[1].length, end: m[1].length + reference.length, reference });
  }
  if (kind === 'quadlet' && autoUpdate) for (const l of out) l.autoUpdate = true;
  return out;
}

/** The kind of file a document is, from its language id and name. */
export function imageFileKind(languageId: string, fileName: string, text: string): ImageFileKind | undefined {
  if (languageId === 'dockerfile' || /(^|[\\/])(Containerfile|Dockerfile)([.-][^\\/]*)?$/.test(fileName)) {
    return 'containerfile';
  }
  if (languageId === 'quadlet' || /\.(container|image|kube|pod|build|volume)$/.test(fileName)) return 'quadlet';
  if ((languageId === 'yaml' || /\.ya?ml$/.test(fileName)) && /^\s*kind\s*:/m.test(text)) return 'kube';
  return undefined;
}
