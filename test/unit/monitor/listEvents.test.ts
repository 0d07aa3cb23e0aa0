// The Events history request: `until` is applied to the answer, never sent (Podman's file log
// reader stops at a past `until` before reading the log: it answered no event for such a range),
// and the newline-delimited answer is parsed with broken lines skipped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PodmanClient } from '../../../src/podman/client';
import { listEvents, parseEventLines } from '../../../src/podman/monitor';

const event = (name: string, seconds: number) =>
  JSON.stringify({
    Type: 'volume',
    Action: 'create',
    Actor: { ID: name, Attributes: { name } },
    time: seconds,
    timeNano: seconds * 1e9 + 5,
  });

/** A client whose libpod call records the request and answers `body` (the bytes Podman sends). */
function answering(body: string) {
  const asked: { path: string; query: Record<string, unknown> }[] = [];
  const client = {
    libpod: async (_method: string, path: string, o: { query: Record<string, unknown> }) => {
      asked.push({ path, query: o.query });
      return Buffer.from(body);
    },
  } as unknown as PodmanClient;
  return { client, asked };
}

describe('listEvents', () => {
  it('asks from `since` without `until`, and keeps only the events before `until`', async () => {
    const body = [event('before-until', 1000), event('at-until', 1010), event('after', 1011), ''].join('\n');
    const { client, asked } = answering(body);
    const got = await listEvents(client, { since: 990.4, until: 1010 });
    assert.deepEqual(asked, [{ path: '/events', query: { stream: false, since: '990' } }]);
    assert.deepEqual(
      got.map((e) => e.name),
      ['before-until'],
      'until is exclusive, as Podman filters it',
    );
    const open = await listEvents(answering(body).client, { since: 990 });
    assert.equal(open.length, 3, 'no until: everything since');
  });

  it('skips lines that are not events (broken JSON, blank lines, objects without a type)', () => {
    const got = parseEventLines(Buffer.from(`${event('a', 1)}\n{broken\n\n{"Action":"x"}\n${event('b', 2)}\n`));
    assert.deepEqual(
      got.map((e) => e.name),
      ['a', 'b'],
    );
  });
});
