// The files a Quadlet unit needs besides itself (no `vscode` import): its drop-ins, the units
// it references by file name, and the Kubernetes YAML of a .kube unit, in its own folder.
import * as fs from 'node:fs';
import * as path from 'node:path';

const UNIT_EXT = /\.(container|pod|volume|network|kube|image|build|artifact)$/;
const fileAccess = {
  readFile: (p: string) => fs.promises.readFile(p, 'utf8').catch(() => undefined),
  readDir: (p: string) => fs.promises.readdir(p).catch(() => undefined),
  exists: (p: string) =>
    fs.promises.access(p).then(
      () => true,
      () => false,
    ),
};

/** Files a unit needs besides itself: drop-ins, referenced units and Kube YAML in its folder. */
export async function unitDependencies(unitPath: string, seen = new Set<string>()): Promise<string[]> {
  if (seen.has(unitPath)) return [];
  seen.add(unitPath);
  const dir = path.dirname(unitPath);
  const name = path.basename(unitPath);
  const out: string[] = [];
  for (const d of [`${name}.d`]) {
    const entries = (await fileAccess.readDir(path.join(dir, d))) ?? [];
    for (const e of entries) if (e.endsWith('.conf')) out.push(path.join(dir, d, e));
  }
  const text = (await fileAccess.readFile(unitPath)) ?? '';
  for (const m of text.matchAll(/^\s*([A-Za-z]+)\s*=\s*(.+?)\s*$/gm)) {
    const [key, value] = [m[1], m[2]];
    const first = value.split(/[:\s]/)[0];
    let ref: string | undefined;
    if (UNIT_EXT.test(first)) ref = first;
    else if (key === 'Yaml' && !path.isAbsolute(value)) ref = value;
    if (!ref || (ref.includes('/') && key !== 'Yaml')) continue;
    const p = path.join(dir, ref);
    if (seen.has(p) || !(await fileAccess.exists(p))) continue;
    out.push(p);
    if (UNIT_EXT.test(p)) out.push(...(await unitDependencies(p, seen)));
    else seen.add(p);
  }
  return [...new Set(out)];
}
