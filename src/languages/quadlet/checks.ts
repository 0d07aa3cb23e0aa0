// Checks of a Quadlet unit (merged with its drop-ins). Produces issues tied to the file they
// come from, with stable codes; the diagnostics feature turns them into LSP diagnostics.
import type { Range } from 'vscode-languageserver-types';
import type { FileAccess, LiveData } from '../types';
import {
  compareVersions,
  isKnownSection,
  keyInfo,
  sectionKeys,
  TYPE_SECTION,
  TYPE_SINCE,
  typesWithKey,
  unitTypeOfSection,
  type UnitType,
} from './catalogue';
import { lookupAll, lookupLast, mergedEntries, resolveUnitRef, unitTypeOfName, type UnitModel } from './files';
import { valueOffsetToPosition, type UnitEntry, type UnitFileAst } from './parser';
import { checkValue } from './values';
import { editDistance } from '../editDistance';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Issue {
  path: string;
  range: Range;
  severity: Severity;
  /** Stable code, `quadlet.` + kebab-case. */
  code: string;
  message: string;
  /** Extra facts for quick fixes (e.g. `{ replacement: 'Image' }`). */
  data?: Record<string, string>;
}

export const INSTALL_KEYS_APPLIED = ['Alias', 'WantedBy', 'RequiredBy', 'UpheldBy', 'DefaultInstance'];

export interface CheckOptions {
  files: FileAccess;
  live: LiveData;
  searchDirs: string[];
  /** Units of the same `.quadlets` file, by file name. */
  siblings?: Map<string, { path: string; text: string }>;
  /** False for drop-ins checked without their unit: skips whole-unit rules. */
  wholeUnit?: boolean;
  /** Stop after this many issues (huge broken files). */
  limit?: number;
}

export { editDistance };

/** The closest candidate: same name ignoring case first, then by edit distance. */
export function suggest(name: string, candidates: string[]): string | undefined {
  const lower = name.toLowerCase();
  const ci = candidates.find((c) => c.toLowerCase() === lower);
  if (ci) return ci;
  const cap = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestD = cap + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), cap);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

const OTHER_SYSTEMD_SECTIONS = [
  'Timer',
  'Socket',
  'Mount',
  'Path',
  'Swap',
  'Slice',
  'Scope',
  'Automount',
  'Device',
  'Target',
];

function sectionsFor(type: UnitType | undefined): string[] {
  const own = type ? [TYPE_SECTION[type]] : [];
  return [...own, 'Quadlet', 'Unit', 'Service', 'Install'];
}

/** Range of `sub` at character offset `at` inside an entry's joined value. */
function subRange(e: UnitEntry, at: number, length: number): Range {
  const valueStartOffset = 0;
  return { start: valueOffsetToPosition(e, valueStartOffset + at), end: valueOffsetToPosition(e, at + length) };
}

interface Ref {
  name: string;
  at: number;
  types: UnitType[];
}

/** Unit references inside an entry's value (empty when the key takes none). */
export function referencesIn(section: string, e: UnitEntry): Ref[] {
  const v = e.value;
  const key = e.key;
  const ofType = (name: string, allowed: UnitType[]): UnitType[] => {
    const t = unitTypeOfName(name);
    return t && allowed.includes(t) ? [t] : [];
  };
  const info = keyInfo(section, key);
  if (
    section === 'Unit' &&
    ['Wants', 'Requires', 'Requisite', 'BindsTo', 'PartOf', 'Upholds', 'Conflicts', 'Before', 'After'].includes(key)
  ) {
    const out: Ref[] = [];
    const re = /\S+/g;
    for (let m = re.exec(v); m; m = re.exec(v)) {
      const t = unitTypeOfName(m[0]);
      if (t) out.push({ name: m[0], at: m.index, types: [t] });
    }
    return out;
  }
  if (!info?.refs) return [];
  if (key === 'Mount') {
    const m = /(?:^|,)(?:source|src)=([^,]+)/.exec(v);
    if (!m) return [];
    const name = m[1];
    const at = m.index + m[0].indexOf('=') + 1;
    const types = ofType(name, info.refs as UnitType[]);
    return types.length ? [{ name, at, types }] : [];
  }
  if (key === 'Volume') {
    const name = v.split(':')[0];
    const types = ofType(name, ['volume']);
    return types.length && v.includes(':') ? [{ name, at: 0, types }] : [];
  }
  if (key === 'Network') {
    const name = v.split(':')[0];
    const types = ofType(name, info.refs as UnitType[]);
    return types.length ? [{ name, at: 0, types }] : [];
  }
  const types = ofType(v, info.refs as UnitType[]);
  return types.length ? [{ name: v, at: 0, types }] : [];
}

