// Image references as Podman names local images, and an index of the local store (the active
// connection's live data) to tell whether a document's image is here. No `vscode` import.

export type ImageIndex = { has(ref: string): boolean };

/** Normalises an image reference the way Podman names local images (docker.io/library/x:latest). */
function normalizeImage(ref: string): string {
  let r = ref.trim();
  const slash = r.indexOf('/');
  const first = slash < 0 ? '' : r.slice(0, slash);
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasDomain) r = `docker.io/${slash < 0 ? 'library/' : ''}${r}`;
  const last = r.slice(r.lastIndexOf('/') + 1);
  if (!last.includes(':') && !r.includes('@')) r += ':latest';
  return r;
}

export function imageIndex(images: string[]): ImageIndex | undefined {
  if (!images.length) return undefined; // no connection, or no live data: say nothing
  const full = new Set(images.map(normalizeImage));
  const short = new Set(images.map((i) => normalizeImage(i).replace(/^[^/]+\//, '')));
  return {
    has(ref: string) {
      const n = normalizeImage(ref);
      if (full.has(n)) return true;
      // A short name (no registry) may resolve to any registry's image, localhost included.
      const slash = ref.indexOf('/');
      const domainGiven = slash >= 0 && /[.:]|^localhost$/.test(ref.slice(0, slash));
      if (domainGiven) return false;
      const path = n.replace(/^docker\.io\//, '');
      return short.has(path) || short.has(path.replace(/^library\//, ''));
    },
  };
}
