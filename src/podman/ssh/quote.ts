// Quoting for the remote shell: an SSH exec carries one command line that the remote user's
// shell parses, so every argument is single-quoted here, in one tested place. No `vscode` import.

/** One argument quoted for a POSIX shell: single quotes, an embedded quote as '\''. */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new Error('An argument for the remote shell cannot hold a NUL byte.');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** A command line for the remote shell from an argument array (never from a joined string). */
export function shellCommand(args: readonly string[]): string {
  if (args.length === 0) throw new Error('An empty command cannot run on the remote host.');
  return args.map(shellQuote).join(' ');
}
