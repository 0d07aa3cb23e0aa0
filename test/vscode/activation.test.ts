import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, activeClient, testSocket, waitFor, workbenchApi } from './util';

describe('activation and connections', () => {
  it('activates quickly and connects to the test Podman through the socket setting', async () => {
    const api = await workbenchApi();
    assert.ok(api.activateMs < 1000, `activate took ${api.activateMs} ms`);
    // `npm run bench` reads the figure measured here, inside the real host.
    if (process.env.PODMAN_WORKBENCH_BENCH_OUT) {
      writeFileSync(process.env.PODMAN_WORKBENCH_BENCH_OUT, JSON.stringify({ activate_ms: api.activateMs }));
    }
    const client = await activeClient();
    assert.equal(client.socketPath, testSocket());
    const ids = api.workbench.connections.endpoints.map((e) => e.endpoint.id);
    assert.ok(ids.includes(testSocket()), `endpoints: ${ids.join(', ')}`);
  });

  it('registers every command package.json contributes', async () => {
    await workbenchApi();
    const contributed = (
      vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } }
    ).contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 59, `${contributed.length} contributed commands`);
    const all = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((id) => !all.has(id)),
      [],
      'contributed but not registered',
    );
  });

  it('shows a dead socket as an error and recovers when it works again', async () => {
    const api = await workbenchApi();
    const conf = vscode.workspace.getConfiguration('podman');
    const good = testSocket();
    const bad = `${good}.missing`;
    try {
      await conf.update('socketPath', bad, vscode.ConfigurationTarget.Global);
      await waitFor(
        'the missing socket to be reported',
        () => api.workbench.connections.activeProblem?.kind === 'socket-missing',
      );
      const st = api.workbench.connections.endpoints.find((e) => e.endpoint.id === bad);
      assert.equal(st?.health.state, 'error');
      assert.match(st?.health.state === 'error' ? (st.health.error.fix ?? '') : '', /podman system service/);
    } finally {
      await conf.update('socketPath', good, vscode.ConfigurationTarget.Global);
    }
    await waitFor(
      'recovery on the good socket',
      () => api.workbench.connections.active?.client.socketPath === good,
      15_000,
    );
  });
});
