// The Pull CodeLens of an image line (lensCommand in src/registries/lenses.ts), case by case: its
// title, as VS Code's l10n gives it, and its command with the pull policy written in the file.
// The lines come from the file texts themselves (imageLines); the registry's answer is each
// freshness state the check can give. The lenses' way through the real provider, with a registry,
// is in registries.test.ts.
import * as assert from 'node:assert/strict';
import type { Freshness, FreshnessResult } from '../../src/podman/outdated';
import { type ImageFileKind, imageLines } from '../../src/registries/imageLines';
import { lensCommand } from '../../src/registries/lenses';

const REF = 'quay.io/pw/app:1';
const PULL = 'podman.image.pull';
const NEWER = '$(cloud-download) newer image available — Pull';
const NEWER_AUTO = '$(cloud-download) newer image available (AutoUpdate=registry) — Pull';
const NEVER = '$(circle-slash) pull policy never: the local image is used';
const PRESENT = '$(check) image present (pull policy missing)';

/** One image line: in `kind`'s file, with what the registry check answered and the local store holds. */
interface LensCase {
  name: string;
  kind: ImageFileKind;
  /** The file's lines after the image's own line. */
  after?: string[];
  /** The registry check's answer (undefined: none within the lens's wait). */
  state?: Freshness;
  /** Whether the image is in the local store. */
  present?: boolean;
  title: string;
  /** The lens pulls with this policy (undefined: with none written), or runs nothing (`false`). */
  pulls: string | undefined | false;
}

const LINES: Record<ImageFileKind, string[]> = {
  containerfile: [`FROM ${REF}`],
  quadlet: ['[Container]', `Image=${REF}`],
  kube: ['kind: Pod', 'spec:', '  containers:', `  - image: ${REF}`],
};

const CASES: LensCase[] = [
  { name: 'no answer from the registry', kind: 'containerfile', title: 'Pull', pulls: undefined },
  {
    name: 'the local image is current',
    kind: 'containerfile',
    state: 'current',
    present: true,
    title: 'Pull',
    pulls: undefined,
  },
  { name: 'the registry cannot tell', kind: 'containerfile', state: 'unknown', title: 'Pull', pulls: undefined },
  { name: 'a newer image', kind: 'containerfile', state: 'outdated', present: true, title: NEWER, pulls: undefined },
  {
    name: 'a newer image, AutoUpdate=registry',
    kind: 'quadlet',
    after: ['AutoUpdate=registry'],
    state: 'outdated',
    title: NEWER_AUTO,
    pulls: undefined,
  },
  {
    name: 'Pull=never, even with a newer image',
    kind: 'quadlet',
    after: ['Pull=never'],
    state: 'outdated',
    title: NEVER,
    pulls: false,
  },
  {
    name: 'Pull=missing, the image present',
    kind: 'quadlet',
    after: ['Pull=missing'],
    present: true,
    title: PRESENT,
    pulls: false,
  },
  { name: 'Pull=missing, the image absent', kind: 'quadlet', after: ['Pull=missing'], title: 'Pull', pulls: 'missing' },
  {
    name: "an image unit's Policy=newer",
    kind: 'quadlet',
    after: ['Policy=newer'],
    state: 'current',
    title: 'Pull',
    pulls: 'newer',
  },
  {
    name: 'imagePullPolicy: Always, a newer image',
    kind: 'kube',
    after: ['    imagePullPolicy: Always'],
    state: 'outdated',
    title: NEWER,
    pulls: 'always',
  },
  {
    name: 'imagePullPolicy: Never',
    kind: 'kube',
    after: ['    imagePullPolicy: Never'],
    present: true,
    title: NEVER,
    pulls: false,
  },
];

describe('image lenses: the Pull lens title and command of each case', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const [line, ...others] = imageLines([...LINES[c.kind], ...(c.after ?? [])].join('\n'), c.kind);
      assert.deepEqual(others, [], 'one image line');
      const state: FreshnessResult | undefined = c.state && { reference: REF, state: c.state };
      const command = lensCommand(line, state, !!c.present);
      assert.equal(command.title, c.title);
      assert.deepEqual(
        { command: command.command, arguments: command.arguments },
        c.pulls === false
          ? { command: '', arguments: undefined }
          : { command: PULL, arguments: [c.pulls ? { reference: REF, policy: c.pulls } : { reference: REF }] },
      );
    });
  }
});
