// A small DWARF reader: the compile units' root DIEs (name, compile directory, language,
// producer) and their line tables' file names, enough to map source paths. Pure: works on a Buffer.
import { ElfError, sectionData, uvarint, type ElfInfo } from './elf';

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

interface FormContext {
  addrSize: number;
  offSize: number;
  version: number;
  implicit?: number;
}

/** The forms of a fixed or LEB128-encoded size that hold a number or a string index; undefined for the others. */
function readNumberForm(c: Cursor, form: number, o: FormContext): FormValue | undefined {
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
    case DW_FORM.flag_present:
      return { kind: 'num', v: 1 };
    case DW_FORM.implicit_const:
      return { kind: 'num', v: o.implicit ?? 0 };
    default:
      return undefined;
  }
}

/** Skips a block form (its length first); false when `form` is not one. */
function skipBlock(c: Cursor, form: number): boolean {
  const size =
    form === DW_FORM.exprloc || form === DW_FORM.block
      ? c.uleb()
      : form === DW_FORM.block1
        ? c.u8()
        : form === DW_FORM.block2
          ? c.u16()
          : form === DW_FORM.block4
            ? c.u32()
            : form === DW_FORM.data16
              ? 16
              : undefined;
  if (size === undefined) return false;
  c.off += size;
  return true;
}

function readForm(c: Cursor, form: number, o: FormContext, secs: Sections): FormValue {
  const number = readNumberForm(c, form, o);
  if (number) return number;
  if (skipBlock(c, form)) return { kind: 'none' };
  const off = (): number => (o.offSize === 8 ? c.u64() : c.u32());
  switch (form) {
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

interface UnitHeader {
  /** Where the next unit starts. */
  next: number;
  version: number;
  offSize: number;
  addrSize: number;
  abbrevOff: number;
}

function readUnitHeader(c: Cursor): UnitHeader {
  let len = c.u32();
  let offSize = 4;
  if (len === 0xffffffff) {
    len = c.u64();
    offSize = 8;
  }
  const next = c.off + len;
  const version = c.u16();
  if (version < 5) {
    const abbrevOff = offSize === 8 ? c.u64() : c.u32();
    return { next, version, offSize, addrSize: c.u8(), abbrevOff };
  }
  const unitType = c.u8();
  const addrSize = c.u8();
  const abbrevOff = offSize === 8 ? c.u64() : c.u32();
  // Type units: signature and type offset; skeleton and split units: dwo id.
  c.off += unitType === 2 || unitType === 6 ? 8 + offSize : unitType === 4 || unitType === 5 ? 8 : 0;
  return { next, version, offSize, addrSize, abbrevOff };
}

/** The attributes of a unit's root DIE that say what the unit is. */
function readRootDie(c: Cursor, a: Abbrev, h: UnitHeader, secs: Sections): CompileUnit {
  const cu: CompileUnit = {
    name: undefined,
    compDir: undefined,
    language: undefined,
    producer: undefined,
    stmtList: undefined,
  };
  const vals: { at: number; v: FormValue }[] = [];
  for (const attr of a.attrs) {
    vals.push({ at: attr.at, v: readForm(c, attr.form, { ...h, implicit: attr.implicit }, secs) });
  }
  const strBase = vals.find((x) => x.at === DW_AT.str_offsets_base)?.v;
  const str = (v: FormValue): string | undefined => {
    if (v.kind === 'str') return v.v;
    if (v.kind === 'strx' && secs.strOffsets) {
      const base = strBase?.kind === 'num' ? strBase.v : 8;
      const p = base + v.v * h.offSize;
      if (p + h.offSize > secs.strOffsets.length) return undefined;
      return cstrAt(
        secs.str,
        h.offSize === 8 ? Number(secs.strOffsets.readBigUInt64LE(p)) : secs.strOffsets.readUInt32LE(p),
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
  return cu;
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
    const header = readUnitHeader(c);
    let abbrevs = abbrevCache.get(header.abbrevOff);
    if (!abbrevs) {
      abbrevs = readAbbrevs(abbrev, header.abbrevOff);
      abbrevCache.set(header.abbrevOff, abbrevs);
    }
    const a = abbrevs.get(c.uleb());
    if (a) {
      const cu = readRootDie(c, a, header, secs);
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
    if (header.next <= start) break;
    c.off = header.next;
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
