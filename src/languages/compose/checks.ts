// What the schema cannot say about a compose file: names referenced but not defined, depends_on
// cycles, a host port published twice, build contexts, Containerfiles and env files that do not
// exist, and interpolation (syntax errors, and variables that are not set). No `vscode` import.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { FileAccess, TextDoc } from '../types';
import { DIAGNOSTIC_SOURCE } from '../types';
import { folderOf, outsideDefinitions, resolvePath, variables } from './context';
import { entries, isRecord, nodeAt, type ComposeFile, type Segment } from './document';
import { scanInterpolation } from './interpolation';
import { definitions, fileRefs, isRemoteContext, nameRefs, SECTIONS, type RefKind } from './references';

function diag(
  file: ComposeFile,
  path: Segment[],
  message: string,
  code: string,
  severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  onKey = false,
): Diagnostic {
  const found = nodeAt(file, path);
  const node = onKey ? (found.key ?? found.node) : (found.node ?? found.key ?? found.nearest);
  return { range: file.range(node), severity, message, source: DIAGNOSTIC_SOURCE, code };
}

/** Names used but defined neither here nor in the files this one is merged with. */
export async function referenceDiagnostics(file: ComposeFile, doc: TextDoc, files: FileAccess): Promise<Diagnostic[]> {
  const here = definitions(file.value);
  const outside = await outsideDefinitions(doc, file.value, files);
  if (outside.partial) return [];
  return nameRefs(file.value)
    .filter((r) => !here[r.kind].has(r.name) && !outside.defs[r.kind].has(r.name))
    .map((r) =>
      diag(
        file,
        r.path,
        `${r.kind} '${r.name}' is not defined under ${SECTIONS[r.kind]}`,
        `compose.undefined-${r.kind}`,
        DiagnosticSeverity.Error,
        r.onKey,
      ),
    );
}

/** One diagnostic per depends_on edge on a cycle, naming the cycle. */
export function cycleDiagnostics(file: ComposeFile): Diagnostic[] {
  const edges = new Map<string, { to: string; path: Segment[]; onKey: boolean }[]>();
  for (const r of nameRefs(file.value)) {
    if (r.kind !== 'service' || r.path[2] !== 'depends_on') continue;
    const from = String(r.path[1]);
    edges.set(from, [...(edges.get(from) ?? []), { to: r.name, path: r.path, onKey: r.onKey }]);
  }
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const walk = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const edge of edges.get(node) ?? []) {
      if (state.get(edge.to) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(edge.to)), edge.to];
        for (let i = 0; i + 1 < cycle.length; i++) {
          const e = (edges.get(cycle[i]) ?? []).find((x) => x.to === cycle[i + 1])!;
          const id = `${cycle[i]}>${cycle[i + 1]}`;
          if (reported.has(id)) continue;
          reported.add(id);
          out.push(
            diag(
              file,
              e.path,
              `depends_on cycle: ${cycle.join(' → ')}`,
              'compose.depends-on-cycle',
              DiagnosticSeverity.Error,
              e.onKey,
            ),
          );
        }
      } else if (!state.has(edge.to)) walk(edge.to);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) walk(node);
  return out;
}

interface Published {
  hostIp: string;
  ports: number[];
  protocol: string;
  path: Segment[];
}

/** Host ports of a `ports:` entry (short or long form); none when they are left to Podman or interpolated. */
export function publishedPorts(entry: unknown): Omit<Published, 'path'> | undefined {
  let hostIp = '';
  let published = '';
  let protocol = 'tcp';
  if (typeof entry === 'string' || typeof entry === 'number') {
    const spec = String(entry);
    if (spec.includes('$')) return undefined;
    const [rest, proto] = spec.split('/');
    protocol = proto ?? 'tcp';
    const ipv6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
    const parts = ipv6 ? [ipv6[1], ...ipv6[2].split(':')] : rest.split(':');
    if (parts.length < 2) return undefined;
    if (parts.length >= 3) hostIp = parts[0];
    published = parts[parts.length - 2];
  } else if (isRecord(entry)) {
    if (entry.published === undefined) return undefined;
    published = String(entry.published);
    hostIp = typeof entry.host_ip === 'string' ? entry.host_ip : '';
    protocol = typeof entry.protocol === 'string' ? entry.protocol : 'tcp';
  }
  const m = /^(\d+)(?:-(\d+))?$/.exec(published);
  if (!m) return undefined;
  const first = Number(m[1]);
  const last = Number(m[2] ?? m[1]);
  if (last - first > 65535 || last < first) return undefined;
  const ports = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  return { hostIp: hostIp === '0.0.0.0' || hostIp === '::' ? '' : hostIp, ports, protocol };
}

