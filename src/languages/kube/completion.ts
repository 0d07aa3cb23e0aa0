// Completion in Kubernetes YAML for Podman's kube play: the keys of the fields Podman knows at the
// cursor, each saying what kube play does with it; the values of enumerated fields; and names where
// a reference goes (local images, Podman volumes and secrets from the active connection, and the
// ConfigMaps, Secrets and claims the file itself defines). The key path comes from indentation
// (../yamlCursor.ts), so it works while the line is still being typed. No `vscode` import.
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver-types';
import { PLAYED_KINDS } from '../../podman/kubePolicy';
import { cursorContext, type Segment } from '../yamlCursor';
import type { LiveData, TextDoc } from '../types';
import { parseCached } from './cache';
import type { KubeFile } from './parse';
import { FIELD_SUPPORT, lookupField, supportSentence, type Table, tableForKind } from './support';

const ENUMS: Readonly<Record<string, readonly string[]>> = {
  apiVersion: ['v1', 'apps/v1', 'batch/v1'],
  kind: Object.keys(PLAYED_KINDS),
  imagePullPolicy: ['Always', 'IfNotPresent', 'Never'],
  restartPolicy: ['Always', 'OnFailure', 'Never'],
  protocol: ['TCP', 'UDP', 'SCTP'],
};
const HOST_PATH_TYPES = [
  'DirectoryOrCreate',
  'Directory',
  'FileOrCreate',
  'File',
  'Socket',
  'CharDevice',
  'BlockDevice',
];
const TOP_KEYS: Readonly<Record<string, readonly string[]>> = {
  ConfigMap: ['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable'],
  Secret: ['apiVersion', 'kind', 'metadata', 'type', 'data', 'stringData', 'immutable'],
};
const METADATA_KEYS = ['name', 'namespace', 'labels', 'annotations'];
const SECRET_PARENTS = new Set(['secretKeyRef', 'secretRef']);
const CONFIG_MAP_PARENTS = new Set(['configMapKeyRef', 'configMapRef', 'configMap']);
const WORKLOAD_TABLES = new Set<Table>(['deploymentSpec', 'daemonSetSpec', 'jobSpec']);

/** The support table and the dotted field path (relative to it) at a key path of a `kind` object. */
export function fieldAt(kind: string, path: readonly Segment[]): { table: Table; field: string } | undefined {
  const top = tableForKind(kind);
  if (!top || top.at.some((k, i) => path[i] !== k)) return undefined;
  let table = top.table;
  let rest = path.slice(top.at.length);
  if (WORKLOAD_TABLES.has(table) && rest[0] === 'template' && rest[1] === 'spec') {
    table = 'podSpec';
    rest = rest.slice(2);
  }
  if (table === 'podSpec' && (rest[0] === 'containers' || rest[0] === 'initContainers') && rest[1] === 0) {
    table = 'container';
    rest = rest.slice(2);
  }
  return { table, field: rest.filter((s): s is string => typeof s === 'string').join('.') };
}

/** The keys Podman's table knows directly below `field`, each with what kube play does with it. */
function keyItems(table: Table, field: string): CompletionItem[] {
  const prefix = field ? `${field}.` : '';
  const keys = new Set<string>();
  for (const row of Object.keys(FIELD_SUPPORT[table])) {
    if (row.startsWith(prefix)) keys.add(row.slice(prefix.length).split('.')[0]);
  }
  return [...keys].map((label) => {
    const lookup = lookupField(table, prefix + label);
    const support = lookup.kind === 'row' ? lookup.row.s : lookup.kind === 'group' ? lookup.all : undefined;
    const note = lookup.kind === 'row' ? lookup.row.note : undefined;
    const sentence = support ? supportSentence(support) : undefined;
    return {
      label,
      kind: CompletionItemKind.Property,
      detail: sentence,
      documentation: note,
      insertText: `${label}: `,
      // What Podman uses sorts first; what it ignores stays reachable below.
      sortText: `${support === 'no' || support === 'na' ? 1 : 0}${label}`,
    };
  });
}

/** The kind of the document holding `line` (the last one starting at or above it). */
function kindAt(file: KubeFile, line: number): string | undefined {
  return file.docs.filter((d) => d.range.start.line <= line).at(-1)?.kind;
}

/** Names defined by the file's documents of one kind. */
function namesOfKind(file: KubeFile, kind: string): string[] {
  return file.docs.filter((d) => d.kind === kind && d.name).map((d) => d.name as string);
}

const reference = (names: readonly string[], detail: string): CompletionItem[] =>
  [...new Set(names)].map((label) => ({ label, kind: CompletionItemKind.Reference, detail }));
const enumItems = (values: readonly string[]): CompletionItem[] =>
  values.map((label) => ({ label, kind: CompletionItemKind.EnumMember }));

/** Values for `key` under `parent`: enumerations and names of things Podman or the file has. */
function valueItems(key: string, parent: string | undefined, file: KubeFile, live: LiveData): CompletionItem[] {
  if (ENUMS[key]) return enumItems(ENUMS[key]);
  if (key === 'type' && parent === 'hostPath') return enumItems(HOST_PATH_TYPES);
  if (key === 'image') return reference(live.images, 'local image');
  if (key === 'claimName') {
    const claims = file.docs.flatMap((d) => d.claims);
    return [...reference(claims, 'claim in this file'), ...reference(live.volumes, 'Podman volume')];
  }
  const secrets = key === 'secretName' || (key === 'name' && parent !== undefined && SECRET_PARENTS.has(parent));
  if (secrets) {
    return [
      ...reference(namesOfKind(file, 'Secret'), 'Secret in this file'),
      ...reference(live.secrets, 'Podman secret'),
    ];
  }
  if (key === 'name' && parent !== undefined && CONFIG_MAP_PARENTS.has(parent)) {
    return reference(namesOfKind(file, 'ConfigMap'), 'ConfigMap in this file');
  }
  return [];
}

/** Keys at a key path of a `kind` object (the top level and metadata included). */
function keysAt(kind: string | undefined, path: readonly Segment[]): CompletionItem[] {
  if (path.length === 0) {
    const keys = (kind && TOP_KEYS[kind]) || ['apiVersion', 'kind', 'metadata', 'spec'];
    return keys.map((label) => ({ label, kind: CompletionItemKind.Property, insertText: `${label}: ` }));
  }
  if (path.length === 1 && path[0] === 'metadata') {
    return METADATA_KEYS.map((label) => ({ label, kind: CompletionItemKind.Property, insertText: `${label}: ` }));
  }
  const at = kind ? fieldAt(kind, path) : undefined;
  return at ? keyItems(at.table, at.field) : [];
}

export function kubeCompletion(doc: TextDoc, position: Position, live: LiveData): CompletionItem[] {
  const file = parseCached(doc);
  const cursor = cursorContext(doc.text, position);
  const kind = kindAt(file, position.line);
  if (cursor.mode === 'value' && cursor.key) {
    const parent = [...cursor.path].reverse().find((s): s is string => typeof s === 'string');
    return valueItems(cursor.key, parent, file, live);
  }
  return keysAt(kind, cursor.mode === 'item' ? [...cursor.path, 0] : cursor.path);
}
