// The engine's pure parts: the create spec a service makes (labels, names, limits, health, mounts,
// ports), the config hash (stable across key order, changed by a value), and the addressing of
// networks without DNS (fixed addresses and MACs, host entries for every service).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../../src/compose/model';
import { configHash, containerSpec, staticMac } from '../../../src/compose/engine/spec';
import { addressing } from '../../../src/compose/engine/resources';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function load(text: string, dir = mkdtempSync(join(tmpdir(), 'compose-spec-'))) {
  dirs.push(dir);
  writeFileSync(join(dir, 'compose.yaml'), text);
  return loadProject({ workingDir: dir, projectName: 'p', env: {} });
}

const TEXT = [
  'services:',
  '  web:',
  '    image: nginx',
  '    command: nginx -g "daemon off;"',
  '    ports: ["127.0.0.1:8080:80", "9000-9001:9000-9001/udp"]',
  '    volumes: [data:/data:ro, ./site:/site, {type: tmpfs, target: /tmp, tmpfs: {size: 1m}}]',
  '    deploy: {resources: {limits: {cpus: "1.5", memory: 32m, pids: 50}}}',
  '    healthcheck: {test: [CMD, curl, -f, localhost], interval: 2s}',
  '    stop_signal: SIGINT',
  '    stop_grace_period: 1500ms',
  '    restart: on-failure:3',
  '    labels: {tier: front}',
  '    user: "1000"',
  '    depends_on: [api]',
  '  api: {image: busybox, scale: 2, networks: {default: {aliases: [backend]}}}',
  'volumes: {data: {}}',
].join('\n');

describe('compose container spec', () => {
  it('carries what the service says, with the Docker Compose labels', () => {
    const p = load(TEXT);
    const web = p.services.web;
    const spec = containerSpec(
      { project: p, number: 1, hash: 'h', addressing: { networks: {}, hosts: [] } },
      web,
      'nginx',
    );
    assert.equal(spec.name, 'p-web-1');
    assert.deepEqual(spec.command, ['nginx', '-g', 'daemon off;']);
    assert.equal(spec.labels?.['com.docker.compose.project'], 'p');
    assert.equal(spec.labels?.['com.docker.compose.service'], 'web');
    assert.equal(spec.labels?.['com.docker.compose.container-number'], '1');
    assert.equal(spec.labels?.['com.docker.compose.config-hash'], 'h');
    assert.equal(spec.labels?.tier, 'front');
    assert.deepEqual(spec.portmappings, [
      { container_port: 80, host_port: 8080, host_ip: '127.0.0.1', protocol: 'tcp' },
      { container_port: 9000, host_port: 9000, range: 2, protocol: 'udp' },
    ]);
    assert.deepEqual(spec.volumes, [{ Name: 'p_data', Dest: '/data', Options: ['ro'] }]);
    assert.deepEqual(
      spec.mounts?.map((m) => [m.type, m.destination, m.options]),
      [
        ['bind', '/site', ['rbind', 'rw']],
        ['tmpfs', '/tmp', ['size=1048576']],
      ],
    );
    assert.deepEqual(spec.resource_limits, {
      memory: { limit: 32 * 1024 * 1024 },
      cpu: { quota: 150000, period: 100000 },
      pids: { limit: 50 },
    });
    assert.deepEqual(spec.healthconfig, {
      Test: ['CMD', 'curl', '-f', 'localhost'],
      Interval: 2e9,
      Timeout: 30e9,
      Retries: 3,
      StartPeriod: 0,
    });
    assert.equal(spec.stop_signal, 2);
    assert.equal(spec.stop_timeout, 2);
    assert.equal(spec.restart_policy, 'on-failure');
    assert.equal(spec.restart_tries, 3);
    assert.equal(spec.user, '1000');
  });

  it('the config hash ignores key order and changes with a value', () => {
    // One folder: the bind's absolute source is part of the hash.
    const dir = mkdtempSync(join(tmpdir(), 'compose-spec-'));
    const a = load(TEXT, dir).services.web;
    const b = load(
      TEXT.replace('    user: "1000"\n', '').replace('    image: nginx\n', '    image: nginx\n    user: "1000"\n'),
      dir,
    ).services.web;
    const c = load(TEXT.replace('tier: front', 'tier: back'), dir).services.web;
    assert.equal(configHash(a), configHash(b));
    assert.notEqual(configHash(a), configHash(c));
  });

  it('on a network without DNS: fixed addresses and MACs, host entries for every service and replica', () => {
    const p = load(TEXT);
    const nets = {
      default: { name: 'p_default', dns: false, subnet: [(10 << 24) | (89 << 16) | (8 << 8), 24] as [number, number] },
    };
    const web = addressing(p, p.services.web, 1, nets);
    assert.deepEqual(web.networks, { p_default: { aliases: ['web'], staticIp: '10.89.8.20' } });
    assert.deepEqual(web.hosts, [
      'web:10.89.8.20',
      'p-web-1:10.89.8.20',
      'p-api-2:10.89.8.31',
      'api:10.89.8.30',
      'backend:10.89.8.30',
      'p-api-1:10.89.8.30',
    ]);
    assert.equal(staticMac('10.89.8.20'), '02:50:0a:59:08:14');
    const dns = addressing(p, p.services.api, 2, { default: { ...nets.default, dns: true } });
    assert.deepEqual(dns, { networks: { p_default: { aliases: ['api', 'backend'], staticIp: undefined } }, hosts: [] });
  });
});
