// The pure parts of image layers, archives and secrets: the build-stream recorder, history parsing
// and matching to Containerfile lines (both line endings), archive sniffing, secret validation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BuildLayerRecorder,
  formatBytes,
  historyInstruction,
  historyKeyword,
  historyTable,
  layersOfLines,
  parseHistory,
  type HistoryEntry,
} from '../../../src/podman/history';
import { archiveKind } from '../../../src/podman/transfer';
import { parseSecret, secretProblem } from '../../../src/podman/secrets';

const EOLS = ['\n', '\r\n'];

// What Podman 4.3 streamed for a rebuild of a file whose third RUN changed (one piece per JSON line).
const REBUILD = [
  'STEP 1/5: FROM localhost/pw-busybox:latest\n',
  'STEP 2/5: ENV A=1\n',
  '--> Using cache 1b8f408598733eec88e1fb8f47da8c0f345eb119e26e06c72db702ec3212f4aa\n',
  '--> 1b8f4085987\n',
  'STEP 3/5: RUN dd if=/dev/zero of=/big bs=1024 count=300\n',
  '--> Using cache 8917e1997b2c17af7d0d055b8e2738bbb69c956fbb02c088bbed3d2c95c1ab74\n',
  '--> 8917e1997b2\n',
  'STEP 4/5: RUN echo hi2 > /hi\n',
  '--> 156b57a65ef\n',
  'STEP 5/5: CMD ["/bin/sh"]\n',
  'COMMIT localhost/layered:cli\n',
  '--> 710e6353855\n',
  'Successfully tagged localhost/layered:cli\n',
  '710e63538554f11efd7709b55eee7c4f4d81f95268a4e9cd2df04c2fcb5f4760\n',
];

const HISTORY: HistoryEntry[] = parseHistory([
  { Id: '7b5b954ecdf0', Created: 1796302677, CreatedBy: '/bin/sh -c #(nop) CMD ["/bin/sh"]', Size: 0 },
  { Id: '<missing>', Created: 1796302677, CreatedBy: '/bin/sh -c echo hi2 > /hi', Size: 2560 },
  { Id: 'd7ed78e6433c', CreatedBy: '/bin/sh -c dd if=/dev/zero of=/big bs=1024 count=300', Size: 311296 },
  { Id: '81fee2a606f5', CreatedBy: '/bin/sh -c #(nop) ENV A=1', Size: 0 },
  { Id: '<missing>', CreatedBy: '/bin/sh -c #(nop) ADD file:e8bad24af4 in /', Size: 2017280, Comment: 'imported' },
]);

describe('the build-stream recorder', () => {
  it('marks the steps taken from the cache, whatever the pieces the stream comes in', () => {
    const whole = new BuildLayerRecorder();
    for (const piece of REBUILD) whole.feed(piece);
    const bytes = new BuildLayerRecorder();
    for (const ch of REBUILD.join('')) bytes.feed(ch);
    for (const r of [whole, bytes]) {
      assert.deepEqual(
        r.end().map((s) => [s.step, s.cached, s.layerId]),
        [
          [1, false, undefined],
          [2, true, '1b8f40859873'],
          [3, true, '8917e1997b2c'],
          [4, false, '156b57a65ef'],
          [5, false, '710e6353855'],
        ],
      );
    }
  });

  it('keeps the stage of multi-stage builds', () => {
    const r = new BuildLayerRecorder();
    r.feed('[1/2] STEP 1/2: FROM a AS build\n[1/2] STEP 2/2: RUN make\n--> Using cache 0123456789ab\n');
    r.feed('[2/2] STEP 1/2: FROM b\n[2/2] STEP 2/2: COPY --from=build /out /out');
    assert.deepEqual(
      r.end().map((s) => [s.stage, s.step, s.cached]),
      [
        [1, 1, false],
        [1, 2, true],
        [2, 1, false],
        [2, 2, false],
      ],
    );
  });
});

describe('history', () => {
  it('reads the instruction of an entry', () => {
    const cases: [string, string, string][] = [
      ['/bin/sh -c #(nop) ENV A=1', 'ENV', 'ENV A=1'],
      ['/bin/sh -c #(nop) COPY file:87c7 in /hello.txt ', 'COPY', 'COPY file:87c7 in /hello.txt'],
      ['|1 N=3 /bin/sh -c echo hi > /hi', 'RUN', 'RUN echo hi > /hi'],
      ['/bin/sh -c dd if=/dev/zero of=/big', 'RUN', 'RUN dd if=/dev/zero of=/big'],
      ['', '', ''],
    ];
    for (const [createdBy, keyword, instruction] of cases) {
      assert.equal(historyKeyword(createdBy), keyword, createdBy);
      assert.equal(historyInstruction(createdBy), instruction, createdBy);
    }
  });

  it('refuses an answer that is not a list, and fills what an entry lacks', () => {
    assert.throws(() => parseHistory({ message: 'no such image' }), /no list/);
    assert.deepEqual(parseHistory([{}]), [
      { id: '<missing>', created: 0, createdBy: '', size: 0, comment: '', tags: [] },
    ]);
  });

  it('writes a table, newest first, with the total', () => {
    const table = historyTable('localhost/layered:1', '7b5b954ecdf08831', HISTORY);
    const lines = table.split('\n');
    assert.match(lines[0], /^Layers of localhost\/layered:1 \(7b5b954ecdf0\): 5 steps, 2\.3 MB, newest first$/);
    assert.match(lines[3], /^5\s+0 B\s+2026-\S+ \S+\s+7b5b954ecdf0\s+CMD \["\/bin\/sh"\]$/);
    assert.match(lines[5], /^3\s+311\.3 KB .* RUN dd if=\/dev\/zero of=\/big bs=1024 count=300$/);
  });

  it('formats sizes', () => {
    assert.deepEqual([0, 999, 1000, 311296, 2_017_280, 5e9].map(formatBytes), [
      '0 B',
      '999 B',
      '1.0 KB',
      '311.3 KB',
      '2.0 MB',
      '5.0 GB',
    ]);
  });
});

