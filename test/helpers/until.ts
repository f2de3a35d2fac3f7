/** @module Bounded waiting for tests: poll a condition until it holds, or fail naming what never happened. */

/** Resolve once `cond` holds; throw `timed out waiting for <what>` after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 5000, stepMs = 5): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(stepMs);
  }
}
