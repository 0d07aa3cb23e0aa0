// The Compose model's public API: load a project from its files into the typed, normalized
// model (with issues at file positions), interpolate, merge, select services. No `vscode`.
export type {
  BuildSpec,
  ComposeFileAccess,
  ComposeFileResource,
  ComposeIssue,
  ComposeNetwork,
  ComposeProject,
  ComposeService,
  ComposeVolume,
  Dependency,
  DependsCondition,
  FileReference,
  Healthcheck,
  PortSpec,
  ResourceLimits,
  ServiceNetwork,
  ServiceVolume,
  SourceRange,
} from './types';
export { hasErrors, loadProject, nodeFileAccess, normalizeProjectName, type LoadOptions } from './load';
export { interpolate, InterpolationError, type InterpolationResult } from './interpolate';
export { envFileRecord, parseEnvFile, EnvFileError, type EnvFileEntry } from './envFile';
export { mergeFiles, mergeExtends } from './merge';
export { readSource, pathKey, RESET, Override, type SourceFile } from './source';
export { COMPOSE_FILE_NAMES, composeFilesFor, defaultComposeFiles, isComposeFileName, overrideName } from './paths';
export { activeProfiles, isEnabled, selectServices, stopOrder, SelectionError, type Selection } from './selection';
export { parseBytes, parseDuration, parsePort, parseServiceVolume, splitCommand, ValueError } from './values';
