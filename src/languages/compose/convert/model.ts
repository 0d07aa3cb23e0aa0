// The conversions read a compose file through the engine's model (src/compose/model): the same
// files (the base and its override), .env, env_file, interpolation, merge, include, extends and
// profiles as Up, so a file converts the way it runs. This adapter loads the project (the
// document's unsaved text in place of its file), turns the model's problems into diagnostics,
// hands the converters the services Up would start (merged, interpolated, paths absolute), and
// places each warning at the position of the field it names. No `vscode` import.
import { dirname, relative } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import {
  composeFilesFor,
  hasErrors,
  loadProject,
  nodeFileAccess,
  selectServices,
  SelectionError,
  type ComposeFileAccess,
  type ComposeProject,
  type SourceRange,
} from '../../../compose/model';
import { DIAGNOSTIC_SOURCE } from '../../types';
import type { ConvertProject, ConvertWarning } from './project';

export type Loaded = { ok: true; project: ComposeProject; services: string[] } | { ok: false; errors: Diagnostic[] };

const START = { line: 0, character: 0 };

function diagnostic(message: string, range?: SourceRange, severity = DiagnosticSeverity.Error): Diagnostic {
  const at = range
    ? {
        start: { line: range.line, character: range.character },
        end: { line: range.endLine, character: range.endCharacter },
      }
    : { start: START, end: START };
  return { range: at, severity, message, source: DIAGNOSTIC_SOURCE, code: 'compose.model' };
}

/** Loads the project of `path` as Up would, `text` standing for that file's contents. */
export function loadForConversion(path: string, text: string, env: Record<string, string | undefined>): Loaded {
  const fs: ComposeFileAccess = {
    readFile: (p) => (p === path ? text : nodeFileAccess.readFile(p)),
    exists: (p) => p === path || nodeFileAccess.exists(p),
    isDirectory: (p) => p !== path && !!nodeFileAccess.isDirectory?.(p),
  };
  const project = loadProject({ files: composeFilesFor(path, fs), workingDir: dirname(path), env, fs });
  if (hasErrors(project)) {
    const errors = project.issues.filter((i) => i.severity === 'error');
    return {
      ok: false,
      // An issue in another file (the override, an included or extended file) names it.
      errors: errors.map((i) =>
        diagnostic(
          i.file && i.file !== path ? `${relative(dirname(path), i.file)}: ${i.message}` : i.message,
          i.file === path ? i.range : undefined,
        ),
      ),
    };
  }
  try {
    return { ok: true, project, services: selectServices(project) };
  } catch (e) {
    if (!(e instanceof SelectionError)) throw e;
    return { ok: false, errors: [diagnostic(e.message)] };
  }
}

/** What the converters read: the services Up starts, and the top-level sections, as merged. */
export function convertProjectOf(project: ComposeProject, services: string[]): ConvertProject {
  return {
    name: project.name,
    folder: project.workingDir,
    // In the file's order (the files written and the preview follow it), not the start order.
    services: Object.fromEntries(
      Object.keys(project.services)
        .filter((name) => services.includes(name))
        .map((name) => [name, project.services[name].raw]),
    ),
    ...project.sections,
  };
}

/** A warning for each service its profiles leave out (Up does not start it either). */
export function profileWarnings(project: ComposeProject, services: string[]): ConvertWarning[] {
  return Object.keys(project.services)
    .filter((name) => !services.includes(name))
    .map((name) => ({
      path: `services.${name}.profiles`,
      message: `not converted: its profiles (${project.services[name].profiles.join(', ')}) are not active (COMPOSE_PROFILES)`,
    }));
}

/** The warnings with the position of the field each names (the nearest written key above it). */
export function placeWarnings(project: ComposeProject, warnings: ConvertWarning[]): ConvertWarning[] {
  return warnings.map((w) => {
    const segments = w.path.split('.');
    for (let n = segments.length; n > 0; n--) {
      const range = project.positions.get(segments.slice(0, n).join('/'));
      if (range) return { ...w, range };
    }
    return w;
  });
}
