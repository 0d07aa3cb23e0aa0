// EventSubscription on a fake stream: late events, replays after a reconnect.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { EventSubscription } from '../../../src/podman/events';
import type { PodmanClient } from '../../../src/podman/client';
import type { PodmanEvent } from '../../../src/podman/models';

const line = (time: number, frac: number, action: string, id: string) =>
  `${JSON.stringify({ Type: 'container', Action: action, Actor: { ID: id, Attributes: { name: id } }, time, timeNano: time * 1e9 + frac })}\n`;
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('EventSubscription', () => {
  it('delivers an event that arrives late across a second boundary, and drops what a replay repeats', async () => {
    const streams: PassThrough[] = [];
    const sinces: (number | undefined)[] = [];
    const client = {
      socketPath: '/fake.sock',
      eventStream: async (o: { since?: number }) => {
        sinces.push(o.since);
        const s = new PassThrough();
        streams.push(s);
        return s;
      },
    } as unknown as PodmanClient;
    const got: string[] = [];
    const sub = new EventSubscription(client, {
      onEvent: (e: PodmanEvent) => got.push(`${e.action}:${e.id}`),
      backoffMs: [1],
    });
    sub.start();
    await tick();
    streams[0].write(line(100, 900_000_000, 'create', 'a'));
    streams[0].write(line(101, 100_000_000, 'start', 'a'));
    // Written by another process 250 ms earlier, read after: Podman 5 does this with the file logger.
    streams[0].write(line(100, 850_000_000, 'pull', 'img'));
    await tick();
    assert.deepEqual(got, ['create:a', 'start:a', 'pull:img']);
    // The stream drops; the replay from the newest second repeats it, then goes on.
    streams[0].end();
    await tick();
    await tick();
    assert.equal(sinces[1], 101);
    streams[1].write(line(99, 0, 'remove', 'old'));
    streams[1].write(line(101, 100_000_000, 'start', 'a'));
    streams[1].write(line(101, 200_000_000, 'died', 'a'));
    await tick();
    assert.deepEqual(got, ['create:a', 'start:a', 'pull:img', 'died:a']);
    sub.stop();
  });
});
