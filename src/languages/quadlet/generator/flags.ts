// Table-driven translation of keys into command-line flags, one helper per kind of key (in the
// spirit of Podman's quadlet.go `lookupAndAdd*`): a key's translation is one row of a table.
import { remapIdsWithoutMode, remapWithExplicitMapping } from '../rules';
import { GeneratorError, type GenContext } from './context';
import { applyRefusals } from './refusals';
import { lookupUint32 } from './volume';
import type { SplitMode } from './words';

/** Rows of `[Key, --flag]`, applied in order. */
export type FlagTable = readonly (readonly [key: string, flag: string])[];

/** `--flag VALUE` for each key whose last value is not empty; `mapValue` rewrites the value (paths). */
export function addStrings(
  context: GenContext,
  args: string[],
  table: FlagTable,
  mapValue: (key: string, value: string) => string = (_key, value) => value,
) {
  for (const [key, flag] of table) {
    const entry = context.last(key);
    if (entry?.value) args.push(flag, mapValue(key, entry.value));
  }
}

/** `--flag VALUE` for every occurrence of each key; `mapValue` rewrites the value (paths). */
export function addAllStrings(
  context: GenContext,
  args: string[],
  table: FlagTable,
  mapValue: (value: string) => string = (value) => value,
) {
  for (const [key, flag] of table) for (const entry of context.all(key)) args.push(flag, mapValue(entry.value));
}

/**
 * `--flag WORD` for every word of every occurrence of each key, split like the generator splits
 * that key (`args`: LookupAllArgs, `strv`: LookupAllStrv); `mapWord` rewrites the word.
 */
export function addAllWords(
  context: GenContext,
  args: string[],
  table: FlagTable,
  mode: SplitMode,
  mapWord: (word: string) => string = (word) => word,
) {
  for (const [key, flag] of table) {
    for (const word of context.words(key, mode)) args.push(flag, mapWord(word));
  }
}

/** Boolean keys, as the generator writes them: true gives `--flag`, false `--flag=false`; unset (or not boolean) adds nothing. */
export function addBooleans(context: GenContext, args: string[], table: FlagTable) {
  for (const [key, flag] of table) {
    const value = context.bool(key);
    if (value !== undefined) args.push(value ? flag : `${flag}=false`);
  }
}

/** The words of each row for keys that are true; false and unset add nothing. */
export function addWhenTrue(
  context: GenContext,
  args: string[],
  table: readonly (readonly [key: string, words: readonly string[]])[],
) {
  for (const [key, words] of table) if (context.bool(key)) args.push(...words);
}

/** `--flag KEY=VALUE` for the merged KEY=VALUE words of each key (Environment=, Label= ...). */
export function addKeyValues(context: GenContext, args: string[], table: FlagTable) {
  for (const [key, flag] of table) for (const pair of context.keyValues(key)) args.push(flag, pair);
}

/** `--flag PREFIXVALUE` for each key with a value (`--security-opt label=type:VALUE`). */
export function addPrefixed(
  context: GenContext,
  args: string[],
  flag: string,
  table: readonly (readonly [key: string, prefix: string])[],
) {
  for (const [key, prefix] of table) {
    const entry = context.last(key);
    if (entry?.value) args.push(flag, prefix + entry.value);
  }
}

/** The user namespace keys .container and .pod units share: UserNS=, UIDMap=, GIDMap=, SubUIDMap=, SubGIDMap=. */
export function addUserNamespace(context: GenContext, args: string[]): void {
  addStrings(context, args, [['UserNS', '--userns']]);
  addAllWords(
    context,
    args,
    [
      ['UIDMap', '--uidmap'],
      ['GIDMap', '--gidmap'],
    ],
    'strv',
  );
  addStrings(context, args, [
    ['SubUIDMap', '--subuidname'],
    ['SubGIDMap', '--subgidname'],
  ]);
}

/** The deprecated RemapUsers= family, as generators before 6.0 translate it. */
export function addRemapUsers(context: GenContext, args: string[]) {
  const conflict = remapWithExplicitMapping(context);
  if (conflict) {
    throw new GeneratorError('deprecated Remap keys are set along with explicit mapping keys', conflict.explicit);
  }
  const withoutMode = remapIdsWithoutMode(context);
  if (withoutMode) {
    throw new GeneratorError(
      `${withoutMode.key === 'RemapUid' ? 'Uid' : 'Gid'}Map set without RemapUsers`,
      withoutMode,
    );
  }
  // keep-id with several ids, a .kube's manual: refused here, before the networks (measured on 5.4.2).
  applyRefusals(context, ['quadlet.remap-conflict']);
  const mode = context.lastRaw('RemapUsers');
  if (!mode?.value) return;
  const uids = context.words('RemapUid', 'strv');
  const gids = context.words('RemapGid', 'strv');
  // Read like LookupUint32: 0, or not a number, writes no size (measured on 5.4.2 and 5.8.6).
  const size = lookupUint32(context.last('RemapUidSize')?.value ?? '', 0);
  switch (mode.value) {
    case 'manual':
      // A .kube unit refuses it (rules.ts REFUSALS).
      if (context.model.type === 'kube') break;
      for (const uid of uids) args.push('--uidmap', uid);
      for (const gid of gids) args.push('--gidmap', gid);
      break;
    case 'auto': {
      const options = [
        ...uids.map((uid) => `uidmapping=${uid}`),
        ...gids.map((gid) => `gidmapping=${gid}`),
        ...(size > 0 ? [`size=${size}`] : []),
      ];
      args.push('--userns', options.length ? `auto:${options.join(',')}` : 'auto');
      break;
    }
    case 'keep-id': {
      const options = [...(uids[0] ? [`uid=${uids[0]}`] : []), ...(gids[0] ? [`gid=${gids[0]}`] : [])];
      args.push('--userns', options.length ? `keep-id:${options.join(',')}` : 'keep-id');
      break;
    }
    default:
      throw new GeneratorError(`unsupported RemapUsers option '${mode.value}'`, mode);
  }
}
