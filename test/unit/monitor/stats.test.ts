// The stats frame parser and the bounded history: validation at the boundary, a stopped
// container (Podman 4.3 keeps it in the stream as zeros) dropped, history bounded in count and age.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStatsFrame, StatsHistory, statsUnavailable, sumLatest } from '../../../src/podman/stats';
import { PodmanError } from '../../../src/podman/errors';

const sample = (id: string, over: Record<string, unknown> = {}) => ({
  ContainerID: id,
  Name: `n-${id}`,
  CPU: 12.5,
  MemUsage: 1000,
  MemLimit: 5000,
  NetInput: 10,
  NetOutput: 20,
  BlockInput: 30,
  BlockOutput: 40,
  PIDs: 2,
  SystemNano: 123,
  ...over,
});

describe('parseStatsFrame', () => {
  it('reads every figure and keeps the frame time', () => {
    const f = parseStatsFrame({ Error: null, Stats: [sample('a')] }, 42);
    assert.deepEqual(f, {
      time: 42,
      samples: [
        {
          id: 'a',
          name: 'n-a',
          time: 42,
          cpu: 12.5,
          memUsage: 1000,
          memLimit: 5000,
          netRx: 10,
          netTx: 20,
          blockRead: 30,
          blockWrite: 40,
          pids: 2,
        },
      ],
    });
  });
  it('drops entries without an id, reads wrong types as 0, keeps the frame error', () => {
    const f = parseStatsFrame(
      { Error: { message: 'boom' }, Stats: [{ Name: 'x' }, sample('b', { CPU: 'lots', PIDs: -3 })] },
      1,
    );
    assert.equal(f?.error, 'boom');
    assert.equal(f?.samples.length, 1);
    assert.equal(f?.samples[0].cpu, 0);
    assert.equal(f?.samples[0].pids, 0);
    assert.equal(parseStatsFrame('nonsense'), undefined);
    assert.deepEqual(parseStatsFrame({ Stats: 'no' }, 3), { time: 3, samples: [] });
  });
  it('sums the per-interface Network counters of Podman 5 (it has no NetInput/NetOutput)', () => {
    const { NetInput: _in, NetOutput: _out, ...podman5 } = sample('p5');
    const network = {
      eth0: { RxBytes: 11857, TxBytes: 3006283, RxPackets: 173 },
      eth1: { RxBytes: 100, TxBytes: 7 },
      broken: null,
    };
    const [s] = parseStatsFrame({ Stats: [{ ...podman5, Network: network }] }, 1)!.samples;
    assert.deepEqual([s.netRx, s.netTx], [11957, 3006290]);
    const [none] = parseStatsFrame({ Stats: [{ ...podman5, Network: {} }] }, 1)!.samples;
    assert.deepEqual([none.netRx, none.netTx], [0, 0], 'no interface (network none): zeros');
  });

  it('drops a stopped container that Podman 4.3 still lists as all zeros', () => {
    const zeros = sample('z', { CPU: 0, MemUsage: 0, MemLimit: 0, PIDs: 0, SystemNano: 0, NetInput: 0, NetOutput: 0 });
    assert.deepEqual(
      parseStatsFrame({ Stats: [zeros, sample('a')] }, 1)?.samples.map((x) => x.id),
      ['a'],
    );
  });
});

describe('StatsHistory', () => {
  it('keeps at most maxSamples per container however long it runs (no growth)', () => {
    const h = new StatsHistory(5, 60_000);
    for (let t = 0; t < 10_000; t++) h.add(parseStatsFrame({ Stats: [sample('a'), sample('b')] }, t)!);
    assert.equal(h.size, 10);
    assert.equal(h.of('a').length, 5);
    assert.equal(h.latest('a')?.time, 9999);
  });
  it('drops a container whose last sample is older than maxAgeMs; sums the latest of a group', () => {
    const h = new StatsHistory(5, 1000);
    h.add(parseStatsFrame({ Stats: [sample('a'), sample('b', { CPU: 7.5, MemUsage: 500 })] }, 0)!);
    assert.deepEqual(sumLatest(h, ['a', 'b', 'gone']), { cpu: 20, memUsage: 1500 });
    h.add(parseStatsFrame({ Stats: [sample('a')] }, 500)!);
    assert.deepEqual(h.ids().sort(), ['a', 'b'], 'a stopped container keeps its line for a while');
    h.add(parseStatsFrame({ Stats: [sample('a')] }, 1600)!);
    assert.deepEqual(h.ids(), ['a']);
    assert.equal(sumLatest(h, ['b']), undefined);
  });
});

describe('statsUnavailable', () => {
  it('turns a 409 into the reason and the fix (cgroup v2)', () => {
    const e = statsUnavailable(
      new PodmanError('conflict', 'stats not supported in rootless mode without cgroups v2', undefined, 409),
    );
    assert.equal(e.kind, 'unsupported');
    assert.match(e.message, /cgroup v1/);
    assert.match(e.fix ?? '', /cgroup v2/);
    const other = new PodmanError('server', 'boom');
    assert.equal(statsUnavailable(other), other);
  });
});
