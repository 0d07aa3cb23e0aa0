// What every Containerfile check shares: the stable diagnostic codes, the quick-fix data and
// the context a check reports into.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../../types';
import type { Analysis } from '../analysis';
import { rangeOf, type Instruction } from '../parser';

/** Stable diagnostic codes (shown in the Problems view and by the CLI). */
export const Codes = {
  binaryFile: 'binary-file',
  fileTooLarge: 'file-too-large',
  unknownInstruction: 'unknown-instruction',
  instructionBeforeFrom: 'instruction-before-from',
  missingFrom: 'missing-from',
  missingArgument: 'missing-argument',
  fromSyntax: 'from-syntax',
  invalidStageName: 'invalid-stage-name',
  duplicateStageName: 'duplicate-stage-name',
  unknownFlag: 'unknown-flag',
  duplicateFlag: 'duplicate-flag',
  flagMissingValue: 'flag-missing-value',
  flagBadValue: 'flag-bad-value',
  unknownStage: 'unknown-stage',
  stageForwardReference: 'stage-forward-reference',
  stageIndexOutOfRange: 'stage-index-out-of-range',
  undefinedVariable: 'undefined-variable',
  execFormJson: 'exec-form-json',
  shellNotJson: 'shell-not-json',
  unterminatedHeredoc: 'unterminated-heredoc',
  mountMissingType: 'mount-missing-type',
  mountUnknownType: 'mount-unknown-type',
  mountUnknownOption: 'mount-unknown-option',
  mountMissingValue: 'mount-missing-value',
  mountBadValue: 'mount-bad-value',
  mountMissingOption: 'mount-missing-option',
  mountSshAgent: 'mount-ssh-agent',
  envSyntax: 'env-syntax',
  argSyntax: 'arg-syntax',
  invalidPort: 'invalid-port',
  healthcheckSyntax: 'healthcheck-syntax',
  onbuildTrigger: 'onbuild-trigger',
  invalidDirective: 'invalid-directive',
  emptyContinuation: 'empty-continuation',
} as const;

/** At most this many diagnostics are reported per file. */
export const MAX_DIAGNOSTICS = 1000;

/** Data attached to a diagnostic for its quick fix. */
export interface FixData {
  replacement: string;
}

export function diag(
  range: Range,
  message: string,
  code: string,
  severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  data?: FixData,
): Diagnostic {
  const d: Diagnostic = { range, message, code, severity, source: DIAGNOSTIC_SOURCE };
  if (data) d.data = data;
  return d;
}

/** Appended to a finding inside an ONBUILD trigger, which the build that declares it does not run. */
const TRIGGER_NOTE =
  ' (This ONBUILD trigger is only stored here: it fails the builds that use this image as their base.)';

/**
 * The file being checked and where its findings go; every check function takes one.
 * Severities follow Podman's builder (Buildah): an error means the build fails.
 */
export class CheckContext {
  readonly escape: string;
  /** ARGs declared before the first FROM. */
  readonly globalArgs = new Set<string>();
  /** Checking the instruction an ONBUILD carries: its errors do not fail this build. */
  inTrigger = false;

  constructor(
    readonly analysis: Analysis,
    readonly out: Diagnostic[],
    globalArgNames: Iterable<string>,
  ) {
    this.escape = analysis.parsed.escape;
    for (const name of globalArgNames) this.globalArgs.add(name);
  }

  /** Reports a finding over logical offsets `start`..`end` of `ins`. */
  push(
    ins: Instruction,
    start: number,
    end: number,
    message: string,
    code: string,
    severity?: DiagnosticSeverity,
    data?: FixData,
  ): void {
    if (this.inTrigger && (severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error) {
      this.out.push(diag(rangeOf(ins, start, end), message + TRIGGER_NOTE, code, DiagnosticSeverity.Warning, data));
      return;
    }
    this.out.push(diag(rangeOf(ins, start, end), message, code, severity, data));
  }
}
