// Families of differences the Quadlet fuzzer found (issue 16, session 5), one table: each case
// holds what Podman's generators 5.4.2 and 5.8.6 did with the same files (measured with
// -dryrun), per version. Exec* lines are compared as the fuzzer compares them (prefix, last
// word and the multiset of words: the 5.4 generator writes some flags in Go map order).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { previewUnit, quadletService } from '../../../../src/languages/quadlet';
import { splitValue } from '../../../../src/languages/quadlet/generator/words';
import { normaliseLine } from '../../../fuzz/quadlet/compare';
import { ctxOf, docOf, memFiles } from './helpers';

type Expectation = { refusal: string } | { lines: string[] };
interface Case {
  name: string;
  path: string;
  text: string;
  files?: Record<string, string>;
  expect: Partial<Record<'5.4.2' | '5.8.6', Expectation>>;
}

const RUN = '/usr/bin/podman run --name systemd-%N';
const RUN54 = `${RUN} --cidfile=%t/%N.cid --replace --rm --cgroups=split --sdnotify=conmon -d`;
const RUN58 = `${RUN} --replace --rm --cgroups=split --sdnotify=conmon -d`;
const both = (expectation: Expectation) => ({ '5.4.2': expectation, '5.8.6': expectation });

const CASES: Case[] = [
  {
    name: 'ContainersConfModule= paths are passed as written',
    path: '/q/v.volume',
    text: '[Volume]\nContainersConfModule=rel/a\nContainersConfModule=../up\n',
    expect: both({
      lines: ['ExecStart=/usr/bin/podman --module=rel/a --module=../up volume create --ignore systemd-v'],
    }),
  },
  {
    name: 'a Mount= without type= is refused by 5.4 and a volume for 5.8',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nMount=source=/srv,target=/t\n',
    expect: {
      '5.4.2': {
        refusal:
          'incorrect mount format: should be --mount type=<bind|glob|tmpfs|volume>,[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]',
      },
      '5.8.6': { lines: [`ExecStart=${RUN58} --mount type=volume,source=/srv,target=/t a`, 'RequiresMountsFor=/srv'] },
    },
  },
  {
    name: 'Mount= words are unquoted before the CSV fields are read',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nMount=type=bind,source="/a b",target=/t\nMount=type=bind,"source=/c,d",target=/u\n',
    expect: {
      '5.4.2': {
        lines: [
          `ExecStart=${RUN54} --mount "type=bind,source=/a b,target=/t" --mount type=bind,source=/c,d,target=/u a`,
          'RequiresMountsFor=/a b',
          'RequiresMountsFor=/c',
        ],
      },
    },
  },
  {
    name: 'a quote inside a Mount= field is a CSV error',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nMount=type=bind,source=/a\\"b,target=/t\n',
    expect: both({ refusal: 'parse error on line 1, column 20: bare " in non-quoted-field' }),
  },
  {
    name: 'a source field without a value',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nMount=type=bind,source, target=/t\n',
    expect: both({ refusal: 'source parameter does not include a value' }),
  },
  {
    name: '.build units are no Mount= source (only .volume and .image are)',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nMount=type=image,source=x.build,target=/t\n',
    files: { '/q/x.build': '[Build]\nImageTag=localhost/b\nSetWorkingDirectory=unit\n' },
    expect: { '5.4.2': { lines: [`ExecStart=${RUN54} --mount type=image,source=x.build,target=/t a`] } },
  },
  {
    name: 'a .kube unit refuses RemapUsers=manual',
    path: '/q/k.kube',
    text: '[Kube]\nYaml=/a.yaml\nRemapUsers=manual\n',
    expect: { '5.4.2': { refusal: 'RemapUsers=manual is not supported' } },
  },
  {
    name: "a pod's Volume= host paths are required mounted (quoted by 5.8)",
    path: '/q/p.pod',
    text: '[Pod]\nVolume=/a b:/c\n',
    expect: { '5.4.2': { lines: ['RequiresMountsFor=/a b'] }, '5.8.6': { lines: ['RequiresMountsFor="/a\\x20b"'] } },
  },
  {
    name: 'single values: 5.4 trims every quote at both ends, 5.8 one pair around the value',
    path: '/q/a.container',
    text: '[Container]\nImage="quay.io/a"\nUser="u\nTimezone="UTC"\n',
    expect: {
      '5.4.2': { lines: [`ExecStart=${RUN54} --tz UTC --user u quay.io/a`] },
      '5.8.6': { lines: [`ExecStart=${RUN58} --tz UTC --user "\\"u" quay.io/a`] },
    },
  },
  {
    name: "a pod's Type=, Restart= and PIDFile= replace the unit's",
    path: '/q/p.pod',
    text: '[Pod]\n[Service]\nType=idle\nRestart=on-success\nPIDFile=/x\n',
    expect: both({ lines: ['Type=forking', 'Restart=on-failure', 'PIDFile=%t/%N.pid', '!Type=idle', '!PIDFile=/x'] }),
  },
  {
    name: '[Service] keys Quadlet does not support are written anyway',
    path: '/q/a.container',
    text: '[Container]\nImage=a\n[Service]\nDynamicUser=yes\n',
    expect: both({ lines: ['DynamicUser=yes'] }),
  },
  {
    name: 'volume User=/Group= are numbers (0 when not one; a leading 0 is octal)',
    path: '/q/a.volume',
    text: '[Volume]\nUser=app\nGroup=010\n',
    expect: both({ lines: ['ExecStart=/usr/bin/podman volume create --ignore --opt o=uid=0,gid=8 systemd-a'] }),
  },
  {
    name: 'the image driver takes only Image=',
    path: '/q/b.volume',
    text: '[Volume]\nDriver=image\nImage=quay.io/x\nDevice=tmpfs\nType=tmpfs\nUser=5\nCopy=yes\n',
    expect: both({
      lines: ['ExecStart=/usr/bin/podman volume create --ignore --driver image --opt image=quay.io/x systemd-b'],
    }),
  },
  {
    name: 'a refused .volume leaves Volume= its destination and Mount= an empty source',
    path: '/q/c.container',
    text: '[Container]\nImage=a\nVolume=bad.volume:/x:ro\nMount=type=volume,source=bad.volume,destination=/d\n',
    files: { '/q/bad.volume': '[Volume]\nOptions=uid=5\n' },
    expect: {
      '5.4.2': { lines: [`ExecStart=${RUN54} -v /x --mount type=volume,source=,destination=/d a`] },
      '5.8.6': { lines: [`ExecStart=${RUN58} -v /x --mount type=volume,source=,destination=/d a`] },
    },
  },
  {
    name: 'a refused .image leaves the container an empty --rootfs',
    path: '/q/i.container',
    text: '[Container]\nImage=bad.image\n',
    files: { '/q/bad.image': '[Image]\nImage=a\nFoo=1\n' },
    expect: { '5.4.2': { lines: [`ExecStart=${RUN54} --rootfs `] } },
  },
  {
    name: 'AuthFile= and CertDir= of an .image are passed as written',
    path: '/q/a.image',
    text: '[Image]\nImage=a\nAuthFile=rel/f\nCertDir=../c\n',
    expect: both({ lines: ['ExecStart=/usr/bin/podman image pull --authfile rel/f --cert-dir ../c a'] }),
  },
  {
    name: '5.8 merges a [Unit] key naming Quadlet files into one translated line',
    path: '/q/m.network',
    text: '[Network]\n[Unit]\nWants=a.service\nWants=b.service\nAfter=n.network\nAfter=x.service\nPartOf="q r.service" n.network\n',
    files: { '/q/n.network': '[Network]\n' },
    expect: {
      '5.8.6': {
        lines: [
          'After=n-network.service x.service',
          'PartOf=q r.service n-network.service',
          'Wants=a.service',
          'Wants=b.service',
          '!After=n.network',
        ],
      },
      '5.4.2': { lines: ['After=n.network', 'After=x.service', 'PartOf="q r.service" n.network'] },
    },
  },
  {
    name: 'instance volume names: the stem without its last character, then -%i (5.8)',
    path: '/q/b@inst5.volume',
    text: '[Volume]\n',
    expect: {
      '5.4.2': { lines: ['ExecStart=/usr/bin/podman volume create --ignore systemd-b@inst5'] },
      '5.8.6': { lines: ['ExecStart=/usr/bin/podman volume create --ignore systemd-b@inst-%i'] },
    },
  },
  {
    name: 'template pods keep the raw stem (5.8)',
    path: '/q/a@.pod',
    text: '[Pod]\n',
    expect: { '5.8.6': { lines: ['ExecStart=/usr/bin/podman pod start systemd-a@'] } },
  },
  {
    name: 'an empty Entrypoint= is written by 5.8',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nEntrypoint=\n',
    expect: { '5.8.6': { lines: [`ExecStart=${RUN58} --entrypoint= a`] } },
  },
  {
    name: 'a ReloadCmd= without words writes no ExecReload=',
    path: '/q/a.container',
    text: '[Container]\nImage=a\nReloadCmd=x \\q\n',
    expect: { '5.8.6': { lines: ['!ExecReload=/usr/bin/podman exec systemd-a x'] } },
  },
];