/** A host port (per protocol and address) published by two entries. */
export function portDiagnostics(file: ComposeFile): Diagnostic[] {
  // protocol|port → the addresses it is published on ('' for all) and by which service.
  const taken = new Map<string, { ip: string; owner: string }[]>();
  const out: Diagnostic[] = [];
  const value = isRecord(file.value) ? file.value : {};
  for (const [name, s] of entries(value.services)) {
    if (!isRecord(s) || !Array.isArray(s.ports)) {
      continue;
    }
    s.ports.forEach((entry, i) => {
      const p = publishedPorts(entry);
      if (!p) {
        return;
      }
      for (const port of p.ports) {
        const clash = taken.get(`${p.protocol}|${port}`)?.find((t) => !t.ip || !p.hostIp || t.ip === p.hostIp);
        if (clash) {
          const message = `host port ${port}/${p.protocol} is already published by ${clash.owner}`;
          out.push(diag(file, ['services', name, 'ports', i], message, 'compose.port-twice'));
          return;
        }
      }
      for (const port of p.ports) {
        const key = `${p.protocol}|${port}`;
        taken.set(key, [...(taken.get(key) ?? []), { ip: p.hostIp, owner: `service '${name}'` }]);
      }
    });
  }
  return out;
}

/** Build contexts, Containerfiles, env files and extended files that do not exist. */
export async function fileDiagnostics(file: ComposeFile, doc: TextDoc, files: FileAccess): Promise<Diagnostic[]> {
  const folder = folderOf(doc);
  if (!folder) return [];
  const out: Diagnostic[] = [];
  for (const ref of fileRefs(file.value)) {
    if (ref.kind === 'context' && isRemoteContext(ref.value)) continue;
    if (ref.kind === 'dockerfile' && ref.base && isRemoteContext(ref.base)) continue;
    const path = resolvePath(ref.kind === 'dockerfile' ? resolvePath(folder, ref.base ?? '.') : folder, ref.value);
    if (ref.optional || (await files.exists(path))) continue;
    const what = {
      context: 'build context',
      dockerfile: 'Containerfile',
      env_file: 'env file',
      extends: 'extended file',
    }[ref.kind];
    out.push(
      diag(
        file,
        ref.path,
        `${what} ${ref.value} does not exist (${path})`,
        `compose.missing-${ref.kind.replace('_', '-')}`,
      ),
    );
  }
  return out;
}

/**
 * Where each line's text ends before a YAML comment (` #` outside quotes), for the lines that
 * hold a `$`: interpolation is read from the text itself, so that a valid file never needs the
 * slower document with positions.
 */
export function linesWithDollar(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (let dollar = text.indexOf('$'); dollar >= 0;) {
    const start = text.lastIndexOf('\n', dollar) + 1;
    const nl = text.indexOf('\n', dollar);
    const end = nl < 0 ? text.length : nl;
    out.push([start, commentStart(text, start, end)]);
    dollar = nl < 0 ? -1 : text.indexOf('$', nl);
  }
  return out;
}

function commentStart(text: string, start: number, end: number): number {
  let quote = '';
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && (i === start || /[\s:[{,-]/.test(text[i - 1]))) quote = c;
    else if (c === '#' && (i === start || /\s/.test(text[i - 1]))) return i;
  }
  return end;
}

/** Interpolation syntax errors, `${VAR:?msg}` with VAR unset (error) and other unset variables (warning). */
export async function interpolationDiagnostics(
  file: ComposeFile,
  doc: TextDoc,
  files: FileAccess,
): Promise<Diagnostic[]> {
  const lines = linesWithDollar(file.text);
  if (!lines.length) return [];
  const env = await variables(doc, files);
  const out: Diagnostic[] = [];
  const at = (start: number, end: number) => ({ start: file.pos(start), end: file.pos(end) });
  const make = (
    start: number,
    end: number,
    severity: DiagnosticSeverity,
    message: string,
    code: string,
  ): Diagnostic => ({
    range: at(start, end),
    severity,
    message,
    source: DIAGNOSTIC_SOURCE,
    code,
  });
  for (const [from, to] of lines) {
    const { refs, errors } = scanInterpolation(file.text, from, to);
    for (const e of errors) {
      out.push(make(e.start, e.end, DiagnosticSeverity.Error, e.message, 'compose.interpolation-syntax'));
    }
    for (const r of refs) {
      const value = env[r.name];
      const required = r.operator === ':?' || r.operator === '?';
      const missing = value === undefined || (r.operator === ':?' && value === '');
      if (!missing || (r.operator && !required)) continue;
      const end = r.nameStart + r.name.length;
      if (required) {
        const message = `required variable ${r.name} is not set${r.argument ? `: ${r.argument}` : ''}`;
        out.push(make(r.nameStart, end, DiagnosticSeverity.Error, message, 'compose.variable-required'));
      } else {
        const message = `variable ${r.name} is not set: it becomes an empty string`;
        out.push(make(r.nameStart, end, DiagnosticSeverity.Warning, message, 'compose.variable-unset'));
      }
    }
  }
  return out;
}

/** `version:` is obsolete; a warning as Compose gives. */
export function obsoleteDiagnostics(file: ComposeFile): Diagnostic[] {
  if (!isRecord(file.value) || file.value.version === undefined) return [];
  return [
    diag(
      file,
      ['version'],
      "'version' is obsolete and ignored: remove it",
      'compose.version-obsolete',
      DiagnosticSeverity.Warning,
      true,
    ),
  ];
}

export type { RefKind };