describe('layers of Containerfile lines', () => {
  for (const eol of EOLS) {
    const file = [
      '# the app',
      'FROM localhost/pw-busybox:latest',
      'ENV A=1',
      '',
      'RUN dd if=/dev/zero \\',
      '    of=/big bs=1024 count=300',
      'RUN echo hi2 > /hi',
      'CMD ["/bin/sh"]',
    ].join(eol);
    const steps = () => {
      const r = new BuildLayerRecorder();
      r.feed(REBUILD.join('').replace('RUN dd if=/dev/zero of=/big', 'RUN dd if=/dev/zero \\ of=/big'));
      return r.end();
    };

    it(`puts sizes and cache use on the instruction lines (${JSON.stringify(eol)})`, () => {
      assert.deepEqual(
        layersOfLines(file, steps(), HISTORY).map((l) => [l.line, l.keyword, l.cached, l.size]),
        [
          [1, 'FROM', undefined, undefined],
          [2, 'ENV', true, 0],
          [4, 'RUN', true, 311296],
          [6, 'RUN', false, 2560],
          [7, 'CMD', false, 0],
        ],
      );
    });

    it(`drops the cache use of lines changed since the build, keeps the sizes it can match (${JSON.stringify(eol)})`, () => {
      const edited = file.replace('echo hi2', 'echo edited');
      const layers = layersOfLines(edited, steps(), HISTORY);
      const line6 = layers.find((l) => l.line === 6);
      assert.equal(line6?.cached, undefined, 'the edited line no longer says what the build did');
      assert.equal(line6?.size, 2560, 'the history still matches it by kind and place');
    });

    it(`without the history, only the cache use (${JSON.stringify(eol)})`, () => {
      assert.ok(layersOfLines(file, steps(), undefined).every((l) => l.size === undefined));
    });
  }

  it('a line that made no history entry (Docker skips ARG) does not shift the others', () => {
    const file = 'FROM x\nARG N=3\nRUN echo hi2 > /hi\nCMD ["/bin/sh"]\n';
    const history = parseHistory([
      { CreatedBy: '/bin/sh -c #(nop) CMD ["/bin/sh"]', Size: 0 },
      { CreatedBy: '|1 N=3 /bin/sh -c echo hi2 > /hi', Size: 2560 },
      { CreatedBy: '/bin/sh -c #(nop) ADD file:e8 in /', Size: 100 },
    ]);
    assert.deepEqual(
      layersOfLines(file, [], history).map((l) => [l.line, l.size]),
      [
        [2, 2560],
        [3, 0],
      ],
    );
  });
});

describe('archives', () => {
  it('tells a tar and compressed files from anything else', () => {
    const tar = Buffer.alloc(512);
    tar.write('ustar', 257, 'latin1');
    assert.equal(archiveKind(tar), 'tar');
    assert.equal(archiveKind(Buffer.from([0x1f, 0x8b, 8, 0])), 'gzip');
    assert.equal(archiveKind(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])), 'zstd');
    assert.equal(archiveKind(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])), 'xz');
    assert.equal(archiveKind(Buffer.from('BZh91AY')), 'bzip2');
    assert.equal(archiveKind(Buffer.from('{"not": "a tar"}')), undefined);
    assert.equal(archiveKind(Buffer.alloc(0)), undefined);
  });
});

describe('secrets', () => {
  it('checks names and values before anything is sent', () => {
    assert.equal(secretProblem('db-password'), undefined);
    assert.equal(secretProblem('a.b_c-1', Buffer.from('x')), undefined);
    assert.match(secretProblem('') ?? '', /1 to 253/);
    assert.match(secretProblem('-leading') ?? '', /1 to 253/);
    assert.match(secretProblem('has space') ?? '', /1 to 253/);
    assert.match(secretProblem('ok', Buffer.alloc(0)) ?? '', /empty/);
    assert.match(secretProblem('ok', Buffer.alloc(512_000)) ?? '', /under 512,000 bytes/);
  });

  it('reads a record, and refuses one without id or name', () => {
    assert.deepEqual(
      parseSecret({
        ID: '0f7ae57926386bf330e0be2b7',
        CreatedAt: '2026-12-03T12:57:32Z',
        UpdatedAt: '2026-12-03T12:57:32Z',
        Spec: { Name: 's1', Driver: { Name: 'file', Options: { path: '/x' } }, Labels: { a: 'b' } },
      }),
      {
        id: '0f7ae57926386bf330e0be2b7',
        name: 's1',
        driver: 'file',
        createdAt: '2026-12-03T12:57:32Z',
        updatedAt: '2026-12-03T12:57:32Z',
        labels: { a: 'b' },
      },
    );
    assert.throws(() => parseSecret({ Spec: { Name: 'x' } }), /without an id or a name/);
  });
});
