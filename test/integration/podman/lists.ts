// The client suite's list test (test/integration/podman/client.test.ts): containers in every
// state, a pod, ports, a compose label, a health check, a volume and a network, listed with the
// fields the explorer reads, on every Podman target.
import assert from 'node:assert/strict';
import { BUSYBOX, uniqueName, type TestPodman } from '../../harness/podman';
import type { TargetSuite } from '../../harness/targets';
import { waitFor } from '../../harness/wait';
import type { ContainerSummary } from '../../../src/podman/models';

interface Made {
  pod: string;
  inPod: string;
  ported: string;
  exited: string;
  healthy: string;
  vol: string;
  net: string;
  t0: number;
}

async function makeObjects(pm: TestPodman): Promise<Made> {
  const m: Made = {
    pod: uniqueName('lpod'),
    inPod: uniqueName('linpod'),
    ported: uniqueName('lports'),
    exited: uniqueName('lexit'),
    healthy: uniqueName('lhealth'),
    vol: uniqueName('lvol'),
    net: uniqueName('lnet'),
    t0: Date.now(),
  };
  const health = ['--health-cmd', 'true', '--health-interval', '1s'];
  const compose = ['--label', 'io.podman.compose.project=lproj'];
  await pm.podman(['pod', 'create', '--name', m.pod, '--label', 'pw.kind=pod', '-p', '127.0.0.1::8080']);
  await pm.podman(['run', '-d', '--pod', m.pod, '--name', m.inPod, BUSYBOX, 'sleep', '600']);
  const ports = ['-p', '127.0.0.1::80', '-p', '127.0.0.1::81/udp'];
  await pm.podman(['run', '-d', '--name', m.ported, ...compose, ...ports, BUSYBOX, 'sleep', '600']);
  await pm.podman(['run', '--name', m.exited, BUSYBOX, 'sh', '-c', 'exit 3']).catch(() => undefined);
  await pm.podman(['run', '-d', '--name', m.healthy, ...health, BUSYBOX, 'sleep', '600']);
  await pm.podman(['volume', 'create', '--label', 'pw.kind=vol', m.vol]);
  await pm.podman(['network', 'create', '--label', 'pw.kind=net', m.net]);
  return m;
}

async function removeObjects(pm: TestPodman, m: Made): Promise<void> {
  await pm.podman(['pod', 'rm', '-f', '-t', '0', m.pod]).catch(() => undefined);
  await pm.podman(['rm', '-f', '-t', '0', m.ported, m.exited, m.healthy]).catch(() => undefined);
  await pm.podman(['volume', 'rm', '-f', m.vol]).catch(() => undefined);
  await pm.podman(['network', 'rm', '-f', m.net]).catch(() => undefined);
}

function checkContainers(s: TargetSuite, all: ContainerSummary[], m: Made): void {
  const byName = (n: string) => all.find((x) => x.name === n)!;
  const p = byName(m.ported);
  assert.equal(p.state, 'running');
  assert.match(p.id, /^[0-9a-f]{64}$/);
  assert.equal(p.image, BUSYBOX);
  assert.deepEqual(p.command, ['sleep', '600']);
  assert.ok(p.created >= m.t0 - 5000 && p.created <= Date.now() + 5000, `created is ms since epoch: ${p.created}`);
  assert.ok(p.startedAt * 1000 >= m.t0 - 5000, `startedAt is s since epoch: ${p.startedAt}`);
  assert.equal(p.composeProject, 'lproj');
  assert.deepEqual(p.networks, s.caps.defaultNetwork ? [s.caps.defaultNetwork] : []);
  const ports = [...p.ports].sort((a, b) => a.containerPort - b.containerPort);
  assert.deepEqual(
    ports.map((x) => ({ ...x, hostPort: x.hostPort > 0 })),
    [
      { hostIp: '127.0.0.1', hostPort: true, containerPort: 80, protocol: 'tcp', range: 1 },
      { hostIp: '127.0.0.1', hostPort: true, containerPort: 81, protocol: 'udp', range: 1 },
    ],
  );
  const e = byName(m.exited);
  assert.equal(e.state, 'exited');
  assert.equal(e.exitCode, 3);
  assert.equal(e.status, '', "libpod's list Status is the health check result (none here), on 4.3 and 5.x alike");
  assert.equal(byName(m.healthy).status, 'healthy');
  const member = byName(m.inPod);
  assert.equal(member.podName, m.pod);
  assert.equal(member.isInfra, false);
  assert.equal(member.ports[0]?.containerPort, 8080, 'a pod member shows the pod ports');
  assert.ok(
    all.some((x) => x.podId === member.podId && x.isInfra),
    'the infra container is listed and flagged',
  );
}

/**
 * One container fetched alone (what the explorer does on a create event: from its inspect, or a
 * filtered list for a pod member or published ports) is the very entry of the full list, by id,
 * id prefix and name. The list's networks come in no set order: compared sorted.
 */
