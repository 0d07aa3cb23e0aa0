// A small ELF reader: the header, the sections (decompressed when needed) and Go's build info.
// The DWARF reader is ./dwarf.ts, the analysis that chooses the debugger ./analysis.ts. Pure:
// works on a Buffer.
import { inflateSync } from 'node:zlib';

export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  offset: number;
  size: number;
}

export interface ElfInfo {
  class: 32 | 64;
  machine: number;
  /** PT_INTERP, e.g. /lib64/ld-linux-x86-64.so.2; undefined for a static binary. */
  interpreter: string | undefined;
  sections: ElfSection[];
}

export class ElfError extends Error {}

const SHF_COMPRESSED = 0x800;
const PT_INTERP = 3;

export function isElf(buf: Buffer): boolean {
  return buf.length >= 16 && buf.readUInt32BE(0) === 0x7f454c46;
}

export function readElf(buf: Buffer): ElfInfo {
  if (!isElf(buf)) throw new ElfError('not an ELF file');
  const cls = buf[4] === 2 ? 64 : buf[4] === 1 ? 32 : 0;
  if (!cls) throw new ElfError('unknown ELF class');
  if (buf[5] !== 1) throw new ElfError('big-endian ELF is not supported');
  const is64 = cls === 64;
  const u = (off: number, size: 2 | 4 | 8): number =>
    size === 2 ? buf.readUInt16LE(off) : size === 4 ? buf.readUInt32LE(off) : Number(buf.readBigUInt64LE(off));
  const W = is64 ? 8 : 4;
  const machine = u(18, 2);
  const phoff = u(is64 ? 32 : 28, W as 4 | 8);
  const shoff = u(is64 ? 40 : 32, W as 4 | 8);
  const phentsize = u(is64 ? 54 : 42, 2);
  const phnum = u(is64 ? 56 : 44, 2);
  const shentsize = u(is64 ? 58 : 46, 2);
  const shnum = u(is64 ? 60 : 48, 2);
  const shstrndx = u(is64 ? 62 : 50, 2);

  let interpreter: string | undefined;
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (p + phentsize > buf.length) break;
    if (u(p, 4) !== PT_INTERP) continue;
    const off = u(p + (is64 ? 8 : 4), W as 4 | 8);
    const size = u(p + (is64 ? 32 : 16), W as 4 | 8);
    interpreter = buf
      .subarray(off, off + size)
      .toString('latin1')
      .replace(/\0.*$/s, '');
  }

  const secs: (Omit<ElfSection, 'name'> & { nameOff: number })[] = [];
  for (let i = 0; i < shnum; i++) {
    const s = shoff + i * shentsize;
    if (s + shentsize > buf.length) throw new ElfError('truncated section header table');
    secs.push({
      nameOff: u(s, 4),
      type: u(s + 4, 4),
      flags: u(s + 8, W as 4 | 8),
      offset: u(s + (is64 ? 24 : 16), W as 4 | 8),
      size: u(s + (is64 ? 32 : 20), W as 4 | 8),
    });
  }
  const strtab = secs[shstrndx];
  const name = (off: number): string => {
    if (!strtab) return '';
    const start = strtab.offset + off;
    const end = buf.indexOf(0, start);
    return buf.subarray(start, end < 0 ? start : end).toString('latin1');
  };
  return {
    class: cls as 32 | 64,
    machine,
    interpreter,
    sections: secs.map(({ nameOff, ...s }) => ({ name: name(nameOff), ...s })),
  };
}

/** A section's bytes, decompressed when SHF_COMPRESSED (zlib) or a legacy .zdebug_* section. */
export function sectionData(buf: Buffer, elf: ElfInfo, name: string): Buffer | undefined {
  const s =
    elf.sections.find((x) => x.name === name) ??
    elf.sections.find((x) => x.name === name.replace(/^\.debug_/, '.zdebug_'));
  if (!s || s.type === 8 /* NOBITS */) return undefined;
  const data = buf.subarray(s.offset, s.offset + s.size);
  if (s.flags & SHF_COMPRESSED) {
    const type = data.readUInt32LE(0);
    if (type !== 1) throw new ElfError(`unsupported compression ${type} in ${name}`);
    return inflateSync(data.subarray(elf.class === 64 ? 24 : 12));
  }
  if (s.name.startsWith('.zdebug_') && data.subarray(0, 4).toString('latin1') === 'ZLIB') {
    return inflateSync(data.subarray(12));
  }
  return data;
}

// ---- Go build info ----

export interface GoBuildInfo {
  goVersion: string | undefined;
  /** Main module path (`path` line of the module info), e.g. example.com/app. */
  mainPath: string | undefined;
  mainModule: string | undefined;
}

/** An unsigned LEB128 number at `off` (Go varints, DWARF): [value, offset after it]. */
export function uvarint(buf: Buffer, off: number): [number, number] {
  let x = 0;
  let shift = 0;
  for (let i = off; i < buf.length; i++) {
    const b = buf[i];
    x += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [x, i + 1];
    shift += 7;
  }
  throw new ElfError('truncated varint');
}

/** Reads `.go.buildinfo` (Go 1.18+ inline format; older formats report Go without a version). */
export function readGoBuildInfo(buf: Buffer, elf: ElfInfo): GoBuildInfo | undefined {
  const s = elf.sections.find((x) => x.name === '.go.buildinfo');
  if (!s) return undefined;
  const data = buf.subarray(s.offset, s.offset + s.size);
  if (data.subarray(0, 14).toString('latin1') !== '\xff Go buildinf:') {
    return { goVersion: undefined, mainPath: undefined, mainModule: undefined };
  }
  const flags = data[15];
  if (!(flags & 2)) return { goVersion: undefined, mainPath: undefined, mainModule: undefined };
  let off = 32;
  const str = (): string => {
    const [n, next] = uvarint(data, off);
    const v = data.subarray(next, next + n).toString('utf8');
    off = next + n;
    return v;
  };
  const goVersion = str();
  let mod = str();
  if (mod.length >= 33 && mod[mod.length - 17] === '\n') mod = mod.slice(16, -16);
  let mainPath: string | undefined;
  let mainModule: string | undefined;
  for (const line of mod.split('\n')) {
    const [k, v] = line.split('\t');
    if (k === 'path') mainPath = v;
    if (k === 'mod') mainModule = v;
  }
  return { goVersion, mainPath, mainModule };
}
