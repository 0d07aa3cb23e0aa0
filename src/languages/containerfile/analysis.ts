// Parse results shared by the features of one document version (completion and hover
// requests arrive many times for the same text).
import { parse, type ParsedContainerfile } from './parser';
import { stagesOf, type Stage } from './semantics';

export interface Analysis {
  readonly text: string;
  readonly parsed: ParsedContainerfile;
  readonly stages: Stage[];
}

const cache: Analysis[] = [];
/** Features other than diagnostics look at most this much of a huge file (bounded work). */
export const MAX_PARSED_CHARS = 4 * 1024 * 1024;
const CACHE_SIZE = 2;

export function analyze(text: string): Analysis {
  const hit = cache.find((a) => a.text === text);
  if (hit) return hit;
  const parsed = parse(text.length > MAX_PARSED_CHARS ? text.slice(0, MAX_PARSED_CHARS) : text);
  const a: Analysis = { text, parsed, stages: stagesOf(parsed) };
  cache.unshift(a);
  if (cache.length > CACHE_SIZE) cache.pop();
  return a;
}
