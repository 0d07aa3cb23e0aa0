// Validation against the Compose Specification's JSON schema (schema/compose-spec/, Apache-2.0),
// compiled once with ajv, and the schema walk that completion and hover share. ajv reports every
// branch of a oneOf; the reduction here keeps what a reader needs: the errors of the branch the
// value's type chose, or one "must be a string or an array" when no branch's type fits.
// No `vscode` import.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import schemaJson from '../../../schema/compose-spec/compose-spec.json';
import { editDistance } from '../editDistance';
import { DIAGNOSTIC_SOURCE } from '../types';
import { isRecord, nodeAt, type ComposeFile, type Segment } from './document';

export interface SchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  enum?: unknown[];
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  $ref?: string;
  deprecated?: boolean;
  required?: string[];
  pattern?: string;
}

export const COMPOSE_SCHEMA = schemaJson as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

let compiled: { document: ValidateFunction; service: ValidateFunction } | undefined;
function validators(): { document: ValidateFunction; service: ValidateFunction } {
  if (compiled) return compiled;
  // The schema names draft-07 without the trailing '#' ajv registers it under: it is not
  // validated against the meta-schema (it is a fixed, known file), only compiled.
  const { $schema: _meta, ...schema } = COMPOSE_SCHEMA as SchemaNode & { $schema?: string };
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateSchema: false });
  ajv.addSchema(schema, 'compose');
  compiled = { document: ajv.getSchema('compose')!, service: ajv.getSchema('compose#/definitions/service')! };
  return compiled;
}

/** Whether each service object passed the service schema: a service's block parsed again is the same object. */
const serviceValid = new WeakMap<object, boolean>();

/**
 * Whether the document is valid, checked as its parts: the document with each service stubbed by
 * `{}` (which the service schema accepts), then each service, remembered per service object. The
 * services' schema is a pattern for their names and the service definition for each, so the parts
 * are valid exactly when the whole is.
 */
function validByParts(value: unknown): boolean {
  const { document, service } = validators();
  if (!isRecord(value) || !isRecord(value.services)) return document(value) as boolean;
  const services = Object.values(value.services);
  if (services.filter((s) => !isRecord(s) || !serviceValid.has(s)).length > FRESH_LIMIT) {
    // Mostly unseen services: one pass over the document is cheaper than one per service.
    const valid = document(value) as boolean;
    if (valid) for (const s of services) serviceValid.set(s as object, true);
    return valid;
  }
  const stub = Object.fromEntries(Object.keys(value.services).map((name) => [name, {}]));
  if (!document({ ...value, services: stub })) return false;
  return services.every((s) => {
    if (!isRecord(s)) return false;
    let ok = serviceValid.get(s);
    if (ok === undefined) serviceValid.set(s, (ok = service(s) as boolean));
    return ok;
  });
}

/** More unseen services than this: the document is validated whole. */
const FRESH_LIMIT = 16;

/** The Ajv instance path "/services/web/ports/0" as key path segments. */
function segmentsOf(instancePath: string): Segment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const depth = (e: ErrorObject) => (e.instancePath ? e.instancePath.split('/').length : 0);
const under = (e: ErrorObject, path: string) => e.instancePath === path || e.instancePath.startsWith(path + '/');

