// Benchmarks of the foundation: bundle size (more to come with the explorer).
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

export async function benchFoundation(): Promise<Record<string, number>> {
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'ignore' });
  const js = existsSync('dist') ? readdirSync('dist').filter((f) => f.endsWith('.js')) : [];
  const bytes = js.reduce((n, f) => n + statSync(join('dist', f)).size, 0);
  return { bundle_kb: Math.round(bytes / 1024) };
}
