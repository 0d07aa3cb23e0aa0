// What the debugger needs to know about a program: Go or not (Delve or LLDB), static or not,
// whether it has debug information, and its source files. Pure: works on a Buffer.
import { readDwarf, type DwarfInfo } from './dwarf';
import { readElf, readGoBuildInfo, type GoBuildInfo } from './elf';

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
