// The health commands written in a file, found by line: HEALTHCHECK in a Containerfile and
// HealthCmd= in a Quadlet .container unit, with the argument array Podman would run and the
// timeout they set. Plain functions over text (no vscode import), unit-tested on both line endings.

export interface HealthLine {
  line: number;
  /** The command as written (shell text, or the JSON exec form as text). */
  text: string;
  /** What exec runs: the exec form's array, or /bin/sh -c <text>. */
  argv: string[];
  /** The test as Podman stores it (CMD-SHELL ... or CMD ...), to find containers made from it. */
  test: string[];
  /** --timeout of a HEALTHCHECK, in ms, when written. */
  timeoutMs?: number;
}

function fromCommand(line: number, text: string, timeoutMs?: number): HealthLine | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (t.startsWith('[')) {
    try {
      const arr = JSON.parse(t) as unknown;
      if (Array.isArray(arr) && arr.length && arr.every((x) => typeof x === 'string')) {
        return { line, text: t, argv: arr as string[], test: ['CMD', ...(arr as string[])], timeoutMs };
      }
    } catch {
      /* not JSON: the shell form */
    }
  }
  return { line, text: t, argv: ['/bin/sh', '-c', t], test: ['CMD-SHELL', t], timeoutMs };
}

/** "30s", "1m30s", "500ms" → ms (Go durations, as HEALTHCHECK takes them). */
export function durationMs(s: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let matched = '';
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    matched += m[0];
  }
  return matched === s && matched ? total : undefined;
}

/** Logical lines (backslash continuations joined) with the number of their first line. */
function logicalLines(text: string): { line: number; text: string }[] {
  const raw = text.split(/\r?\n/);
  const out: { line: number; text: string }[] = [];
  for (let i = 0; i < raw.length; i++) {
    const start = i;
    let t = raw[i];
    while (/\\\s*$/.test(t) && i + 1 < raw.length) t = t.replace(/\\\s*$/, ' ') + raw[++i].trim();
    out.push({ line: start, text: t });
  }
  return out;
}

export function containerfileHealthLines(text: string): HealthLine[] {
  const out: HealthLine[] = [];
  for (const l of logicalLines(text)) {
    const m = /^\s*HEALTHCHECK\s+(.*)$/i.exec(l.text);
    if (!m) continue;
    let rest = m[1];
    let timeoutMs: number | undefined;
    for (let o = /^--(\w[\w-]*)=(\S+)\s+/.exec(rest); o; o = /^--(\w[\w-]*)=(\S+)\s+/.exec(rest)) {
      if (o[1] === 'timeout') timeoutMs = durationMs(o[2]);
      rest = rest.slice(o[0].length);
    }
    const cmd = /^CMD\s+(.*)$/i.exec(rest.trim());
    const h = cmd && fromCommand(l.line, cmd[1], timeoutMs);
    if (h) out.push(h);
  }
  return out;
}

export function quadletHealthLines(text: string): HealthLine[] {
  const out: HealthLine[] = [];
  let section = '';
  let timeoutMs: number | undefined;
  const lines = logicalLines(text);
  for (const l of lines) {
    const s = /^\s*\[([^\]]+)\]/.exec(l.text);
    if (s) section = s[1];
    const t = section === 'Container' && /^\s*HealthTimeout\s*=\s*(\S+)/.exec(l.text);
    if (t) timeoutMs = durationMs(t[1]);
  }
  section = '';
  for (const l of lines) {
    const s = /^\s*\[([^\]]+)\]/.exec(l.text);
    if (s) section = s[1];
    const m = section === 'Container' && /^\s*HealthCmd\s*=\s*(.*)$/.exec(l.text);
    const h = m && fromCommand(l.line, m[1], timeoutMs);
    if (h) out.push(h);
  }
  return out;
}

/** The container a Quadlet unit makes: ContainerName= or systemd-<unit name>. */
export function quadletContainerName(text: string, fileName: string): string {
  const m = /^\s*ContainerName\s*=\s*(\S+)\s*$/m.exec(text);
  return m ? m[1] : `systemd-${fileName.replace(/^.*[\\/]/, '').replace(/\.container$/, '')}`;
}

/** Same test, whitespace aside. */
export function sameTest(a: string[], b: string[]): boolean {
  const norm = (x: string[]) => x.map((s) => s.trim().replace(/\s+/g, ' ')).join('\u0000');
  return norm(a) === norm(b);
}
