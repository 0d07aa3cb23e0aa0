// `npm run bench`: every benchmark, against a real private Podman where one is needed, printed
// as one JSON object. `npm run bench -- containerfile kube` runs only the named groups.
import { spawnSync } from 'node:child_process';
import { benchCompose } from './compose';
import { benchComposeLanguage } from './composeLanguage';
import { benchContainerfile } from './containerfile';
import { benchDebug } from './debug';
import { benchFoundation } from './foundation';
import { benchImages } from './images';
import { benchKube } from './kube';
import { benchMonitor } from './monitor';
import { benchQuadlet } from './quadlet';
import { benchRegistry } from './registry';
import { benchSsh } from './ssh';

const groups: Record<string, () => Promise<Record<string, number>>> = {
  foundation: () => benchFoundation(),
  containerfile: benchContainerfile,
  quadlet: benchQuadlet,
  kube: benchKube,
  images: benchImages,
  monitor: benchMonitor,
  composeLanguage: benchComposeLanguage,
  registry: benchRegistry,
  ssh: benchSsh,
  debug: async () => {
    // The debug benchmark gets its own private Podman, like the explorer's.
    const m = (await import('../scripts/podman-sandbox.mjs' as string)) as {
      startSandbox(): Promise<{ socketPath: string; stop(o?: { cleanup?: boolean }): Promise<void> }>;
    };
    const sb = await m.startSandbox();
    try {
      return await benchDebug(sb.socketPath);
    } finally {
      await sb.stop({ cleanup: true });
    }
  },
  compose: async () => {
    // Its own private Podman too: podman-compose and our engine on the same socket.
    const m = (await import('../scripts/podman-sandbox.mjs' as string)) as {
      startSandbox(): Promise<{ socketPath: string; stop(o?: { cleanup?: boolean }): Promise<void> }>;
    };
    const sb = await m.startSandbox();
    try {
      return await benchCompose(sb.socketPath);
    } finally {
      await sb.stop({ cleanup: true });
    }
  },
};

/**
 * Each group runs in a process of its own, so one group's heap (1,000 containers of the explorer
 * benchmark, say) does not slow the next one's garbage collector.
 */
async function main(): Promise<void> {
  const child = process.argv.indexOf('--child');
  if (child >= 0) {
    const name = process.argv[child + 1];
    const run = groups[name];
    if (!run) throw new Error(`unknown benchmark group ${name}`);
    process.stdout.write(`${JSON.stringify(await run())}\n`);
    return;
  }
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const out: Record<string, number | string> = {};
  for (const name of Object.keys(groups)) {
    if (wanted.length && !wanted.includes(name)) continue;
    process.stderr.write(`bench: ${name}...\n`);
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', name], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 16 << 20,
    });
    if (r.status !== 0) throw new Error(`benchmark group ${name} failed (exit ${r.status})`);
    const lines = r.stdout.trim().split('\n');
    Object.assign(out, JSON.parse(lines[lines.length - 1]) as Record<string, number>);
  }
  console.log(JSON.stringify(out, null, 2));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
