// Mount= values the way the generator reads them: each word (split like LookupAllArgs) is one
// CSV record (Go's encoding/csv, as Podman's FindMountType reads it), its `type=` field found,
// the source of volume, bind, glob and image mounts resolved, and the fields written back as CSV.
import { compareVersions } from '../../../podman/version';
import { splitWords } from './words';

export const MOUNT_FORMAT =
  'incorrect mount format: should be --mount type=<bind|glob|tmpfs|volume>,[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]';

/** Mount types whose source the generator resolves (a host path, a .volume or an .image unit). */
const RESOLVED_TYPES = ['volume', 'bind', 'glob', 'image'];

/** A Mount= word parsed: its type, the other fields, and the index of its (last) source field. */
export interface ParsedMount {
  type: string;
  fields: string[];
  /** Index in `fields` of the last source=/src= field, -1 when there is none. */
  source: number;
  /** Whether the generator resolves the source (and so needs one). */
  resolved: boolean;
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** One CSV line's fields, or the reader's error (Go's wording, 1-based byte columns). */
function csvFields(line: string, lineNumber: number): string[] | string {
  const fields: string[] = [];
  let at = 0;
  const error = (index: number, what: string) =>
    `parse error on line ${lineNumber}, column ${utf8Length(line.slice(0, index)) + 1}: ${what}`;
  for (;;) {
    if (line[at] === '"') {
      let field = '';
      let end = at + 1;
      for (;;) {
        const close = line.indexOf('"', end);
        if (close < 0) return error(line.length, 'extraneous or missing " in quoted-field');
        field += line.slice(end, close);
        if (line[close + 1] === '"') {
          field += '"';
          end = close + 2;
          continue;
        }
        if (close + 1 < line.length && line[close + 1] !== ',') {
          return error(close + 1, 'extraneous or missing " in quoted-field');
        }
        at = close + 1;
        break;
      }
      fields.push(field);
    } else {
      const comma = line.indexOf(',', at);
      const field = line.slice(at, comma < 0 ? line.length : comma);
      const quote = field.indexOf('"');
      if (quote >= 0) return error(at + quote, 'bare " in non-quoted-field');
      fields.push(field);
      at = comma < 0 ? line.length : comma;
    }
    if (at >= line.length) return fields;
    at++; // the comma
  }
}

/** The records of a CSV text (blank lines skipped), or the reader's error. */
function csvRecords(text: string): string[][] | string {
  const records: string[][] = [];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  for (const [index, line] of lines.entries()) {
    if (!line) continue;
    const fields = csvFields(line, index + 1);
    if (typeof fields === 'string') return fields;
    if (records.length && fields.length !== records[0].length) {
      return `record on line ${index + 1}: wrong number of fields`;
    }
    records.push(fields);
  }
  return records;
}

/**
 * Parses a Mount= word like the generator of `version`, or returns its error. Without `type=`,
 * 5.4.2 refuses the mount and 5.8.6 takes it as a volume (measured; the change estimated at 5.5).
 */
export function parseMount(word: string, version: string): ParsedMount | string {
  const records = csvRecords(word);
  if (typeof records === 'string') return records;
  if (records.length !== 1) return MOUNT_FORMAT;
  let type: string | undefined;
  const fields: string[] = [];
  for (const field of records[0]) {
    const parts = field.split('=');
    if (type === undefined && parts.length === 2 && parts[0] === 'type') type = parts[1];
    else fields.push(field);
  }
  if (type === undefined) {
    if (compareVersions(version, '5.5') < 0) return MOUNT_FORMAT;
    type = 'volume';
  }
  let source = -1;
  fields.forEach((field, index) => {
    const key = field.split('=')[0];
    if (key === 'source' || key === 'src') source = index;
  });
  return { type, fields, source, resolved: RESOLVED_TYPES.includes(type) };
}

/** The generator's refusal of a parsed mount's source before it is resolved, if any. */
export function mountSourceError(mount: ParsedMount, version: string): string | undefined {
  if (!mount.resolved) return undefined;
  // Every source= field is looked at; one without `=` is refused even when a later one has a value.
  if (mount.fields.some((field) => field === 'source' || field === 'src')) {
    return 'source parameter does not include a value';
  }
  const value = mount.source < 0 ? '' : mount.fields[mount.source].replace(/^[^=]*=/, '');
  if (value) return undefined;
  if (compareVersions(version, '5.5') >= 0) return 'source cannot be empty';
  return 'the Podman 5.4 generator crashes (Go panic) on a Mount= without source';
}

/** A CSV field as Go's writer writes it. */
function csvField(field: string): string {
  const needsQuotes = field === '\\.' || /[",\r\n]/.test(field) || /^\s/.test(field);
  return needsQuotes ? `"${field.replace(/"/g, '""')}"` : field;
}

/** The mount written back: `type=` first, then the other fields, as one CSV record. */
export function writeMount(mount: ParsedMount): string {
  return [`type=${mount.type}`, ...mount.fields].map(csvField).join(',');
}

/** The generator's refusal of a Mount= value (the first of its words it refuses), if any. */
export function mountError(value: string, version: string): string | undefined {
  for (const word of splitWords(value)) {
    const mount = parseMount(word, version);
    const error = typeof mount === 'string' ? mount : mountSourceError(mount, version);
    if (error) return error;
  }
  return undefined;
}
