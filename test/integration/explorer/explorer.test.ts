// The explorer's model against every Podman target: it follows a real event stream without
// re-listing, keeps log buffering bounded, streams a pod's logs, opens shells through exec, and
// handles names and labels holding anything without a shell.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUSYBOX, uniqueName } from '../../harness/podman';
import { describeTargets } from '../../harness/targets';
import { pauseAndResume } from '../../harness/capable';
import { waitFor } from '../../harness/wait';
import { EventSubscription } from '../../../src/podman/events';
import type { PodmanEvent } from '../../../src/podman/models';
import { ExplorerModel, type ModelChange } from '../../../src/explorer/model/tree';
import { LogPump } from '../../../src/explorer/model/logPump';
import { ShellSession } from '../../../src/explorer/model/shellSession';
import { buildRunSpec } from '../../../src/explorer/model/runSpec';
import { listDanglingVolumes } from '../../../src/podman/client';

describeTargets('explorer', (s) => {
  const cleanup: string[][] = [];
  after(async () => {
    for (const args of cleanup.reverse()) await s.pm.podman(args).catch(() => undefined);
  });

  s.it('loads, then follows a real event stream: a container started appears running without a re-list', async () => {
    const model = new ExplorerModel();
    // Count the store's calls by kind (podman create also emits an image event: a list refetch).
    const calls: string[] = [];
    const c = s.pm.client;
    const counting = {
      listContainers: (f?: Record<string, string[]>) => (calls.push('listContainers'), c.listContainers(f)),
      getContainer: (id: string) => (calls.push('getContainer'), c.getContainer(id)),
      listPods: (f?: Record<string, string[]>) => (calls.push('listPods'), c.listPods(f)),
      listImages: () => (calls.push('listImages'), c.listImages()),
      listVolumes: () => (calls.push('listVolumes'), c.listVolumes()),
      listNetworks: () => (calls.push('listNetworks'), c.listNetworks()),
    };
    const bare: { ev: PodmanEvent; at: number }[] = [];
    const changes: { at: number; c: ModelChange[] }[] = [];
    model.onDidChange((c) => changes.push({ at: performance.now(), c }));
    let inBatch = false;
    let connected = false;
    const sub = new EventSubscription(s.pm.client, {
      onStatus: (st) => (connected = st.state === 'connected'),
      onEvent: (ev) => {
        bare.push({ ev, at: performance.now() });
        if (!inBatch) {
          inBatch = true;
          model.store.beginBatch();
        }
        model.applyEvent(ev);
      },
      onBatchEnd: () => {
        inBatch = false;
        model.store.endBatch();
      },
    });
    sub.start();
    try {
      await model.load(counting);
      model.buildAllItems();
      await waitFor('the event stream', () => connected);
      const name = uniqueName('live');
      cleanup.push(['rm', '-f', '-t', '0', name]);
      calls.length = 0;
      await s.pm.podman(['create', '--name', name, BUSYBOX, 'sleep', '600']);
      await waitFor(
        'the created container',
        () => [...model.store.containers.values()].some((c) => c.name === name),
        10_000,
      );
      const created = [...model.store.containers.values()].find((c) => c.name === name)!;
      assert.equal(created.state, 'created');
      assert.deepEqual(
        calls.filter((x) => x !== 'listImages'),
        ['getContainer'],
        'one filtered fetch for the create, no container re-list',
      );
      model.buildAllItems(); // what VS Code does after the root refresh: read the children again
      changes.length = 0;
      await s.pm.podman(['start', name]);
      await waitFor('running state', () => model.store.containers.get(created.id)?.state === 'running', 10_000);
      assert.deepEqual(
        calls.filter((x) => x !== 'listImages'),
        ['getContainer'],
        'the start event changed state without a request',
      );
      const startEv = bare.find((b) => b.ev.action === 'start' && b.ev.id === created.id)!;
      const change = changes.find((c) => c.c.some((x) => x.nodes?.some((n) => n.id === `container:${created.id}`)));
      assert.ok(change, 'the change names the container node');
      const overhead = change.at - startEv.at;
      console.log(`event → model change overhead: ${overhead.toFixed(3)} ms`);
      assert.ok(overhead < 20, `overhead ${overhead} ms`);
      await s.pm.podman(['rm', '-f', '-t', '0', name]);
      await waitFor('removal', () => !model.store.containers.has(created.id), 10_000);
    } finally {
      sub.stop();
    }
  });

  s.it('keeps log buffering bounded while a container floods its output', async () => {
    const name = uniqueName('flood');
    cleanup.push(['rm', '-f', '-t', '0', name]);
    await s.pm.podman([
      'run',
      '-d',
      '--name',
      name,
      BUSYBOX,
      'sh',
      '-c',
      'yes "flood line with some padding to make it longer 0123456789"',
    ]);
    let sunk = 0;
    const highWater = 512 * 1024;
    const pump = new LogPump(s.pm.client, (t) => (sunk += t.length), {
      follow: true,
      timestamps: false,
      prefix: false,
      tail: 0, // A consumer slower than the producer (256 KiB/s), as a busy terminal would be.
      flushMs: 16,
      budgetChars: 4096,
      highWaterChars: highWater,
      lowWaterChars: 128 * 1024,
    });
    try {
      await pump.start([{ id: name, name }]);
      const target = 4 * 1024 * 1024;
      await waitFor('logs', () => pump.receivedBytes > target, 120_000);
      const w = pump.writer;
      console.log(
        `logs: received ${(pump.receivedBytes / 1e6).toFixed(1)} MB, written ${(w.writtenChars / 1e6).toFixed(1)} M chars, max pending ${(w.maxPendingChars / 1024).toFixed(0)} KiB, pauses ${w.pauses}`,
      );
      assert.ok(w.pauses > 0, 'the producer was paused at least once');
      // At most one chunk of the HTTP stream arrives above the high-water mark before the pause.
      assert.ok(w.maxPendingChars < highWater + 256 * 1024, `max pending ${w.maxPendingChars}`);
      assert.ok(sunk > 1024 * 1024);
    } finally {
      pump.stop();
      await s.pm.podman(['rm', '-f', '-t', '0', name]);
    }
  });

  s.it('streams the logs of all containers of a pod, each line prefixed with its container name', async () => {
    const podName = uniqueName('logpod');
    const a = uniqueName('la');
    const b = uniqueName('lb');
    cleanup.push(['pod', 'rm', '-f', podName]);
    await s.pm.podman(['pod', 'create', '--name', podName]);
    await s.pm.podman([
      'run',
      '-d',
      '--pod',
      podName,
      '--name',
      a,
      BUSYBOX,
      'sh',
      '-c',
      'echo "from-a é"; echo second-a; sleep 600',
    ]);
    await s.pm.podman(['run', '-d', '--pod', podName, '--name', b, BUSYBOX, 'sh', '-c', 'echo from-b >&2; sleep 600']);
    let out = '';
    const pump = new LogPump(s.pm.client, (t) => (out += t), {
      follow: true,
      timestamps: false,
      prefix: true,
      tail: 100,
      flushMs: 4,
    });
    try {
      await pump.start([
        { id: a, name: a },
        { id: b, name: b },
      ]);
      await waitFor('both containers', () => out.includes('from-b') && out.includes('second-a'), 10_000);
      const lines = out
        .replace(/\x1b\[[0-9;]*m/g, '')
        .split('\r\n')
        .filter(Boolean);
      assert.ok(lines.includes(`${a.padEnd(Math.max(a.length, b.length))} | from-a é`), JSON.stringify(lines));
      assert.ok(lines.includes(`${a.padEnd(Math.max(a.length, b.length))} | second-a`));
      assert.ok(lines.includes(`${b.padEnd(Math.max(a.length, b.length))} | from-b`), 'stderr lines too');
    } finally {
      pump.stop();
      await s.pm.podman(['pod', 'rm', '-f', '-t', '0', podName]);
    }
  });

  s.it('opens a shell through exec (bash missing → sh), echoes input and reports the exit code', async () => {
    const name = uniqueName('shell');
    cleanup.push(['rm', '-f', '-t', '0', name]);
    await s.pm.podman(['run', '-d', '--name', name, BUSYBOX, 'sleep', '600']);
    let out = '';
    let exitCode: number | undefined | null = null;
    const commands: string[][] = [];
    const shell = new ShellSession(
      (cmd) => {
        commands.push(cmd);
        return s.pm.client.exec(name, { cmd, tty: true, stdin: true });
      },
      { write: (t) => (out += t), exit: (c) => (exitCode = c) },
    );
    await shell.open({ cols: 100, rows: 30 });
    assert.deepEqual(shell.command, ['sh']);
    assert.deepEqual(commands, [['bash'], ['sh']]);
    await waitFor('the prompt', () => out.includes('# '), 10_000);
    shell.input('stty size; echo "sum=$((6*7))"\r');
    await waitFor('echo', () => out.includes('sum=42'), 10_000);
    assert.match(out, /30 100/, 'the initial size reached the tty');
    shell.resize(120, 40);
    // The resize reaches the tty a little later: ask for the size until it shows.
    await waitFor('the resize', () => out.includes('40 120') || void shell.input('stty size\r'), 10_000, 200);
    shell.input('exit 3\r');
    await waitFor('exit', () => exitCode !== null, 10_000);
    assert.equal(exitCode, 3);
    assert.match(out, /exited with code 3/);
  });

  s.it('handles names and labels with quotes, shell metacharacters and non-ASCII text without any shell', async () => {
    const marker = path.join(os.tmpdir(), `pw-marker-${process.pid}`);
    fs.rmSync(marker, { force: true });
    const nasty = `$(touch ${marker}); \`touch ${marker}\` ; '"' && echo pwned | café ☕ 日本語 `;
    const name = uniqueName('odd_name.with-dots');
    const podName = uniqueName('pod.ü').replace('ü', 'u');
    const volName = uniqueName('vol_x.y');
    cleanup.push(['rm', '-f', '-t', '0', name], ['pod', 'rm', '-f', podName], ['volume', 'rm', '-f', volName]);
    const c = s.pm.client;
    // A container name Podman refuses comes back as a clean API error, and nothing ran.
    await assert.rejects(
      c.createContainer(buildRunSpec({ image: BUSYBOX, name: `$(touch ${marker})` })),
      (e: Error & { kind?: string }) => e.kind === 'server',
    );
    // The run-image path with env and labels holding anything.
    const id = await c.createContainer(
      buildRunSpec({
        image: BUSYBOX,
        name,
        env: { NASTY: nasty },
        labels: { 'pw.test': nasty, 'pw.ünï': 'ok' },
        command: ['sleep', '600'],
      }),
    );
    await c.containerAction(id, 'start');
    await c.createVolume(volName, { 'pw.test': nasty });
    await c.libpod('POST', '/pods/create', { body: { name: podName, labels: { 'pw.test': nasty } } });
    const model = new ExplorerModel();
    await model.load(c);
    const got = model.store.containerByName(name)!;
    assert.equal(got.state, 'running');
    assert.equal(got.labels['pw.test'], nasty, 'label round-trips exactly');
    assert.equal(got.labels['pw.ünï'], 'ok');
    assert.equal(model.store.volumes.find((v) => v.name === volName)?.labels['pw.test'], nasty);
    assert.equal([...model.store.pods.values()].find((p) => p.name === podName)?.labels['pw.test'], nasty);
    const env = ((await c.inspectContainer(name)).Config as { Env?: string[] }).Env ?? [];
    assert.ok(env.includes(`NASTY=${nasty}`), 'env round-trips exactly');
    // Items render with the text escaped, the name intact.
    const items = model.buildAllItems();
    assert.ok(items.some((i) => i.label === name));
    // Exec with the value as an argument (no shell): printed back verbatim.
    let out = '';
    const shell = new ShellSession(
      (cmd) => c.exec(name, { cmd, tty: true, stdin: true }),
      { write: (t) => (out += t), exit: () => undefined },
      { shells: [['printf', '%s|', nasty]] },
    );
    await shell.open();
    await waitFor('printf', () => out.includes('exited with code'), 10_000);
    assert.ok(out.includes(`${nasty}|`), `printed verbatim: ${JSON.stringify(out)}`);
    // Actions by name/id through the same calls the commands use.
    await pauseAndResume(s, name, async () => undefined);
    await c.containerAction(name, 'stop', { timeout: 0 });
    await c.removeContainer(id, { force: true });
    await c.removeVolume(volName);
    await c.removePod(podName, { force: true });
    assert.ok(!(await listDanglingVolumes(c)).includes(volName));
    assert.equal(fs.existsSync(marker), false, 'no shell ever ran the metacharacters');
  });
});
