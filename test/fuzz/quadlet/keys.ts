// Measures which keys each real generator knows: one unit per key of the catalogue's Quadlet
// sections (with the keys its type needs), all converted in one -dryrun; a key is unknown to a
// generator when it answers "unsupported key". Compared with the catalogue's versions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SECTIONS,
  TYPE_SECTION,
  TYPE_SINCE,
  UNIT_TYPES,
  type KeyInfo,
  type UnitType,
} from '../../../src/languages/quadlet/catalogue';
import { compareVersions } from '../../../src/podman/version';
import { writeFolder } from './fuzz';
import { runGenerator, type RealGenerator } from './oracle';

const NEEDS: Record<string, string> = {
  Container: 'Image=quay.io/a/b\n',
  Image: 'Image=quay.io/a/b\n',
  Artifact: 'Artifact=quay.io/a/b\n',
  Kube: 'Yaml=/a.yaml\n',
  Build: 'ImageTag=localhost/a\nFile=/Containerfile\n',
};

/** One key's verdict per generator, and whether the catalogue predicts it. */
export interface KeyVerdict {
  key: string;
  section: string;
  since?: string;
  removedIn?: string;
  estimated: boolean;
  /** A key of another section, tried here: the generator must refuse it. */
  foreign: boolean;
  known: Record<string, boolean>;
  agrees: boolean;
}

const expectedKnown = (info: KeyInfo, version: string) =>
  !info.refused &&
  (!info.since || compareVersions(version, info.since) >= 0) &&
  (!info.removedIn || compareVersions(version, info.removedIn) < 0);

/** Every Quadlet key of the catalogue against every generator. */
export async function measureKeys(generators: RealGenerator[]): Promise<KeyVerdict[]> {
  const sections = [...UNIT_TYPES.map((type) => [type, TYPE_SECTION[type]]), ['container', 'Quadlet']];
  const files = new Map<string, string>();
  const rows: { info: KeyInfo; unit: string; type: UnitType }[] = [];
  const allNames = [...new Set(sections.flatMap(([, section]) => SECTIONS[section].map((info) => info.key)))];
  for (const [type, section] of sections) {
    // The section's keys, and every other section's key names (which the generator must refuse here).
    const own = new Set(SECTIONS[section].map((info) => info.key));
    const foreign = allNames
      .filter((name) => !own.has(name))
      .map((name): KeyInfo => ({
        ...Object.values(SECTIONS)
          .flat()
          .find((info) => info.key === name)!,
        section,
        refused: true,
      }));
    for (const info of [...SECTIONS[section], ...foreign]) {
      const unit = `k-${section.toLowerCase()}-${info.key.toLowerCase()}.${type}`;
      const own = TYPE_SECTION[type as keyof typeof TYPE_SECTION];
      const body = section === 'Quadlet' ? `[${own}]\n${NEEDS[own] ?? ''}[Quadlet]\n` : `[${own}]\n${NEEDS[own] ?? ''}`;
      // Service names must differ, or the units of one run overwrite each other's service.
      const value = info.key === 'ServiceName' ? `svc-${unit}` : info.example.slice(info.key.length + 1) || 'x';
      files.set(unit, `${body}${info.key}=${value}\n`);
      rows.push({ info, unit, type: type as UnitType });
    }
  }
  const verdicts: KeyVerdict[] = rows.map(({ info }) => ({
    key: info.key,
    section: info.section,
    since: info.since,
    removedIn: info.removedIn,
    estimated: !!info.sinceEstimated,
    known: {} as Record<string, boolean>,
    foreign: !!info.refused,
    agrees: true,
  }));
  for (const generator of generators) {
    const root = mkdtempSync(join(tmpdir(), 'quadlet-keys-'));
    try {
      writeFolder(root, files);
      const real = await runGenerator(generator.bin, root);
      rows.forEach(({ info, unit, type }, index) => {
        const error = real.errors.get(unit);
        // A file of a type the generator does not know gets neither a service nor an error.
        const converted = error !== undefined || real.bySource.has(join(root, unit));
        const known = converted && !/^unsupported key /.test(error ?? '');
        verdicts[index].known[generator.version] = known;
        const typeKnown = compareVersions(generator.version, TYPE_SINCE[type]) >= 0;
        if (known !== (typeKnown && expectedKnown(info, generator.version))) verdicts[index].agrees = false;
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return verdicts;
}
