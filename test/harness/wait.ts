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

/** Awaits `work`, or throws "<what> did not return within N s" after `ms` (a hang fails, not stalls, a test). */
export async function within<T>(what: string, ms: number, work: PromiseLike<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not return within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Lets `ms` pass. Only for watching that something does *not* happen meanwhile (or for pacing a
 * debuggee): to wait until something happens, use waitFor.
 */
export const observeFor = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