/** Drops the noise of oneOf/anyOf branches (see the file comment). */
export function reduceErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = new Set(['oneOf', 'anyOf', 'if', 'not']);
  const kept = errors.filter((e) => {
    if (combinators.has(e.keyword)) {
      return !errors.some((o) => o !== e && !combinators.has(o.keyword) && under(o, e.instancePath));
    }
    if (e.keyword !== 'type') return true;
    // A type mismatch is noise when another branch got further with this value: ajv never looks
    // inside a value of the wrong type, so an error inside it comes from a branch whose type fits
    // (the branch's schemaPath may not show the oneOf when it goes through a $ref).
    return !errors.some(
      (o) =>
        o !== e &&
        !combinators.has(o.keyword) &&
        ((o.instancePath === e.instancePath && o.keyword !== 'type') ||
          (under(o, e.instancePath) && depth(o) > depth(e))),
    );
  });
  const seen = new Set<string>();
  return kept.filter((e) => {
    const id = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function typeWords(types: string[]): string {
  const words = [...new Set(types)].map((t) => (t === 'array' ? 'a list' : t === 'object' ? 'a mapping' : `a ${t}`));
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function where(segments: Segment[]): string {
  return segments.length ? segments.join('.') : 'the file';
}

function suggestion(name: string, known: string[]): string {
  const best = known
    .map((k) => ({ k, d: editDistance(name.toLowerCase(), k.toLowerCase(), 3) }))
    .filter((x) => x.d <= Math.max(1, Math.floor(name.length / 3)))
    .sort((a, b) => a.d - b.d)[0];
  return best ? ` Did you mean '${best.k}'?` : '';
}

/** One diagnostic per reduced error (type errors on one value merged), placed on the key or value. */
export function schemaDiagnostics(file: ComposeFile): Diagnostic[] {
  if (file.value === undefined || file.value === null) return [];
  if (validByParts(file.value)) return [];
  const validate = validators().document;
  if (validate(file.value)) return [];
  const errors = reduceErrors(validate.errors ?? []);
  const types = new Map<string, string[]>();
  const out: Diagnostic[] = [];
  for (const e of errors) {
    if (e.keyword === 'type') {
      const list = types.get(e.instancePath) ?? [];
      list.push(...[(e.params as { type: string | string[] }).type].flat());
      if (!types.has(e.instancePath)) {
        types.set(e.instancePath, list);
        out.push(placed(file, e, () => `${where(segmentsOf(e.instancePath))} must be ${typeWords(list)}`));
      }
      continue;
    }
    out.push(placed(file, e, () => messageOf(e)));
  }
  return out;
}

function messageOf(e: ErrorObject): string {
  const path = segmentsOf(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const known = Object.keys(schemaAt(path).properties ?? {});
      return `unknown key '${name}' in ${where(path)}.${suggestion(name, known)}`;
    }
    case 'required':
      return `${where(path)} needs '${String(p.missingProperty)}'`;
    case 'enum':
      return `${where(path)} must be one of: ${((p.allowedValues as unknown[]) ?? []).join(', ')}`;
    case 'pattern':
      return `${where(path)} must match ${String(p.pattern)}`;
    case 'propertyNames':
      return `${where(path)} has an invalid name: ${String(p.propertyName)}`;
    case 'uniqueItems':
      return `${where(path)} has the same item twice (items ${String(p.j)} and ${String(p.i)})`;
    default:
      return `${where(path)} ${e.message ?? 'is invalid'}`;
  }
}

/** A diagnostic on the key an error is about (an unknown key) or on the value it names. */
function placed(file: ComposeFile, e: ErrorObject, message: () => string): Diagnostic {
  const path = segmentsOf(e.instancePath);
  const p = e.params as Record<string, unknown>;
  let target = nodeAt(file, path);
  if (e.keyword === 'additionalProperties' || e.keyword === 'propertyNames') {
    const name = String(p.additionalProperty ?? p.propertyName);
    const child = nodeAt(file, [...path, name]);
    target = { node: child.key ?? child.node, nearest: child.nearest };
  } else if (e.keyword === 'required' && target.key) {
    target = { node: target.key, nearest: target.nearest };
  }
  const node = target.node ?? target.nearest;
  return {
    range: file.range(node),
    severity: DiagnosticSeverity.Error,
    message: message(),
    source: DIAGNOSTIC_SOURCE,
    code: `compose.schema.${e.keyword}`,
  };
}

/** Follows a $ref of the compose schema. */
export function deref(node: SchemaNode | undefined): SchemaNode | undefined {
  let n = node;
  for (let i = 0; n?.$ref && i < 10; i++) {
    const name = n.$ref.replace('#/definitions/', '');
    n = COMPOSE_SCHEMA.definitions[name];
  }
  return n;
}

/** A schema with its oneOf/anyOf/allOf branches flattened into one list. */
export function alternatives(node: SchemaNode | undefined): SchemaNode[] {
  const n = deref(node);
  if (!n) return [];
  const branches = [...(n.oneOf ?? []), ...(n.anyOf ?? []), ...(n.allOf ?? [])];
  return [n, ...branches.flatMap((b) => alternatives(b))];
}

/** The merged object schema at a key path (properties of every branch), for keys and hovers. */
export function schemaAt(path: readonly Segment[]): SchemaNode {
  let current: SchemaNode[] = [COMPOSE_SCHEMA];
  for (const segment of path) {
    const next: SchemaNode[] = [];
    for (const alt of current.flatMap((c) => alternatives(c))) {
      if (typeof segment === 'number' || segment === '*') {
        if (alt.items) next.push(alt.items);
        if (segment === '*' && alt.patternProperties) next.push(...Object.values(alt.patternProperties));
        continue;
      }
      const prop = alt.properties?.[segment];
      if (prop) next.push(prop);
      else {
        const pattern = Object.entries(alt.patternProperties ?? {}).find(([re]) => new RegExp(re).test(segment));
        if (pattern) next.push(pattern[1]);
        else if (typeof alt.additionalProperties === 'object') next.push(alt.additionalProperties);
      }
    }
    current = next;
  }
  const merged: SchemaNode = { properties: {}, enum: [] };
  for (const alt of current.flatMap((c) => alternatives(c))) {
    Object.assign(merged.properties!, alt.properties ?? {});
    if (alt.enum) merged.enum!.push(...alt.enum);
    // A pattern of plain alternatives (pull_policy's "always|never|...") reads as an enum.
    for (const word of (alt.pattern ?? '').replace(/^\^?\(?|\)?\$?$/g, '').split('|')) {
      if (/^[a-z_]+$/.test(word)) merged.enum!.push(word);
    }
    merged.description ??= alt.description;
    if (alt.type) merged.type = [...new Set([...[merged.type ?? []].flat(), ...[alt.type].flat()])];
    if (alt.deprecated) merged.deprecated = true;
  }
  return merged;
}
