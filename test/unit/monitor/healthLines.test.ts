// Health commands found in Containerfiles and Quadlet units, table-driven, under \n and \r\n;
// and the disk usage rows and totals of libpod system/df.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  containerfileHealthLines,
  durationMs,
  quadletContainerName,
  quadletHealthLines,
  sameTest,
} from '../../../src/monitor/healthLines';
import { diskUsageTotals, healthArgv, parseDiskUsage } from '../../../src/podman/monitor';

const EOLS = ['\n', '\r\n'];

describe('containerfileHealthLines', () => {
  const cases: {
    name: string;
    lines: string[];
    want: { line: number; argv: string[]; test: string[]; timeoutMs?: number }[];
  }[] = [
    {
      name: 'shell form with options',
      lines: ['FROM x', 'HEALTHCHECK --interval=5s --timeout=3s CMD curl -f http://localhost/ || exit 1'],
      want: [
        {
          line: 1,
          argv: ['/bin/sh', '-c', 'curl -f http://localhost/ || exit 1'],
          test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'],
          timeoutMs: 3000,
        },
      ],
    },
    {
      name: 'exec form, lower case, continuation',
      lines: ['FROM x', 'healthcheck \\', '  CMD ["test", "-f", "/ok"]'],
      want: [{ line: 1, argv: ['test', '-f', '/ok'], test: ['CMD', 'test', '-f', '/ok'] }],
    },
    {
      name: 'NONE and other instructions',
      lines: ['FROM x', 'HEALTHCHECK NONE', 'RUN echo HEALTHCHECK CMD x'],
      want: [],
    },
  ];
  for (const eol of EOLS) {
    for (const c of cases) {
      it(`${c.name} (${JSON.stringify(eol)})`, () => {
        const got = containerfileHealthLines(c.lines.join(eol)).map(({ line, argv, test, timeoutMs }) => ({
          line,
          argv,
          test,
          ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        }));
        assert.deepEqual(got, c.want);
      });
    }
  }
});

describe('quadletHealthLines', () => {
  for (const eol of EOLS) {
    it(`HealthCmd= of the [Container] section with HealthTimeout= (${JSON.stringify(eol)})`, () => {
      const text = [
        '[Unit]',
        'HealthCmd=ignored',
        '[Container]',
        'Image=x',
        'HealthCmd=test -f /ok',
        'HealthTimeout=2s',
      ].join(eol);
      const got = quadletHealthLines(text);
      assert.equal(got.length, 1);
      assert.equal(got[0].line, 4);
      assert.deepEqual(got[0].argv, ['/bin/sh', '-c', 'test -f /ok']);
      assert.equal(got[0].timeoutMs, 2000);
      assert.equal(quadletContainerName(text, '/a/b/web.container'), 'systemd-web');
      assert.equal(quadletContainerName(`${text}${eol}ContainerName=api`, 'web.container'), 'api');
    });
  }
  it('durations and test comparison', () => {
    assert.equal(durationMs('1m30s'), 90_000);
    assert.equal(durationMs('500ms'), 500);
    assert.equal(durationMs('soon'), undefined);
    assert.ok(sameTest(['CMD-SHELL', 'test  -f /ok'], ['CMD-SHELL', 'test -f /ok']));
    assert.ok(!sameTest(['CMD', 'true'], ['CMD-SHELL', 'true']));
    assert.deepEqual(healthArgv(['CMD-SHELL', 'a && b']), ['/bin/sh', '-c', 'a && b']);
    assert.deepEqual(healthArgv(['CMD', 'true']), ['true']);
  });
});

describe('parseDiskUsage', () => {
  it('rows with what is reclaimable, and totals that add up', () => {
    const rows = parseDiskUsage({
      Images: [
        { Repository: 'a', Tag: '1', ImageID: 'i1', Size: 100, UniqueSize: 60, Containers: 1 },
        { Repository: '<none>', Tag: '<none>', ImageID: 'i2', Size: 50, UniqueSize: 40, Containers: 0 },
      ],
      Containers: [
        { ContainerID: 'c1', Names: 'run', RWSize: 7, Status: 'running' },
        { ContainerID: 'c2', Names: 'old', RWSize: 9, Status: 'exited' },
      ],
      Volumes: [{ VolumeName: 'v', Links: 0, Size: 30, ReclaimableSize: 30 }],
    });
    assert.deepEqual(
      rows.map((r) => [r.kind, r.name, r.size, r.reclaimable, r.inUse]),
      [
        ['image', 'a:1', 100, 0, true],
        ['image', '<none>', 50, 40, false],
        ['container', 'run', 7, 0, true],
        ['container', 'old', 9, 9, false],
        ['volume', 'v', 30, 30, false],
      ],
    );
    assert.deepEqual(diskUsageTotals(rows), [
      { kind: 'image', count: 2, size: 150, reclaimable: 40 },
      { kind: 'container', count: 2, size: 16, reclaimable: 9 },
      { kind: 'volume', count: 1, size: 30, reclaimable: 30 },
    ]);
    assert.deepEqual(parseDiskUsage(null), []);
  });
});
