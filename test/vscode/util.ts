// Helpers for tests inside the real VS Code host.
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension';

export const EXTENSION_ID = 'podman-workbench.podman-workbench';

export async function workbenchApi(): Promise<WorkbenchApi> {
  const ext = vscode.extensions.getExtension<WorkbenchApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/** Polls `check` until it returns a truthy value or the time runs out (then throws `what`). */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  everyMs = 25,
): Promise<NonNullable<T>> {
  const t0 = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The active connection's client, once the extension connected to the test Podman. */
export async function activeClient() {
  const api = await workbenchApi();
  const active = await waitFor('an active Podman connection', () => api.workbench.connections.active, 20_000);
  return active.client;
}

export const testSocket = (): string => {
  const s = process.env.PODMAN_WORKBENCH_TEST_SOCKET;
  if (!s) throw new Error('PODMAN_WORKBENCH_TEST_SOCKET is not set in the extension host');
  return s;
};
