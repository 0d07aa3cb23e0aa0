// An image's layers: its history through the socket (libpod images/{name}/history), the steps of
// a build read from the build stream (which step Buildah took from its cache), and the two
// matched to the instruction lines of a Containerfile. No `vscode` import.
import type { PodmanClient } from './client';
import { PodmanError } from './errors';
import { instructionStarts, parseStepLine, type BuildStep } from './build';

export interface HistoryEntry {
  /** The image id of this step, or "<missing>" when no image of it is kept. */
  id: string;
  /** Seconds since the epoch. */
  created: number;
  createdBy: string;
  /** Bytes the layer adds (0 for a step that changes only the configuration). */
  size: number;
  comment: string;
  tags: string[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Validates Podman's history answer (newest first, as Podman gives it). */
export function parseHistory(raw: unknown): HistoryEntry[] {
  if (!Array.isArray(raw)) throw new PodmanError('server', 'Podman answered the image history with no list.');
  return raw.map((r) => {
    const e = (r ?? {}) as Record<string, unknown>;
    return {
      id: str(e.Id) || '<missing>',
      created: typeof e.Created === 'number' ? e.Created : 0,
      createdBy: str(e.CreatedBy),
      size: typeof e.Size === 'number' && e.Size >= 0 ? e.Size : 0,
      comment: str(e.Comment),
      tags: Array.isArray(e.Tags) ? e.Tags.map(String) : [],
    };
  });
}

export async function imageHistory(client: PodmanClient, ref: string): Promise<HistoryEntry[]> {
  return parseHistory(await client.libpod('GET', `/images/${encodeURIComponent(ref)}/history`));
}

/** The instruction a history entry records: `#(nop) ENV …` → ENV, a shell command → RUN. */
export function historyKeyword(createdBy: string): string {
  const nop = /#\(nop\)\s+([A-Za-z]+)/.exec(createdBy);
  if (nop) return nop[1].toUpperCase();
  return createdBy.trim() ? 'RUN' : '';
}

/** What the build stream said of one step. */
export interface StepLayer extends BuildStep {
  /** Buildah reused an image of its cache for this step ("--> Using cache …"). */
  cached: boolean;
  /** The short id of the image the step committed ("--> 1b8f4085987"), when it said. */
  layerId?: string;
}

/**
 * Follows a build's output text (as the build stream gives it, in pieces) and keeps, per step,
 * whether it came from the cache: "STEP n/m: …" opens a step, "--> Using cache <id>" marks it.
 * Keeps only the steps (not the output), so a build printing megabytes costs nothing here.
 */
export class BuildLayerRecorder {
  readonly steps: StepLayer[] = [];
  private partial = '';

  feed(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  /** Ends the output (a last line without a newline). */
  end(): StepLayer[] {
    if (this.partial) this.line(this.partial);
    this.partial = '';
    return this.steps;
  }

  private line(raw: string): void {
    const line = raw.trim();
    const step = parseStepLine(line);
    if (step) {
      this.steps.push({ ...step, cached: false });
      return;
    }
    const current = this.steps[this.steps.length - 1];
    if (!current) return;
    const cache = /^--> Using cache ([0-9a-f]{12,64})$/.exec(line);
    if (cache) {
      current.cached = true;
      current.layerId = cache[1].slice(0, 12);
      return;
    }
    const committed = /^--> ([0-9a-f]{11,64})$/.exec(line);
    if (committed && !current.layerId) current.layerId = committed[1].slice(0, 12);
  }
}

/** What one Containerfile line made in the last build. */
export interface LineLayer {
  /** 0-based line of the instruction. */
  line: number;
  keyword: string;
  /** Whether the last build took this step from its cache (undefined: the build did not say). */
  cached?: boolean;
  /** The layer's size in bytes, from the image's history (final stage only). */
  size?: number;
  createdBy?: string;
}

const normalise = (s: string): string =>
  s
    .replace(/\\\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The instruction text of the line that starts at `line` (its first physical line). */
function lineText(lines: string[], line: number): string {
  return normalise(lines[line] ?? '');
}

/**
 * The layers of a Containerfile's lines: each build step mapped to its line (steps whose text no
 * longer matches the line are dropped: the file changed since), and the final stage's
 * instructions matched, from the last one back, to the image's history (newest first).
 */
export function layersOfLines(text: string, steps: StepLayer[], history: HistoryEntry[] | undefined): LineLayer[] {
  const starts = instructionStarts(text);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out = new Map<number, LineLayer>();
  const froms = starts.filter((s) => s.keyword === 'FROM');
  const stageStarts = froms.map((f) => starts.indexOf(f));
  for (const step of steps) {
    const stage = (step.stage ?? 1) - 1;
    const start = step.stage !== undefined ? stageStarts[stage] : froms.length > 1 ? 0 : (stageStarts[0] ?? 0);
    const at = start === undefined ? undefined : starts[start + step.step - 1];
    if (!at) continue;
    const own = lineText(lines, at.line);
    if (!normalise(step.instruction).startsWith(own.slice(0, 60))) continue;
    out.set(at.line, { line: at.line, keyword: at.keyword, cached: at.keyword === 'FROM' ? undefined : step.cached });
  }
  if (history?.length) {
    const last = stageStarts[stageStarts.length - 1] ?? 0;
    const finalStage = starts.slice(last + 1);
    let h = 0;
    for (let i = finalStage.length - 1; i >= 0 && h < history.length; i--) {
      const ins = finalStage[i];
      const entry = history[h];
      if (!sameKind(ins.keyword, historyKeyword(entry.createdBy))) continue;
      h++;
      const prev = out.get(ins.line) ?? { line: ins.line, keyword: ins.keyword };
      out.set(ins.line, { ...prev, size: entry.size, createdBy: entry.createdBy });
    }
  }
  return [...out.values()].sort((a, b) => a.line - b.line);
}

function sameKind(instruction: string, recorded: string): boolean {
  if (instruction === recorded) return true;
  // Buildah records ADD and COPY alike in some versions ("#(nop) COPY file:…", "ADD file:…").
  return (instruction === 'ADD' || instruction === 'COPY') && (recorded === 'ADD' || recorded === 'COPY');
}

/** A byte count for people: 0 B, 2.0 KB, 300.5 KB, 12.3 MB, 1.2 GB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/** The instruction a history entry reads as: `/bin/sh -c #(nop) ENV A=1` → `ENV A=1`, a command → `RUN …`. */
export function historyInstruction(createdBy: string): string {
  const nop = /#\(nop\)\s+(.*)$/s.exec(createdBy);
  if (nop) return nop[1].trim();
  const shell = /^(?:\|\d+(?:\s+\S+=\S*)*\s+)?\/bin\/sh -c (.*)$/s.exec(createdBy.trim());
  if (shell) return `RUN ${shell[1].trim()}`;
  return createdBy.trim();
}

/** The history as a plain-text table, newest first (the Show Image Layers document). */
export function historyTable(label: string, id: string, entries: HistoryEntry[]): string {
  const total = entries.reduce((sum, e) => sum + e.size, 0);
  const rows = entries.map((e, i) => ({
    n: String(entries.length - i),
    size: formatBytes(e.size),
    created: e.created ? new Date(e.created * 1000).toISOString().replace('T', ' ').slice(0, 19) : '',
    by: historyInstruction(e.createdBy).replace(/\s+/g, ' '),
    id: e.id === '<missing>' ? '' : e.id.slice(0, 12),
  }));
  const w = (k: 'n' | 'size' | 'created' | 'id', title: string) =>
    Math.max(title.length, ...rows.map((r) => r[k].length));
  const widths = { n: w('n', '#'), size: w('size', 'SIZE'), created: w('created', 'CREATED'), id: w('id', 'IMAGE') };
  const line = (n: string, size: string, created: string, idText: string, by: string) =>
    `${n.padStart(widths.n)}  ${size.padStart(widths.size)}  ${created.padEnd(widths.created)}  ${idText.padEnd(widths.id)}  ${by}`.trimEnd();
  return [
    `Layers of ${label} (${id.slice(0, 12)}): ${entries.length} steps, ${formatBytes(total)}, newest first`,
    '',
    line('#', 'SIZE', 'CREATED', 'IMAGE', 'CREATED BY'),
    ...rows.map((r) => line(r.n, r.size, r.created, r.id, r.by)),
    '',
  ].join('\n');
}
