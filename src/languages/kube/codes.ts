// The diagnostic codes of the Kubernetes YAML checks, and the sink that collects diagnostics
// without repeating one. No `vscode` import.
import { type Diagnostic, type DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../types';

/** Stable diagnostic codes (tests, code actions and users' filters rely on them). */
export const KubeCode = {
  syntax: 'kube-syntax',
  tooLarge: 'kube-too-large',
  notObject: 'kube-not-object',
  noKind: 'kube-no-kind',
  kindSkipped: 'kube-kind-skipped',
  kindNeedsNewer: 'kube-kind-needs-newer-podman',
  nothingRuns: 'kube-nothing-runs',
  missingName: 'kube-missing-name',
  missingImage: 'kube-missing-image',
  missingField: 'kube-missing-field',
  noContainers: 'kube-no-containers',
  wrongType: 'kube-wrong-type',
  yaml11Bool: 'kube-yes-no-becomes-bool',
  duplicatePod: 'kube-duplicate-pod',
  fieldIgnored: 'kube-field-ignored',
  fieldClusterOnly: 'kube-field-cluster-only',
  replicas: 'kube-replicas',
  imageNotLocal: 'kube-image-not-local',
  binaryFile: 'kube-binary-file',
} as const;

/** Collects diagnostics, each (code, start, message) once. */
export class Sink {
  readonly out: Diagnostic[] = [];
  private seen = new Set<string>();
  add(range: Range, severity: DiagnosticSeverity, code: string, message: string): void {
    const k = `${code}|${range.start.line}:${range.start.character}|${message}`;
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.out.push({ range, severity, code, source: DIAGNOSTIC_SOURCE, message });
  }
}
