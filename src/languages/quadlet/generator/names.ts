// The names a unit gives: the systemd service it becomes, and the Podman resource (volume,
// network, pod, image, container) it creates, per Podman version.
import { TYPE_SECTION, type UnitType } from '../catalogue';
import { compareVersions } from '../../../podman/version';
import { lookupAll, lookupLast, unitTypeOfName, type UnitModel } from '../files';
import { LATEST_MODELLED_VERSION } from './context';
import { lookupValue } from '../rules';

function stemOf(name: string): string {
  const type = unitTypeOfName(name);
  return type ? name.slice(0, -(type.length + 1)) : name;
}

/**
 * Service name of a unit without `.service`. For templates (`name@.volume`) generators from 5.7
 * on (estimated) put the type suffix before the `@` (`name-volume@`), older ones after the whole
 * stem (`name@-volume`); instance files (`name@inst.volume`) give `name@inst-volume` in both.
 */
function defaultServiceName(type: UnitType, stem: string, version: string = LATEST_MODELLED_VERSION): string {
  if (type === 'container' || type === 'kube') return stem;
  // Only the template itself (`name@`) moves its suffix; instance files keep `name@inst-type` (measured on 5.8.6).
  const template = stem.endsWith('@') && stem.indexOf('@') === stem.length - 1;
  if (template && compareVersions(version, '5.7') >= 0) return `${stem.slice(0, -1)}-${type}@`;
  return `${stem}-${type}`;
}

/** Service name of a unit without `.service` (ServiceName= or the default). */
export function serviceNameOf(model: UnitModel, version: string): string {
  const section = TYPE_SECTION[model.type];
  // ServiceName= is read like any single value (quotes trimmed per version), even when empty (measured on 5.4.2 and 5.8.6).
  const entry = lookupLast(model, section, 'ServiceName');
  return entry ? lookupValue(entry.value, version) : defaultServiceName(model.type, stemOf(model.name), version);
}

/** Name of the Podman resource a unit creates (volume, network, pod, image, container). */
export function resourceNameOf(model: UnitModel, version: string): string {
  const section = TYPE_SECTION[model.type];
  const stem = stemOf(model.name);
  const at = stem.indexOf('@');
  // Volumes and networks of templates and instances: the stem without its last character, then
  // `-%i` (`a@` gives `systemd-a-%i`, `b@inst5` `systemd-b@inst-%i`: measured on 5.8.6, from 5.7
  // on estimated); the raw stem before. Pods keep the raw stem (measured).
  const templated = at >= 0 && compareVersions(version, '5.7') >= 0 && model.type !== 'pod';
  const base = templated ? `${stem.slice(0, -1)}-%i` : stem;
  // Names are read like the generator's Lookup (quotes trimmed per version).
  const value = (key: string) => {
    const entry = lookupLast(model, section, key);
    return entry ? lookupValue(entry.value, version) : '';
  };
  const systemdName = (key: string) => value(key) || `systemd-${base}`;
  switch (model.type) {
    case 'volume':
      return systemdName('VolumeName');
    case 'network':
      return systemdName('NetworkName');
    case 'pod':
      return systemdName('PodName');
    case 'container':
      // The generator writes systemd specifiers here: %N is the service name, %p_%i for templates.
      return value('ContainerName') || (at >= 0 ? 'systemd-%p_%i' : 'systemd-%N');
    case 'image':
      return value('ImageTag') || value('Image');
    case 'build':
      return lookupAll(model, section, 'ImageTag')[0]?.value ?? '';
    default:
      return stem;
  }
}

/**
 * The name `Network=NAME.container` joins: the container's name with %N resolved, undefined when
 * another specifier stays in it (a template's `systemd-%p_%i`): the generator then fails with
 * "cannot get the resource name" (its GetContainerResourceName; measured on 5.4.2 and 5.8.6).
 */
export function containerNetworkName(model: UnitModel, version: string): string | undefined {
  const name = resourceNameOf(model, version).replaceAll('%N', serviceNameOf(model, version));
  return name.includes('%') ? undefined : name;
}
