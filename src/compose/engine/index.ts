// The compose engine's public API: Up through the libpod API, and Down, Start, Stop, Restart and
// Logs on a running project found by its labels (ours, docker-compose's or podman-compose's).
// No `vscode` import.
export { composeUp, type UpOptions, type UpResult } from './up';
export {
  downProject,
  listProjectContainers,
  projectLogs,
  restartProject,
  serviceContainers,
  serviceOf,
  startProject,
  stopProject,
  type DownOptions,
  type DownResult,
  type StopOptions,
} from './project';
export { ComposeError, type ComposeReporter, where } from './errors';
export { configHash, containerName, LABEL, serviceImage } from './spec';
export { buildService, imageExists, pullImage } from './resources';
