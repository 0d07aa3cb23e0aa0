// Checks over a whole merged unit, per unit type: what the generator refuses (the conditions come
// from rules.ts, which the preview applies too) and combinations that do not do what they seem.
import type { Range } from 'vscode-languageserver-types';
import { compareVersions } from '../../podman/version';
import { TYPE_SECTION, type UnitType } from './catalogue';
import type { IssueList, Severity } from './checks';
import { sectionHeaderRange } from './checks';
import { LATEST_MODELLED_VERSION } from './generator/context';
import type { UnitModel } from './files';
import type { UnitEntry } from './parser';
import {
  buildLacksContext,
  containerLacksImage,
  fileWorkdirWithoutFile,
  gatewaysAndRangesWithoutSubnet,
  groupWithoutUser,
  reloadSignalWithCommand,
  remapIdsWithoutMode,
  remapWithExplicitMapping,
  refusalsOf,
  rootfsWithImage,
  unitReader,
  yamlWorkdirWithSeveralYamls,
  type UnitReader,
} from './rules';

/** A unit being checked: its reader, the connected Podman version (if known), and where issues go. */
interface UnitScope {
  unit: UnitReader;
  version?: string;
  list: IssueList;
  header: Range;
}

/** Reports at an entry (in the file it comes from). */
function atEntry(scope: UnitScope, entry: UnitEntry, severity: Severity, code: string, message: string) {
  const path = entry.source ?? scope.unit.model.main.path;
  scope.list.report({ path, range: entry.keyRange, severity, code, message });
}

/** Reports a missing key at the unit's section header, with the key to insert as a quick fix. */
function missingKey(scope: UnitScope, code: string, message: string, insert: string) {
  const path = scope.unit.model.main.path;
  scope.list.report({ path, range: scope.header, severity: 'error', code, message, data: { insert } });
}

/** The deprecated RemapUsers= family against the explicit mapping keys (.container, .pod, .kube). */
function checkRemap(scope: UnitScope) {
  const { unit } = scope;
  const conflict = remapWithExplicitMapping(unit);
  if (conflict) {
    const { remap, explicit } = conflict;
    const message = `${explicit.key}= cannot be combined with the deprecated ${remap.key}=; keep only ${explicit.key}=.`;
    atEntry(scope, explicit, 'error', 'quadlet.remap-conflict', message);
  }
  const withoutMode = remapIdsWithoutMode(unit);
  if (withoutMode) {
    const message = 'RemapUid=/RemapGid= need RemapUsers=; better, use UIDMap=/GIDMap=.';
    atEntry(scope, withoutMode, 'error', 'quadlet.remap-conflict', message);
  }
}

function checkContainerUnit(scope: UnitScope) {
  const { unit } = scope;
  if (containerLacksImage(unit)) {
    missingKey(
      scope,
      'quadlet.missing-image',
      'The container has neither Image= nor Rootfs=; the generator rejects it.',
      'Image=',
    );
  }
  const rootfs = rootfsWithImage(unit);
  if (rootfs) {
    atEntry(scope, rootfs, 'error', 'quadlet.image-rootfs-conflict', 'Image= and Rootfs= exclude each other.');
  }
  const group = groupWithoutUser(unit);
  if (group) {
    atEntry(
      scope,
      group,
      'error',
      'quadlet.group-without-user',
      'Group= needs User= as well; the generator rejects it alone.',
    );
  }
  const signal = reloadSignalWithCommand(unit);
  if (signal) {
    atEntry(scope, signal, 'error', 'quadlet.reload-conflict', 'ReloadCmd= and ReloadSignal= exclude each other.');
  }
  checkRemap(scope);
  if (!unit.last('Pod')?.value) return;
  for (const entry of unit.all('PublishPort')) {
    const message = 'A container in a pod cannot publish ports itself: put PublishPort= in the .pod unit.';
    atEntry(scope, entry, 'warning', 'quadlet.pod-conflict', message);
  }
  for (const entry of unit.all('Network')) {
    const message = "A container in a pod shares the pod's network: put Network= in the .pod unit.";
    atEntry(scope, entry, 'warning', 'quadlet.pod-conflict', message);
  }
}

