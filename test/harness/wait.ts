// Waiting helpers of the integration tests.

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` (sync or async) until it holds; throws "timed out waiting for <what>" after `ms`. */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  ms = 10_000,
  what = 'condition',
  everyMs = 20,
): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
