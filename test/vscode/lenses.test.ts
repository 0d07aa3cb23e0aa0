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

interface LensCase {
  name: string;
  kind: ImageFileKind;
  text: string[];
  /** The registry check's answer (undefined: none within the lens's wait). */
  state?: Freshness;
  /** Whether the image is in the local store. */
  present?: boolean;
  title: string;
  /** The pull's argument; none: the lens runs nothing. */
  pulls?: { reference: string; policy?: string };
}

const CASES: LensCase[] = [
  {
    name: 'no answer from the registry',
    kind: 'containerfile',
    text: [`FROM ${REF}`],
    title: 'Pull',
    pulls: { reference: REF },
  },
  {
    name: 'the local image is the registry’s',
    kind: 'containerfile',
    text: [`FROM ${REF}`],
    state: 'current',
    present: true,
    title: 'Pull',
    pulls: { reference: REF },
  },
  {
    name: 'the registry cannot tell',
    kind: 'containerfile',
    text: [`FROM ${REF}`],
    state: 'unknown',
    title: 'Pull',
    pulls: { reference: REF },
  },
  {
    name: 'a newer image',
    kind: 'containerfile',
    text: [`FROM ${REF}`],
    state: 'outdated',
    present: true,
    title: NEWER,
    pulls: { reference: REF },
  },
  {
    name: 'a newer image for an AutoUpdate=registry unit',
    kind: 'quadlet',
    text: ['[Container]', `Image=${REF}`, 'AutoUpdate=registry'],
    state: 'outdated',
    present: true,
    title: '$(cloud-download) newer image available (AutoUpdate=registry) — Pull',
    pulls: { reference: REF },
  },
  {
    name: 'Pull=never, even with a newer image',
    kind: 'quadlet',
    text: ['[Container]', `Image=${REF}`, 'Pull=never'],
    state: 'outdated',
    present: true,
    title: '$(circle-slash) pull policy never: the local image is used',
  },
  {
    name: 'Pull=missing with the image present',
    kind: 'quadlet',
    text: ['[Container]', `Image=${REF}`, 'Pull=missing'],
    state: 'current',
    present: true,
    title: '$(check) image present (pull policy missing)',
  },
  {
    name: 'Pull=missing with the image absent',
    kind: 'quadlet',
    text: ['[Container]', `Image=${REF}`, 'Pull=missing'],
    title: 'Pull',
    pulls: { reference: REF, policy: 'missing' },
  },
  {
    name: "an image unit's Policy=newer",
    kind: 'quadlet',
    text: ['[Image]', `Image=${REF}`, 'Policy=newer'],
    state: 'current',
    present: true,
    title: 'Pull',
    pulls: { reference: REF, policy: 'newer' },
  },
  {
    name: 'imagePullPolicy: Always with a newer image',
    kind: 'kube',
    text: ['kind: Pod', 'spec:', '  containers:', `  - image: ${REF}`, '    imagePullPolicy: Always'],
    state: 'outdated',
    present: true,
    title: NEWER,
    pulls: { reference: REF, policy: 'always' },
  },
  {
    name: 'imagePullPolicy: Never',
    kind: 'kube',
    text: ['kind: Pod', 'spec:', '  containers:', `  - image: ${REF}`, '    imagePullPolicy: Never'],
    title: '$(circle-slash) pull policy never: the local image is used',
  },
];

describe('image lenses: the Pull lens title and command of each case', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const [line, ...others] = imageLines(c.text.join('\n'), c.kind);
      assert.deepEqual(others, [], 'one image line');
      const state: FreshnessResult | undefined = c.state && { reference: REF, state: c.state };
      const command = lensCommand(line, state, !!c.present);
      assert.equal(command.title, c.title);
      assert.deepEqual(
        { command: command.command, arguments: command.arguments },
        c.pulls ? { command: PULL, arguments: [c.pulls] } : { command: '', arguments: undefined },
      );
    });
  }
});
