// References from one unit to another (`Network=db.network`, `Volume=data.volume:/d`,
// `Image=app.build`, `Pod=app.pod`): finding the referenced unit or failing like the generator,
// the dependency on its service, and the name it stands for on the command line.
import { posix } from 'node:path';
import { loadUnit, lookupLast, resolveUnitRef, type UnitModel } from '../files';
import type { UnitEntry } from '../parser';
import { GeneratorError, type GenContext, type ServiceFile } from './context';
import { unitRefused } from './refusals';
import { resourceNameOf, serviceNameOf } from './names';

/** Loads the unit a reference names (searching like the generator), or undefined. */
export async function loadReferencedUnit(context: GenContext, reference: string): Promise<UnitModel | undefined> {
  const { files, searchDirs, siblings, overrides } = context;
  const path = await resolveUnitRef(reference, context.model.path, files, searchDirs, siblings);
  if (!path || context.visiting.has(path)) return undefined;
  const sibling = [...siblings.values()].find((candidate) => candidate.path === path);
  let text = sibling?.text ?? overrides.get(path);
  if (text === undefined) {
    try {
      text = await files.readFile(path);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) return undefined;
  const model = await loadUnit(path, text, files, { searchDirs, overrides });
  if (model && reference.includes('@') && !posix.basename(path).includes(reference)) model.name = reference; // instance of a template
  return model;
}

/** The referenced unit, or the generator's error on `entry` with `notFound` as its message. */
export async function findReferencedUnit(
  context: GenContext,
  reference: string,
  entry: UnitEntry,
  notFound: string,
): Promise<UnitModel> {
  const model = await loadReferencedUnit(context, reference);
  if (!model) throw new GeneratorError(notFound, entry);
  return model;
}

/**
 * The referenced unit, whose service this one then requires and starts after; fails with
 * "requested Quadlet <what> <reference> was not found" like the generator.
 */
export async function requireReferencedUnit(
  context: GenContext,
  out: ServiceFile,
  reference: string,
  entry: UnitEntry,
  what: 'unit' | 'source' | 'image',
): Promise<UnitModel> {
  const model = await findReferencedUnit(
    context,
    reference,
    entry,
    `requested Quadlet ${what} ${reference} was not found`,
  );
  out.requireService(`${serviceNameOf(model, context.version)}.service`);
  return model;
}

/** A Network= value: `.network` units (and `.container` units where allowed) become their names. */
export async function resolveNetwork(
  context: GenContext,
  out: ServiceFile,
  entry: UnitEntry,
  allowContainer: boolean,
): Promise<string> {
  const [name, ...options] = entry.value.split(':');
  const suffix = options.length ? ':' + options.join(':') : '';
  if (name.endsWith('.network')) {
    const network = await requireReferencedUnit(context, out, name, entry, 'unit');
    // A network unit the generator refuses gets no name, which fails this unit too.
    if (unitRefused(network, context.version)) {
      throw new GeneratorError(`cannot get the resource name of ${name}`, entry);
    }
    return resourceNameOf(network, context.version) + suffix;
  }
  if (allowContainer && name.endsWith('.container')) {
    const container = await requireReferencedUnit(context, out, name, entry, 'unit');
    const containerName =
      lookupLast(container, 'Container', 'ContainerName')?.value ||
      `systemd-${serviceNameOf(container, context.version)}`;
    return `container:${containerName}`;
  }
  return entry.value;
}

/** Resolves `x.volume:/dest` sources (and host paths, noted in `mountsFor`) of a Volume= value. */
export async function resolveVolume(
  context: GenContext,
  out: ServiceFile,
  entry: UnitEntry,
  mountsFor: string[],
): Promise<string> {
  const parts = entry.value.split(':');
  if (parts.length < 2) return entry.value;
  let source = parts[0];
  if (source.endsWith('.volume')) {
    const volume = await requireReferencedUnit(context, out, source, entry, 'source');
    source = resourceNameOf(volume, context.version);
  } else if (source.startsWith('/') || source.startsWith('.')) {
    source = context.absPath(source);
    mountsFor.push(source);
  }
  return [source, ...parts.slice(1)].join(':');
}

/** An image value: `.image` and `.build` units become the image they pull or build. */
export async function resolveImageRef(context: GenContext, out: ServiceFile, entry: UnitEntry): Promise<string> {
  const value = entry.value;
  if (!value.endsWith('.image') && !value.endsWith('.build')) return value;
  const image = await requireReferencedUnit(context, out, value, entry, 'image');
  return resourceNameOf(image, context.version);
}

/** The source of a Mount= value: `.volume`, `.image`/`.build` units, or a host path (noted in `mountsFor`). */
async function resolveMountSource(
  context: GenContext,
  out: ServiceFile,
  entry: UnitEntry,
  type: string | undefined,
  source: string,
  mountsFor: string[],
): Promise<string> {
  if (type === 'volume' && source.endsWith('.volume')) {
    return resourceNameOf(await requireReferencedUnit(context, out, source, entry, 'source'), context.version);
  }
  if (type === 'image' && (source.endsWith('.image') || source.endsWith('.build'))) {
    return resourceNameOf(await requireReferencedUnit(context, out, source, entry, 'image'), context.version);
  }
  if ((type === 'bind' || type === undefined) && (source.startsWith('/') || source.startsWith('.'))) {
    const path = context.absPath(source);
    mountsFor.push(path);
    return path;
  }
  return source;
}

/** A Mount= value with its source resolved. */
export async function resolveMount(
  context: GenContext,
  out: ServiceFile,
  entry: UnitEntry,
  mountsFor: string[],
): Promise<string> {
  const fields = entry.value.split(',');
  const type = fields.find((field) => field.startsWith('type='))?.slice(5);
  const mapped: string[] = [];
  for (const field of fields) {
    const eq = field.indexOf('=');
    const name = eq < 0 ? field : field.slice(0, eq);
    const value = eq < 0 ? undefined : field.slice(eq + 1);
    if ((name === 'source' || name === 'src') && value !== undefined) {
      mapped.push(`source=${await resolveMountSource(context, out, entry, type, value, mountsFor)}`);
    } else mapped.push(field);
  }
  return mapped.join(',');
}
