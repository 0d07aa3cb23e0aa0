// Writing a Quadlet unit from outside data (inspect JSON, a `podman run` line): reading JSON
// loosely, escaping systemd specifiers, and a writer that orders the sections.
import { quoteWord } from './generator/words';

export type Json = Record<string, unknown>;
export const obj = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
export const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const str = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

/** Escapes systemd specifiers in a value coming from outside (a literal % becomes %%). */
export const esc = (value: string) => value.replace(/%/g, '%%');

export class UnitWriter {
  private sections = new Map<string, string[]>();
  private header: string[] = [];
  comment(text: string) {
    this.header.push(`# ${text}`);
  }
  add(section: string, key: string, value: string) {
    if (!this.sections.has(section)) this.sections.set(section, []);
    this.sections.get(section)!.push(`${key}=${value}`);
  }
  text(): string {
    const order = ['Unit', 'Container', 'Pod', 'Volume', 'Network', 'Image', 'Service', 'Install'];
    const names = [...this.sections.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const body = names.map((n) => `[${n}]\n${this.sections.get(n)!.join('\n')}\n`).join('\n');
    return (this.header.length ? this.header.join('\n') + '\n' : '') + body;
  }
}

/** `KEY=VALUE` for key-value keys, quoted when it holds blanks or quotes. */
export const kv = (key: string, value: string) => quoteWord(esc(`${key}=${value}`));
