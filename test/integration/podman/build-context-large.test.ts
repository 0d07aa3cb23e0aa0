import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { packContext, parseIgnoreFile } from '../../../src/podman/buildContext';

describe('a build context of 100,000 files', () => {
  it('streams with bounded memory and honours the ignore file', async () => {
    const d = mkdtempSync(join(tmpdir(), 'pw-bigctx-'));
    try {
      for (let dir = 0; dir < 100; dir++) {
        const sub = join(d, `dir${dir}`);
        mkdirSync(sub);
        for (let f = 0; f < 1000; f++) writeFileSync(join(sub, `f${f}.txt`), `file ${dir}/${f}\n`);
      }
      writeFileSync(join(d, 'Containerfile'), 'FROM scratch\nCOPY . /\n');
      // Ignore one folder in ten.
      const rules = parseIgnoreFile(Array.from({ length: 10 }, (_, i) => `dir${i * 10}`).join('\n'));
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      let peak = heapBefore;
      let bytes = 0;
      let writes = 0;
      const sink = new Writable({
        highWaterMark: 64 * 1024,
        write(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          // A consumer that yields now and then: the packer must wait for it, not buffer ahead.
          if (++writes % 256 === 0) setImmediate(cb);
          else cb();
        },
      });
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
      const { stream, done } = packContext(d, { rules, alwaysInclude: ['Containerfile'] });
      stream.pipe(sink);
      const counts = await done;
      await new Promise((r) => sink.on('finish', r));
      clearInterval(timer);
      assert.equal(counts.files, 90_000 + 1, '90 folders of 1,000 files, plus the Containerfile');
      assert.ok(bytes > 90_000 * 512, `a tar of at least one block per file (${bytes} bytes)`);
      const grownMb = (peak - heapBefore) / 1024 / 1024;
      assert.ok(
        grownMb < 150,
        `heap grew by ${grownMb.toFixed(0)} MB while streaming ${(bytes / 1024 / 1024).toFixed(0)} MB`,
      );
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
