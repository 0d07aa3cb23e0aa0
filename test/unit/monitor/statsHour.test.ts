// A Stats panel open for an hour holds no more than its window: an hour of frames (1,800 at the
// product's 2 s) pushed through the real StatsStream, with a fast clock (mocked Date) and
// containers that stop and start all along, and the same frames into the webview's series.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it, mock } from 'node:test';
import type { PodmanClient } from '../../../src/podman/client';
import { StatsStream } from '../../../src/podman/stats';
import type { StatsPoint } from '../../../src/monitor/protocol';
import { SeriesStore } from '../../../src/monitor/webview/series';

const FRAMES = 1800; // an hour at 2 s
const RUNNING = 50;
/** Container ids running at frame `f`: every 2 minutes (60 frames) one stops and a new one starts. */
const runningAt = (f: number) =>
  Array.from({ length: RUNNING }, (_, i) => (i === 0 ? `c0-${Math.floor(f / 60)}` : `c${i}`));

const raw = (id: string) => ({
  ContainerID: id,
  Name: `n-${id}`,
  CPU: 1.5,
  MemUsage: 1e6,
  MemLimit: 1e9,
  NetInput: 10,
  NetOutput: 20,
  BlockInput: 30,
  BlockOutput: 40,
  PIDs: 1,
  SystemNano: 1,
});

describe('a Stats panel open for an hour (fast clock)', () => {
  it('the stream and its history stay within their bounds, lines of stopped containers age out', async () => {
    mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
    const body = new PassThrough();
    const client = { libpod: async () => body, socketPath: '/nonexistent' } as unknown as PodmanClient;
    const stream = new StatsStream(client, { intervalSeconds: 2 });
    let delivered = 0;
    const sub = stream.subscribe({ onFrame: () => delivered++ });
    try {
      await new Promise((r) => setImmediate(r)); // the request resolves: the stream is attached
      let largest = 0;
      for (let f = 0; f < FRAMES; f++) {
        mock.timers.tick(2000);
        body.write(`${JSON.stringify({ Stats: runningAt(f).map(raw) })}\n`);
        await new Promise((r) => setImmediate(r));
        largest = Math.max(largest, stream.history.size);
      }
      assert.equal(delivered, FRAMES);
      const h = stream.history;
      // 300 samples a container at most; a stopped one kept until its last sample is 10 minutes old (5 of them).
      assert.ok(h.ids().length <= RUNNING + 5, `${h.ids().length} lines held`);
      assert.ok(largest <= (RUNNING + 5) * h.maxSamples, `at most ${largest} samples held`);
      for (const id of h.ids()) assert.ok(h.of(id).length <= h.maxSamples);
    } finally {
      sub.dispose();
      mock.timers.reset();
    }
    assert.equal(stream.listening, 0);
  });

  it("the webview's series keep at most 300 points a line; a line with no point left in the window goes", () => {
    const store = new SeriesStore(300);
    let largest = 0;
    for (let f = 0; f < FRAMES; f++) {
      const points = runningAt(f).map((id): StatsPoint => {
        const { time: _t, ...figures } = {
          time: 0,
          id,
          name: id,
          cpu: 1,
          memUsage: 1,
          memLimit: 2,
          netRx: f,
          netTx: f,
          blockRead: 0,
          blockWrite: 0,
          pids: 1,
        };
        return figures;
      });
      store.addFrame(1_700_000_000_000 + f * 2000, points);
      largest = Math.max(largest, store.size);
      for (const line of store.lines.values()) {
        assert.equal(line.cpu.length, store.times.length, 'aligned on the times');
      }
    }
    assert.equal(store.times.length, 300);
    // 300 frames = 10 minutes: the running 50 and the 5 that stopped within the window.
    assert.ok(store.lines.size <= RUNNING + 5, `${store.lines.size} lines`);
    assert.ok(largest <= 2 * 300 + (RUNNING + 5) * 7 * 300, `${largest} values held`);
  });

  it('a line that starts after the first frame is aligned on the times (its past is gaps)', () => {
    const store = new SeriesStore(300);
    const point = (id: string): StatsPoint => ({
      id,
      name: id,
      cpu: 5,
      memUsage: 1,
      memLimit: 2,
      netRx: 0,
      netTx: 0,
      blockRead: 0,
      blockWrite: 0,
      pids: 1,
    });
    store.addFrame(1000, [point('a')]);
    store.addFrame(3000, [point('a'), point('b')]);
    assert.deepEqual(store.lines.get('b')?.cpu, [null, 5]);
    assert.deepEqual(store.lines.get('a')?.cpu, [5, 5]);
    assert.equal(store.times.length, 2);
  });
});
