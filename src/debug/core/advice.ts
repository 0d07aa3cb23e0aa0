// Known debugger failures and what the user can do about them (the tracker shows these). Pure.

export interface Known {
  re: RegExp;
  say: string;
}

/** Debugger failures seen in the field and what the user can do about them. */
export const KNOWN: Known[] = [
  {
    re: /could not find file|no source file|unable to find|No such file/i,
    say: 'The debugger cannot find this source file in the program: its path differs from the one compiled in. Set "localRoot" to the folder the program was built from, or add "pathMappings".',
  },
  {
    re: /operation not permitted|ptrace/i,
    say: "The kernel refused ptrace. Check kernel.yama.ptrace_scope on the Podman host and the container's security options.",
  },
  {
    re: /personality set failed|'A' packet returned an error: 8/i,
    say: 'LLDB could not disable ASLR: the container\'s seccomp profile refuses personality(2). Leave ASLR on with "initCommands": ["settings set target.disable-aslr false"] (the default for launch here), or run the container with --security-opt seccomp=unconfined.',
  },
  {
    re: /version of Go is too old|Go version .* is too (old|new)/i,
    say: 'Delve does not support the Go version the program was built with: install a matching Delve on the Podman host and set "dlvPath".',
  },
];

export function knownAdvice(message: string): string | undefined {
  return KNOWN.find((k) => k.re.test(message))?.say;
}

/**
 * Why a breakpoint did not bind, when the debugger says nothing (LLDB answers verified: false
 * without a message): no debug information, a file that is not among the program's sources as
 * compiled (after path mapping), or a line without code.
 */
export function unboundReason(o: {
  localPath: string;
  remotePath: string;
  hasDebugInfo?: boolean;
  sourceFiles?: string[];
  debugger: 'delve' | 'lldb';
}): string {
  if (o.hasDebugInfo === false) {
    return `The program has no debug information, so no breakpoint can bind. Build it with ${o.debugger === 'delve' ? "-gcflags='all=-N -l'" : '-g'} and do not strip it.`;
  }
  const files = o.sourceFiles ?? [];
  if (files.length && !files.includes(o.remotePath)) {
    const base = o.remotePath.slice(o.remotePath.lastIndexOf('/') + 1);
    const same = files.filter((f) => f.endsWith(`/${base}`));
    const hint = same.length
      ? ` The program was built from ${same.slice(0, 3).join(', ')}: set "localRoot" to the folder that matches, or add "pathMappings".`
      : ' Is it part of this program?';
    return `${o.localPath} is not among the program's sources as compiled (looked for ${o.remotePath}).${hint}`;
  }
  return 'The debugger found no code on this line (a blank or comment line, or code the compiler removed): try a nearby line.';
}
