// `npm run bench`: every benchmark, against a real private Podman, printed as one JSON object.
import { benchFoundation } from './foundation';

async function main(): Promise<void> {
  const out: Record<string, number | string> = {};
  Object.assign(out, await benchFoundation());
  console.log(JSON.stringify(out, null, 2));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
