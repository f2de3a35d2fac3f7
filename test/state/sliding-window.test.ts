/**
 * @module retryAfterMs: the wait until an amount fits again in a two-bucket sliding window, checked
 * against a brute-force walk of the same estimate.
 */
import { describe, expect, test } from "bun:test";
import { retryAfterMs } from "../../src/state/sliding-window.ts";

const W = 60_000;

/** First ms (step 10) at which prev'·(1−f)+cur'+amount ≤ limit, walking forward through bucket turns. */
function bruteForce(prev: number, cur: number, amount: number, limit: number, frac: number): number {
  for (let t = 0; t <= 2 * W; t += 10) {
    const pos = frac * W + t;
    const [p, c, f] = pos < W ? [prev, cur, pos / W] : pos < 2 * W ? [cur, 0, pos / W - 1] : [0, 0, 0];
    if (p * (1 - f) + c + amount <= limit + 1e-9) return t;
  }
  return W;
}

describe("retryAfterMs", () => {
  const cases: [number, number, number, number, number][] = [
    [60, 30, 1, 60, 0.5],
    [60, 0, 1, 60, 0.01],
    [0, 60, 1, 60, 0.3],
    [10, 10, 1, 10, 0.9],
    [5000, 4000, 2000, 8000, 0.2],
    [100, 59, 1, 60, 0.0],
  ];
  test.each(cases)("prev %d cur %d amount %d limit %d at %d of the window", (prev, cur, amount, limit, frac) => {
    expect(Math.abs(retryAfterMs(prev, cur, amount, limit, frac, W) - bruteForce(prev, cur, amount, limit, frac))).toBeLessThanOrEqual(10);
  });

  test("an amount over the whole limit waits one window", () => {
    expect(retryAfterMs(0, 0, 11, 10, 0.5, W)).toBe(W);
  });
});
