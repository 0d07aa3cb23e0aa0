// Errors and progress of the compose engine: a failure names the service and the file position of
// what failed, and what this run had created (so nothing half-made is left unsaid).
import type { ComposeIssue, ComposeProject, SourceRange } from '../model';

export class ComposeError extends Error {
  constructor(
    message: string,
    readonly o: {
      service?: string;
      range?: SourceRange;
      /** What this run created before it stopped ("container x", "network y"). */
      created?: string[];
      issues?: ComposeIssue[];
      cancelled?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: o.cause });
    this.name = 'ComposeError';
  }
  get service(): string | undefined {
    return this.o.service;
  }
  get range(): SourceRange | undefined {
    return this.o.range;
  }
  get created(): string[] {
    return this.o.created ?? [];
  }
  get cancelled(): boolean {
    return this.o.cancelled === true;
  }
}

export interface ComposeReporter {
  /** A service's progress: "pulling", "building", "creating", "started", "healthy", "up to date", … */
  service?(name: string, state: string): void;
  warning?(issue: ComposeIssue): void;
  /** Pull and build output. */
  output?(service: string, text: string): void;
}

/** The position of a service's key, for messages ("compose.yaml:12:5"). */
export function rangeOf(project: ComposeProject, path: (string | number)[]): SourceRange | undefined {
  for (let n = path.length; n > 0; n--) {
    const r = project.positions.get(path.slice(0, n).join('/'));
    if (r) return r;
  }
  return undefined;
}

export function where(range: SourceRange | undefined): string {
  return range ? `${range.file}:${range.line + 1}:${range.character + 1}` : '';
}
