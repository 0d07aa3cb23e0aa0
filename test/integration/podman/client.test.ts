// The Podman client against every Podman target (test/harness/targets.ts): ping and info, the
// lists with the fields the explorer reads, container and pod lifecycles, not-found errors,
// exec and logs. What differs between targets comes from their capabilities.
import assert from 'node:assert/strict';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { pauseAndResume } from '../../harness/capable';
import { waitFor } from '../../harness/wait';
import { FrameDemuxer, PodmanClient } from '../../../src/podman/client';
import { listsSuite } from './lists';

describeTargets('client', (s) => {
  s.it('pings libpod, uses its version as the prefix; info says the version and the mode', async () => {
    const fresh = s.pm.connect?.() ?? new PodmanClient(s.pm.socketPath);
    assert.equal(fresh.libpodPrefix, '/v4.0.0/libpod', 'before the ping, the default prefix');
    const ping = await fresh.ping();
    assert.equal(ping.libpodApiVersion, s.caps.version);
    assert.equal(ping.apiVersion, s.caps.compatApiVersion);
    assert.match(ping.server, new RegExp(`^Libpod/${s.caps.version.replaceAll('.', '\\.')} `));
    assert.equal(fresh.libpodPrefix, `/v${ping.libpodApiVersion}/libpod`);
    const info = await fresh.info();
    assert.equal(info.version, s.caps.version);
    assert.equal(info.rootless, s.caps.rootless);
    assert.equal(info.os, 'linux');
    assert.ok(info.hostname);
  });

  listsSuite(s);

  s.it('runs the container lifecycle through the API', async () => {
    const c = s.pm.client;
    const name = uniqueName('life');
    const id = await c.createContainer({ image: BUSYBOX, name, command: ['sleep', '600'] });
    const state = async () => (await c.getContainer(id))?.state;
    assert.equal(await state(), 'created');
    await c.containerAction(id, 'start');
    assert.equal(await state(), 'running');
    await pauseAndResume(s, name, async () => {
      assert.equal(await state(), 'paused');
      await assert.rejects(
        c.containerAction(name, 'pause'),
        (e: Error & { kind?: string }) => e.kind === 'server' || e.kind === 'conflict',
        'pausing twice is refused',
      );
    });
    assert.equal(await state(), 'running');
    await c.containerAction(name, 'restart', { timeout: 0 });
    assert.equal(await state(), 'running');
    const t0 = Date.now();
    await c.containerAction(name, 'stop', { timeout: 0 });
    assert.ok(Date.now() - t0 < 5000, `stop with timeout 0 took ${Date.now() - t0} ms (libpod reads \`timeout\`)`);
    assert.equal(await state(), 'exited');
    await c.containerAction(name, 'start');
    await c.containerAction(name, 'kill', { signal: 'SIGKILL' });
    await waitFor('exited after kill', async () => (await state()) === 'exited', 5000);
    assert.equal((await c.getContainer(id))?.exitCode, 137);
    const inspected = await c.inspectContainer(id);
    assert.equal((inspected.State as { Status?: string }).Status, 'exited');
    await c.removeContainer(id, { force: true });
    assert.equal(await c.getContainer(id), undefined);
  });

  s.it('runs the lifecycle of a container in a pod by name, and lists the pod with it', async () => {
    const pod = uniqueName('pod');
    const name = uniqueName('ctr');
    await s.pm.podman(['pod', 'create', '--name', pod]);
    await s.pm.podman(['create', '--pod', pod, '--name', name, BUSYBOX, 'sleep', '600']);
    const c = s.pm.client;
    const ctr = (await c.listContainers()).find((x) => x.name === name);
    assert.ok(ctr, 'created container is listed');
    assert.equal(ctr.podName, pod);
    assert.equal(ctr.state, 'created');
    await c.containerAction(name, 'start');
    assert.equal((await c.getContainer(ctr.id))?.state, 'running');
    await pauseAndResume(s, name, async () => assert.equal((await c.getContainer(name))?.state, 'paused'));
    await c.containerAction(name, 'stop', { timeout: 0 });
    assert.equal((await c.getContainer(name))?.state, 'exited');
    const p = (await c.listPods()).find((x) => x.name === pod);
    assert.ok(p);
    assert.ok(p.containers.some((x) => x.name === name));
    await c.removePod(pod, { force: true });
    assert.equal(
      (await c.listContainers()).find((x) => x.name === name),
      undefined,
    );
  });

  s.it('reports a vanished container, pod, image, volume and network as not-found', async () => {
    const c = s.pm.client;
    const notFound = (e: Error & { kind?: string; statusCode?: number }) =>
      e.kind === 'not-found' && e.statusCode === 404;
    await assert.rejects(c.containerAction('does-not-exist-xyz', 'start'), notFound);
    await assert.rejects(c.inspectContainer('does-not-exist-xyz'), notFound);
    await assert.rejects(c.removeContainer('does-not-exist-xyz'), notFound);
    await assert.rejects(c.podAction('does-not-exist-xyz', 'start'), notFound);
    await assert.rejects(c.inspectImage('localhost/does-not-exist-xyz:1'), notFound);
    await assert.rejects(c.removeVolume('does-not-exist-xyz'), notFound);
    await assert.rejects(c.inspectNetwork('does-not-exist-xyz'), notFound);
    // A container removed behind our back: the next action says not-found with Podman's message.
    const name = uniqueName('gone');
    await s.pm.podman(['create', '--name', name, BUSYBOX, 'true']);
    await s.pm.podman(['rm', name]);
    await assert.rejects(
      c.containerAction(name, 'start'),
      (e: Error & { kind?: string }) => e.kind === 'not-found' && /no container with name or ID/.test(e.message),
    );
  });

  s.it('exec echoes through a TTY, demultiplexes stdout/stderr without one, and reports the exit code', async () => {
    const c = s.pm.client;
    const name = uniqueName('exec');
    await s.pm.podman(['run', '-d', '--name', name, BUSYBOX, 'sleep', '600']);
    try {
      const tty = await c.exec(name, { cmd: ['cat'], tty: true, stdin: true });
      const chunks: Buffer[] = [];
      tty.stream.on('data', (d: Buffer) => chunks.push(d));
      await tty.resize(100, 30);
      tty.stream.write('hello podman\n');
      await waitFor('the echo', () => Buffer.concat(chunks).toString().includes('hello podman'), 5000);
      tty.stream.end();

      // Root inside the container, whether Podman runs as root or as an ordinary user (rootless).
      assert.equal(await execOut(c, name, ['id', '-u']), '0\n');
      // The exec runs inside the container: its PID 1 is the container's command, not this machine's init.
      const pid1 = await execOut(c, name, ['cat', '/proc/1/cmdline']);
      assert.equal(pid1.split('\0').filter(Boolean).join(' '), 'sleep 600');

      const plain = await c.exec(name, {
        cmd: ['sh', '-c', 'echo out; echo err >&2; exit 4'],
        tty: false,
        stdin: false,
      });
      const got = { stdout: '', stderr: '' };
      const demux = new FrameDemuxer((kind, data) => {
        if (kind !== 'stdin') got[kind] += data.toString();
      });
      plain.stream.on('data', (d: Buffer) => demux.push(d));
      await new Promise((r) => plain.stream.once('end', r));
      assert.deepEqual(got, { stdout: 'out\n', stderr: 'err\n' });
      await waitFor('the exec to end', async () => (await plain.inspect()).running === false, 5000);
      assert.equal((await plain.inspect()).exitCode, 4);
    } finally {
      await s.pm.podman(['rm', '-f', '-t', '0', name]);
    }
  });

  s.it('reads logs as multiplexed frames, and follows them', async () => {
    const name = uniqueName('logs');
    // A line every half second after the first two: the follow (tail 0) sees new ones however late it starts.
    const script = 'echo first; echo oops >&2; while :; do sleep 0.5; echo later; done';
    await s.pm.podman(['run', '-d', '--name', name, BUSYBOX, 'sh', '-c', script]);
    try {
      await waitFor('the first line', async () => (await s.pm.podman(['logs', name])).includes('first'), 5000);
      const once = await s.pm.client.logs(name, { tail: 100 });
      const frames: string[] = [];
      const demux = new FrameDemuxer((kind, d) => frames.push(`${kind}:${d.toString()}`));
      for await (const chunk of once) demux.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
      assert.ok(frames.includes('stdout:first\n'), JSON.stringify(frames));
      assert.ok(frames.includes('stderr:oops\n'), JSON.stringify(frames));

      const abort = new AbortController();
      const followed = await s.pm.client.logs(name, { follow: true, tail: 0, signal: abort.signal });
      let text = '';
      const demux2 = new FrameDemuxer((_k, d) => (text += d.toString()));
      followed.on('data', (d: Buffer) => demux2.push(d));
      followed.on('error', () => undefined);
      await waitFor('a followed line', () => text.includes('later'), 10_000);
      assert.doesNotMatch(text, /first|oops/, 'tail 0: only what comes after');
      abort.abort();
      followed.destroy();
    } finally {
      await s.pm.podman(['rm', '-f', '-t', '0', name]);
    }
  });
});

/** The stdout of `cmd` run in `name` without a TTY, once it ended. */
async function execOut(c: PodmanClient, name: string, cmd: string[]): Promise<string> {
  const session = await c.exec(name, { cmd, tty: false, stdin: false });
  const seen: Buffer[] = [];
  const demux = new FrameDemuxer((kind, data) => kind === 'stdout' && seen.push(data));
  session.stream.on('data', (d: Buffer) => demux.push(d));
  await new Promise((r) => session.stream.once('end', r));
  return Buffer.concat(seen).toString();
}