async function errorCodes(c: Case, version: string): Promise<string[]> {
  const context = ctxOf(c.files ?? {}, { podmanVersion: version });
  const diagnostics = await quadletService.diagnostics(docOf(c.path, c.text), context);
  return diagnostics.filter((diagnostic) => diagnostic.severity === 1).map((diagnostic) => String(diagnostic.code));
}

/** A service's lines, Exec* lines normalised like the fuzzer compares them. */
const normalised = (text: string) => text.split('\n').map(normaliseLine);

describe('Quadlet families found by the fuzzer stay fixed (per generator version)', () => {
  for (const c of CASES) {
    for (const [version, expectation] of Object.entries(c.expect)) {
      it(`${c.name} (Podman ${version})`, async () => {
        const files = memFiles({ [c.path]: c.text, ...(c.files ?? {}) });
        const result = await previewUnit({ path: c.path, text: c.text, files, podmanVersion: version });
        if ('refusal' in expectation) {
          assert.equal(result.ok, false, `the generator refuses: ${expectation.refusal}`);
          if (!result.ok) assert.equal(result.errors[0].message, expectation.refusal);
          assert.notDeepEqual(await errorCodes(c, version), [], 'check reports the refusal');
          return;
        }
        assert.ok(result.ok, JSON.stringify(result));
        const lines = normalised(result.unitText);
        for (const line of expectation.lines) {
          if (line.startsWith('!')) assert.ok(!lines.includes(normaliseLine(line.slice(1))), `no ${line.slice(1)}`);
          else assert.ok(lines.includes(normaliseLine(line)), `has ${line}:\n${result.unitText}`);
        }
        assert.deepEqual(await errorCodes(c, version), []);
      });
    }
  }
});

describe("values split like the generator's parser", () => {
  const cases: [string, 'args' | 'strv', string[] | undefined][] = [
    ['a\\qb c', 'args', undefined],
    ['a\\qb c', 'strv', ['a\\qb', 'c']],
    ['"a b" c', 'args', ['a b', 'c']],
    ['a "" b', 'args', ['a']],
    ['x\\x41 y\\s', 'args', ['xA', 'y ']],
    ['"unbalanced', 'args', ['unbalanced']],
    ['"unbalanced', 'strv', undefined],
    ["'single \\t'", 'args', ['single \t']],
  ];
  for (const [value, mode, words] of cases) {
    it(`${mode}: ${value}`, () => assert.deepEqual(splitValue(value, mode), words));
  }
});
