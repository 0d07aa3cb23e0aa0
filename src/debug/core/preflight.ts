// Checks made before a debugger is started, from the container's inspect data and the host.
// Pure: the inspect object and the ptrace scope are passed in.

export interface Preflight {
  /** Problems that stop the session, each with what to do. */
  errors: string[];
  /** Things worth saying in the Debug Console. */
  notes: string[];
  /** LLDB commands to add before the target is created. */
  lldbInitCommands: string[];
  seccompUnconfined: boolean;
  capAdd: string[];
}

export interface InspectLike {
  State?: { Running?: boolean; Paused?: boolean; Status?: string; Pid?: number };
  HostConfig?: { SecurityOpt?: string[] | null; CapAdd?: string[] | null; Privileged?: boolean; Init?: boolean };
  Mounts?: { Type?: string; Source?: string; Destination?: string }[] | null;
  Name?: string;
}

/**
 * `ptraceScope` is /proc/sys/kernel/yama/ptrace_scope of the Podman host (undefined when there is
 * no Yama). Attach works at scope 0 and 1 here because the debugger runs as root in a sidecar with
 * CAP_SYS_PTRACE; scope 3 forbids all ptrace.
 */
export function preflight(
  inspect: InspectLike,
  o: { request: 'attach' | 'launch'; debugger: 'delve' | 'lldb'; ptraceScope?: number },
): Preflight {
  const errors: string[] = [];
  const notes: string[] = [];
  const sec = inspect.HostConfig?.SecurityOpt ?? [];
  const seccompUnconfined =
    inspect.HostConfig?.Privileged === true || sec.some((s) => /^seccomp[=:]unconfined$/.test(s));
  const capAdd = (inspect.HostConfig?.CapAdd ?? []).map((c) => c.toUpperCase().replace(/^CAP_/, ''));
  const lldbInitCommands: string[] = [];
  if (o.request === 'attach') {
    if (inspect.State?.Running !== true) {
      errors.push(
        `Container ${inspect.Name ?? ''} is not running (${inspect.State?.Status ?? 'unknown state'}). Start it, then attach.`.replace(
          '  ',
          ' ',
        ),
      );
    } else if (inspect.State?.Paused) errors.push('The container is paused. Unpause it, then attach.');
  }
  if (o.ptraceScope === 3) {
    errors.push(
      'The kernel forbids ptrace (kernel.yama.ptrace_scope = 3): no debugger can attach. Set it to 1 with `sudo sysctl kernel.yama.ptrace_scope=1` (needs a reboot once set to 3).',
    );
  } else if (o.ptraceScope === 2) {
    notes.push(
      'kernel.yama.ptrace_scope is 2: only processes with CAP_SYS_PTRACE may attach; the debug sidecar has it.',
    );
  }
  if (o.debugger === 'lldb' && o.request === 'launch' && !seccompUnconfined) {
    // LLDB disables ASLR by personality(2), which the default seccomp profile refuses.
    lldbInitCommands.push('settings set target.disable-aslr false');
  }
  return { errors, notes, lldbInitCommands, seccompUnconfined, capAdd };
}
