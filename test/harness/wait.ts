// The one waiting helper of every test tier (unit, integration, and the VS Code host through
// test/vscode/util.ts): poll until something holds.

/**
 * Polls `check` until it returns a truthy value, and returns that value; throws "timed out waiting
 * for <what>" (with the last error `check` threw, if any) after `timeoutMs`. The extension-host tests
 * take it through test/vscode/util.ts.
 */
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

/**
 * Lets `ms` pass. Only for watching that something does *not* happen meanwhile (or for pacing a
 * debuggee): to wait until something happens, use waitFor.
 */
export const observeFor = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
