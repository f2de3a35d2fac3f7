/**
 * @module A sliding-window counter on the StateStore: two fixed buckets (this window and the last),
 * the last one weighted by how much of it still overlaps the sliding window. `reserve` is
 * check-and-record in one step: it adds first (an atomic increment), and takes the amount back when
 * the total went over the limit, so concurrent requests can never all slip under it together. It
 * also says how long until the same amount would fit, for a `Retry-After`.
 */
import type { StateStore } from "../engine/state/index.ts";

export type Reservation =
  | { readonly ok: true; readonly used: number; undo(): Promise<void> }
  | { readonly ok: false; readonly used: number; readonly retryAfterMs: number };

export interface WindowSpec {
  /** Store key for a bucket index. */
  readonly keyFor: (bucket: number) => string;
  /** Most units per window. */
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Add `amount` if the window can take it. An amount of 0 only checks that the window is not already
 * full (a data budget checked before the size is known).
 */
export async function reserve(store: StateStore, spec: WindowSpec, amount: number, now: number): Promise<Reservation> {
  const { limit, windowMs } = spec;
  const bucket = Math.floor(now / windowMs);
  const frac = (now - bucket * windowMs) / windowMs;
  const ttl = 2 * windowMs;
  const prev = numberOf((await store.get(spec.keyFor(bucket - 1)))?.value);
  const key = spec.keyFor(bucket);
  const cur = amount > 0 ? await store.increment(key, amount, ttl) : numberOf((await store.get(key))?.value);
  const used = prev * (1 - frac) + cur;
  const over = amount > 0 ? used > limit : used >= limit;
  if (!over) return { ok: true, used, undo: async () => void (amount > 0 ? await store.increment(key, -amount, ttl) : undefined) };
  if (amount > 0) await store.increment(key, -amount, ttl);
  return { ok: false, used: used - amount, retryAfterMs: retryAfterMs(prev, cur - amount, amount, limit, frac, windowMs) };
}

/** Add `amount` without checking (bytes that already went through). */
export async function record(store: StateStore, spec: WindowSpec, amount: number, now: number): Promise<void> {
  if (!(amount > 0)) return;
  await store.increment(spec.keyFor(Math.floor(now / spec.windowMs)), amount, 2 * spec.windowMs);
}

/**
 * Milliseconds until `amount` more fits: within this bucket while the last one's weight fades, or
 * after the bucket turns and this one's weight fades. An amount over the whole limit never fits:
 * one window.
 */
export function retryAfterMs(prev: number, cur: number, amount: number, limit: number, frac: number, windowMs: number): number {
  const need = Math.max(amount, Number.MIN_VALUE);
  if (need > limit) return windowMs;
  if (cur + need <= limit && prev > 0) {
    const f = 1 - (limit - need - cur) / prev;
    return Math.max(0, (f - frac) * windowMs);
  }
  const f2 = cur > 0 ? Math.max(0, 1 - (limit - need) / cur) : 0;
  return (1 - frac) * windowMs + f2 * windowMs;
}

function numberOf(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}
