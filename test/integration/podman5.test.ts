// The product against a real Podman 5 (Debian 13's 5.4.x, chrooted: scripts/podman5-sandbox.mjs),
// next to the 4.3 service the other integration tests use. When Podman 5 cannot be had (the root
// filesystem cannot be built: no root, no Debian mirror), every test here fails with the reason.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX, startPodman5, uniqueName, type TestPodman5 } from '../harness/podman';
import { sleep, waitFor } from '../harness/wait';
import { tempDirs, writeTree } from '../harness/files';
import { deploymentYaml, ENDS_ON_TERM, podYaml } from '../fixtures/kube/objects';
import { FrameDemuxer, PodmanClient } from '../../src/podman/client';
import { EventSubscription, type StreamStatus } from '../../src/podman/events';
import type { PodmanEvent } from '../../src/podman/models';
import { BuildError, buildImage, lineOfStep } from '../../src/podman/build';
import { downKube, formatPlayReport, generateKube, playKube, runningDocuments } from '../../src/podman/kube';
import { parseKube } from '../../src/languages/kube';
import { ExplorerModel, type Problem } from '../../src/explorer/model/tree';
import { ExplorerFollower } from '../../src/explorer/model/follower';

describe('Podman 5', () => {
  let pm: TestPodman5;
  let c: PodmanClient;
  before(async () => {
    const t0 = Date.now();
    pm = await startPodman5();
    c = pm.client;
    console.log(`Podman 5 service ready in ${Date.now() - t0} ms (rootfs ${pm.rootfs})`);
  });
  after(async () => {
    await pm?.stop({ cleanup: true });
  });

  describe('client', () => {
    it('pings libpod 5.x and uses the /v5.x/libpod prefix; info says version and rootful', async () => {
      const fresh = new PodmanClient(pm.socketPath);
      assert.equal(fresh.libpodPrefix, '/v4.0.0/libpod', 'before the ping, the default prefix');
      const ping = await fresh.ping();
      assert.match(ping.libpodApiVersion, /^5\.\d+\.\d+/);
      assert.equal(ping.apiVersion, '1.41');
      assert.match(ping.server, /^Libpod\/5\./);
      assert.equal(fresh.libpodPrefix, `/v${ping.libpodApiVersion}/libpod`);
      const info = await fresh.info();
      assert.match(info.version, /^5\.\d+\.\d+/);
      assert.equal(info.rootless, false);
      assert.equal(info.os, 'linux');
      assert.ok(info.hostname);
    });

    it('lists containers, pods, images, volumes and networks with the fields the explorer reads', async () => {
      const pod = uniqueName('p5pod');
      const inPod = uniqueName('p5inpod');
      const ported = uniqueName('p5ports');
      const exited = uniqueName('p5exit');
      const healthy = uniqueName('p5health');
      const vol = uniqueName('p5vol');
      const net = uniqueName('p5net');
      const t0 = Date.now();
      await pm.podman(['pod', 'create', '--name', pod, '--label', 'pw.kind=pod', '-p', '127.0.0.1::8080']);
      await pm.podman(['run', '-d', '--pod', pod, '--name', inPod, BUSYBOX, 'sleep', '600']);
      await pm.podman([
        'run',
        '-d',
        '--name',
        ported,
        '--label',
        'io.podman.compose.project=p5proj',
        '-p',
        '127.0.0.1::80',
        '-p',
        '127.0.0.1::81/udp',
        BUSYBOX,
        'sleep',
        '600',
      ]);
      await pm.podman(['run', '--name', exited, BUSYBOX, 'sh', '-c', 'exit 3']).catch(() => undefined);
      await pm.podman([
        'run',
        '-d',
        '--name',
        healthy,
        '--health-cmd',
        'true',
        '--health-interval',
        '1s',
        BUSYBOX,
        'sleep',
        '600',
      ]);
      await pm.podman(['volume', 'create', '--label', 'pw.kind=vol', vol]);
      await pm.podman(['network', 'create', '--label', 'pw.kind=net', net]);
      try {
        // No systemd here, so no timer runs health checks: run one as the timer would.
        await pm.podman(['healthcheck', 'run', healthy]);
        await waitFor(async () => (await c.getContainer(healthy))?.status === 'healthy', 15_000, 'the health check');
        const all = await c.listContainers();
        const byName = (n: string) => all.find((x) => x.name === n)!;

        const p = byName(ported);
        assert.equal(p.state, 'running');
        assert.match(p.id, /^[0-9a-f]{64}$/);
        assert.equal(p.image, BUSYBOX);
        assert.deepEqual(p.command, ['sleep', '600']);
        assert.ok(p.created >= t0 - 5000 && p.created <= Date.now() + 5000, `created is ms since epoch: ${p.created}`);
        assert.ok(p.startedAt * 1000 >= t0 - 5000, `startedAt is s since epoch: ${p.startedAt}`);
        assert.equal(p.composeProject, 'p5proj');
        assert.deepEqual(p.networks, ['podman']);
        const ports = [...p.ports].sort((a, b) => a.containerPort - b.containerPort);
        assert.equal(ports.length, 2);
        assert.deepEqual(
          ports.map((x) => ({ ...x, hostPort: x.hostPort > 0 })),
          [
            { hostIp: '127.0.0.1', hostPort: true, containerPort: 80, protocol: 'tcp', range: 1 },
            { hostIp: '127.0.0.1', hostPort: true, containerPort: 81, protocol: 'udp', range: 1 },
          ],
        );

        const e = byName(exited);
        assert.equal(e.state, 'exited');
        assert.equal(e.exitCode, 3);
        assert.equal(e.status, '', "libpod's list Status is the health check result (none here), on 4.3 and 5.x alike");

        const h = byName(healthy);
        assert.equal(h.status, 'healthy');

        const member = byName(inPod);
        assert.equal(member.podName, pod);
        assert.equal(member.isInfra, false);
        assert.equal(member.ports[0]?.containerPort, 8080, 'a pod member shows the pod ports');
        const infra = all.find((x) => x.podId === member.podId && x.isInfra);
        assert.ok(infra, 'the infra container is listed and flagged');

        const pods = await c.listPods();
        const pp = pods.find((x) => x.name === pod)!;
        assert.equal(pp.status, 'Running');
        assert.equal(pp.id, member.podId);
        assert.equal(pp.infraId, infra.id);
        assert.equal(pp.labels['pw.kind'], 'pod');
        assert.ok(pp.created >= t0 - 5000);
        assert.deepEqual(
          pp.containers.map((x) => ({ name: x.name, status: x.status })).sort((a, b) => a.name.localeCompare(b.name)),
          [
            { name: infra.name, status: 'running' },
            { name: inPod, status: 'running' },
          ].sort((a, b) => a.name.localeCompare(b.name)),
        );

        const images = await c.listImages();
        const bb = images.find((x) => x.repoTags.includes(BUSYBOX))!;
        assert.match(bb.id, /^[0-9a-f]{64}$/);
        assert.ok(bb.size > 1_000_000);
        assert.ok(bb.containers >= 3);
        assert.ok(bb.created > 1_600_000_000_000, `image created in ms: ${bb.created}`);
        assert.equal(bb.dangling, false);
        assert.ok(
          images.some((x) => x.repoTags.some((t) => t.startsWith('localhost/podman-pause:5.'))),
          'the locally built infra image',
        );

        const v = (await c.listVolumes()).find((x) => x.name === vol)!;
        assert.equal(v.driver, 'local');
        assert.equal(v.labels['pw.kind'], 'vol');
        assert.ok(v.mountpoint.startsWith(pm.dir));
        assert.ok(!Number.isNaN(Date.parse(v.created)));

        const n = (await c.listNetworks()).find((x) => x.name === net)!;
        assert.equal(n.driver, 'bridge');
        assert.equal(n.labels['pw.kind'], 'net');
        assert.match(n.id, /^[0-9a-f]{64}$/);
        assert.match(n.subnets[0] ?? '', /^\d+\.\d+\.\d+\.0\/24$/);
        assert.ok(n.iface);
        assert.equal(n.internal, false);
      } finally {
        await pm.podman(['pod', 'rm', '-f', '-t', '0', pod]).catch(() => undefined);
        await pm.podman(['rm', '-f', '-t', '0', ported, exited, healthy]).catch(() => undefined);
        await pm.podman(['volume', 'rm', '-f', vol]).catch(() => undefined);
        await pm.podman(['network', 'rm', '-f', net]).catch(() => undefined);
      }
    });

    it('runs the container lifecycle through the API', async () => {
      const name = uniqueName('p5life');
      const id = await c.createContainer({ image: BUSYBOX, name, command: ['sleep', '600'] });
      const state = async () => (await c.getContainer(id))?.state;
      assert.equal(await state(), 'created');
      await c.containerAction(id, 'start');
      assert.equal(await state(), 'running');
      await c.containerAction(name, 'pause');
      assert.equal(await state(), 'paused');
      await assert.rejects(
        c.containerAction(name, 'pause'),
        (e: Error & { kind?: string }) => e.kind === 'server' || e.kind === 'conflict',
        'pausing twice is refused',
      );
      await c.containerAction(name, 'unpause');
      assert.equal(await state(), 'running');
      await c.containerAction(name, 'restart', { timeout: 0 });
      assert.equal(await state(), 'running');
      const t0 = Date.now();
      await c.containerAction(name, 'stop', { timeout: 0 });
      assert.ok(
        Date.now() - t0 < 5000,
        `stop with timeout 0 took ${Date.now() - t0} ms (libpod reads \`timeout\`, not \`t\`)`,
      );
      assert.equal(await state(), 'exited');
      await c.containerAction(name, 'start');
      await c.containerAction(name, 'kill', { signal: 'SIGKILL' });
      await waitFor(async () => (await state()) === 'exited', 5000, 'exited after kill');
      assert.equal((await c.getContainer(id))?.exitCode, 137);
      const inspected = await c.inspectContainer(id);
      assert.equal((inspected.State as { Status?: string }).Status, 'exited');
      await c.removeContainer(id, { force: true });
      assert.equal(await c.getContainer(id), undefined);
    });

    it('reports a vanished container, pod, image, volume and network as not-found', async () => {
      const notFound = (e: Error & { kind?: string; statusCode?: number }) =>
        e.kind === 'not-found' && e.statusCode === 404;
      await assert.rejects(c.containerAction('does-not-exist-p5', 'start'), notFound);
      await assert.rejects(c.inspectContainer('does-not-exist-p5'), notFound);
      await assert.rejects(c.removeContainer('does-not-exist-p5'), notFound);
      await assert.rejects(c.podAction('does-not-exist-p5', 'start'), notFound);
      await assert.rejects(c.inspectImage('localhost/does-not-exist-p5:1'), notFound);
      await assert.rejects(c.removeVolume('does-not-exist-p5'), notFound);
      await assert.rejects(c.inspectNetwork('does-not-exist-p5'), notFound);
      // A container removed behind our back: the next action says not-found with Podman's message.
      const name = uniqueName('p5gone');
      await pm.podman(['create', '--name', name, BUSYBOX, 'true']);
      await pm.podman(['rm', name]);
      await assert.rejects(
        c.containerAction(name, 'start'),
        (e: Error & { kind?: string }) => e.kind === 'not-found' && /no container with name or ID/.test(e.message),
      );
    });

    it('exec echoes through a TTY, demultiplexes stdout/stderr without one, and reports the exit code', async () => {
      const name = uniqueName('p5exec');
      await pm.podman(['run', '-d', '--name', name, BUSYBOX, 'sleep', '600']);
      try {
        const s = await c.exec(name, { cmd: ['cat'], tty: true, stdin: true });
        const chunks: Buffer[] = [];
        s.stream.on('data', (d: Buffer) => chunks.push(d));
        await s.resize(100, 30);
        s.stream.write('hello podman five\n');
        await waitFor(() => Buffer.concat(chunks).toString().includes('hello podman five'), 5000, 'the echo');
        s.stream.end();

        // The exec runs inside the container: its PID 1 is the container's command, not this machine's init.
        const pid1 = await c.exec(name, { cmd: ['cat', '/proc/1/cmdline'], tty: false, stdin: false });
        const seen: Buffer[] = [];
        const demux1 = new FrameDemuxer((kind, data) => kind === 'stdout' && seen.push(data));
        pid1.stream.on('data', (d: Buffer) => demux1.push(d));
        await new Promise((r) => pid1.stream.once('end', r));
        assert.equal(Buffer.concat(seen).toString().split('\0').filter(Boolean).join(' '), 'sleep 600');

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
        await waitFor(async () => (await plain.inspect()).running === false, 5000, 'the exec to end');
        assert.equal((await plain.inspect()).exitCode, 4);
      } finally {
        await pm.podman(['rm', '-f', '-t', '0', name]);
      }
    });

    it('reads logs as multiplexed frames, and follows them', async () => {
      const name = uniqueName('p5logs');
      await pm.podman([
        'run',
        '-d',
        '--name',
        name,
        BUSYBOX,
        'sh',
        '-c',
        'echo first; echo oops >&2; sleep 1; echo later; sleep 600',
      ]);
      try {
        await waitFor(async () => (await pm.podman(['logs', name])).includes('first'), 5000, 'the first line');
        const once = await c.logs(name, { tail: 10 });
        const frames: string[] = [];
        const demux = new FrameDemuxer((kind, d) => frames.push(`${kind}:${d.toString()}`));
        for await (const chunk of once) demux.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
        assert.ok(frames.includes('stdout:first\n'), JSON.stringify(frames));
        assert.ok(frames.includes('stderr:oops\n'), JSON.stringify(frames));

        const abort = new AbortController();
        const followed = await c.logs(name, { follow: true, tail: 0, signal: abort.signal });
        let text = '';
        const demux2 = new FrameDemuxer((_k, d) => (text += d.toString()));
        followed.on('data', (d: Buffer) => demux2.push(d));
        followed.on('error', () => undefined);
        await waitFor(() => text.includes('later'), 10_000, 'the followed line');
        abort.abort();
        followed.destroy();
      } finally {
        await pm.podman(['rm', '-f', '-t', '0', name]);
      }
    });
  });

  describe('events', () => {
    it('streams Podman 5 events with libpod names, exit codes, health and network events', async () => {
      const name = uniqueName('p5ev');
      const hname = uniqueName('p5hev');
      const net = uniqueName('p5evnet');
      const vol = uniqueName('p5evvol');
      const got: PodmanEvent[] = [];
      const sub = new EventSubscription(c, { onEvent: (e) => got.push(e) });
      sub.start();
      const has = (pred: (e: PodmanEvent) => boolean) => got.some(pred);
      try {
        await sleep(300);
        await pm.podman(['run', '-d', '--name', name, BUSYBOX, 'sh', '-c', 'sleep 1; exit 7']);
        await pm.podman([
          'run',
          '-d',
          '--name',
          hname,
          '--health-cmd',
          'true',
          '--health-interval',
          '1s',
          BUSYBOX,
          'sleep',
          '600',
        ]);
        await pm.podman(['network', 'create', net]);
        await pm.podman(['volume', 'create', vol]);
        await pm.podman(['healthcheck', 'run', hname]); // no systemd timer here: run it as the timer would
        await waitFor(() => has((e) => e.action === 'died' && e.name === name), 10_000, 'the died event');
        await waitFor(
          () => has((e) => e.action === 'health_status' && e.name === hname),
          10_000,
          'a health_status event',
        );
        await waitFor(
          () => has((e) => e.type === 'network' && e.action === 'create'),
          10_000,
          'the network create event',
        );
        await pm.podman(['network', 'rm', net]);
        await pm.podman(['rm', '-f', '-t', '0', name, hname]);
        await waitFor(() => has((e) => e.action === 'remove' && e.name === name), 10_000, 'the remove event');
        await waitFor(
          () => has((e) => e.type === 'network' && e.action === 'remove'),
          10_000,
          'the network remove event',
        );

        const mine = got.filter((e) => e.type === 'container' && e.name === name);
        const actions = mine.map((e) => e.action);
        for (const a of ['create', 'init', 'start', 'died', 'remove']) {
          assert.ok(actions.includes(a), `${a} in ${actions.join(',')}`);
        }
        assert.ok(!actions.includes('die'), 'libpod names, not the compat ones');
        const died = mine.find((e) => e.action === 'died')!;
        assert.equal(died.attributes.containerExitCode, '7');
        assert.equal(died.attributes.image, BUSYBOX);
        assert.match(died.id, /^[0-9a-f]{64}$/);
        assert.equal(typeof died.timeNano, 'bigint');
        assert.equal(Number(died.timeNano / 1_000_000_000n), died.time, 'timeNano and time agree');
        assert.ok(Math.abs(died.time - Date.now() / 1000) < 60);
        // Podman 5 names a network in the `network` attribute (its `name` is empty).
        const netCreate = got.find((e) => e.type === 'network' && e.action === 'create')!;
        assert.equal(netCreate.name, net);
        assert.match(netCreate.id, /^[0-9a-f]{64}$/);
        assert.ok(has((e) => e.type === 'volume' && e.action === 'create' && e.name === vol));
        const health = got.find((e) => e.action === 'health_status' && e.name === hname)!;
        assert.equal(health.healthStatus, 'healthy', `health status read: ${JSON.stringify(health.attributes)}`);
      } finally {
        sub.stop();
        await pm.podman(['rm', '-f', '-t', '0', name, hname]).catch(() => undefined);
        await pm.podman(['network', 'rm', '-f', net]).catch(() => undefined);
        await pm.podman(['volume', 'rm', '-f', vol]).catch(() => undefined);
      }
    });

    it('reports the service going away and replays the events it missed when it returns', async () => {
      const statuses: StreamStatus['state'][] = [];
      const events: PodmanEvent[] = [];
      const client = new PodmanClient(pm.socketPath);
      const sub = new EventSubscription(client, {
        onEvent: (e) => events.push(e),
        onStatus: (s) => statuses.push(s.state),
        backoffMs: [100, 200],
      });
      sub.start();
      const name = uniqueName('p5missed');
      try {
        await sleep(500);
        await pm.stopService();
        await waitFor(() => statuses.includes('disconnected'), 5000, 'disconnected');
        await pm.podman(['create', '--name', name, BUSYBOX, 'true']);
        await pm.startService();
        await waitFor(
          () => events.some((e) => e.action === 'create' && e.name === name),
          10_000,
          'the replayed create event',
        );
        assert.equal(statuses[statuses.length - 1], 'connected');
        assert.equal(events.filter((e) => e.action === 'create' && e.name === name).length, 1, 'replayed once');
      } finally {
        sub.stop();
        await pm.startService();
        await pm.podman(['rm', '-f', name]).catch(() => undefined);
      }
    });
  });

  describe('build', () => {
    const tempDir = tempDirs();
    const context = (files: Record<string, string>): string => writeTree(tempDir('pw-build5-'), files);

    it('builds through the socket with .containerignore, build args and a secret', async () => {
      const tag = `localhost/${uniqueName('built5')}:test`;
      const secret = join(tempDir('pw-secret5-'), 'token');
      writeFileSync(secret, 'sekrit-five');
      const d = context({
        Containerfile: `FROM ${BUSYBOX}\nARG GREETING=none\nCOPY . /ctx\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /seen-secret && echo "$GREETING" > /greeting\n`,
        'keep.txt': 'kept',
        'ignored/big.bin': 'x'.repeat(1000),
        '.containerignore': 'ignored\n',
      });
      const lines: string[] = [];
      const steps: number[] = [];
      const r = await buildImage(c, {
        contextDir: d,
        containerfile: join(d, 'Containerfile'),
        tags: [tag],
        buildArgs: { GREETING: 'hi five' },
        secrets: [{ id: 'tok', src: secret }],
        onOutput: (t) => lines.push(t),
        onStep: (s) => steps.push(s.step),
      });
      assert.match(r.imageId, /^[0-9a-f]{64}$/);
      assert.deepEqual(steps, [1, 2, 3, 4]);
      assert.ok((await c.listImages()).some((i) => i.id === r.imageId && i.repoTags.includes(tag)));
      const out = await pm.podman([
        'run',
        '--rm',
        tag,
        'sh',
        '-c',
        'ls -a /ctx; cat /greeting /seen-secret; ls /ctx/.podman-workbench* 2>&1 || true',
      ]);
      assert.match(out, /keep\.txt/);
      assert.doesNotMatch(out, /ignored/);
      assert.match(out, /hi five/);
      assert.match(out, /sekrit-five/);
      assert.match(out, /No such file/, 'the secret file is not in the image');
      await pm.podman(['rmi', '-f', tag]);
    });

    it('maps a failing step to its Containerfile line and leaves no working container', async () => {
      const before = await pm.podman(['ps', '-a', '--external', '--format', '{{.ID}}']);
      const text = `# comment\nFROM ${BUSYBOX}\nRUN echo one \\\n  two\nRUN exit 3\nRUN echo never\n`;
      const d = context({ Containerfile: text });
      const err = await buildImage(c, {
        contextDir: d,
        containerfile: join(d, 'Containerfile'),
        tags: ['localhost/pw-fail5:test'],
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof BuildError, `expected a BuildError, got ${String(err)}`);
      assert.equal(err.step?.instruction, 'RUN exit 3');
      assert.equal(lineOfStep(text, err.step!), 4);
      assert.match(err.message, /exit status 3|exit code 3|exited with 3/i);
      assert.equal(
        await pm.podman(['ps', '-a', '--external', '--format', '{{.ID}}']),
        before,
        'no working container left',
      );
    });
  });

  describe('kube', () => {
    // The containers end on SIGTERM: Podman 5's kube down stops with the 10 s default (4.3 took ~3 s).
    const deployment = (n: string) => deploymentYaml(n, { command: ENDS_ON_TERM, service: false });
    const podYamlOf = (n: string) => podYaml(n, [BUSYBOX], ENDS_ON_TERM);

    it('plays a Deployment with a ConfigMap and a claim, replays it, and takes it down keeping the volume', async () => {
      const version = (await c.info()).version;
      assert.match(version, /^5\./);
      const n = uniqueName('k5dep');
      const yaml = deployment(n);
      const r = await playKube(c, yaml, { podmanVersion: version });
      assert.equal(r.ok, true, formatPlayReport(r).join('\n'));
      assert.equal(r.pods.length, 1);
      const p = r.pods[0];
      assert.match(p.name, new RegExp(`^${n}-pod(-0)?$`));
      assert.equal(p.docIndex, 2);
      const main = p.containers.find((x) => x.name.endsWith('-main'))!;
      assert.ok(main, JSON.stringify(p.containers));
      const env = ((await c.inspectContainer(main.id)) as { Config?: { Env?: string[] } }).Config?.Env ?? [];
      assert.ok(env.includes('GREETING=hello'));
      assert.ok((await c.listVolumes()).some((v) => v.name === `${n}-data`));
      const docs = parseKube(yaml).docs;
      assert.equal((await runningDocuments(c, docs))[2].running, true);

      const again = await playKube(c, yaml, { replace: true, podmanVersion: version });
      assert.equal(again.ok, true, formatPlayReport(again).join('\n'));
      assert.equal(again.replaced.length, 1);
      assert.notEqual(again.pods[0].id, p.id);
      assert.deepEqual(again.keptVolumes, [`${n}-data`]);

      const down = await downKube(c, yaml, { podmanVersion: version });
      assert.equal(down.removedPods.length, 1);
      assert.deepEqual(down.keptVolumes, [`${n}-data`]);
      assert.ok(!(await c.listPods()).some((x) => x.name === p.name));
      assert.ok(
        (await c.listVolumes()).some((v) => v.name === `${n}-data`),
        'down keeps the claim volume',
      );
      const third = await playKube(c, yaml, { podmanVersion: version });
      assert.equal(third.ok, true, formatPlayReport(third).join('\n'));
      const down2 = await downKube(c, yaml, { removeVolumes: true, podmanVersion: version });
      assert.deepEqual(down2.removedVolumes, [`${n}-data`]);
    });

    it('generates YAML from a running pod and plays it back; 4.4+ options are sent', async () => {
      const version = (await c.info()).version;
      const n = uniqueName('k5gen');
      const yaml = podYamlOf(n);
      const r = await playKube(c, yaml, { podmanVersion: version, annotations: { 'pw.test': 'yes' }, publish: [] });
      assert.equal(r.ok, true, formatPlayReport(r).join('\n'));
      assert.deepEqual(r.skippedOptions, []);
      const info = (await c.inspectContainer(r.pods[0].containers[0].id)) as {
        Config?: { Annotations?: Record<string, string> };
      };
      assert.equal(info.Config?.Annotations?.['pw.test'], 'yes');
      const generated = await generateKube(c, [n]);
      assert.match(generated, /kind: Pod/);
      assert.match(generated, new RegExp(`name: ${n}`));
      assert.match(await generateKube(c, [n], { service: true }), /kind: Service/);
      await downKube(c, yaml);
      assert.ok(!(await c.listPods()).some((x) => x.name === n));
      let back = await playKube(c, generated, { podmanVersion: version });
      if (
        !back.ok &&
        /runc create failed: unable to start container process: waiting for init preliminary setup/.test(
          formatPlayReport(back).join('\n'),
        )
      ) {
        // Seen once in CI: runc's init died before its first message (Podman 5 in this sandbox,
        // machine under load). Not what this test is about: played once more, and said so.
        console.log(`runc start failure, playing once more: ${formatPlayReport(back).join(' | ')}`);
        await downKube(c, generated);
        back = await playKube(c, generated, { podmanVersion: version });
      }
      try {
        assert.equal(back.ok, true, formatPlayReport(back).join('\n'));
        assert.equal(back.pods[0].name, n);
        assert.equal((await c.listPods()).find((x) => x.name === n)?.status, 'Running');
      } finally {
        await downKube(c, generated);
      }
    });

    it('plays with userns=auto (Podman 4.4+) and start=false', async () => {
      const version = (await c.info()).version;
      const n = uniqueName('k5opt');
      const yaml = podYamlOf(n);
      const r = await playKube(c, yaml, { podmanVersion: version, userns: 'auto', start: false });
      try {
        assert.deepEqual(r.skippedOptions, [], 'Podman 5 knows userns');
        // userns=auto needs subordinate ids for "containers"; without them Podman says so.
        if (!r.ok) {
          assert.match(r.error ?? '', /subuid|subgid|containers|user namespace/i, formatPlayReport(r).join('\n'));
        } else {
          const info = (await c.inspectContainer(r.pods[0].containers[0].id)) as { State?: { Status?: string } };
          assert.notEqual(info.State?.Status, 'running');
        }
      } finally {
        await downKube(c, yaml).catch(() => undefined);
      }
    });

    it('reports an image that cannot be pulled and removes the half-created pod', async () => {
      const version = (await c.info()).version;
      const n = uniqueName('k5pull');
      const yaml = `${podYamlOf(`${n}-ok`)}---\n${podYamlOf(n).replace(`image: ${BUSYBOX}`, 'image: registry.invalid/nothing/here:1')}`;
      const r = await playKube(c, yaml, { podmanVersion: version });
      assert.equal(r.ok, false);
      assert.match(r.error ?? '', /registry\.invalid/);
      assert.equal(r.errorDoc, 1);
      assert.deepEqual(r.leftBehind, []);
      const names = (await c.listPods()).map((x) => x.name);
      assert.ok(!names.includes(n) && !names.includes(`${n}-ok`), formatPlayReport(r).join('\n'));
    });
  });

  describe('explorer', () => {
    it('loads the model and follows the event stream: create, start, pause, stop, remove, pods and lists', async () => {
      const model = new ExplorerModel();
      const problems: (Problem | undefined)[] = [];
      const follower = new ExplorerFollower(c, model, { onProblem: (p) => problems.push(p), backoffMs: [100, 200] });
      const name = uniqueName('p5live');
      const pod = uniqueName('p5livepod');
      const vol = uniqueName('p5livevol');
      const net = uniqueName('p5livenet');
      try {
        await follower.start();
        assert.equal(model.store.loaded, true);
        assert.ok(model.store.images.some((i) => i.repoTags.includes(BUSYBOX)));
        assert.ok(model.buildAllItems().length > 0);
        await sleep(300);
        await pm.podman(['create', '--name', name, BUSYBOX, 'sleep', '600']);
        await waitFor(() => model.store.containerByName(name)?.state === 'created', 10_000, 'the created container');
        const id = model.store.containerByName(name)!.id;
        await pm.podman(['start', name]);
        await waitFor(() => model.store.containers.get(id)?.state === 'running', 10_000, 'running');
        await pm.podman(['pause', name]);
        await waitFor(() => model.store.containers.get(id)?.state === 'paused', 10_000, 'paused');
        await pm.podman(['unpause', name]);
        await waitFor(() => model.store.containers.get(id)?.state === 'running', 10_000, 'running again');
        await pm.podman(['stop', '-t', '0', name]);
        await waitFor(() => model.store.containers.get(id)?.state === 'exited', 10_000, 'exited');
        await waitFor(
          () => model.store.containers.get(id)?.status === 'Exited (137)',
          10_000,
          'the exit code in the status',
        );
        assert.equal(model.store.containers.get(id)?.exitCode, 137);
        // A health check turning unhealthy shows without a re-list.
        await pm.podman(['run', '-d', '--name', `${name}-hc`, '--health-cmd', 'test -e /ok', BUSYBOX, 'sleep', '600']);
        await waitFor(
          () => model.store.containerByName(`${name}-hc`)?.state === 'running',
          10_000,
          'the health-checked container',
        );
        await pm.podman(['healthcheck', 'run', `${name}-hc`]).catch(() => undefined); // fails: unhealthy after the retries
        for (let i = 0; i < 3; i++) await pm.podman(['healthcheck', 'run', `${name}-hc`]).catch(() => undefined);
        await waitFor(
          () => model.store.containerByName(`${name}-hc`)?.status === 'unhealthy',
          10_000,
          'unhealthy in the model',
        );
        await pm.podman(['rm', '-f', '-t', '0', `${name}-hc`]);
        const item = model.buildAllItems().find((i) => i.label === name);
        assert.ok(item, 'the container has a tree item');
        assert.match(String(item.contextValue), /^podman\.container\./);
        await pm.podman(['rm', name]);
        await waitFor(() => !model.store.containers.has(id), 10_000, 'removed');

        await pm.podman(['pod', 'create', '--name', pod]);
        await pm.podman(['run', '-d', '--pod', pod, '--name', `${pod}-c`, BUSYBOX, 'sleep', '600']);
        await waitFor(
          () => [...model.store.pods.values()].some((p) => p.name === pod && p.status === 'Running'),
          10_000,
          'the pod running',
        );
        assert.ok(
          model.children('containers').some((n) => n.kind === 'pod'),
          'the pod is a node of the tree',
        );
        await pm.podman(['volume', 'create', vol]);
        await pm.podman(['network', 'create', net]);
        await waitFor(() => model.store.volumes.some((v) => v.name === vol), 10_000, 'the volume list refetched');
        await waitFor(
          () => model.store.networks.some((n) => n.name === net),
          10_000,
          'the network list refetched (Podman 5 emits network events)',
        );
        await pm.podman(['pod', 'rm', '-f', '-t', '0', pod]);
        await waitFor(() => ![...model.store.pods.values()].some((p) => p.name === pod), 10_000, 'the pod removed');
        assert.ok(!problems.some((p) => p !== undefined), JSON.stringify(problems));
      } finally {
        follower.stop();
        await pm.podman(['rm', '-f', '-t', '0', name, `${name}-hc`]).catch(() => undefined);
        await pm.podman(['pod', 'rm', '-f', '-t', '0', pod]).catch(() => undefined);
        await pm.podman(['volume', 'rm', '-f', vol]).catch(() => undefined);
        await pm.podman(['network', 'rm', '-f', net]).catch(() => undefined);
      }
    });

    it('shows the problem while the service is gone and recovers with what changed meanwhile', async () => {
      const model = new ExplorerModel();
      const follower = new ExplorerFollower(c, model, {
        onProblem: (p) => model.setProblem(p),
        backoffMs: [100, 200, 400],
      });
      const name = uniqueName('p5down');
      try {
        await follower.start();
        await sleep(300);
        await pm.stopService();
        await waitFor(() => model.problem !== undefined, 10_000, 'the problem');
        assert.equal(model.children('containers')[0].kind, 'problem');
        await pm.podman(['create', '--name', name, BUSYBOX, 'true']);
        await pm.startService();
        await waitFor(() => model.problem === undefined && !!model.store.containerByName(name), 20_000, 'recovery');
        assert.equal(follower.status, 'connected');
      } finally {
        follower.stop();
        await pm.startService();
        await pm.podman(['rm', '-f', name]).catch(() => undefined);
      }
    });
  });
});
