import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedWriter, LineFormatter } from '../../../../src/explorer/model/boundedWriter';
import { buildRunSpec, parseEnvEntry, parsePorts } from '../../../../src/explorer/model/runSpec';
import { describePlan, prunePlan } from '../../../../src/explorer/model/prunePlan';
import { ctr, image, pod } from './fixtures';

describe('BoundedWriter', () => {
  it('pauses the producer above the high-water mark and resumes below the low-water mark', async () => {
    const written: string[] = [];
    const flow: string[] = [];
    const w = new BoundedWriter(
      (t) => written.push(t),
      { pause: () => flow.push('pause'), resume: () => flow.push('resume') },
      { flushMs: 1, budgetChars: 100, highWaterChars: 300, lowWaterChars: 100 },
    );
    for (let i = 0; i < 10; i++) w.push('x'.repeat(50));
    assert.deepEqual(flow, ['pause']);
    assert.equal(w.maxPendingChars, 500);
    while (w.pendingChars > 0) await new Promise((r) => setTimeout(r, 2));
    assert.deepEqual(flow, ['pause', 'resume']);
    assert.equal(written.join('').length, 500);
    assert.ok(
      written.every((t) => t.length <= 100),
      'no flush above the budget',
    );
    w.dispose();
  });

  it('does not split surrogate pairs', () => {
    const written: string[] = [];
    const w = new BoundedWriter((t) => written.push(t), { pause() {}, resume() {} }, { budgetChars: 3 });
    w.push('ab😀cd');
    w.flush();
    assert.equal(written[0], 'ab');
    w.flush();
    w.flush();
    assert.equal(written.join(''), 'ab😀cd');
    w.dispose();
  });
});

describe('LineFormatter', () => {
  const cases: [string, string[], string][] = [
    ['', ['a\nb\n'], 'a\r\nb\r\n'],
    ['P ', ['a\nb', 'c\n', '\n'], 'P a\r\nP bc\r\nP \r\n'],
    ['P ', ['x\r\n'], 'P x\r\n'],
  ];
  for (const [prefix, chunks, want] of cases) {
    it(`prefix ${JSON.stringify(prefix)} over ${JSON.stringify(chunks)}`, () => {
      const f = new LineFormatter(prefix);
      assert.equal(chunks.map((c) => f.format(c)).join(''), want);
    });
  }
});

describe('run spec', () => {
  it('parses ports', () => {
    assert.deepEqual(parsePorts('8080:80, 127.0.0.1:9000:90/udp 5000'), [
      { host_port: 8080, container_port: 80, protocol: 'tcp' },
      { host_ip: '127.0.0.1', host_port: 9000, container_port: 90, protocol: 'udp' },
      { container_port: 5000, protocol: 'tcp' },
    ]);
    assert.throws(() => parsePorts('80:$(id)'), /Not a port mapping/);
    assert.throws(() => parsePorts('70000:80'), /out of range/);
  });
  it('keeps env values verbatim', () => {
    assert.deepEqual(parseEnvEntry(`X=$(touch /tmp/m); echo "hi" 'q' = é`), [
      'X',
      `$(touch /tmp/m); echo "hi" 'q' = é`,
    ]);
    assert.throws(() => parseEnvEntry('1X=2'));
    assert.deepEqual(buildRunSpec({ image: 'i', env: { A: 'b' }, ports: [] }), { image: 'i', env: { A: 'b' } });
  });
});

describe('prune plan', () => {
  it('lists stopped containers, stopped pods, unused dangling images and unused networks', () => {
    const plan = prunePlan({
      containers: [
        ctr({ name: 'up', networks: ['used'] }),
        ctr({ name: 'down', state: 'exited', networks: ['lonely'] }),
        ctr({ name: 'infra', state: 'exited', isInfra: true }),
      ],
      pods: [pod({ name: 'p1', status: 'Exited' }), pod({ name: 'p2', status: 'Running' })],
      images: [
        image({ id: 'img1', dangling: true }),
        image({ id: 'x'.repeat(64), dangling: true }),
        image({ repoTags: ['a:1'] }),
      ],
      networks: [
        { id: '1', name: 'podman', driver: 'bridge', iface: '', subnets: [], internal: false, labels: {} },
        { id: '2', name: 'used', driver: 'bridge', iface: '', subnets: [], internal: false, labels: {} },
        { id: '3', name: 'lonely', driver: 'bridge', iface: '', subnets: [], internal: false, labels: {} },
      ],
      danglingVolumes: ['v1'],
    });
    assert.deepEqual(plan, {
      containers: ['down'],
      pods: ['p1'],
      images: ['<none> xxxxxxxxxxxx'],
      networks: ['lonely'],
      volumes: ['v1'],
    });
    assert.match(describePlan(plan), /Stopped containers \(1\): down/);
  });
});
