// The image references written in the files the extension understands, with their place: a
// Containerfile's FROM, a Quadlet unit's Image= (and its AutoUpdate=registry), a Kubernetes
// manifest's image:, each with the pull policy written for it (Quadlet Pull= / [Image] Policy=,
// Kubernetes imagePullPolicy). Pure (no `vscode` import): the CodeLens provider and its tests read it.
import { parseImageRef } from '../podman/imageRef';
import type { PullPolicy } from '../podman/registryTransfer';

export type ImageFileKind = 'containerfile' | 'quadlet' | 'kube';

export interface ImageLine {
  line: number;
  /** Column range of the reference on its line. */
  start: number;
  end: number;
  reference: string;
  /** A Quadlet unit with AutoUpdate=registry (podman auto-update pulls it). */
  autoUpdate?: boolean;
  /** The pull policy written for this image, when one is. */
  policy?: PullPolicy;
}

const POLICIES: readonly string[] = ['always', 'missing', 'never', 'newer'];
const KUBE_POLICIES: Record<string, PullPolicy> = { Always: 'always', IfNotPresent: 'missing', Never: 'never' };

/** A Quadlet unit's pull policy: Pull= (container, kube, pod, build units) or Policy= (image units). */
function quadletPolicy(lines: string[]): PullPolicy | undefined {
  let policy: PullPolicy | undefined;
  for (const line of lines) {
    const value = /^\s*(?:Pull|Policy)\s*=\s*(\S+)\s*$/.exec(line)?.[1]?.toLowerCase();
    if (value && POLICIES.includes(value)) policy = value as PullPolicy;
  }
  return policy;
}

/**
 * The imagePullPolicy of the Kubernetes container whose `image:` key is on line `at`, column
 * `column`: a sibling key of the same mapping (same column), before or after it.
 */
function kubePolicy(lines: string[], at: number, column: number): PullPolicy | undefined {
  const sibling = (line: string): PullPolicy | undefined => {
    const m = /^(\s*(?:-\s+)?)imagePullPolicy\s*:\s*["']?(\w+)/.exec(line);
    return m && m[1].length === column ? KUBE_POLICIES[m[2]] : undefined;
  };
  const indent = (line: string): number => /^\s*/.exec(line)?.[0].length ?? 0;
  const blank = (line: string): boolean => /^\s*(#.*)?$/.test(line);
  // Backwards to the item's first line (its "- " starts at column - 2, or the mapping starts there).
  for (let i = at; i >= 0; i--) {
    if (i !== at && blank(lines[i])) continue;
    const found = sibling(lines[i]);
    if (found) return found;
    if (i !== at && indent(lines[i]) < column) break;
    if (/^\s*-\s/.test(lines[i]) && indent(lines[i]) + 2 === column) break;
  }
  for (let i = at + 1; i < lines.length; i++) {
    if (blank(lines[i])) continue;
    if (indent(lines[i]) < column) break;
    const found = sibling(lines[i]);
    if (found) return found;
  }
  return undefined;
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
    const start = m[1].length;
    const keyColumn = /^\s*(?:-\s+)?/.exec(lines[line])?.[0].length ?? 0;
    const policy = kind === 'kube' ? kubePolicy(lines, line, keyColumn) : undefined;
    out.push({ line, start, end: start + reference.length, reference, ...(policy ? { policy } : {}) });
  }
  if (kind === 'quadlet' && autoUpdate) for (const l of out) l.autoUpdate = true;
  const unitPolicy = kind === 'quadlet' ? quadletPolicy(lines) : undefined;
  if (unitPolicy) for (const l of out) l.policy = unitPolicy;
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
