// `npm run fuzz:quadlet -- [--count N] [--seed S] [--generator trixie|sid|all] [--batch B]
// [--show K] [--no-minimise] [--json] [--keys]`: generates N units per generator, compares the preview
// and the checks with each real generator, and prints the differences grouped by kind, each
// group with one example minimised to the smallest folder that shows it. Exits 1 on differences.
// --keys instead measures which catalogue keys each generator knows (keys.ts).
import { measureKeys } from './keys';
import { minimise } from './minimise';
import { findGenerator, SUITES, type Suite } from './oracle';
import { runFuzz, type Difference, type FuzzReport } from './fuzz';

interface Args {
  count: number;
  seed: number;
  suites: Suite[];
  batch: number;
  show: number;
  minimise: boolean;
  json: boolean;
  keys: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    count: 1000,
    seed: 1,
    suites: [...SUITES],
    batch: 100,
    show: 15,
    minimise: true,
    json: false,
    keys: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return next;
    };
    const number = () => {
      const parsed = Number(value());
      if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${argv[i - 1]} needs a whole number`);
      return parsed;
    };
    const flag = argv[i];
    if (flag === '--count') args.count = number();
    else if (flag === '--seed') args.seed = number();
    else if (flag === '--batch') args.batch = Math.max(1, number());
    else if (flag === '--show') args.show = number();
    else if (flag === '--no-minimise') args.minimise = false;
    else if (flag === '--json') args.json = true;
    else if (flag === '--keys') args.keys = true;
    else if (flag === '--generator') {
      const suite = value();
      if (suite !== 'all' && !(SUITES as readonly string[]).includes(suite)) {
        throw new Error(`unknown generator ${suite}`);
      }
      args.suites = suite === 'all' ? [...SUITES] : [suite as Suite];
    } else throw new Error(`unknown option ${flag}`);
  }
  return args;
}

/** The kind of a difference: its first line with unit names and numbers blurred. */
function signature(difference: Difference): string {
  return difference.differences[0].replace(/u\d+x\d+/g, 'U').replace(/\d+/g, 'N');
}

function groupDifferences(differing: Difference[]): Map<string, Difference[]> {
  const groups = new Map<string, Difference[]>();
  for (const difference of differing) {
    const key = signature(difference);
    groups.set(key, [...(groups.get(key) ?? []), difference]);
  }
  return groups;
}

function printFolder(difference: Difference) {
  for (const [name, file] of difference.files) {
    console.log(`    --- ${name}${typeof file === 'string' ? '' : ` -> ${file.link}`}`);
    if (typeof file === 'string') for (const line of file.trimEnd().split('\n')) console.log(`    | ${line}`);
  }
  for (const line of difference.differences) console.log(`    ! ${line}`);
}

function summary(report: FuzzReport): string {
  const agreement = ((100 * report.decisionsAgreed) / Math.max(1, report.units)).toFixed(2);
  return (
    `${report.generator} (Podman ${report.version}): ${report.units} units (${report.accepted} accepted, ` +
    `${report.refused} refused by the generator), ${report.differing.length} with differences, ` +
    `accept/refuse agreement ${agreement} %, ${report.seconds.toFixed(1)} s`
  );
}

/** `--keys`: which catalogue keys each generator knows, and where the catalogue's versions disagree. */
async function printKeys(suites: Suite[]) {
  const generators = await Promise.all(suites.map((suite) => findGenerator(suite)));
  const verdicts = await measureKeys(generators);
  const wrong = verdicts.filter((verdict) => !verdict.agrees);
  console.log(
    `${verdicts.length} keys measured against ${generators.map((g) => g.version).join(', ')}: ${wrong.length} disagree with the catalogue`,
  );
  for (const verdict of wrong) {
    const known = Object.entries(verdict.known).map(([version, yes]) => `${version}:${yes ? 'known' : 'unknown'}`);
    console.log(
      `  ${verdict.section}.${verdict.key} since=${verdict.since ?? '-'} removedIn=${verdict.removedIn ?? '-'} ${known.join(' ')}`,
    );
  }
  process.exitCode = wrong.length ? 1 : 0;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.keys) return printKeys(args.suites);
  const reports: FuzzReport[] = [];
  for (const suite of args.suites) {
    const generator = await findGenerator(suite);
    const report = await runFuzz(generator, { count: args.count, seed: args.seed, batch: args.batch });
    reports.push(report);
    if (args.json) continue;
    console.log(summary(report));
    const groups = [...groupDifferences(report.differing)].sort((a, b) => b[1].length - a[1].length);
    for (const [kind, members] of groups.slice(0, args.show)) {
      console.log(`  ${members.length} × ${kind}`);
      printFolder(args.minimise ? await minimise(generator, members[0]) : members[0]);
    }
    if (groups.length > args.show) console.log(`  ... and ${groups.length - args.show} more kinds`);
  }
  if (args.json) {
    const plain = reports.map(({ differing, ...rest }) => ({ ...rest, differences: differing.length }));
    console.log(JSON.stringify(plain, null, 2));
  }
  process.exitCode = reports.some((report) => report.differing.length) ? 1 : 0;
}

main().catch((err: Error) => {
  console.error(`fuzz:quadlet: ${err.message}`);
  process.exitCode = 2;
});
