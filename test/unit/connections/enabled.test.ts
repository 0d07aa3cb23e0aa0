// Which connections are enabled, toggling them, and naming one from launch.json or a task.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { enabledIds, findEndpoint, toggleEnabled } from '../../../src/connections/enabled';
import type { Endpoint } from '../../../src/podman/discovery';

const ep = (id: string, label: string): Endpoint => ({
  id,
  label,
  source: 'connection',
  uri: `unix://${id}`,
  socketPath: id,
});
const ENDPOINTS = [ep('/a.sock', 'Rootless'), ep('/b.sock', 'Rootful'), ep('/c.sock', 'Connection lab')];

describe('enabled connections', () => {
  const cases: { name: string; remembered: string[]; active?: string; want: string[] }[] = [
    { name: 'the active one alone', remembered: [], active: '/b.sock', want: ['/b.sock'] },
    {
      name: 'remembered ones with the active, in discovery order',
      remembered: ['/c.sock'],
      active: '/a.sock',
      want: ['/a.sock', '/c.sock'],
    },
    { name: 'the active one listed too is not doubled', remembered: ['/a.sock'], active: '/a.sock', want: ['/a.sock'] },
    {
      name: 'a remembered endpoint not discovered now is not shown',
      remembered: ['/gone.sock'],
      active: '/a.sock',
      want: ['/a.sock'],
    },
    { name: 'no active: the remembered ones', remembered: ['/b.sock'], want: ['/b.sock'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(enabledIds(ENDPOINTS, c.remembered, c.active), c.want));
  }

  it('toggles: enable appends once, disable removes', () => {
    assert.deepEqual(toggleEnabled(['/a.sock'], '/b.sock', true), ['/a.sock', '/b.sock']);
    assert.deepEqual(toggleEnabled(['/a.sock', '/b.sock'], '/b.sock', true), ['/a.sock', '/b.sock']);
    assert.deepEqual(toggleEnabled(['/a.sock', '/b.sock'], '/a.sock', false), ['/b.sock']);
    assert.deepEqual(toggleEnabled([], '/a.sock', false), []);
  });

  it('finds a connection by id, URI or label (labels case-insensitive), else nothing', () => {
    const list = ENDPOINTS.map((endpoint) => ({ endpoint }));
    assert.equal(findEndpoint(list, '/b.sock')?.endpoint.label, 'Rootful');
    assert.equal(findEndpoint(list, 'unix:///c.sock')?.endpoint.label, 'Connection lab');
    assert.equal(findEndpoint(list, 'connection LAB')?.endpoint.id, '/c.sock');
    assert.equal(findEndpoint(list, ' Rootless ')?.endpoint.id, '/a.sock');
    assert.equal(findEndpoint(list, 'nope'), undefined);
  });
});