function sectionHeaderRange(ast: UnitFileAst, name: string): Range {
  const s = ast.sections.find((x) => x.name === name);
  if (s) {
    return s.range.start.line === s.range.end.line
      ? s.range
      : { start: s.range.start, end: { line: s.range.start.line, character: s.nameRange.end.character + 1 } };
  }
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** All checks of one unit. `only` limits issues to one source file (a drop-in being edited). */
export async function checkUnit(model: UnitModel, opts: CheckOptions, only?: string): Promise<Issue[]> {
  const issues: Issue[] = [];
  const push = (i: Issue) => {
    if (!only || i.path === only) issues.push(i);
  };
  const type = model.type;
  const own = TYPE_SECTION[type];
  const allowed = sectionsFor(type);
  const version = opts.live.podmanVersion;
  const sources = [model.main, ...model.dropIns];
  const limit = opts.limit ?? Infinity;

  if (version && compareVersions(version, TYPE_SINCE[type]) < 0) {
    push({
      path: model.main.path,
      range: sectionHeaderRange(model.main.ast, own),
      severity: 'warning',
      code: 'quadlet.newer-than-podman',
      message: `.${type} units need Podman ${TYPE_SINCE[type]} or later; the connected Podman is ${version}, whose generator ignores this file.`,
      data: { since: TYPE_SINCE[type] },
    });
  }

  for (const f of sources) {
    const seen = new Map<string, UnitEntry>();
    for (const s of f.ast.sections) {
      if (!allowed.includes(s.name) && !s.name.startsWith('X-')) {
        const otherType = unitTypeOfSection(s.name);
        if (otherType) {
          push({
            path: f.path,
            range: s.nameRange,
            severity: 'warning',
            code: 'quadlet.section-wrong-type',
            message: `[${s.name}] belongs in .${otherType} files; in a .${type} file it is passed to systemd, which ignores it.`,
          });
        } else {
          const hint = suggest(s.name, allowed);
          push({
            path: f.path,
            range: s.nameRange,
            severity: 'warning',
            code: 'quadlet.unknown-section',
            message: `Unknown section [${s.name}]${hint ? `: did you mean [${hint}]?` : OTHER_SYSTEMD_SECTIONS.includes(s.name) ? ' for a .service unit; systemd ignores it.' : '.'}`,
            ...(hint ? { data: { replacement: hint } } : {}),
          });
        }
        continue;
      }
      const quadletOwned = s.name === own || s.name === 'Quadlet';
      const candidates = sectionKeys(s.name).map((k) => k.key);
      for (const e of s.entries) {
        if (issues.length >= limit) return issues;
        const info = keyInfo(s.name, e.key);
        if (!info) {
          if (quadletOwned) {
            const elsewhere = typesWithKey(e.key).filter((t) => t !== type);
            const hint = suggest(e.key, candidates);
            if (elsewhere.length && !hint?.startsWith(e.key)) {
              push({
                path: f.path,
                range: e.keyRange,
                severity: 'error',
                code: 'quadlet.key-wrong-type',
                message: `${e.key}= is not a [${s.name}] key (it exists for ${elsewhere.map((t) => `.${t}`).join(', ')} units); the generator rejects it.`,
              });
            } else {
              push({
                path: f.path,
                range: e.keyRange,
                severity: 'error',
                code: 'quadlet.unknown-key',
                message: `Unknown key ${e.key}= in [${s.name}]${hint ? `: did you mean ${hint}=?` : ''}; the generator rejects unknown keys.`,
                ...(hint ? { data: { replacement: hint } } : {}),
              });
            }
          } else {
            // systemd has hundreds of keys: only flag names that look like typos of known ones.
            const hint = suggest(e.key, candidates);
            if (hint && hint !== e.key) {
              push({
                path: f.path,
                range: e.keyRange,
                severity: 'warning',
                code: 'quadlet.unknown-key',
                message: `${e.key}= is not a known [${s.name}] key: did you mean ${hint}=?`,
                data: { replacement: hint },
              });
            }
          }
          continue;
        }
        if (info.refused) {
          push({
            path: f.path,
            range: e.keyRange,
            severity: 'error',
            code: 'quadlet.refused-service-key',
            message: `Quadlet does not support ${e.key}= in [Service]: run a rootless Quadlet from the user's own search path instead.`,
          });
          continue;
        }
        if (info.deprecated) {
          const removed = info.removedIn && version && compareVersions(version, info.removedIn) >= 0;
          push({
            path: f.path,
            range: e.keyRange,
            severity: removed ? 'error' : 'warning',
            code: 'quadlet.deprecated-key',
            message: `${e.key}= is deprecated: use ${info.deprecated} instead${info.removedIn ? `; Podman ${info.removedIn} (estimated) no longer accepts it` : ''}.`,
          });
        }
        if (s.name === 'Install' && !INSTALL_KEYS_APPLIED.includes(e.key)) {
          push({
            path: f.path,
            range: e.keyRange,
            severity: 'warning',
            code: 'quadlet.install-key-ignored',
            message: `The generator only applies Alias=, WantedBy=, RequiredBy=, UpheldBy= (and DefaultInstance=); ${e.key}= has no effect.`,
          });
        }
        const prob = checkValue(info, e.value);
        if (prob) {
          push({
            path: f.path,
            range: e.valueRange,
            severity: 'error',
            code: `quadlet.${prob.code}`,
            message: prob.message,
          });
        }
        if (!info.repeatable && e.value !== '') {
          const prev = seen.get(`${s.name}.${e.key}`);
          if (prev && prev.value !== '') {
            push({
              path: f.path,
              range: prev.keyRange,
              severity: 'warning',
              code: 'quadlet.duplicate-key',
              message: `${e.key}= is set again on line ${e.keyRange.start.line + 1}; only the last value counts.`,
            });
          }
          seen.set(`${s.name}.${e.key}`, e);
        }
        if (version && info.since && compareVersions(version, info.since) < 0) {
          push({
            path: f.path,
            range: e.keyRange,
            severity: 'warning',
            code: 'quadlet.newer-than-podman',
            message: `${e.key}= needs Podman ${info.since}${info.sinceEstimated ? ' (estimated)' : ''} or later; the connected Podman is ${version}, whose generator rejects it.`,
            data: { since: info.since },
          });
        }
        if (s.name === 'Container' && e.key === 'Pod' && e.value && !e.value.endsWith('.pod')) {
          push({
            path: f.path,
            range: e.valueRange,
            severity: 'error',
            code: 'quadlet.pod-not-quadlet',
            message: `Pod= must name a .pod unit (like ${e.value}.pod); the generator rejects other pods.`,
          });
        }
        for (const ref of referencesIn(s.name, e)) {
          const found = await resolveUnitRef(ref.name, model.path, opts.files, opts.searchDirs, opts.siblings);
          if (!found) {
            push({
              path: f.path,
              range: subRange(e, ref.at, ref.name.length),
              severity: s.name === 'Unit' ? 'warning' : 'error',
              code: 'quadlet.unresolved-reference',
              message: `${ref.name} was not found next to this file or in the Quadlet search path${s.name === 'Unit' ? '' : '; the generator fails without it'}.`,
            });
          }
        }
      }
    }
  }
  for (const f of sources) {
    for (const e of f.ast.orphans) {
      push({
        path: f.path,
        range: e.keyRange,
        severity: 'error',
        code: 'quadlet.key-outside-section',
        message: `${e.key}= comes before any [Section] header; it is ignored.`,
      });
    }
  }

  if (opts.wholeUnit === false) return issues;

  // Rules over the merged unit, as the generator applies them.
  const main = model.main;
  const header = sectionHeaderRange(main.ast, own);
  const hasOwn = sources.some((f) => f.ast.sections.some((s) => s.name === own));
  const last = (k: string) => lookupLast(model, own, k);
  const val = (k: string) => last(k)?.value ?? '';
  const at = (e: UnitEntry | undefined, fallback: Range = header) => ({
    path: e?.source ?? main.path,
    range: e ? e.keyRange : fallback,
  });
  if (!hasOwn) {
    push({
      path: main.path,
      range: header,
      severity: 'warning',
      code: 'quadlet.missing-section',
      message: `This .${type} file has no [${own}] section.`,
      data: { section: own },
    });
  }
  switch (type) {
    case 'container': {
      if (!val('Image') && !val('Rootfs')) {
        push({
          path: main.path,
          range: header,
          severity: 'error',
          code: 'quadlet.missing-image',
          message: 'The container has neither Image= nor Rootfs=; the generator rejects it.',
          data: { insert: 'Image=' },
        });
      }
      if (val('Image') && val('Rootfs')) {
        push({
          ...at(last('Rootfs')),
          severity: 'error',
          code: 'quadlet.image-rootfs-conflict',
          message: 'Image= and Rootfs= exclude each other.',
        });
      }
      if (val('Group') && !val('User')) {
        push({
          ...at(last('Group')),
          severity: 'error',
          code: 'quadlet.group-without-user',
          message: 'Group= needs User= as well; the generator rejects it alone.',
        });
      }
      if (val('ReloadCmd') && val('ReloadSignal')) {
        push({
          ...at(last('ReloadSignal')),
          severity: 'error',
          code: 'quadlet.reload-conflict',
          message: 'ReloadCmd= and ReloadSignal= exclude each other.',
        });
      }
      const remap = ['RemapUsers', 'RemapUid', 'RemapGid', 'RemapUidSize'].map(last).find((e) => e?.value);
      const explicit = ['UserNS', 'UIDMap', 'GIDMap', 'SubUIDMap', 'SubGIDMap'].map(last).find((e) => e?.value);
      if (remap && explicit) {
        push({
          ...at(explicit),
          severity: 'error',
          code: 'quadlet.remap-conflict',
          message: `${explicit.key}= cannot be combined with the deprecated ${remap.key}=; keep only ${explicit.key}=.`,
        });
      }
      if (!val('RemapUsers') && (val('RemapUid') || val('RemapGid'))) {
        push({
          ...at(last('RemapUid') ?? last('RemapGid')),
          severity: 'error',
          code: 'quadlet.remap-conflict',
          message: 'RemapUid=/RemapGid= need RemapUsers=; better, use UIDMap=/GIDMap=.',
        });
      }
      if (val('Pod')) {
        for (const e of lookupAll(model, own, 'PublishPort')) {
          push({
            ...at(e),
            severity: 'warning',
            code: 'quadlet.pod-conflict',
            message: 'A container in a pod cannot publish ports itself: put PublishPort= in the .pod unit.',
          });
        }
        for (const e of lookupAll(model, own, 'Network')) {
          push({
            ...at(e),
            severity: 'warning',
            code: 'quadlet.pod-conflict',
            message: "A container in a pod shares the pod's network: put Network= in the .pod unit.",
          });
        }
      }
      break;
    }
    case 'kube': {
      const swd = val('SetWorkingDirectory');
      if (
        swd === 'yaml' &&
        lookupAll(model, own, 'Yaml').length > 1 &&
        (!version || compareVersions(version, '5.7') >= 0)
      ) {
        push({
          ...at(last('SetWorkingDirectory')),
          severity: 'error',
          code: 'quadlet.kube-yaml-workdir',
          message: 'SetWorkingDirectory=yaml needs a single Yaml=; use SetWorkingDirectory=unit.',
        });
      }
      if (version && compareVersions(version, '5.7') < 0 && lookupAll(model, own, 'Yaml').length > 1) {
        push({
          ...at(lookupAll(model, own, 'Yaml')[0]),
          severity: 'warning',
          code: 'quadlet.older-podman-behaviour',
          message: `Several Yaml= keys need Podman 5.7 (estimated); with ${version} only the last one is played.`,
        });
      }
      if (!lookupAll(model, own, 'Yaml').length) {
        push({
          path: main.path,
          range: header,
          severity: 'error',
          code: 'quadlet.missing-yaml',
          message: 'A .kube unit needs Yaml=; the generator rejects it without.',
          data: { insert: 'Yaml=' },
        });
      }
      break;
    }
    case 'build':
      if (!lookupAll(model, own, 'ImageTag').length) {
        push({
          path: main.path,
          range: header,
          severity: 'error',
          code: 'quadlet.missing-image-tag',
          message: 'A .build unit needs ImageTag=; the generator rejects it without.',
          data: { insert: 'ImageTag=' },
        });
      }
      if (!val('File') && !val('SetWorkingDirectory') && !lookupLast(model, 'Service', 'WorkingDirectory')?.value) {
        push({
          path: main.path,
          range: header,
          severity: 'error',
          code: 'quadlet.missing-build-context',
          message: 'A .build unit needs File= or SetWorkingDirectory= (or [Service] WorkingDirectory=).',
          data: { insert: 'SetWorkingDirectory=unit' },
        });
      }
      if (val('SetWorkingDirectory') === 'file' && !val('File')) {
        push({
          ...at(last('SetWorkingDirectory')),
          severity: 'error',
          code: 'quadlet.missing-build-context',
          message: 'SetWorkingDirectory=file needs File=.',
        });
      }
      break;
    case 'image':
      if (!val('Image')) {
        push({
          path: main.path,
          range: header,
          severity: 'error',
          code: 'quadlet.missing-image',
          message: 'An .image unit needs Image=; the generator rejects it without.',
          data: { insert: 'Image=' },
        });
      }
      break;
    case 'artifact':
      if (!val('Artifact')) {
        push({
          path: main.path,
          range: header,
          severity: 'error',
          code: 'quadlet.missing-artifact',
          message: 'An .artifact unit needs Artifact=.',
          data: { insert: 'Artifact=' },
        });
      }
      break;
    case 'volume':
      if (val('Image') && val('Driver') !== 'image') {
        push({
          ...at(last('Image')),
          severity: 'warning',
          code: 'quadlet.volume-image-driver',
          message: 'Image= is ignored unless Driver=image is set.',
        });
      }
      break;
    case 'network': {
      const subnets = lookupAll(model, own, 'Subnet').length;
      const gw = lookupAll(model, own, 'Gateway');
      const ranges = lookupAll(model, own, 'IPRange');
      if (gw.length > subnets) {
        push({
          ...at(gw[subnets]),
          severity: 'error',
          code: 'quadlet.gateway-without-subnet',
          message: 'Each Gateway= needs its own Subnet=.',
        });
      }
      if (ranges.length > subnets) {
        push({
          ...at(ranges[subnets]),
          severity: 'error',
          code: 'quadlet.gateway-without-subnet',
          message: 'Each IPRange= needs its own Subnet=.',
        });
      }
      break;
    }
    default:
      break;
  }
  return issues;
}

export { isKnownSection, mergedEntries };
