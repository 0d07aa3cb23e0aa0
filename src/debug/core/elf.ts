// A small ELF and DWARF reader: enough to choose the debugger (Go build info → Delve) and to
// find the compile directory and source files for path mapping. Pure: works on a Buffer.
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

function uvarint(buf: Buffer, off: number): [number, number] {
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

// ---- DWARF ----

export interface CompileUnit {
  name: string | undefined;
  compDir: string | undefined;
  language: number | undefined;
  producer: string | undefined;
  stmtList: number | undefined;
}

const DW_FORM = {
  addr: 0x01,
  block2: 0x03,
  block4: 0x04,
  data2: 0x05,
  data4: 0x06,
  data8: 0x07,
  string: 0x08,
  block: 0x09,
  block1: 0x0a,
  data1: 0x0b,
  flag: 0x0c,
  sdata: 0x0d,
  strp: 0x0e,
  udata: 0x0f,
  ref_addr: 0x10,
  ref1: 0x11,
  ref2: 0x12,
  ref4: 0x13,
  ref8: 0x14,
  ref_udata: 0x15,
  indirect: 0x16,
  sec_offset: 0x17,
  exprloc: 0x18,
  flag_present: 0x19,
  strx: 0x1a,
  addrx: 0x1b,
  ref_sup4: 0x1c,
  strp_sup: 0x1d,
  data16: 0x1e,
  line_strp: 0x1f,
  ref_sig8: 0x20,
  implicit_const: 0x21,
  loclistx: 0x22,
  rnglistx: 0x23,
  ref_sup8: 0x24,
  strx1: 0x25,
  strx2: 0x26,
  strx3: 0x27,
  strx4: 0x28,
  addrx1: 0x29,
  addrx2: 0x2a,
  addrx3: 0x2b,
  addrx4: 0x2c,
} as const;
const DW_AT = {
  name: 0x03,
  stmt_list: 0x10,
  comp_dir: 0x1b,
  producer: 0x25,
  language: 0x13,
  str_offsets_base: 0x72,
} as const;
export const DW_LANG = {
  C89: 0x1,
  C: 0x2,
  C_plus_plus: 0x4,
  C99: 0xc,
  Rust: 0x1c,
  C11: 0x1d,
  Go: 0x16,
  C_plus_plus_11: 0x1a,
  C_plus_plus_14: 0x21,
  C17: 0x2c,
} as const;

class Cursor {
  constructor(
    readonly buf: Buffer,
    public off = 0,
  ) {}
  u8(): number {
    return this.buf[this.off++];
  }
  u16(): number {
    const v = this.buf.readUInt16LE(this.off);
    this.off += 2;
    return v;
  }
  u32(): number {
    const v = this.buf.readUInt32LE(this.off);
    this.off += 4;
    return v;
  }
  u64(): number {
    const v = Number(this.buf.readBigUInt64LE(this.off));
    this.off += 8;
    return v;
  }
  uleb(): number {
    const [v, next] = uvarint(this.buf, this.off);
    this.off = next;
    return v;
  }
  sleb(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.buf[this.off++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    if (b & 0x40) result -= 2 ** shift;
    return result;
  }
  cstr(): string {
    const end = this.buf.indexOf(0, this.off);
    const s = this.buf.subarray(this.off, end < 0 ? this.buf.length : end).toString('utf8');
    this.off = end < 0 ? this.buf.length : end + 1;
    return s;
  }
}

const cstrAt = (buf: Buffer | undefined, off: number): string | undefined => {
  if (!buf || off >= buf.length) return undefined;
  const end = buf.indexOf(0, off);
  return buf.subarray(off, end < 0 ? buf.length : end).toString('utf8');
};

interface Abbrev {
  tag: number;
  attrs: { at: number; form: number; implicit?: number }[];
}

function readAbbrevs(abbrev: Buffer, off: number): Map<number, Abbrev> {
  const c = new Cursor(abbrev, off);
  const out = new Map<number, Abbrev>();
  for (;;) {
    const code = c.uleb();
    if (code === 0) return out;
    const tag = c.uleb();
    c.u8(); // children
    const attrs: Abbrev['attrs'] = [];
    for (;;) {
      const at = c.uleb();
      const form = c.uleb();
      if (at === 0 && form === 0) break;
      attrs.push({ at, form, implicit: form === DW_FORM.implicit_const ? c.sleb() : undefined });
    }
    out.set(code, { tag, attrs });
  }
}

type FormValue =
  { kind: 'num'; v: number } | { kind: 'str'; v: string } | { kind: 'strx'; v: number } | { kind: 'none' };

interface Sections {
  str?: Buffer;
  lineStr?: Buffer;
  strOffsets?: Buffer;
}

function readForm(
  c: Cursor,
  form: number,
  o: { addrSize: number; offSize: number; version: number; implicit?: number },
  secs: Sections,
): FormValue {
  const off = (): number => (o.offSize === 8 ? c.u64() : c.u32());
  switch (form) {
    case DW_FORM.addr:
      return { kind: 'num', v: o.addrSize === 8 ? c.u64() : c.u32() };
    case DW_FORM.data1:
    case DW_FORM.ref1:
    case DW_FORM.flag:
    case DW_FORM.strx1:
    case DW_FORM.addrx1:
      return form === DW_FORM.strx1 ? { kind: 'strx', v: c.u8() } : { kind: 'num', v: c.u8() };
    case DW_FORM.data2:
    case DW_FORM.ref2:
    case DW_FORM.strx2:
    case DW_FORM.addrx2:
      return form === DW_FORM.strx2 ? { kind: 'strx', v: c.u16() } : { kind: 'num', v: c.u16() };
    case DW_FORM.strx3:
    case DW_FORM.addrx3: {
      const v = c.buf[c.off] | (c.buf[c.off + 1] << 8) | (c.buf[c.off + 2] << 16);
      c.off += 3;
      return form === DW_FORM.strx3 ? { kind: 'strx', v } : { kind: 'num', v };
    }
    case DW_FORM.data4:
    case DW_FORM.ref4:
    case DW_FORM.ref_sup4:
    case DW_FORM.strx4:
    case DW_FORM.addrx4:
      return form === DW_FORM.strx4 ? { kind: 'strx', v: c.u32() } : { kind: 'num', v: c.u32() };
    case DW_FORM.data8:
    case DW_FORM.ref8:
    case DW_FORM.ref_sig8:
    case DW_FORM.ref_sup8:
      return { kind: 'num', v: c.u64() };
    case DW_FORM.data16:
      c.off += 16;
      return { kind: 'none' };
    case DW_FORM.sdata:
      return { kind: 'num', v: c.sleb() };
    case DW_FORM.udata:
    case DW_FORM.ref_udata:
    case DW_FORM.addrx:
    case DW_FORM.loclistx:
    case DW_FORM.rnglistx:
      return { kind: 'num', v: c.uleb() };
    case DW_FORM.strx:
      return { kind: 'strx', v: c.uleb() };
    case DW_FORM.string:
      return { kind: 'str', v: c.cstr() };
    case DW_FORM.strp:
    case DW_FORM.strp_sup: {
      const s = cstrAt(secs.str, off());
      return s === undefined ? { kind: 'none' } : { kind: 'str', v: s };
    }
    case DW_FORM.line_strp: {
      const s = cstrAt(secs.lineStr, off());
      return s === undefined ? { kind: 'none' } : { kind: 'str', v: s };
    }
    case DW_FORM.ref_addr:
      return { kind: 'num', v: o.version <= 2 ? (o.addrSize === 8 ? c.u64() : c.u32()) : off() };
    case DW_FORM.sec_offset:
      return { kind: 'num', v: off() };
    case DW_FORM.exprloc:
    case DW_FORM.block: {
      const n = c.uleb();
      c.off += n;
      return { kind: 'none' };
    }
    case DW_FORM.block1: {
      const n = c.u8();
      c.off += n;
      return { kind: 'none' };
    }
    case DW_FORM.block2: {
      const n = c.u16();
      c.off += n;
      return { kind: 'none' };
    }
    case DW_FORM.block4: {
      const n = c.u32();
      c.off += n;
      return { kind: 'none' };
    }
    case DW_FORM.flag_present:
      return { kind: 'num', v: 1 };
    case DW_FORM.implicit_const:
      return { kind: 'num', v: o.implicit ?? 0 };
    case DW_FORM.indirect:
      return readForm(c, c.uleb(), o, secs);
    default:
      throw new ElfError(`unknown DWARF form 0x${form.toString(16)}`);
  }
}

export interface DwarfInfo {
  units: CompileUnit[];
  /** Absolute source file paths of the line tables (relative names joined with their directory). */
  files: string[];
}

/** Reads the compile units' root DIEs and their line-table file names. */
export function readDwarf(buf: Buffer, elf: ElfInfo, o: { maxUnits?: number } = {}): DwarfInfo | undefined {
  const info = sectionData(buf, elf, '.debug_info');
  const abbrev = sectionData(buf, elf, '.debug_abbrev');
  if (!info || !abbrev) return undefined;
  const secs: Sections = {
    str: sectionData(buf, elf, '.debug_str'),
    lineStr: sectionData(buf, elf, '.debug_line_str'),
    strOffsets: sectionData(buf, elf, '.debug_str_offsets'),
  };
  const line = sectionData(buf, elf, '.debug_line');
  const units: CompileUnit[] = [];
  const files = new Set<string>();
  const abbrevCache = new Map<number, Map<number, Abbrev>>();
  const c = new Cursor(info);
  const max = o.maxUnits ?? 5000;
  while (c.off < info.length && units.length < max) {
    const start = c.off;
    let len = c.u32();
    let offSize = 4;
    if (len === 0xffffffff) {
      len = c.u64();
      offSize = 8;
    }
    const next = c.off + len;
    const version = c.u16();
    let addrSize: number;
    let abbrevOff: number;
    if (version >= 5) {
      const unitType = c.u8();
      addrSize = c.u8();
      abbrevOff = offSize === 8 ? c.u64() : c.u32();
      if (unitType === 2 || unitType === 6) {
        c.off += 8 + offSize;
      } // type units: signature + type offset
      else if (unitType === 4 || unitType === 5) c.off += 8; // skeleton/split: dwo id
    } else {
      abbrevOff = offSize === 8 ? c.u64() : c.u32();
      addrSize = c.u8();
    }
    let abbrevs = abbrevCache.get(abbrevOff);
    if (!abbrevs) {
      abbrevs = readAbbrevs(abbrev, abbrevOff);
      abbrevCache.set(abbrevOff, abbrevs);
    }
    const a = abbrevs.get(c.uleb());
    const cu: CompileUnit = {
      name: undefined,
      compDir: undefined,
      language: undefined,
      producer: undefined,
      stmtList: undefined,
    };
    if (a) {
      const vals: { at: number; v: FormValue }[] = [];
      for (const attr of a.attrs) {
        vals.push({
          at: attr.at,
          v: readForm(c, attr.form, { addrSize, offSize, version, implicit: attr.implicit }, secs),
        });
      }
      const strBase = vals.find((x) => x.at === DW_AT.str_offsets_base)?.v;
      const str = (v: FormValue): string | undefined => {
        if (v.kind === 'str') return v.v;
        if (v.kind === 'strx' && secs.strOffsets) {
          const base = strBase?.kind === 'num' ? strBase.v : 8;
          const p = base + v.v * offSize;
          if (p + offSize > secs.strOffsets.length) return undefined;
          return cstrAt(
            secs.str,
            offSize === 8 ? Number(secs.strOffsets.readBigUInt64LE(p)) : secs.strOffsets.readUInt32LE(p),
          );
        }
        return undefined;
      };
      for (const { at, v } of vals) {
        if (at === DW_AT.name) cu.name = str(v);
        else if (at === DW_AT.comp_dir) cu.compDir = str(v);
        else if (at === DW_AT.producer) cu.producer = str(v);
        else if (at === DW_AT.language && v.kind === 'num') cu.language = v.v;
        else if (at === DW_AT.stmt_list && v.kind === 'num') cu.stmtList = v.v;
      }
      if (a.tag === 0x11 /* compile_unit */) {
        units.push(cu);
        if (line && cu.stmtList !== undefined) {
          try {
            for (const f of readLineFiles(line, cu.stmtList, cu.compDir, secs)) files.add(f);
          } catch {
            /* a damaged line table only loses mapping hints */
          }
        }
      }
    }
    if (next <= start) break;
    c.off = next;
  }
  return { units, files: [...files] };
}

const joinDir = (dir: string | undefined, name: string): string =>
  name.startsWith('/') || !dir ? name : `${dir.replace(/\/$/, '')}/${name}`;

/** File names of one line-number program header (DWARF 2–5). */
export function readLineFiles(line: Buffer, off: number, compDir: string | undefined, secs: Sections = {}): string[] {
  const c = new Cursor(line, off);
  let len = c.u32();
  let offSize = 4;
  if (len === 0xffffffff) {
    len = c.u64();
    offSize = 8;
  }
  const version = c.u16();
  let addrSize = 8;
  if (version >= 5) {
    addrSize = c.u8();
    c.u8(); // segment selector size
  }
  const headerLen = offSize === 8 ? c.u64() : c.u32();
  const programStart = c.off + headerLen;
  c.u8(); // min instruction length
  if (version >= 4) c.u8(); // max ops per instruction
  c.u8(); // default_is_stmt
  c.u8(); // line_base
  c.u8(); // line_range
  const opcodeBase = c.u8();
  c.off += opcodeBase - 1;
  const out: string[] = [];
  if (version < 5) {
    const dirs: string[] = [compDir ?? ''];
    for (;;) {
      const d = c.cstr();
      if (!d) break;
      dirs.push(joinDir(compDir, d));
    }
    while (c.off < programStart) {
      const name = c.cstr();
      if (!name) break;
      const dir = c.uleb();
      c.uleb();
      c.uleb();
      out.push(joinDir(dirs[dir], name));
    }
    return out;
  }
  const fo = { addrSize, offSize, version };
  const readEntries = (): Record<number, FormValue>[] => {
    const fmtCount = c.u8();
    const fmts: [number, number][] = [];
    for (let i = 0; i < fmtCount; i++) fmts.push([c.uleb(), c.uleb()]);
    const n = c.uleb();
    const rows: Record<number, FormValue>[] = [];
    for (let i = 0; i < n; i++) {
      const row: Record<number, FormValue> = {};
      for (const [ct, form] of fmts) row[ct] = readForm(c, form, fo, secs);
      rows.push(row);
    }
    return rows;
  };
  const sv = (v: FormValue | undefined): string => (v?.kind === 'str' ? v.v : '');
  const dirs = readEntries().map((r) => joinDir(compDir, sv(r[1])));
  for (const r of readEntries()) {
    const name = sv(r[1]);
    const d = r[2]?.kind === 'num' ? r[2].v : 0;
    if (name) out.push(joinDir(dirs[d], name));
  }
  return out;
}

// ---- putting it together ----

export type DebuggerKind = 'delve' | 'lldb';

export interface BinaryAnalysis {
  debugger: DebuggerKind;
  go: GoBuildInfo | undefined;
  static: boolean;
  interpreter: string | undefined;
  hasDebugInfo: boolean;
  /** Compile directories of the units (deduplicated), most frequent first. */
  compDirs: string[];
  /** Source files of the program (system and toolchain files included; the mapper filters). */
  sourceFiles: string[];
  machine: number;
}

/** Chooses the debugger from the binary: Go build info → Delve, anything else → LLDB. */
export function analyzeBinary(buf: Buffer): BinaryAnalysis {
  const elf = readElf(buf);
  const go =
    readGoBuildInfo(buf, elf) ??
    (elf.sections.some((s) => s.name === '.note.go.buildid' || s.name === '.gopclntab')
      ? { goVersion: undefined, mainPath: undefined, mainModule: undefined }
      : undefined);
  let dwarf: DwarfInfo | undefined;
  try {
    dwarf = readDwarf(buf, elf);
  } catch {
    dwarf = undefined;
  }
  const counts = new Map<string, number>();
  for (const u of dwarf?.units ?? []) {
    if (u.compDir && u.compDir !== '.') counts.set(u.compDir, (counts.get(u.compDir) ?? 0) + 1);
  }
  return {
    debugger: go ? 'delve' : 'lldb',
    go,
    static: elf.interpreter === undefined,
    interpreter: elf.interpreter,
    hasDebugInfo: !!dwarf && dwarf.units.length > 0,
    compDirs: [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([d]) => d),
    sourceFiles: dwarf?.files ?? [],
    machine: elf.machine,
  };
}
