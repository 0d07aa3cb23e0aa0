// References from one unit to another (`Network=db.network`, `Volume=data.volume:/d`,
// `Image=app.build`, `Pod=app.pod`): finding the referenced unit or failing like the generator,
// the dependency on its service, and the name it stands for on the command line.
import { posix } from 'node:path';
import { loadUnit, resolveUnitRef, type UnitModel } from '../files';
import type { UnitEntry } from '../parser';
import { GeneratorError, type GenContext, type ServiceFile } from './context';
import { referencedUnitUnnamed } from './refusals';
import { mountSourceError, parseMount, writeMount } from './mounts';
import { containerNetworkName, resourceNameOf, serviceNameOf } from './names';
import { unitListWord } from './words';

/**
 * Loads the unit a reference names (searching like the generator), or undefined. A unit naming
 * its own file (`Network=self.container`) is found, as in the generator's map of all units
 * (measured on 5.4.2 and 5.8.6).
 */
export async function loadReferencedUnit(context: GenContext, reference: string): Promise<UnitModel | undefined> {
  const { files, searchDirs, siblings, overrides } = context;
  const path = await resolveUnitRef(reference, context.model.path, files, searchDirs, siblings);
  if (!path) return undefined;
  if (path === context.model.path && posix.basename(path) === reference) return context.model;
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
    if (await referencedUnitUnnamed(network, context.model.type, context.options)) {
      throw new GeneratorError(`cannot get the resource name of ${name}`, entry);
    }
    return resourceNameOf(network, context.version) + suffix;
  }
  if (allowContainer && name.endsWith('.container')) {
    const container = await requireReferencedUnit(context, out, name, entry, 'unit');
    const containerName = containerNetworkName(container, context.version);
    if (!containerName) throw new GeneratorError(`cannot get the resource name of ${name}`, entry);
    return `container:${containerName}`;
  }
  return entry.value;
}

/**
 * A storage source (of Volume= or Mount=) like the generator's handleStorageSource: `./x` made
 * absolute, an absolute path required mounted (RequiresMountsFor=), `x.volume` (and with
 * `images`, `x.image`) units replaced by the resource they create; anything else is a name.
 */
async function resolveStorageSource(
  context: GenContext,
  out: ServiceFile,
  entry: UnitEntry,
  source: string,
  images: boolean,
): Promise<string> {
  const path = source.startsWith('.') ? context.absPath(source) : source;
  if (path.startsWith('/')) {
    out.add('Unit', 'RequiresMountsFor', unitListWord(path, context.version));
    return path;
  }
  if (path.endsWith('.volume') || (images && path.endsWith('.image'))) {
    const unit = await requireReferencedUnit(context, out, path, entry, 'source');
    // A unit the generator refuses never gets its name: the source becomes empty (measured on 5.4.2 and 5.8.6).
    return (await referencedUnitUnnamed(unit, context.model.type, context.options))
      ? ''
      : resourceNameOf(unit, context.version);
  }
  return path;
}

/** A Volume= value (`SOURCE:DEST[:OPTIONS]` or `DEST`) with its source resolved. */
export async function resolveVolume(context: GenContext, out: ServiceFile, entry: UnitEntry): Promise<string> {
  const [first, dest, ...options] = entry.value.split(':');
  if (dest === undefined) return first;
  const tail = options.length ? `:${options.join(':')}` : '';
  const source = first && (await resolveStorageSource(context, out, entry, first, false));
  // Without a source (none given, or a refused unit's) only the destination is passed, options dropped.
  return source ? `${source}:${dest}${tail}` : dest;
}

/** An image value: `.image` and `.build` units become the image they pull or build. */
export async function resolveImageRef(context: GenContext, out: ServiceFile, entry: UnitEntry): Promise<string> {
  const value = entry.value;
  if (!value.endsWith('.image') && !value.endsWith('.build')) return value;
  const image = await requireReferencedUnit(context, out, value, entry, 'image');
  // An .image unit the generator refuses never gets its name: the reference becomes empty
  // (a container then runs `--rootfs ""`; measured on 5.4.2). A .build's name is its ImageTag=.
  if (image.type === 'image' && (await referencedUnitUnnamed(image, context.model.type, context.options))) return '';
  return resourceNameOf(image, context.version);
}

/** One word of a Mount= value with its source resolved, or the generator's refusal. */
export async function resolveMount(context: GenContext, out: ServiceFile, entry: UnitEntry, word: string) {
  const mount = parseMount(word, context.version);
  if (typeof mount === 'string') throw new GeneratorError(mount, entry);
  if (!mount.resolved) return word;
  const error = mountSourceError(mount, context.version);
  if (error) throw new GeneratorError(error, entry);
  const source = mount.fields[mount.source].replace(/^[^=]*=/, '');
  mount.fields[mount.source] = `source=${await resolveStorageSource(context, out, entry, source, true)}`;
  return writeMount(mount);
}
