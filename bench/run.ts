// `npm run bench`: every benchmark, against a real private Podman where one is needed, printed
// as one JSON object. `npm run bench -- containerfile kube` runs only the named groups.
import { benchContainerfile } from './containerfile';
import { benchDebug } from './debug';
import { benchFoundation } from './foundation';
import { benchKube } from './kube';
import { benchQuadlet } from './quadlet';

const groups: Record<string, () => Promise<Record<string, number>>> = {
  foundation: () => benchFoundation(),
  containerfile: benchContainerfile,
  quadlet: benchQuadlet,
  kube: benchKube,
  debug: async () => {
    // The debug benchmark gets its own private Podman, like the explorer's.
    const m = (await import('../scripts/podman-sandbox.mjs' as string)) as { startSandbox(): Promise<{ socketPath: string; stop(o?: { cleanup?: boolean }): Promise<void> }> };
    const sb = await m.startSandbox();
    try {
      return await benchDebug(sb.socketPath);
    } finally {
      await sb.stop({ cleanup: true });
    }
  },
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const out: Record<string, number | string> = {};
  for (const [name, run] of Object.entries(groups)) {
    if (wanted.length && !wanted.includes(name)) continue;
    process.stderr.write(`bench: ${name}...\n`);
    Object.assign(out, await run());
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
