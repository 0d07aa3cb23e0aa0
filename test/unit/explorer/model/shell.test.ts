import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { ExecSession } from '../../../../src/podman/client';
import { ShellSession } from '../../../../src/explorer/model/shellSession';

/** A fake exec: `behave` decides what the process does with its stream. */
function fakeExec(behave: (cmd: string[], s: PassThrough, setExit: (c: number) => void) => void) {
  const resizes: [number, number][] = [];
  const start = async (cmd: string[]): Promise<ExecSession> => {
    if (cmd[0] === 'missing') throw new Error('executable file `missing` not found in $PATH');
    const stream = new PassThrough();
    let exit: number | undefined;
    let running = true;
    behave(cmd, stream, (c) => {
      exit = c;
      running = false;
      stream.end();
    });
    return {
      id: 'x',
      stream,
      resize: async (c, r) => void resizes.push([c, r]),
      inspect: async () => ({ running, exitCode: exit, pid: 1 }),
    };
  };
  return { start, resizes };
}

describe('ShellSession', () => {
  const cases: { title: string; first: string; behave: Parameters<typeof fakeExec>[0]; want: string }[] = [
    { title: 'falls back when the first exec fails', first: 'missing', behave: () => {}, want: 'sh' },
    {
      title: 'falls back when the first shell exits at once with 127, hiding its error text',
      first: 'bash',
      behave: (cmd, s, exit) => {
        if (cmd[0] === 'bash') {
          s.push('bash: not found\r\n');
          setImmediate(() => exit(127));
        }
      },
      want: 'sh',
    },
    { title: 'keeps the first shell when it lives', first: 'bash', behave: (_c, s) => void s.push('$ '), want: 'bash' },
  ];
  for (const c of cases) {
    it(c.title, async () => {
      const fake = fakeExec(c.behave);
      let out = '';
      const sh = new ShellSession(
        fake.start,
        { write: (t) => (out += t), exit: () => {} },
        { shells: [[c.first], ['sh']], probeMs: 50 },
      );
      await sh.open({ cols: 90, rows: 20 });
      assert.deepEqual(sh.command, [c.want]);
      assert.ok(!out.includes('not found'), out);
      assert.ok(fake.resizes.some(([w, h]) => w === 90 && h === 20));
    });
  }

  it('forwards input, resizes, and reports the exit code', async () => {
    let stream: PassThrough | undefined;
    let setExit: ((c: number) => void) | undefined;
    const fake = fakeExec((_c, s, exit) => {
      stream = s;
      setExit = exit;
    });
    let out = '';
    let code: number | undefined | null = null;
    const sh = new ShellSession(
      fake.start,
      { write: (t) => (out += t), exit: (x) => (code = x) },
      { shells: [['sh']] },
    );
    sh.input('early\r'); // typed before the shell started: queued
    await sh.open();
    const received: string[] = [];
    stream!.on('data', (d: Buffer) => received.push(d.toString()));
    sh.input('ls\r');
    sh.resize(120, 40);
    await new Promise((r) => setImmediate(r));
    assert.ok(fake.resizes.some(([w, h]) => w === 120 && h === 40));
    setExit!(5);
    for (let i = 0; i < 50 && code === null; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(code, 5);
    assert.match(out, /exited with code 5/);
  });
});