function checkKubeUnit(scope: UnitScope) {
  const { unit, version } = scope;
  checkRemap(scope);
  const several = yamlWorkdirWithSeveralYamls(unit);
  if (several) {
    const message = 'SetWorkingDirectory=yaml needs a single Yaml=; use SetWorkingDirectory=unit.';
    atEntry(scope, several, 'error', 'quadlet.kube-yaml-workdir', message);
  }
  const yamls = unit.all('Yaml');
  if (version && compareVersions(version, '5.7') < 0 && yamls.length > 1) {
    const message = `Several Yaml= keys need Podman 5.7 (estimated); with ${version} only the last one is played.`;
    atEntry(scope, yamls[0], 'warning', 'quadlet.older-podman-behaviour', message);
  }
  if (!yamls.length) {
    missingKey(scope, 'quadlet.missing-yaml', 'A .kube unit needs Yaml=; the generator rejects it without.', 'Yaml=');
  }
}

function checkBuildUnit(scope: UnitScope) {
  const { unit } = scope;
  if (!unit.all('ImageTag').length) {
    const message = 'A .build unit needs ImageTag=; the generator rejects it without.';
    missingKey(scope, 'quadlet.missing-image-tag', message, 'ImageTag=');
  }
  if (buildLacksContext(unit)) {
    const message = 'A .build unit needs File= or SetWorkingDirectory= (or [Service] WorkingDirectory=).';
    missingKey(scope, 'quadlet.missing-build-context', message, 'SetWorkingDirectory=unit');
  }
  const withoutFile = fileWorkdirWithoutFile(unit);
  if (withoutFile) {
    atEntry(scope, withoutFile, 'error', 'quadlet.missing-build-context', 'SetWorkingDirectory=file needs File=.');
  }
}

function checkImageUnit(scope: UnitScope) {
  if (scope.unit.last('Image')?.value) return;
  missingKey(
    scope,
    'quadlet.missing-image',
    'An .image unit needs Image=; the generator rejects it without.',
    'Image=',
  );
}

function checkArtifactUnit(scope: UnitScope) {
  if (scope.unit.last('Artifact')?.value) return;
  missingKey(scope, 'quadlet.missing-artifact', 'An .artifact unit needs Artifact=.', 'Artifact=');
}

function checkVolumeUnit(scope: UnitScope) {
  const image = scope.unit.last('Image');
  if (!image?.value || scope.unit.last('Driver')?.value === 'image') return;
  atEntry(scope, image, 'warning', 'quadlet.volume-image-driver', 'Image= is ignored unless Driver=image is set.');
}

function checkNetworkUnit(scope: UnitScope) {
  for (const entry of gatewaysAndRangesWithoutSubnet(scope.unit)) {
    const message = `Each ${entry.key}= needs its own Subnet=.`;
    atEntry(scope, entry, 'error', 'quadlet.gateway-without-subnet', message);
  }
}

const UNIT_CHECKS: Record<UnitType, (scope: UnitScope) => void> = {
  container: checkContainerUnit,
  pod: checkRemap,
  volume: checkVolumeUnit,
  network: checkNetworkUnit,
  kube: checkKubeUnit,
  image: checkImageUnit,
  build: checkBuildUnit,
  artifact: checkArtifactUnit,
};

/** Rules over the merged unit, as the generator applies them. */
export function checkWholeUnit(model: UnitModel, version: string | undefined, list: IssueList) {
  const own = TYPE_SECTION[model.type];
  const header = sectionHeaderRange(model.main.ast, own);
  if (![model.main, ...model.dropIns].some((file) => file.ast.sections.some((section) => section.name === own))) {
    list.report({
      path: model.main.path,
      range: header,
      severity: 'warning',
      code: 'quadlet.missing-section',
      message: `This .${model.type} file has no [${own}] section.`,
      data: { section: own },
    });
  }
  const unit = unitReader(model, own, version ?? LATEST_MODELLED_VERSION);
  const scope = { unit, version, list, header };
  UNIT_CHECKS[model.type](scope);
  for (const { refusal, entry } of refusalsOf(unit)) {
    if (entry) atEntry(scope, entry, 'error', refusal.code, refusal.check(entry));
    else missingKey(scope, refusal.code, refusal.check(entry), '');
  }
}
