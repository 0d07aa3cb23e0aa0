// systemd and the Quadlet directories, with no `vscode` import: where units are installed,
// whether systemd runs here, and systemctl/journalctl calls with argument arrays (no shell).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Scope = 'user' | 'system';

/** The folder Quadlet reads units from, for a scope (the first of the search path). */
export function quadletDir(scope: Scope, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  if (scope === 'system') return '/etc/containers/systemd';
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'containers', 'systemd');
}

/** True when systemd is the init system here (the sd_booted() test). */
export function systemdRunning(): boolean {
  try {
    return fs.statSync('/run/systemd/system').isDirectory();
  } catch {
    return false;
  }
}

export const NO_SYSTEMD_MESSAGE =
  'systemd is not running on this machine (no /run/systemd/system): Quadlet units can be installed and previewed here, but not started. Run them on a host booted with systemd.';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as { code?: unknown }).code === 'number'
          ? (err as { code: number }).code
          : 127
        : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr || (err && !stdout ? err.message : '')) });
    });
  });
}

export function systemctlArgs(scope: Scope, ...rest: string[]): string[] {
  return [...(scope === 'user' ? ['--user'] : []), ...rest];
}

export function systemctl(scope: Scope, ...rest: string[]): Promise<RunResult> {
  return run('systemctl', systemctlArgs(scope, ...rest));
}

export interface UnitState {
  load: string;
  active: string;
  sub: string;
}

/** `systemctl show` output (Key=Value lines) to a state. */
export function parseShow(text: string): UnitState {
  const m = new Map(
    text.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]),
  );
  return {
    load: m.get('LoadState') ?? 'unknown',
    active: m.get('ActiveState') ?? 'unknown',
    sub: m.get('SubState') ?? '',
  };
}

export async function unitState(scope: Scope, service: string): Promise<UnitState> {
  const r = await systemctl(scope, 'show', '--property=LoadState,ActiveState,SubState', '--', service);
  if (r.code !== 0) return { load: 'error', active: 'unknown', sub: r.stderr.trim() };
  return parseShow(r.stdout);
}

/** Parses `quadlet -dryrun` output: `---NAME---` headers, each followed by a unit. */
export function parseDryrun(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (name) out.set(name, `${lines.join('\n').replace(/\n+$/, '')}\n`);
  };
  for (const line of stdout.split('\n')) {
    const h = /^---(.+)---$/.exec(line);
    if (h) {
      flush();
      name = h[1];
      lines = [];
    } else if (name) lines.push(line);
  }
  flush();
  return out;
}

/** Where the real generator may be: the setting, Podman's own path, the test cache. */
export function generatorCandidates(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const cache = env.PODMAN_WORKBENCH_CACHE ?? path.join(os.homedir(), '.cache', 'podman-workbench');
  return [
    setting,
    '/usr/libexec/podman/quadlet',
    '/usr/lib/podman/quadlet',
    path.join(cache, 'quadlet-generator', 'root', 'usr', 'libexec', 'podman', 'quadlet'),
  ].filter((x): x is string => !!x);
}

/** The systemd service Quadlet generates for a unit file name (web.container → web.service, db.volume → db-volume.service). */
export function serviceNameOf(unitFile: string): string {
  const base = path.basename(unitFile);
  const m = /^(.*)\.(container|pod|volume|network|kube|image|build|artifact)$/.exec(base);
  if (!m) return base;
  return m[2] === 'container' || m[2] === 'kube' ? `${m[1]}.service` : `${m[1]}-${m[2]}.service`;
}