async function checkOneByOne(s: TargetSuite, all: ContainerSummary[], m: Made): Promise<void> {
  const sorted = (c: ContainerSummary | undefined) => c && { ...c, networks: [...c.networks].sort() };
  const made = [m.ported, m.exited, m.healthy, m.inPod].map((n) => all.find((x) => x.name === n)!);
  const infra = all.find((x) => x.podId === made[3].podId && x.isInfra)!;
  const plain = uniqueName('lplain');
  const id = await s.pm.client.createContainer({ image: BUSYBOX, name: plain, labels: { a: 'b' }, command: ['true'] });
  try {
    const created = (await s.pm.client.listContainers()).find((x) => x.id === id)!;
    for (const c of [...made, infra, created]) {
      assert.deepEqual(sorted(await s.pm.client.getContainer(c.id)), sorted(c), `${c.name} by id`);
      assert.deepEqual(sorted(await s.pm.client.getContainer(c.id.slice(0, 12))), sorted(c), `${c.name} by prefix`);
      assert.deepEqual(sorted(await s.pm.client.getContainer(c.name)), sorted(c), `${c.name} by name`);
    }
    const requests = async (c: ContainerSummary) => {
      const n0 = s.pm.client.requestCount;
      await s.pm.client.getContainer(c.id);
      return s.pm.client.requestCount - n0;
    };
    assert.equal(await requests(created), 1, 'a plain container: its inspect alone');
    assert.equal(await requests(made[1]), 1, 'an exited one: its inspect alone');
    assert.equal(await requests(made[3]), 2, 'a pod member: its inspect, then the filtered list');
  } finally {
    await s.pm.client.removeContainer(id, { force: true });
  }
  assert.equal(await s.pm.client.getContainer(id), undefined, 'a removed container is not found');
}

async function checkPodAndImages(s: TargetSuite, all: ContainerSummary[], m: Made): Promise<void> {
  const c = s.pm.client;
  const member = all.find((x) => x.name === m.inPod)!;
  const infra = all.find((x) => x.podId === member.podId && x.isInfra)!;
  const pp = (await c.listPods()).find((x) => x.name === m.pod)!;
  assert.equal(pp.status, 'Running');
  assert.equal(pp.id, member.podId);
  assert.equal(pp.infraId, infra.id);
  assert.equal(pp.labels['pw.kind'], 'pod');
  assert.ok(pp.created >= m.t0 - 5000);
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  assert.deepEqual(
    pp.containers.map((x) => ({ name: x.name, status: x.status })).sort(byName),
    [
      { name: infra.name, status: 'running' },
      { name: m.inPod, status: 'running' },
    ].sort(byName),
  );
  const images = await c.listImages();
  const bb = images.find((x) => x.repoTags.includes(BUSYBOX))!;
  assert.match(bb.id, /^[0-9a-f]{64}$/);
  assert.ok(bb.size > 1_000_000);
  assert.ok(bb.containers >= 3);
  assert.ok(bb.created > 1_600_000_000_000, `image created in ms: ${bb.created}`);
  assert.equal(bb.dangling, false);
  assert.ok(
    images.some((x) => x.repoTags.some((t) => s.caps.infraImage.test(t))),
    `the infra image ${String(s.caps.infraImage)} in ${JSON.stringify(images.map((i) => i.repoTags))}`,
  );
}

async function checkVolumeAndNetwork(s: TargetSuite, m: Made): Promise<void> {
  const v = (await s.pm.client.listVolumes()).find((x) => x.name === m.vol)!;
  assert.equal(v.driver, 'local');
  assert.equal(v.labels['pw.kind'], 'vol');
  assert.ok(v.mountpoint.startsWith(s.pm.dir), `${v.mountpoint} in the sandbox ${s.pm.dir}`);
  assert.ok(!Number.isNaN(Date.parse(v.created)));
  const n = (await s.pm.client.listNetworks()).find((x) => x.name === m.net)!;
  assert.equal(n.driver, 'bridge');
  assert.equal(n.labels['pw.kind'], 'net');
  assert.match(n.id, /^[0-9a-f]{64}$/);
  assert.match(n.subnets[0] ?? '', /^\d+\.\d+\.\d+\.0\/24$/);
  assert.ok(n.iface);
  assert.equal(n.internal, false);
}

/** Registers the list test in the client suite of target `s`. */
export function listsSuite(s: TargetSuite): void {
  s.it('lists containers, pods, images, volumes and networks with the fields the explorer reads', async () => {
    const m = await makeObjects(s.pm);
    try {
      // No systemd here, so no timer runs health checks: run one as the timer would.
      await s.pm.podman(['healthcheck', 'run', m.healthy]);
      const c = s.pm.client;
      await waitFor('the health check', async () => (await c.getContainer(m.healthy))?.status === 'healthy', 15_000);
      const all = await c.listContainers();
      checkContainers(s, all, m);
      await checkOneByOne(s, all, m);
      await checkPodAndImages(s, all, m);
      await checkVolumeAndNetwork(s, m);
    } finally {
      await removeObjects(s.pm, m);
    }
  });
}
