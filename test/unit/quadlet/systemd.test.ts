import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDryrun, parseShow, quadletDir, systemctlArgs } from '../../../src/quadlet/systemd';
import { unitDependencies } from '../../../src/quadlet/deps';

describe('quadlet systemd helpers', () => {
  it('finds the user and system unit folders', () => {
    assert.equal(quadletDir('system'), '/etc/containers/systemd');
    assert.equal(quadletDir('user', { XDG_CONFIG_HOME: '/x/cfg' }, '/home/u'), '/x/cfg/containers/systemd');
    assert.equal(quadletDir('user', {}, '/home/u'), '/home/u/.config/containers/systemd');
  });
  it('builds systemctl argument arrays, --user only for user units', () => {
    assert.deepEqual(systemctlArgs('user', 'start', '--', 'a b.service'), ['--user', 'start', '--', 'a b.service']);
    assert.deepEqual(systemctlArgs('system', 'daemon-reload'), ['daemon-reload']);
  });
  it('parses systemctl show output', () => {
    assert.deepEqual(parseShow('LoadState=loaded\nActiveState=active\nSubState=running\n'), {
      load: 'loaded',
      active: 'active',
      sub: 'running',
    });
  });
  it('splits the generator dry-run output into units', () => {
    const units = parseDryrun(
      '---a-network.service---\n[Unit]\nX=1\n\n---web.service---\n[Service]\nExecStart=/usr/bin/podman run\n',
    );
    assert.deepEqual([...units.keys()], ['a-network.service', 'web.service']);
    assert.equal(units.get('web.service'), '[Service]\nExecStart=/usr/bin/podman run\n');
  });
  it('collects drop-ins, referenced units and kube YAML, once each, cycles included', async () => {
    const d = mkdtempSync(join(tmpdir(), 'pw-qdeps-'));
    writeFileSync(
      join(d, 'web.container'),
      '[Container]\nImage=x\nNetwork=net.network\nVolume=data.volume:/data\nPod=p.pod\n',
    );
    writeFileSync(join(d, 'net.network'), '[Network]\n');
    writeFileSync(join(d, 'data.volume'), '[Volume]\n');
    writeFileSync(join(d, 'p.pod'), '[Pod]\nNetwork=net.network\n');
    mkdirSync(join(d, 'web.container.d'));
    writeFileSync(join(d, 'web.container.d', '10-env.conf'), '[Container]\nEnvironment=A=1\n');
    writeFileSync(join(d, 'app.kube'), '[Kube]\nYaml=app.yaml\n');
    writeFileSync(join(d, 'app.yaml'), 'kind: Pod\n');
    writeFileSync(join(d, 'a.container'), '[Container]\nImage=x\nNetwork=b.network\n');
    writeFileSync(join(d, 'b.network'), '[Network]\n# refers back\nX=a.container\n');
    const deps = (await unitDependencies(join(d, 'web.container'))).map((p) => p.slice(d.length + 1)).sort();
    assert.deepEqual(deps, ['data.volume', 'net.network', 'p.pod', 'web.container.d/10-env.conf']);
    assert.deepEqual(
      (await unitDependencies(join(d, 'app.kube'))).map((p) => p.slice(d.length + 1)),
      ['app.yaml'],
    );
    assert.deepEqual(
      (await unitDependencies(join(d, 'a.container'))).map((p) => p.slice(d.length + 1)),
      ['b.network'],
    );
    rmSync(d, { recursive: true, force: true });
  });
});
