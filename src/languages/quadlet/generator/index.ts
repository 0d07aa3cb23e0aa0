// Preview of the systemd service Podman's Quadlet generator writes for a unit. Written from the
// manual and from the observed output of the real generator (Podman 5.4.2), not from its code.
// Version-aware: keys and unit types newer than `podmanVersion` are rejected like the real
// generator rejects them, and version-dependent extras (network-online dependencies, the
// translation of [Unit] dependencies between Quadlet units) follow the version.
// One module per unit type; the flags of keys come from tables (flags.ts).
import { posix } from 'node:path';
import type { FileAccess } from '../../types';
import { TYPE_SINCE, type UnitType } from '../catalogue';
import { compareVersions } from '../../../podman/version';
import { classifyPath, loadUnit, quadletsUnits, type UnitModel } from '../files';
import { checkImageTag, genBuild } from './build';
import { addDefaultDeps, checkSupported, copySections, translateUnitDeps } from './common';
import { genContainer } from './container';
import { GenContext, GeneratorError, ServiceFile, type GenerateOptions } from './context';
import { genArtifact, genImage } from './image';
import { genKube } from './kube';
import { serviceNameOf } from './names';
import { genNetwork } from './network';
import { genPod } from './pod';
import { applyRefusals } from './refusals';
import { genVolume } from './volume';

export { LATEST_MODELLED_VERSION } from './context';

export interface PreviewInput {
  path: string;
  text: string;
  files: FileAccess;
  podmanVersion?: string;
  /** Folders searched for referenced units besides the unit's own (like QUADLET_UNIT_DIRS). */
  searchDirs?: string[];
  /** Generate as for `--user` (rootless) instead of root. */
  user?: boolean;
  /** Path of the podman binary written into commands. */
  podmanPath?: string;
  /** Unsaved texts by path (drop-ins or siblings open in the editor). */
  overrides?: Map<string, string>;
  /** For a `.quadlets` file: which unit to preview (FileName, with or without extension). */
  unitName?: string;
}

export interface PreviewError {
  message: string;
  /** 1-based line in `path` (or in the input file when `path` is absent). */
  line: number;
  path?: string;
}

export type PreviewResult = { ok: true; unitText: string; serviceName: string } | { ok: false; errors: PreviewError[] };

/** The translation of each unit type's own section. */
const GENERATORS: Record<UnitType, (context: GenContext, out: ServiceFile) => Promise<void>> = {
  container: genContainer,
  pod: genPod,
  volume: genVolume,
  network: genNetwork,
  kube: genKube,
  image: genImage,
  build: genBuild,
  artifact: genArtifact,
};

/** The service of a unit, or throws the generator's refusal. */
async function generate(context: GenContext): Promise<string> {
  const { model, version } = context;
  if (compareVersions(version, TYPE_SINCE[model.type]) < 0) {
    throw new GeneratorError(
      `.${model.type} units are not supported by Podman ${version} (they arrived in ${TYPE_SINCE[model.type]}); the generator ignores this file`,
    );
  }
  if (model.type === 'build' && !context.atLeast('5.5')) checkImageTag(context);
  checkSupported(context);
  const out = new ServiceFile();
  copySections(context, out);
  await translateUnitDeps(context, out);
  addDefaultDeps(context, out);
  out.add('Unit', 'SourcePath', model.path);
  await GENERATORS[model.type](context, out);
  // The table's refusals come after the unit type's own (measured: the generators report a
  // missing ImageTag=, an unknown dependency or Image= with Rootfs= first).
  applyRefusals(context);
  return out.render();
}

/** Generates the service text of a loaded unit model. */
export async function generateService(model: UnitModel, options: GenerateOptions): Promise<PreviewResult> {
  const context = new GenContext(model, options);
  const serviceName = `${serviceNameOf(model, context.version)}.service`;
  try {
    return { ok: true, unitText: await generate(context), serviceName };
  } catch (err) {
    if (!(err instanceof GeneratorError)) throw err;
    const line = err.entry ? err.entry.keyRange.start.line + 1 : (err.lineHint ?? 0) + 1;
    const path = err.entry?.source && err.entry.source !== model.path ? err.entry.source : undefined;
    return { ok: false, errors: [{ message: err.message, line, ...(path ? { path } : {}) }] };
  }
}

const failure = (message: string): PreviewResult => ({ ok: false, errors: [{ message, line: 1 }] });

/** Preview of one unit of a `.quadlets` file (`unitName`, or the first). */
async function previewQuadlets(input: PreviewInput, options: GenerateOptions): Promise<PreviewResult> {
  const units = quadletsUnits(input.path, input.text);
  const siblings = new Map<string, { path: string; text: string }>();
  for (const unit of units) {
    if (unit.model) siblings.set(unit.model.name, { path: unit.model.path, text: unit.part.lines.join('\n') });
  }
  const wanted = input.unitName;
  const first = units.find(
    (unit) => unit.model && (!wanted || unit.model.name === wanted || unit.part.fileName === wanted),
  );
  if (first?.model) return generateService(first.model, { ...options, siblings });
  const names = units.flatMap((unit) => (unit.model ? [unit.model.name] : []));
  return failure(
    wanted
      ? `no unit named ${wanted} in this file (it has ${names.join(', ') || 'none'})`
      : 'no unit with a `# FileName=` comment and a Quadlet section found',
  );
}

/** A drop-in previews the unit it belongs to, with the drop-in's current text. */
async function previewDropIn(
  input: PreviewInput,
  options: GenerateOptions,
  kind: { dir: string; target: string },
): Promise<PreviewResult> {
  const unitPath = posix.join(kind.dir, kind.target);
  const unitText = input.overrides?.get(unitPath) ?? (await input.files.readFile(unitPath));
  if (unitText === undefined) return failure(`the unit ${kind.target} of this drop-in was not found`);
  const overrides = new Map(input.overrides ?? []);
  overrides.set(input.path, input.text);
  const unit = await loadUnit(unitPath, unitText, input.files, { searchDirs: options.searchDirs, overrides });
  if (unit && !unit.dropIns.some((dropIn) => dropIn.path === input.path)) {
    return failure('this drop-in is not applied to its unit');
  }
  return generateService(unit!, { ...options, overrides });
}

/**
 * Computes the service Quadlet would generate for the unit at `path` with content `text`,
 * merging its drop-ins and reading referenced units through `files`. A `.quadlets` file
 * previews `unitName`, or its first unit.
 */
export async function previewUnit(input: PreviewInput): Promise<PreviewResult> {
  try {
    const { path, text, files } = input;
    const options: GenerateOptions = {
      files,
      podmanVersion: input.podmanVersion,
      searchDirs: input.searchDirs ?? [],
      user: input.user,
      podmanPath: input.podmanPath,
      overrides: input.overrides,
    };
    if (path.endsWith('.quadlets')) return await previewQuadlets(input, options);
    const kind = classifyPath(path);
    if (kind?.kind === 'dropin' && kind.target.includes('.')) return await previewDropIn(input, options, kind);
    const model = await loadUnit(path, text, files, { searchDirs: options.searchDirs, overrides: input.overrides });
    if (!model) {
      return failure(
        `${posix.basename(path)} is not a Quadlet unit file (expected one of .container, .pod, .volume, .network, .kube, .image, .build, .artifact)`,
      );
    }
    return await generateService(model, options);
  } catch (err) {
    return failure(`internal error: ${err instanceof Error ? err.message : String(err)}`);
  }
}
